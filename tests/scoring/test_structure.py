"""Groups, categories, per-tier applicability, levels, missing policies — computed by hand."""

from __future__ import annotations

import polars as pl

from cqdt.compiler.model.nodes import (
    Aggregation,
    Condition,
    InputType,
    Level,
    LevelTable,
    MissingPolicy,
    Subject,
)
from cqdt.dsl.expr import If, MaxPoints, Num, Ref
from tests.scoring.build import both, category, framework, group, indicator, number

F = pl.Float64


def _frame(rows: list[dict], schema: dict) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema={"tier": pl.String, "code": pl.String, "name": pl.String, **schema}
    )


def copy(x: str):
    """A rule giving the input's value as points (keeps the arithmetic in the test obvious)."""
    return Ref(x)


def test_sum_mean_weighted_and_per_tier_applicability():
    a = indicator("ia", 10, copy("a"))
    b = indicator("ib", {"province": 10}, copy("b"), tiers=("province",))  # provinces only
    c = indicator("ic", 10, copy("c"), weight=3.0)
    d = indicator("id_", 10, copy("d"), weight=1.0, tiers=("province", "district"))
    g_sum = group("g_sum", [a, b])  # province 20, others 10
    g_mean = group("g_mean", [c, d], 10, aggregation=Aggregation.MEAN)
    g_w = group(
        "g_w",
        [
            indicator("wc", 10, copy("c"), weight=3.0),
            indicator("wd", 10, copy("d"), weight=1.0, tiers=("province", "district")),
        ],
        10,
        aggregation=Aggregation.WEIGHTED,
    )
    inputs = [
        number("a"),
        number("b", tiers=("province",)),
        number("c"),
        number("d", tiers=("province", "district")),
    ]
    fw = framework([category("cat", [g_sum, g_mean, g_w])], inputs)
    frame = _frame(
        [
            {"tier": "province", "code": "P", "name": "p", "a": 4.0, "b": 6.0, "c": 8.0, "d": 2.0},
            {"tier": "commune", "code": "C", "name": "c", "a": 4.0, "b": None, "c": 8.0, "d": None},
        ],
        {x: F for x in "abcd"},
    )
    out = both(fw, frame)
    row_p, row_c = out.rows(named=True)
    assert row_p["ib"] == 6.0 and row_c["ib"] is None  # n/a for communes: null, not 0
    assert (row_p["g_sum"], row_c["g_sum"]) == (10.0, 4.0)
    assert (row_p["g_mean"], row_c["g_mean"]) == (5.0, 8.0)  # commune: mean of ic alone
    assert (row_p["g_w"], row_c["g_w"]) == ((3 * 8.0 + 2.0) / 4.0, 8.0)
    assert (row_p["cat.max"], row_c["cat.max"]) == (40.0, 30.0)
    assert row_p["cat"] == 10.0 + 5.0 + 6.5
    assert row_p["total"] == row_p["cat"]


def test_items_sum_and_not_scored_indicator_left_out():
    items = [indicator("it1", 2, copy("a")), indicator("it2", 3, copy("b"))]
    parent = indicator("parent", 5, items=items)
    info = indicator("info", 10, copy("a"), scored=False)
    fw = framework([category("cat", [group("g", [parent, info], 5)])], [number("a"), number("b")])
    frame = _frame(
        [{"tier": "district", "code": "D", "name": "d", "a": 2.0, "b": 1.5}], {"a": F, "b": F}
    )
    row = both(fw, frame).row(0, named=True)
    assert (row["it1"], row["it2"], row["parent"], row["info"], row["g"]) == (
        2.0,
        1.5,
        3.5,
        2.0,
        3.5,
    )


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
        Level(
            "muc_2",
            "Mức 2",
            (
                Condition(Subject.SCORE, ">=", 0.75, True),
                Condition(Subject.GROUP, ">=", 5.0, False, group="g2"),
            ),
        ),
        Level("muc_3", "Mức 3", (Condition(Subject.SCORE, ">", 12.0, False),)),
    ),
    unclassified_id="khong_xep_loai",
)


def _levels_fw(policy=MissingPolicy.ZERO):
    g1 = group("g1", [indicator("i1", 10, copy("a"))])
    g2 = group("g2", [indicator("i2", 10, copy("b"))])
    return framework(
        [category("cat", [g1, g2], levels=LEVELS)], [number("a"), number("b", missing=policy)]
    )


def test_levels_percent_points_each_group_and_group_minimum():
    fw = _levels_fw()
    rows = [
        (10.0, 8.0),  # 18 ≥ 90% of 20 and each group ≥ 70% → Mức 1
        (10.0, 6.9),  # 16.9: g2 below 70% → not Mức 1; ≥ 75% and g2 ≥ 5 → Mức 2
        (12.0 - 4.0, 7.0),  # 15 ≥ 75% and g2 ≥ 5 → Mức 2
        (10.0, 4.9),  # 14.9 ≥ 75% but g2 < 5 → Mức 3 (> 12 points)
        (6.0, 6.0),  # 12, not > 12 → unclassified
        (6.0, 6.0 + 5e-10),  # still "not > 12" within 1e-9
        (9.0, 9.0 - 5e-10),  # 18 - 5e-10 counts as 18 → Mức 1
    ]
    frame = _frame(
        [
            {"tier": "province", "code": f"U{i}", "name": "n", "a": a, "b": b}
            for i, (a, b) in enumerate(rows)
        ],
        {"a": F, "b": F},
    )
    out = both(fw, frame)
    assert out["cat.level"].to_list() == [
        "muc_1",
        "muc_2",
        "muc_2",
        "muc_3",
        "khong_xep_loai",
        "khong_xep_loai",
        "muc_1",
    ]
    assert out["cat.classified"].to_list() == [True, True, True, True, False, False, True]


def test_missing_policies():
    fw = _levels_fw(MissingPolicy.UNCLASSIFIED)
    frame = _frame(
        [
            {"tier": "province", "code": "A", "name": "a", "a": 10.0, "b": None},
            {"tier": "province", "code": "B", "name": "b", "a": 10.0, "b": 10.0},
        ],
        {"a": F, "b": F},
    )
    out = both(fw, frame)
    assert out["b"].to_list() == [0.0, 10.0]  # counts as 0 for the points
    assert out["b.missing"].to_list() == [True, False]
    assert out["cat"].to_list() == [10.0, 20.0]
    assert out["cat.level"].to_list() == [
        "khong_xep_loai",
        "muc_1",
    ]  # and the category is unclassified
    assert "a.missing" not in out.columns  # policy error: no flag column


def test_unclassified_policy_only_through_applicable_nodes():
    # `b` is read only by an indicator for provinces: a commune with `b` empty stays classified
    i1 = indicator("i1", 10, copy("a"))
    i2 = indicator(
        "i2", {"province": 10}, If(Ref("flag"), MaxPoints(), Num(0.0)), tiers=("province",)
    )
    cat = category(
        "cat",
        [group("g", [i1, i2])],
        levels=LevelTable((Level("m", "M", (Condition(Subject.SCORE, ">=", 0.5, True),)),)),
    )
    flag = number("flag", type_=InputType.YESNO, missing=MissingPolicy.UNCLASSIFIED)
    fw = framework([cat], [number("a"), flag])
    frame = _frame(
        [
            {"tier": "province", "code": "P", "name": "p", "a": 10.0, "flag": None},
            {"tier": "commune", "code": "C", "name": "c", "a": 10.0, "flag": None},
        ],
        {"a": F, "flag": pl.Boolean},
    )
    out = both(fw, frame)
    assert out["cat.level"].to_list() == ["unclassified", "m"]


def test_category_without_levels():
    fw = framework([category("cat", [group("g", [indicator("i", 10, copy("a"))])])], [number("a")])
    out = both(fw, _frame([{"tier": "commune", "code": "C", "name": "c", "a": 1.0}], {"a": F}))
    assert out["cat.level"].to_list() == [None]
    assert out["cat.classified"].to_list() == [True]
    assert out.schema["cat.level"] == pl.String
