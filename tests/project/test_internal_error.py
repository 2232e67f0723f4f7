"""A bug in cqdt (a model the checks should have refused reaching the plan) renders as a bug report.

The plan raises :class:`~cqdt.diagnostics.InternalError`; the command line exits 70 with it. Its
text says it is not the user's mistake, asks for a report, and keeps what the plan found, in the
language in force; its JSON form carries the same content and the exit status.
"""

from __future__ import annotations

import json

import pytest

from cqdt.compiler.model.nodes import Derived
from cqdt.compiler.plan.build import build_plan
from cqdt.diagnostics import InternalError
from cqdt.dsl.expr import Binary, Ref
from cqdt.i18n import set_language
from cqdt.render_diagnostics import render_internal, render_internal_json
from tests.scoring.build import category, framework, group, indicator, number


def _cyclic_plan_error() -> InternalError:
    derived = (
        Derived("share", None, Binary("+", Ref("other"), Ref("a"))),
        Derived("other", None, Ref("share")),
    )
    fw = framework(
        [category("cat", [group("g", [indicator("ia", 10, Ref("share"))])])],
        [number("a")],
        derived=derived,
    )
    with pytest.raises(InternalError) as caught:
        build_plan(fw)
    return caught.value


@pytest.fixture
def english():
    set_language("en")
    yield
    set_language(None)


def test_an_internal_error_renders_as_a_bug_report_in_english(english):
    text = render_internal(_cyclic_plan_error())
    first, report = text.splitlines()[:2]
    assert first.startswith("error[internal]: an internal error in cqdt, not your mistake: ")
    assert "a cycle the checks missed" in first
    assert report.startswith("   = hint: please report this to the cqdt developers")
    assert "error[plan.cycle]: These values depend on each other in a cycle: " in text
    assert "share → other → share" in text


def test_an_internal_error_renders_in_vietnamese_by_default():
    set_language(None)
    text = render_internal(_cyclic_plan_error())
    assert "lỗi nội bộ của cqdt, không phải lỗi của bạn" in text
    assert "= gợi ý: xin báo lỗi này cho nhóm phát triển cqdt" in text
    assert "Các giá trị phụ thuộc vòng tròn vào nhau" in text


def test_an_internal_error_as_json_keeps_the_exit_status_and_the_findings(english):
    data = json.loads(render_internal_json(_cyclic_plan_error()))
    assert data["exit_code"] == 70
    assert data["internal_error"] == "a cycle the checks missed"
    assert [d["code"] for d in data["diagnostics"]] == ["plan.cycle"]
    assert data["report"].startswith("please report")


def test_an_internal_error_without_findings_still_asks_for_a_report(english):
    text = render_internal(InternalError("a broken invariant"))
    assert text == (
        "error[internal]: an internal error in cqdt, not your mistake: a broken invariant\n"
        "   = hint: please report this to the cqdt developers, with the framework file, the "
        "command you ran and this whole message\n"
    )
