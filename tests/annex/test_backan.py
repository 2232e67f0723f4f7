"""The Bắc Kạn 2018 example through the public API reads like the published decision:
60% of provincial units, 88% of district units and 100% of commune units not ranked in either
category; first three departments as published."""

import pytest

import cqdt
from cqdt.runtime.publish.decision import load_decision
from cqdt.runtime.publish.render import render_markdown
from cqdt.runtime.publish.report import build_report


@pytest.fixture(scope="module")
def report():
    pytest.importorskip(
        "cqdt.runtime.score.run", reason="the scorer (runtime.run) is not there yet"
    )
    fw = cqdt.load(cqdt.bundled("frameworks/2018_backan.cqdt"))
    res = fw.score(
        cqdt.bundled("examples/backan_2018/inputs.xlsx"),
        units=cqdt.bundled("examples/backan_2018/units.csv"),
    )
    decision = load_decision(cqdt.bundled("examples/backan_2018/decision.toml"))
    return build_report(fw.model, res.frame, res.provenance, decision)


def test_not_ranked_shares_are_the_published_ones(report):
    shares = {t.id: t.unclassified_everywhere_text for t in report.tiers}
    assert shares == {"province": "60%", "district": "88%", "commune": "100%"}


def test_first_three_departments(report):
    names = [row.name for row in report.tiers[0].rows[:3]]
    assert names == ["Sở Thông tin và Truyền thông", "Sở Giao thông Vận tải", "Sở Công Thương"]


def test_attached_line(report):
    assert report.decision.attached_line == (
        "(Kèm theo Quyết định số 290/QĐ-UBND ngày 21 tháng 02 năm 2019 của UBND tỉnh Bắc Kạn)"
    )
    assert report.decision.annex_title == "PHỤ LỤC I"
    assert "| 1 | Sở Thông tin và Truyền thông |" in render_markdown(report)
