"""The plan: stages follow dependencies; broken models give diagnostics, not tracebacks."""

from __future__ import annotations

import pytest

from cqdt.compiler.model.nodes import Condition, Derived, Level, LevelTable, Subject
from cqdt.compiler.plan.build import LevelStep, build_plan
from cqdt.compiler.plan.show import render_plan
from cqdt.diagnostics import InternalError
from cqdt.dsl.expr import Binary, MaxPoints, Num, Ref
from cqdt.i18n import set_language
from tests.scoring.build import category, framework, group, indicator, number


def _fw(**kw):
    ind_a = indicator("ia", 10, Binary("*", Ref("share"), MaxPoints()))
    ind_b = indicator("ib", {"province": 10}, Binary("/", Ref("ia"), Num(2.0)), tiers=("province",))
    levels = LevelTable((Level("m1", "M1", (Condition(Subject.EACH_GROUP, ">=", 0.5, True),)),))
    cat = category("cat", [group("g", [ind_a, ind_b])], levels=levels)
    derived = kw.pop("derived", (Derived("share", None, Binary("/", Ref("a"), Ref("b"))),))
    return framework([cat], [number("a"), number("b")], derived=derived, **kw)


def test_stages_follow_dependencies():
    plan = build_plan(_fw())
    stage = {s.column: s.stage for s in plan.steps()}
    assert stage["a"] == 0 < stage["share"] < stage["ia"] < stage["ib"] < stage["g"]
    assert stage["g"] < stage["cat"] < stage["cat.level"] < stage["cat.classified"]
    assert stage["cat"] < stage["total"] < stage["rank"]
    assert plan.columns[:3] == ("tier", "code", "name") and plan.columns[-2:] == ("total", "rank")


def test_level_bounds_are_resolved_per_tier():
    step = build_plan(_fw()).step("cat.level")
    assert isinstance(step, LevelStep)
    (rule,) = step.rules
    # each group ≥ 50%: g's max is 20 for provinces, 10 elsewhere
    assert [(c.column, c.threshold) for c in rule.checks_for("province")] == [("g", 10.0)]
    assert [(c.column, c.threshold) for c in rule.checks_for("commune")] == [("g", 5.0)]
    assert rule.checks_for("commune")[0].bound == 5.0 - 1e-9


def test_cycle_and_unknown_names_are_diagnostics():
    set_language("en")
    try:
        cyclic = (
            Derived("share", None, Binary("+", Ref("other"), Ref("a"))),
            Derived("other", None, Ref("share")),
        )
        with pytest.raises(InternalError) as caught:
            build_plan(_fw(derived=cyclic))
        assert caught.value.diagnostics[0].code == "plan.cycle"
        assert "share → other → share" in caught.value.diagnostics[0].message
        with pytest.raises(InternalError) as caught:
            build_plan(_fw(derived=(Derived("share", None, Ref("nowhere")),)))
        assert [d.code for d in caught.value.diagnostics] == ["plan.unknown_name"]
    finally:
        set_language(None)


def test_render_plan(snapshot):
    set_language("en")
    try:
        text = render_plan(build_plan(_fw()), expressions=False)
        assert text == snapshot
        with_exprs = render_plan(build_plan(_fw()))
        assert 'col("tier")' in with_exprs and ".over" not in text
    finally:
        set_language(None)
