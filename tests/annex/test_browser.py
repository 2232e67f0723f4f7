"""A real browser opens annex.html: the tables and summary are there and nothing is wider than
the A4 text box.

A probe script is injected into a copy of the HTML; it measures every table, chart and block
against the body (on screen the body is the A4 text box, 210 mm less the margins) and writes its
verdict into the DOM, which ``chromium --headless --dump-dom`` prints.
"""

import json
import os
import re
import shutil
import subprocess

import pytest

from cqdt.runtime.publish.render import render_html
from cqdt.runtime.publish.report import build_report

from . import sample

PROBE = """
<script>
(function () {
  var box = document.body.getBoundingClientRect();
  var limit = box.right + 0.5;
  var wide = [];
  document.querySelectorAll("table, figure, svg, p, h1, h2, h3, header").forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (r.right > limit || el.scrollWidth > el.clientWidth + 1) {
      wide.push((el.className && el.className.baseVal === undefined ? el.className : el.tagName)
        + ":" + Math.round(r.right - box.right));
    }
  });
  var verdict = {
    body_width_mm: Math.round(box.width / 96 * 25.4),
    ranking_tables: document.querySelectorAll("table.ranking").length,
    ranking_rows: document.querySelectorAll("table.ranking tbody tr").length,
    summary_tables: document.querySelectorAll("table.level-summary").length,
    charts: document.querySelectorAll("figure.chart svg").length,
    overflow: wide
  };
  var out = document.createElement("pre");
  out.id = "cqdt-verdict";
  out.textContent = JSON.stringify(verdict);
  document.body.appendChild(out);
})();
</script>
"""


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing: apt-get install -y chromium")
    pytest.skip("Chromium is missing: apt-get install -y chromium")


def _verdict(html: str, tmp_path) -> dict:
    page = tmp_path / "annex.html"
    page.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    run = subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--window-size=1200,900",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    match = re.search(r'<pre id="cqdt-verdict">(.*?)</pre>', run.stdout, re.S)
    assert match, f"no verdict from Chromium: {run.stderr[-2000:]}"
    return json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def _report(units):
    return build_report(sample.framework(), sample.results(units), sample.provenance())


def test_annex_fits_the_a4_text_box_in_chromium(tmp_path):
    units = list(sample.UNITS)
    # a name with no place to break: it must wrap inside its cell, not push the table out
    units.append(("district", "062", "Ủy" * 80, 50.0, "muc_4", 20.0, "unclassified", 3))
    verdict = _verdict(render_html(_report(units)), tmp_path)
    assert verdict["body_width_mm"] == 165
    assert verdict["ranking_tables"] == 2 and verdict["ranking_rows"] == len(units)
    assert verdict["summary_tables"] == 2
    assert verdict["charts"] == 4
    assert verdict["overflow"] == []


def test_probe_sees_an_overflowing_table(tmp_path):
    """The probe itself can fail: a table forced to 300 mm is reported."""
    html = render_html(_report(sample.UNITS))
    html = html.replace(
        '<table class="data ranking"', '<table style="width:300mm" class="data ranking"', 1
    )
    verdict = _verdict(html, tmp_path)
    assert any(item.startswith("data ranking") for item in verdict["overflow"])


def test_wide_annex_fits_the_landscape_text_box(tmp_path):
    fw, frame = sample.wide()
    verdict = _verdict(render_html(build_report(fw, frame, None)), tmp_path)
    assert verdict["body_width_mm"] == 257  # A4 landscape less 20 + 20 mm margins
    assert verdict["ranking_tables"] == 2
    assert verdict["overflow"] == []
