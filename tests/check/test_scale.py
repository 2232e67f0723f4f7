"""A declared scale (issue 14, construct 7): "thang điểm 1.000" / "thang điểm 100" checked
against the sum of the categories' maxima, per tier."""

from __future__ import annotations

import pytest

from cqdt.compiler.diff.model_diff import ChangeKind, diff_frameworks
from cqdt.compiler.load import check_source, load_framework_text
from cqdt.compiler.model.printer import print_framework

# PAR INDEX (Cà Mau): "thang điểm 100" for departments and districts; the areas are reconstructed.
TEXT = """framework par "Chỉ số CCHC" {
  points scale 100
  tiers { department "Sở, ban, ngành"  district "UBND cấp huyện" }
  input a "A" percent missing zero
  category direction "Chỉ đạo, điều hành" max 20 {
    group g1 "G1" max 20 { indicator i1 "I1" max 20 { points = a * max } }
  }
  category services "Thủ tục hành chính" max 80 {
    group g2 "G2" max 80 { indicator i2 "I2" max 80 { points = a * max } }
  }
}
"""


def test_a_scale_that_matches_checks_clean():
    assert check_source(TEXT).diagnostics == []
    fw = load_framework_text(TEXT)
    assert fw.scale.get("district") == 100.0


def test_a_scale_the_maxima_do_not_add_up_to_is_an_error():
    text = TEXT.replace("max 80 {\n    group g2", "max 70 {\n    group g2").replace(
        '"G2" max 80 { indicator i2 "I2" max 80', '"G2" max 70 { indicator i2 "I2" max 70'
    )
    (d,) = check_source(text).diagnostics
    assert d.code == "E414" and "100" in d.message and "90" in d.message


def test_a_scale_per_tier_and_in_vietnamese():
    text = TEXT.replace("points scale 100", "thang điểm { department 100  district 100 }")
    assert check_source(text).diagnostics == []


@pytest.mark.parametrize("keywords", ["en", "vi"])
def test_the_printer_round_trips_it(keywords):
    fw = load_framework_text(TEXT)
    assert load_framework_text(print_framework(fw, keywords=keywords)) == fw


def test_the_diff_shows_a_new_scale():
    old = load_framework_text(TEXT.replace("  points scale 100\n", ""))
    changes = diff_frameworks(old, load_framework_text(TEXT)).changes
    assert [(c.kind, c.node_id) for c in changes] == [(ChangeKind.METADATA, "scale")]


def test_explain_shows_the_total_on_its_scale():
    import polars as pl

    from cqdt.runtime.score.explain import explain
    from cqdt.runtime.score.run import score

    fw = load_framework_text(TEXT)
    frame = pl.DataFrame({"tier": ["district"], "code": ["H1"], "name": ["H"], "a": [0.5]})
    text = explain(fw, score(fw, frame), "H1").render_text("vi")
    assert "Tổng điểm: 50,00 / 100 (thang điểm)" in text
