"""The report model on hand-built results: order, summary shares, the sums check, words."""

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cqdt.compiler.model.nodes import Ranking, TiePolicy, UnclassifiedRanking
from cqdt.diagnostics import CqdtError
from cqdt.dsl.expr import Binary, Num, Ref
from cqdt.i18n import set_language
from cqdt.runtime.publish.decision import DecisionInfo
from cqdt.runtime.publish.report import build_report, whole_percents

from . import sample


def _report(fw=None, frame=None, decision=None):
    return build_report(
        fw or sample.framework(),
        frame if frame is not None else sample.results(),
        sample.provenance(),
        decision,
    )


def test_tiers_in_framework_order_units_by_rank_then_code_unranked_last():
    report = _report()
    assert [t.id for t in report.tiers] == ["province", "district"]
    province, district = report.tiers
    assert [r.code for r in province.rows] == ["P01", "P02", "P03", "P04", "P05"]
    assert [r.rank_text for r in province.rows] == ["1", "2", "2", "4", "5"]
    assert [r.stt for r in province.rows] == [1, 2, 3, 4, 5]
    assert [(r.code, r.rank) for r in district.rows] == [("058", 1), ("061", 2), ("060", None)]
    assert district.rows[-1].rank_text == "—"


def test_cells_carry_display_text_levels_and_bar_fractions():
    first = _report().tiers[0].rows[0]
    readiness, results = first.cells
    assert (readiness.score_text, readiness.level_label, readiness.classified) == (
        "92,50",
        "Mức 1",
        True,
    )
    assert results.level_label == "Mức 2"
    assert first.total_text == "180,75"
    assert first.total_fraction == pytest.approx(180.75 / 200)
    hostile = _report().tiers[0].rows[3]
    assert hostile.cells[1].score_text == "30,13"
    assert hostile.cells[1].level_label == "Không xếp loại"
    assert hostile.cells[1].classified is False


def test_summary_counts_and_shares_per_level_including_unclassified():
    province = _report().tiers[0]
    assert province.units == 5
    readiness = province.summaries[0]
    assert [(c.label, c.count, c.share_text) for c in readiness.counts] == [
        ("Mức 1", 1, "20%"),
        ("Mức 2", 0, "0%"),
        ("Mức 3", 2, "40%"),
        ("Mức 4", 0, "0%"),
        ("Không xếp loại", 2, "40%"),
    ]
    assert sum(c.count for c in readiness.counts) == province.units
    assert province.summary_uniform
    assert (province.unclassified_everywhere, province.unclassified_everywhere_text) == (2, "40%")


def test_not_ranked_share_reads_like_the_published_decision():
    # 7 of 8 districts unclassified in both categories: published as 88%.
    units = [
        ("district", f"{i:03d}", f"Huyện {i}", 10.0, "unclassified", 5.0, "unclassified", i)
        for i in range(7)
    ]
    units.append(("district", "999", "Thành phố", 95.0, "muc_1", 90.0, "muc_1", 8))
    district = _report(frame=sample.results(units)).tiers[1]
    assert district.unclassified_everywhere_text == "88%"
    assert _report(frame=sample.results(units)).tiers[0].rows == ()


def test_sums_that_do_not_add_up_under_rounding_are_refused():
    # 0,13 + 0,13 = 0,26 on paper, but the total 0,25 would be printed: the annex must not be.
    units = list(sample.UNITS)
    units[1] = (
        "province",
        "P03",
        "Sở Công Thương",
        0.125,
        "unclassified",
        0.125,
        "unclassified",
        2,
    )
    units[6] = (
        "district",
        "060",
        "Huyện Pác Nặm",
        0.005,
        "unclassified",
        0.005,
        "unclassified",
        None,
    )
    set_language("en")
    with pytest.raises(CqdtError) as caught:
        _report(frame=sample.results(units))
    diags = caught.value.diagnostics
    assert [d.code for d in diags] == ["annex-sum", "annex-sum"]
    first = next(d for d in diags if "P03" in d.message)
    assert "0.25" in first.message and "0.13 + 0.13 = 0.26" in first.message
    assert "decimals" in first.hint
    # with more decimals the same numbers add up
    report = _report(fw=sample.framework(decimals=3), frame=sample.results(units))
    assert report.tiers[0].rows[2].total_text == "0.250"


def test_sums_check_skipped_when_total_is_not_a_plain_sum():
    units = list(sample.UNITS)
    units[1] = (
        "province",
        "P03",
        "Sở Công Thương",
        0.125,
        "unclassified",
        0.125,
        "unclassified",
        2,
    )
    mean = Binary("/", Binary("+", Ref("readiness"), Ref("results")), Num(2.0))
    fw = replace(sample.framework(), total=mean)
    assert _report(fw=fw, frame=sample.results(units)).tiers[0].total_max is None


def test_missing_column_is_a_diagnostic():
    with pytest.raises(CqdtError) as caught:
        _report(frame=sample.results().drop("results.level", "rank"))
    assert sorted(d.message.split("«")[1].split("»")[0] for d in caught.value.diagnostics) == [
        "rank",
        "results.level",
    ]


def test_units_of_an_unknown_tier_are_not_dropped_silently():
    units = [
        *sample.UNITS,
        ("commune", "00001", "Xã A", 1.0, "unclassified", 1.0, "unclassified", 1),
    ]
    with pytest.raises(CqdtError) as caught:
        _report(frame=sample.results(units))
    (diag,) = caught.value.diagnostics
    assert diag.code == "annex-tier" and "00001" in diag.message and "province" in diag.hint


def test_decision_placeholders_and_filled_line():
    empty = _report().decision
    assert empty.attached_line == (
        "(Kèm theo Quyết định số ……/QĐ-UBND ngày …… tháng …… năm …… của UBND tỉnh Bắc Kạn)"
    )
    assert empty.issuer_caps == "ỦY BAN NHÂN DÂN\nTỈNH BẮC KẠN"
    assert empty.annex_title == "PHỤ LỤC"
    assert empty.place_date == ""
    info = DecisionInfo(
        number="290/QĐ-UBND", date=dt.date(2019, 2, 21), place="Bắc Kạn", annex_number=2
    )
    filled = _report(decision=info).decision
    assert filled.attached_line == (
        "(Kèm theo Quyết định số 290/QĐ-UBND ngày 21 tháng 02 năm 2019 của UBND tỉnh Bắc Kạn)"
    )
    assert filled.annex_title == "PHỤ LỤC II"
    assert filled.place_date == "Bắc Kạn, ngày 21 tháng 02 năm 2019"


def test_methods_note_in_words():
    methods = _report().methods
    assert methods.basis[0].startswith("Quyết định số 2015/QĐ-UBND")
    label, rules = methods.levels[0]
    assert label == "Điều kiện sẵn sàng"
    assert rules[0].rule == "điểm ≥ 90% điểm tối đa và mỗi nhóm ≥ 70% điểm tối đa"
    assert rules[3].rule == "điểm ≥ 50 điểm"
    assert rules[-1].label == "Không xếp loại"
    assert "1, 2, 2, 4" in methods.ranking[0] and "«Tổng điểm»" in methods.ranking[0]
    assert "2 chữ số thập phân" in methods.rounding


def test_methods_note_dense_ties_and_unranked_in_english():
    set_language("en")
    ranking = Ranking(
        measure=Ref("total"), ties=TiePolicy.DENSE, unclassified=UnclassifiedRanking.UNRANKED
    )
    report = _report(fw=replace(sample.framework(), ranking=ranking))
    assert "1, 2, 2, 3" in report.methods.ranking[0]
    assert report.methods.ranking[-1] == "Units unclassified in every category are not ranked."
    assert report.labels["rank"] == "Rank"
    assert report.tiers[0].rows[0].total_text == "180.75"


def test_provenance_is_copied_from_any_object_with_the_attributes():
    prov = _report().provenance
    assert prov.framework_id == "demo"
    assert prov.inputs == (("data/demo.xlsx", "fedcba9876543210" * 4),)
    assert build_report(sample.framework(), sample.results(), None).provenance is None


@given(st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=8))
def test_whole_percents_add_up_to_100_and_stay_within_one_point(counts):
    percents = whole_percents(counts)
    n = sum(counts)
    if n == 0:
        assert percents == [0] * len(counts)
        return
    assert sum(percents) == 100
    for count, percent in zip(counts, percents, strict=True):
        assert abs(percent - count * 100 / n) < 1


def test_summary_shares_add_up_to_100():
    district = _report().tiers[1]
    for summary in district.summaries:
        assert sum(int(c.share_text.rstrip("%")) for c in summary.counts) == 100
    assert [c.share_text for c in district.summaries[0].counts] == ["0%", "34%", "0%", "33%", "33%"]


def test_subtitle_names_the_year_once():
    assert _report().subtitle.endswith("— Kết quả đánh giá năm 2018")
    fw = sample.framework()
    fw = replace(fw, meta=replace(fw.meta, title="Bộ tiêu chí CQĐT năm 2018"))
    assert _report(fw=fw).subtitle == "Bộ tiêu chí CQĐT năm 2018"
