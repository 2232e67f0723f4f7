"""History across editions: units followed by code (and through registry successors, merged
units kept apart), renamed indicators followed, the page and workbook agree with the files."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from cqdt.cli import main
from cqdt.diagnostics import CqdtError
from cqdt.driver.history import read_editions
from cqdt.number_format import format_number
from cqdt.runtime.history import build_history

from .conftest import FW_2018, FW_2019


def _doc(year: int, units: list[tuple[str, str, float, int]], indicators=None) -> dict:
    return {
        "schema": "cqdt-results/1",
        "framework": {"id": "f", "title": "F", "year": year, "version": str(year)},
        "decimals": 2,
        "tiers": [{"id": "commune", "label": "Cấp xã", "units": len(units)}],
        "units": [
            {
                "tier": "commune",
                "code": code,
                "name": name,
                "total": total,
                "rank": rank,
                "categories": {},
                "indicators": indicators or {},
            }
            for code, name, total, rank in units
        ],
    }


def test_units_are_followed_by_code_and_tier_figures_computed_per_edition():
    old = _doc(2018, [("a", "A", 10.0, 2), ("b", "B", 20.0, 1)])
    new = _doc(2019, [("a", "A", 15.0, 1), ("c", "C", 5.0, 2)])
    history = build_history([new, old])  # given out of order: sorted by year
    assert [e.year for e in history.editions] == [2018, 2019]
    lines = {u.code: u for u in history.units}
    assert lines["a"].totals == (10.0, 15.0) and lines["a"].ranks == (2, 1)
    assert lines["b"].totals == (20.0, None) and lines["c"].totals == (None, 5.0)
    tier = history.tiers[0]
    assert tier.means == (15.0, 10.0) and tier.best == (20.0, 15.0) and tier.lowest == (10.0, 5.0)
    assert tier.units == (2, 2)


def test_a_successor_carries_a_unit_on_and_a_merger_keeps_both_lines():
    old = _doc(2018, [("x1", "Xã Một", 10.0, 1), ("y1", "Xã Hai", 8.0, 2), ("y2", "Xã Ba", 6.0, 3)])
    new = _doc(2019, [("x2", "Xã Một mới", 12.0, 1), ("y9", "Xã Hai Ba", 9.0, 2)])
    successors = {("commune", "x1"): "x2", ("commune", "y1"): "y9", ("commune", "y2"): "y9"}
    history = build_history([old, new], successors=successors)
    lines = {u.code: u for u in history.units}
    assert lines["x2"].totals == (10.0, 12.0) and lines["x2"].codes == ("x1", "x2")
    assert lines["y1"].merged_into == "y9" and lines["y2"].merged_into == "y9"
    assert lines["y9"].totals == (None, 9.0)
    assert history.successors == (("commune", "x1", "x2"),)


def test_a_renamed_indicator_keeps_one_line():
    old = _doc(2018, [("a", "A", 1.0, 1)], {"skills": 4.0})
    new = _doc(2019, [("a", "A", 1.0, 1)], {"it_certificates": 5.0})
    plain = build_history([old, new])
    assert len(plain.tiers[0].indicators) == 2
    followed = build_history([old, new], renames={"skills": "it_certificates"})
    (line,) = followed.tiers[0].indicators
    assert line.ids == ("skills", "it_certificates") and line.means == (4.0, 5.0)


def test_unreadable_and_duplicate_editions_are_reported_together(tmp_path):
    good = tmp_path / "a" / "results.json"
    good.parent.mkdir()
    good.write_text(json.dumps(_doc(2018, [("a", "A", 1.0, 1)])), encoding="utf-8")
    twin = tmp_path / "b" / "results.json"
    twin.parent.mkdir()
    twin.write_text(good.read_text(encoding="utf-8"), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    other = tmp_path / "other.json"
    other.write_text('{"schema": "something-else"}', encoding="utf-8")
    with pytest.raises(CqdtError) as error:
        read_editions([good, twin, broken, other, tmp_path / "absent.json"])
    assert sorted(d.code for d in error.value.diagnostics) == ["E950", "E950", "E950", "E951"]


def test_cqdt_history_on_the_two_example_editions(published, tmp_path, capsys):
    """2018 and 2019 frameworks on the example data: the page and workbook show each unit's
    published totals, and the renamed indicator (skills → it_certificates) is followed."""
    out18, out19 = published
    target = tmp_path / "history"
    args = ["history", str(out18 / "results.json"), str(out19 / "results.json")]
    args += [str(FW_2018), str(FW_2019), "-o", str(target)]
    assert main(args) == 0, capsys.readouterr().err
    assert sorted(p.name for p in target.iterdir()) == ["history.html", "history.xlsx"]
    docs = [json.loads((o / "results.json").read_text(encoding="utf-8")) for o in published]
    totals = {
        (u["tier"], u["code"]): [
            d_u["total"]
            for d in docs
            for d_u in d["units"]
            if (d_u["tier"], d_u["code"]) == (u["tier"], u["code"])
        ]
        for u in docs[0]["units"]
    }
    sheet = load_workbook(target / "history.xlsx")["Theo đơn vị"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Khối", "Mã", "Đơn vị", "Tổng điểm 2018", "Tổng điểm 2019")
    by_code = {(r[0], r[1]): r for r in rows[1:]}
    labels = {t["id"]: t["label"] for t in docs[0]["tiers"]}
    assert len(by_code) == 150
    for (tier, code), (t18, t19) in totals.items():
        row = by_code[(labels[tier], code)]
        assert row[3:5] == (format_number(t18, 2), format_number(t19, 2))
    html = (target / "history.html").read_text(encoding="utf-8")
    assert "skills → it_certificates" in html and "theo mã đơn vị trong khối" in html
    assert html.count("<svg") >= 3 and 'lang="vi"' in html
    first = (target / "history.xlsx").read_bytes(), html
    assert main([*args, "--force"]) == 0
    assert (
        (target / "history.xlsx").read_bytes(),
        (target / "history.html").read_text(encoding="utf-8"),
    ) == first


def test_the_two_edition_history_is_in_the_site(published):
    site = published[1] / "site"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="history.html"' in index
    page = (site / "history.html").read_text(encoding="utf-8")
    assert "2018" in page and "2019" in page and "skills → it_certificates" in page
