"""The annex as a signed decision annex (issue 17): results title, issuing body kept whole,
signer block, provenance apart from the body, sane defaults, neutral style, group columns."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import polars as pl

from cqdt.compiler.model.nodes import Metadata, Ranking
from cqdt.dsl.expr import Call, Num, Ref
from cqdt.runtime.publish.decision import DecisionInfo, load_decision
from cqdt.runtime.publish.render import render_html, render_markdown
from cqdt.runtime.publish.report import build_report

from . import sample


def _report(fw=None, frame=None, info=None, provenance=True):
    return build_report(
        fw or sample.framework(),
        frame if frame is not None else sample.results(),
        sample.provenance() if provenance else None,
        info,
    )


def test_results_title_under_the_annex_is_the_results_not_the_criteria():
    d = _report().decision
    assert d.results_title == "KẾT QUẢ ĐÁNH GIÁ, XẾP HẠNG MỨC ĐỘ XÂY DỰNG CQĐT NĂM 2018"
    html = render_html(_report())
    assert '<p class="annex-subtitle">KẾT QUẢ ĐÁNH GIÁ, XẾP HẠNG' in html


def test_results_title_from_the_decision_file(tmp_path):
    path = tmp_path / "decision.toml"
    path.write_text('results_title = "KẾT QUẢ XẾP HẠNG CQĐT NĂM 2018"\n', encoding="utf-8")
    report = _report(info=load_decision(path))
    assert report.decision.results_title == "KẾT QUẢ XẾP HẠNG CQĐT NĂM 2018"
    assert "**KẾT QUẢ XẾP HẠNG CQĐT NĂM 2018**" in render_markdown(report)


def test_issuing_body_splits_before_the_place_and_keeps_its_line_breaks(tmp_path):
    d = _report(info=DecisionInfo(issuing_body="ỦY BAN NHÂN DÂN TỈNH BẮC KẠN")).decision
    assert d.issuer_lines == ("ỦY BAN NHÂN DÂN", "TỈNH\u00a0BẮC\u00a0KẠN")
    path = tmp_path / "decision.toml"
    path.write_text('issuing_body = """ỦY BAN NHÂN DÂN\nTỈNH BẮC KẠN\nVĂN PHÒNG"""\n', "utf-8")
    d = _report(info=load_decision(path)).decision
    assert [line.replace("\u00a0", " ") for line in d.issuer_lines] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH BẮC KẠN",
        "VĂN PHÒNG",
    ]


def test_signer_block_prints_dots_when_the_signer_is_not_known():
    report = _report(info=DecisionInfo(number="290/QĐ-UBND"))
    assert report.decision.show_signer
    html = render_html(report)
    block = html[html.index('<div class="signature">') :]
    assert '<div class="title">……</div>' in block and '<div class="name">……</div>' in block
    named = _report(info=DecisionInfo(signer_title="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"))
    assert named.decision.signer_lines == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")


def test_provenance_is_apart_from_the_annex_body():
    html = render_html(_report())
    body, _, after = html.partition('<section class="provenance"')
    assert "sha256" not in body
    assert "0123456789abcdef" * 4 in after  # the whole hash, on its own page
    md = render_markdown(_report())
    annex, _, page = md.partition("\n---\n")
    assert "sha256" not in annex and "sha256" in page
    off = _report(info=DecisionInfo(provenance_page=False))
    assert "sha256" not in render_html(off) and "sha256" not in render_markdown(off)


def test_no_summary_heading_without_any_level_table():
    fw = sample.framework()
    fw = replace(fw, categories=tuple(replace(c, levels=None) for c in fw.categories))
    frame = sample.results().drop("readiness.level", "results.level")
    report = _report(fw, frame)
    assert not report.has_summaries
    assert "Tổng hợp mức đạt được" not in render_html(report)
    assert "Tổng hợp mức đạt được" not in render_markdown(report)


def test_defaults_without_a_decision_file_do_not_invent_a_peoples_committee():
    fw = sample.framework()
    fw = replace(fw, meta=replace(fw.meta, issuer="Bộ Thông tin và Truyền thông"))
    d = _report(fw).decision
    assert "QĐ-UBND" not in d.attached_line
    assert d.attached_line.endswith("của Bộ Thông tin và Truyền thông)")
    assert "QĐ-UBND" in _report().decision.attached_line  # a People's Committee: …/QĐ-UBND


def test_rounding_sentence_follows_a_ranking_on_rounded_totals():
    fw = sample.framework()
    rounded = replace(fw, ranking=Ranking(measure=Call("round", (Ref("total"), Num(3.0)))))
    text = _report(rounded).methods.rounding
    assert "xếp hạng tính trên «Tổng điểm» làm tròn đến 3 chữ số thập phân" in text
    assert "xếp loại và xếp hạng tính trên điểm chưa làm tròn" not in text
    assert "xếp loại và xếp hạng tính trên điểm chưa làm tròn" in _report().methods.rounding


def test_neutral_style_prints_no_national_motto_nor_decision_lines():
    fw = replace(sample.framework(), meta=Metadata(title="E-Government Index", year=2024))
    info = DecisionInfo(style="neutral")
    for render in (render_html, render_markdown):
        text = render(_report(fw, info=info))
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
        assert "Độc lập - Tự do - Hạnh phúc" not in text
        assert "PHỤ LỤC" not in text and "Kèm theo" not in text
        assert "……" not in text
        assert "E-GOVERNMENT INDEX" in text


def test_neutral_style_is_chosen_in_the_decision_file(tmp_path):
    path = tmp_path / "decision.toml"
    path.write_text('style = "neutral"\ngroup_columns = true\ncharts = false\n', "utf-8")
    info = load_decision(path)
    assert (info.style, info.group_columns, info.charts) == ("neutral", True, False)


def test_group_columns_show_each_groups_points():
    frame = sample.results().with_columns(
        infra=pl.col("readiness") * 0.6,
        policy=pl.col("readiness") * 0.4,
        presence=pl.col("results") / 2,
        interaction=pl.col("results") / 2,
    )
    report = _report(frame=frame, info=DecisionInfo(group_columns=True))
    column = report.tiers[0].columns[0]
    assert [g.label for g in column.groups] == ["Cơ sở hạ tầng thông tin", "Môi trường chính sách"]
    assert column.span == 4
    assert report.tiers[0].rows[0].cells[0].groups[0].score_text == "55,50"
    html = render_html(report)
    assert 'colspan="4">Điều kiện sẵn sàng' in html and "Cơ sở hạ tầng thông tin<br>" in html
    assert "| Cơ sở hạ tầng thông tin (tối đa 60) |" in render_markdown(report)


def test_charts_are_optional_and_no_unreadable_bar_per_unit_for_big_tiers():
    assert "<svg" not in render_html(_report(info=DecisionInfo(charts=False)))
    units = list(sample.UNITS) + [
        ("district", f"X{i:03d}", f"Xã số {i}", 30.0, "unclassified", 20.0, "unclassified", 3)
        for i in range(60)
    ]
    html = render_html(_report(frame=sample.results(units)))
    district = html[html.index('id="tier-district"') : html.index('id="summary"')]
    assert "<svg" not in district  # 63 units: the level distribution below says it readably
    assert "Phân bố mức đạt được: UBND cấp huyện" in html


def test_decision_dates_still_print(tmp_path):
    d = _report(info=DecisionInfo(date=dt.date(2019, 2, 21), place="Bắc Kạn")).decision
    assert d.place_date == "Bắc Kạn, ngày 21 tháng 02 năm 2019"
