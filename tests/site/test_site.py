"""The results site: self-contained (no request anywhere), every link inside the folder,
readable by a screen reader, the framework in full, published and verified with the rest."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import cqdt
from cqdt.cli import main
from cqdt.diagnostics import CqdtError

from .conftest import DATA, FW_2018, UNITS


class _Page(HTMLParser):
    """Every tag with its attributes, and where the parser was inside thead/tbody/table."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict, tuple[str, ...]]] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), tuple(self.stack)))
        if tag not in ("meta", "br", "col", "input", "img", "link", "circle", "rect", "line"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_the_site_has_every_page(published, backan):
    site = published[0] / "site"
    units = backan[1].frame.height
    assert (site / "index.html").is_file() and (site / "framework.html").is_file()
    assert len(list((site / "units").glob("*.html"))) == units == 150
    assert not (site / "history.html").exists()  # one edition: no history page
    assert (published[1] / "site" / "history.html").is_file()


def test_no_page_requests_or_names_anything_outside_the_folder(published):
    """No http(s) URL anywhere, no external script, style, image or font; every link and
    anchor of every page resolves to a file (and id) of the folder."""
    for out in published:
        site = out / "site"
        ids = {p: {a.get("id") for _, a, _ in _parse(p).tags if a.get("id")} for p in _pages(site)}
        for page in _pages(site):
            text = page.read_text(encoding="utf-8")
            assert not re.search(r"https?:|//[a-z]|url\(|@import", text, re.I), page
            for tag, attrs, _ in _parse(page).tags:
                assert "src" not in attrs, (page, tag)
                assert tag != "link", page
                href = attrs.get("href")
                if href is None:
                    continue
                parts = urlsplit(href)
                assert not parts.scheme and not parts.netloc, (page, href)
                target = (page.parent / parts.path).resolve() if parts.path else page
                assert target.is_file() and target.is_relative_to(site.resolve()), (page, href)
                if parts.fragment:
                    assert parts.fragment in ids[target], (page, href)


def test_tables_are_readable_by_a_screen_reader(published):
    for page in _pages(published[1] / "site"):
        parsed = _parse(page)
        html = next(a for t, a, _ in parsed.tags if t == "html")
        assert html.get("lang") == "vi", page
        tables = [t for t, _, _ in parsed.tags if t == "table"]
        captions = [t for t, _, s in parsed.tags if t == "caption"]
        assert len(captions) == len(tables), page
        for tag, attrs, stack in parsed.tags:
            if tag == "th":
                assert attrs.get("scope") == ("col" if "thead" in stack else "row"), (page, attrs)
        for tag, attrs, _ in parsed.tags:
            if tag == "svg":
                assert attrs.get("role") == "img" and (
                    attrs.get("aria-labelledby") or attrs.get("aria-label")
                ), page


def test_the_ranking_shows_the_published_numbers_in_rank_order(published):
    out = published[0]
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    index = (out / "site" / "index.html").read_text(encoding="utf-8")
    for tier in doc["tiers"]:
        body = index.split(f'id="rank-{tier["id"]}"', 1)[1].split("</table>", 1)[0]
        codes = re.findall(r'<tr data-code="([^"]+)"', body)
        units = sorted(
            (u for u in doc["units"] if u["tier"] == tier["id"]),
            key=lambda u: (u["rank"] is None, u["rank"] or 0, u["code"]),
        )
        assert codes == [u["code"] for u in units]
        totals = re.findall(r'data-field="total">([^<]+)<', body)
        assert totals == [cqdt.number_format.format_number(u["total"], 2) for u in units]


def test_the_framework_page_lists_every_indicator_with_its_rule_and_maximum(published, backan):
    fw = backan[0].model
    page = (published[0] / "site" / "framework.html").read_text(encoding="utf-8")
    for _, _, indicator in fw.indicators():
        row = page.split(f'<tr id="ind-{indicator.id}">', 1)[1].split("</tr>", 1)[0]
        for tier in fw.tier_ids:
            maximum = indicator.max_for(tier)
            if maximum is not None:
                assert f'<td class="num">{cqdt.number_format.format_number(maximum, 0)}' in row or (
                    cqdt.number_format.format_number(maximum, 1) in row
                ), indicator.id
        if indicator.rule is not None:
            assert '<pre class="rule">' in row, indicator.id


def test_a_site_is_verified_file_by_file(published, capsys):
    out = published[0]
    args = ["score", str(FW_2018), str(DATA), "--units", str(UNITS), "--verify", str(out)]
    args += ["--decision", str(Path(DATA).parent / "decision.toml")]
    assert main(args) == 0, capsys.readouterr().err
    page = out / "site" / "units" / "province-P01.html"
    original = page.read_bytes()
    extra = out / "site" / "units" / "notes.txt"
    try:
        page.write_bytes(original.replace(b"PHI\xe1\xba\xbeU", b"PHIEU"))
        extra.write_text("a clerk's note", encoding="utf-8")
        assert main(args) == 1
        err = capsys.readouterr().err
        assert "E906" in err and "site/units/province-P01.html" in err
        assert "E910" in err and "site/units/notes.txt" in err
    finally:
        page.write_bytes(original)
        extra.unlink()


def test_force_replaces_a_publication_with_a_site_but_keeps_foreign_files(backan, tmp_path):
    fw, results = backan
    out = tmp_path / "out"
    results.write(out, formats=["site"])
    results.write(out, formats=["site"], force=True)  # its own folder: replaced
    assert (out / "site" / "units").is_dir()
    notes = out / "site" / "units" / "notes.txt"
    notes.write_text("a clerk's notes", encoding="utf-8")
    with pytest.raises(CqdtError) as error:
        results.write(out, formats=["site"], force=True)
    assert [d.code for d in error.value.diagnostics] == ["E908"]
    assert notes.is_file()  # refused, never deleted
    notes.unlink()
    (out / "mine").mkdir()
    with pytest.raises(CqdtError) as error:
        results.write(out, formats=["site"], force=True)
    assert [d.code for d in error.value.diagnostics] == ["E908"]
    assert (out / "site" / "index.html").is_file()


def test_a_failing_page_publishes_nothing(backan, tmp_path):
    """All or nothing: a broken unit-page template stops the run before any file is written."""
    fw, results = backan
    templates = tmp_path / "tpl" / "site"
    templates.mkdir(parents=True)
    (templates / "unit.html.j2").write_text("{{ card.no_such_field }}", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(CqdtError) as error:
        results.write(out, formats=["site"], templates=tmp_path / "tpl")
    assert error.value.diagnostics[0].code.startswith("E92")
    assert not out.exists()
