"""The report card of each unit: its numbers are the results' numbers, its gaps add up, its
files are safe to name and byte-identical on a re-run, and it prints on one or two A4 pages."""

from __future__ import annotations

import re
import shutil
import subprocess

import polars as pl
import pytest

from cqdt.number_format import format_number
from cqdt.runtime.publish.report_card import (
    build_cards,
    card_stem,
    render_card_html,
    render_card_pdf,
)
from cqdt.runtime.score.explain import explain


@pytest.fixture(scope="module")
def cards(backan):
    fw, results = backan
    return {(c.tier, c.code): c for c in build_cards(fw.model, results.frame, results.provenance)}


def _num(value: float) -> str:
    return format_number(value, 2, "vi")


def test_a_card_for_every_unit(backan, cards):
    _, results = backan
    assert sorted(cards) == sorted(zip(results.frame["tier"], results.frame["code"], strict=True))


def test_card_numbers_are_the_results_numbers(backan, cards):
    """Points, maximum, tier best and mean of an indicator, total and rank, checked against the
    results frame computed here independently."""
    fw, results = backan
    frame = results.frame
    card = cards[("district", "061")]
    row = frame.filter((pl.col("tier") == "district") & (pl.col("code") == "061")).row(
        0, named=True
    )
    tier = frame.filter(pl.col("tier") == "district")
    assert card.total_text == _num(row["total"])
    assert card.rank == row["rank"] and card.rank_text == f"{row['rank']}/8 trong khối"
    assert card.best_total_text == _num(tier["total"].max())
    assert card.mean_total_text == _num(tier["total"].mean())
    rows = {r.id: r for cat in card.categories for r in cat.rows}
    for node in ("pc_ratio", "training", "infrastructure", "online_files"):
        assert rows[node].points_text == _num(row[node]), node
        assert rows[node].best_text == _num(tier[node].max()), node
        assert rows[node].mean_text == _num(tier[node].mean()), node
    assert rows["pc_ratio"].max_text == _num(fw.model.node("pc_ratio").max_for("district"))


def test_lost_points_are_max_minus_points_largest_first(cards):
    card = cards[("province", "P01")]
    losses = [r.lost for r in card.losses]
    assert losses == sorted(losses, reverse=True) and len(losses) == 8
    for row in card.losses:
        points = float(row.points_text.replace(",", "."))
        maximum = float(row.max_text.replace(",", "."))
        assert row.lost_text == _num(maximum - points)
        assert row.rule and row.values  # the rule and the unit's numbers it read
    biggest = card.losses[0]
    assert all(biggest.lost >= r.lost for c in card.categories for r in c.rows if r.rule)


def test_level_conditions_and_gap_come_from_the_trace(backan, cards):
    """P12 is Mức 2 in "results" and needs 90 points for Mức 1: the card says how many more."""
    fw, results = backan
    trace = explain(fw.model, results.frame, "P12")
    category = next(c for c in trace.categories if c.id == "results")
    card = next(c for c in cards[("province", "P12")].categories if c.id == "results")
    assert card.level_label == category.level_label == "Mức 2"
    assert [lv.passed for lv in card.levels] == [lv.passed for lv in category.levels]
    assert [lv.reached for lv in card.levels] == [False, True, False, False]
    gap = category.gaps[0]
    assert card.gaps == (f"Để đạt Mức 1: cần thêm {_num(gap.points)} điểm ở điểm hạng mục.",)
    assert any(
        c.text == f"Điểm hạng mục: {_num(category.score)} ≥ 90,00"
        for c in card.levels[0].conditions
    )


def test_gap_to_the_next_rank_names_the_unit_above(backan, cards):
    frame = backan[1].frame.filter(pl.col("tier") == "province")
    second, first = (frame.filter(pl.col("rank") == r).row(0, named=True) for r in (2, 1))
    card = cards[("province", second["code"])]
    points = _num(first["total"] - second["total"])
    assert card.rank_gap == f"Cần thêm {points} điểm để bằng {first['name']}, xếp hạng 1."
    assert cards[("province", first["code"])].rank_gap == "Đứng đầu khối."


def test_card_file_names_are_safe_and_unique():
    codes = ["../../etc", "a/b", "a~2f~b", "P01", "p01", "Xã Đồng Lạc", ".", ""]
    stems = [card_stem("commune", c) for c in codes]
    assert len(set(stems)) == len(stems)
    assert all(re.fullmatch(r"[0-9A-Za-z_~-]+", s) for s in stems)


def test_card_html_escapes_the_unit_name_and_is_vietnamese(backan):
    fw, results = backan
    frame = results.frame.with_columns(
        name=pl.when(pl.col("code") == "P01")
        .then(pl.lit("<script>alert(1)</script>"))
        .otherwise(pl.col("name"))
    )
    card = next(c for c in build_cards(fw.model, frame) if c.code == "P01")
    html = render_card_html(card)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<html lang="vi">' in html and "PHIẾU KẾT QUẢ ĐÁNH GIÁ" in html


def test_cards_are_byte_identical_on_a_rerun(backan, cards):
    pytest.importorskip("weasyprint")
    fw, results = backan
    again = {(c.tier, c.code): c for c in build_cards(fw.model, results.frame, results.provenance)}
    card = cards[("commune", "01912")]
    assert render_card_html(card) == render_card_html(again[("commune", "01912")])
    assert render_card_pdf(card) == render_card_pdf(again[("commune", "01912")])


def _pages(pdf: bytes, tmp_path) -> int:
    tool = shutil.which("pdfinfo")
    if tool is None:
        pytest.skip("pdfinfo (poppler-utils) is missing")
    path = tmp_path / "card.pdf"
    path.write_bytes(pdf)
    info = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


@pytest.mark.parametrize("key", [("province", "P12"), ("district", "061"), ("commune", "01912")])
def test_a_card_prints_on_one_or_two_a4_pages(cards, key, tmp_path):
    pytest.importorskip("weasyprint")
    assert 1 <= _pages(render_card_pdf(cards[key]), tmp_path) <= 2


def test_cards_and_pdf_cards_are_published_in_one_folder(backan, tmp_path):
    """``cards`` and ``cards-pdf`` write cards/<tier>-<code>.html and .pdf beside the annex
    (three units here, to keep the PDF run short)."""
    pytest.importorskip("weasyprint")
    import dataclasses

    fw, results = backan
    few = results.frame.filter(pl.col("code").is_in(["P12", "061", "01912"]))
    small = dataclasses.replace(results, frame=few, _cache={})
    written = small.write(tmp_path / "out", formats=["cards", "cards-pdf"])
    cards = sorted(p.name for p in (tmp_path / "out" / "cards").iterdir())
    stems = ["commune-01912", "district-061", "province-P12"]
    assert cards == sorted([f"{s}.html" for s in stems] + [f"{s}.pdf" for s in stems])
    assert {p.relative_to(tmp_path / "out").parts[0] for p in written} >= {"cards", "annex.html"}


def test_report_cards_option_is_offered(capsys):
    from cqdt.cli import main

    assert main(["score", "--help"]) == 0
    assert "--report-cards" in capsys.readouterr().out
