"""``explain``: one unit's full trace, as data and as text in both languages."""

from __future__ import annotations

import json

import polars as pl
import pytest

from cqdt.compiler.model.nodes import (
    Condition,
    InputType,
    Level,
    LevelTable,
    MissingPolicy,
    Subject,
)
from cqdt.diagnostics import CqdtError
from cqdt.dsl.expr import If, MaxPoints, Num, Ref
from cqdt.runtime.score.explain import explain
from cqdt.runtime.score.run import score
from tests.scoring.build import category, framework, group, indicator, number, ratio

LEVELS = LevelTable(
    (
        Level(
            "muc_1",
            "Mức 1",
            (
                Condition(Subject.SCORE, ">=", 0.9, True),
                Condition(Subject.EACH_GROUP, ">=", 0.7, True),
            ),
        ),
        Level("muc_2", "Mức 2", (Condition(Subject.SCORE, ">=", 0.75, True),)),
    ),
    unclassified_id="khong_xep_loai",
)

FW = framework(
    [
        category(
            "readiness",
            [
                group("infra", [indicator("pc_ratio", 10, ratio("pcs", "staff"))]),
                group(
                    "policy",
                    [indicator("plan", 10, If(Ref("has_plan"), MaxPoints(), Num(0.0)))],
                ),
            ],
            levels=LEVELS,
        )
    ],
    [
        number("staff", type_=InputType.COUNT),
        number("pcs", type_=InputType.COUNT),
        number("has_plan", type_=InputType.YESNO, missing=MissingPolicy.UNCLASSIFIED),
    ],
)

FRAME = pl.DataFrame(
    {
        "tier": ["province", "province", "province"],
        "code": ["P01", "P02", "P03"],
        "name": ["Sở A", "Sở B", "Sở C"],
        "staff": [40.0, 40.0, 40.0],
        "pcs": [38.0, 20.0, 40.0],
        "has_plan": [True, True, None],
    }
)


@pytest.fixture(scope="module")
def results():
    return score(FW, FRAME)


def test_trace_as_data(results):
    ex = explain(FW, results, "P02")
    (cat,) = ex.categories
    assert (cat.score, cat.max, cat.level, cat.classified) == (15.0, 20.0, "muc_2", True)
    assert [lv.passed for lv in cat.levels] == [False, True]
    assert [(c.subject, c.threshold, c.passed) for c in cat.levels[0].checks] == [
        ("score", 18.0, False),
        ("infra", 7.0, False),
        ("policy", 7.0, True),
    ]
    # to reach Mức 1: 3 more points on the score and 2 more in group infra
    assert [(g.level, g.subject, g.points) for g in cat.gaps] == [
        ("muc_1", "score", 3.0),
        ("muc_1", "infra", 2.0),
    ]
    assert ex.rank == 2 and ex.total == 15.0
    json.dumps(ex.to_dict(), ensure_ascii=False)  # plain data


def test_missing_policy_that_fired_is_shown(results):
    ex = explain(FW, results, "P03")
    has_plan = next(i for i in ex.inputs if i.id == "has_plan")
    assert (has_plan.value, has_plan.missing) == (False, True)
    (cat,) = ex.categories
    assert cat.level == "khong_xep_loai" and cat.unclassified_by == ("has_plan",)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_text(results, lang, snapshot):
    assert explain(FW, results, "P02").render_text(lang) == snapshot
    assert explain(FW, results, "P03").render_text(lang) == snapshot


def test_unknown_unit(results):
    with pytest.raises(CqdtError) as caught:
        explain(FW, results, "P99")
    assert caught.value.diagnostics[0].code == "explain.unknown_unit"
