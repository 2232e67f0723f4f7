"""Hand-computed points for each rule kind, on both backends (which must agree exactly)."""

from __future__ import annotations

import polars as pl
import pytest

from cqdt.compiler.model.nodes import InputType, MissingPolicy
from cqdt.diagnostics import CqdtError
from cqdt.dsl.expr import (
    Binary,
    Call,
    Case,
    CaseBranch,
    If,
    IsMissing,
    Ladder,
    LadderStep,
    MaxPoints,
    Num,
    Ref,
    TierFunc,
)
from tests.scoring.build import framework, number, one_indicator, points, ratio, units

F = {"a": pl.Float64, "b": pl.Float64}


def test_ratio_times_max():
    fw = one_indicator(ratio("a", "b"), [number("a"), number("b")], max_=20)
    frame = units("province", {"a": [45.0, 50.0], "b": [50.0, 50.0]}, F)
    assert points(fw, frame) == [18.0, 20.0]  # 45/50 × 20 = 18; full
    # 0/0 and 3/0 are missing, never a silent 0: the points are refused (tests/index)
    with pytest.raises(CqdtError) as caught:
        points(fw, units("province", {"a": [0.0, 3.0], "b": [0.0, 0.0]}, F))
    assert {d.code for d in caught.value.diagnostics} == {"score.empty_points"}


def test_relative_to_best_per_tier():
    rule = Binary("*", Binary("/", Ref("a"), TierFunc("best", Ref("a"))), MaxPoints())
    fw = one_indicator(rule, [number("a")], max_=40)
    frame = pl.DataFrame(
        {
            "tier": ["province", "province", "district", "district"],
            "code": ["P1", "P2", "D1", "D2"],
            "name": ["p1", "p2", "d1", "d2"],
            "a": [10.0, 5.0, 2.0, 0.0],
        }
    )
    # best is taken within each tier: provinces against 10, districts against 2
    assert points(fw, frame) == [40.0, 20.0, 40.0, 0.0]


def test_all_zero_relative_to_best_scores_zero():
    """Declared: 0 / best when the best is 0 is missing, and the rule says it scores 0."""
    share = Binary("/", Ref("a"), TierFunc("best", Ref("a")))
    rule = Binary("*", If(IsMissing(share), Num(0.0), share), MaxPoints())
    fw = one_indicator(rule, [number("a")])
    assert points(fw, units("commune", {"a": [0.0, 0.0]}, F)) == [0.0, 0.0]


def test_capped_per_item():
    # 1 point per application in use, at most 5 (`apps cap max`)
    rule = Call("cap", (Binary("*", Ref("a"), Num(1.0)), MaxPoints()))
    fw = one_indicator(rule, [number("a", type_=InputType.COUNT)], max_=5)
    assert points(fw, units("province", {"a": [0.0, 3.0, 5.0, 9.0]}, F)) == [0.0, 3.0, 5.0, 5.0]


def test_wan_composite_share_plus_apps():
    # share connected × 45 + 1 point per application, at most 5 (Decision 2342's WAN item)
    share = Binary("*", Ref("a"), Num(45.0))
    apps = Call("min", (Ref("b"), Num(5.0)))
    fw = one_indicator(Binary("+", share, apps), [number("a"), number("b")], max_=50)
    frame = units("province", {"a": [1.0, 0.5], "b": [7.0, 2.0]}, F)
    assert points(fw, frame) == [50.0, 24.5]


def test_yes_no_points():
    fw = one_indicator(
        If(Ref("lan"), MaxPoints(), Num(0.0)),
        [number("lan", type_=InputType.YESNO, missing=MissingPolicy.ZERO)],
        max_=10,
    )
    frame = units("province", {"lan": [True, False, None]}, {"lan": pl.Boolean})
    assert points(fw, frame) == [10.0, 0.0, 0.0]  # an empty answer counts as no


@pytest.mark.parametrize(
    ("op", "expected"),
    [
        (">=", [10.0, 10.0, 10.0, 7.0, 7.0, 0.0]),  # 0.9 reaches ">= 90%"; so does 0.9 - 5e-10
        (">", [10.0, 7.0, 7.0, 7.0, 7.0, 0.0]),  # "> 90%" needs more than 0.9 (+1e-9)
    ],
)
def test_ladder_boundary_inclusion(op, expected):
    rule = Ladder(
        Ref("a"),
        (LadderStep(op, Num(0.9, percent=True), Num(10.0)), LadderStep(">=", Num(0.7), Num(7.0))),
        Num(0.0),
    )
    fw = one_indicator(rule, [number("a", type_=InputType.PERCENT)])
    frame = units("province", {"a": [0.95, 0.9, 0.9 - 5e-10, 0.9 - 1e-8, 0.7, 0.69]}, F)
    assert points(fw, frame) == expected


def test_ladder_noise_never_moves_a_unit():
    # 0.1 + 0.2 is 0.30000000000000004 in binary; "<= 0.3" still holds
    rule = Ladder(
        Binary("+", Ref("a"), Ref("b")), (LadderStep("<=", Num(0.3), Num(4.0)),), Num(1.0)
    )
    fw = one_indicator(rule, [number("a"), number("b")])
    assert points(fw, units("province", {"a": [0.1], "b": [0.2]}, F)) == [4.0]


def test_case_on_choice():
    options = ("Chưa có", "Đang xây dựng", "Đã vận hành")
    rule = Case(
        Ref("portal"),
        (CaseBranch("Đã vận hành", MaxPoints()), CaseBranch("Đang xây dựng", Num(5.0))),
        Num(0.0),
    )
    inp = number("portal", type_=InputType.CHOICE, missing=MissingPolicy.ZERO, choices=options)
    fw = one_indicator(rule, [inp])
    frame = units("province", {"portal": ["Đã vận hành", "Đang xây dựng", "Chưa có", None]})
    assert points(fw, frame) == [10.0, 5.0, 0.0, 0.0]  # empty: no option, so otherwise


def test_min_max_clamp_abs_mean():
    rule = Binary(
        "+",
        Call("clamp", (Ref("a"), Num(0.0), Num(2.0))),
        Binary(
            "+",
            Call("max", (Call("abs", (Ref("b"),)), Num(1.0))),
            Call("mean", (Ref("a"), Ref("b"), Num(0.0))),
        ),
    )
    fw = one_indicator(rule, [number("a"), number("b")], max_=100)
    frame = units("province", {"a": [3.0, -1.0], "b": [-6.0, 0.5]}, F)
    # 2 + 6 + (3-6+0)/3 = 7 ; 0 + 1 + (-1+0.5)/3
    assert points(fw, frame) == [7.0, 1.0 + (-0.5) / 3.0]


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (2.675, 2, 2.68),  # stored as 2.67499…; rounds as written
        (0.125, 2, 0.13),
        (-0.125, 2, -0.13),  # half away from zero
        (1.005, 2, 1.01),
        (2.5, 0, 3.0),
        (-2.5, 0, -3.0),
        (6.8149, 2, 6.81),
        (57 / 67 * 8, 2, 6.81),  # 6.8059…: and exactly 6.81, not 6.8100000000000005
    ],
)
def test_round_half_away_from_zero(value, digits, expected):
    fw = one_indicator(Call("round", (Ref("a"), Num(float(digits)))), [number("a")], max_=100)
    assert points(fw, units("province", {"a": [value]}, F)) == [expected]


def test_minmax_within_tier():
    fw = one_indicator(Binary("*", TierFunc("minmax", Ref("a")), MaxPoints()), [number("a")])
    frame = units("district", {"a": [2.0, 4.0, 6.0]}, F)
    assert points(fw, frame) == [0.0, 5.0, 10.0]
    # everyone equal: 0, not a division by zero
    assert points(fw, units("district", {"a": [3.0, 3.0]}, F)) == [0.0, 0.0]


def test_zscore_population_sd():
    fw = one_indicator(TierFunc("zscore", Ref("a")), [number("a")], max_=100)
    # mean 5, population sd 2 → z = -1.5, -0.5, -0.5, … for 2, 4, 4, 4, 5, 5, 7, 9
    frame = units("commune", {"a": [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]}, F)
    assert points(fw, frame) == [-1.5, -0.5, -0.5, -0.5, 0.0, 0.0, 1.0, 2.0]
    assert points(fw, units("commune", {"a": [1.0, 1.0]}, F)) == [0.0, 0.0]


def test_worst_and_tier_mean():
    rule = Binary("+", TierFunc("worst", Ref("a")), TierFunc("tier_mean", Ref("a")))
    fw = one_indicator(rule, [number("a")], max_=100)
    assert points(fw, units("province", {"a": [1.0, 2.0, 6.0]}, F)) == [4.0, 4.0, 4.0]


def test_derived_value_and_comparison_of_yes_no():
    from cqdt.compiler.model.nodes import Derived

    share = Derived("share", "Tỷ lệ", Binary("/", Ref("a"), Ref("b")))
    rule = If(
        Binary("and", Binary(">=", Ref("share"), Num(0.5)), Binary("=", Ref("ok"), Ref("ok2"))),
        MaxPoints(),
        Num(1.0),
    )
    inputs = [
        number("a"),
        number("b"),
        number("ok", type_=InputType.YESNO),
        number("ok2", type_=InputType.YESNO),
    ]
    fw = framework(one_indicator(rule, inputs).categories, inputs, derived=(share,))
    frame = units(
        "province",
        {
            "a": [1.0, 1.0, 1.0],
            "b": [2.0, 4.0, 2.0],
            "ok": [True, True, True],
            "ok2": [True, True, False],
        },
        F,
    )
    assert points(fw, frame) == [10.0, 1.0, 1.0]
    assert points(fw, frame, "share") == [0.5, 0.25, 0.5]


@pytest.mark.parametrize("value", [0.37, 0.1, 0.7, 0.3, 0.9, 0.33, 0.85, 0.15, 1e12 / 7])
@pytest.mark.parametrize("n", [2, 3, 6, 7, 13, 39])
def test_zscore_of_equal_values_is_zero(n, value):
    """Identical answers have sd 0 (not the ~1e-17 that summing gives): z is 0 for all, in
    both backends (repro 13: 5 points expected, 0 or 10 seen)."""
    z = TierFunc("zscore", Ref("a"))
    rule = Call("clamp", (Binary("+", Binary("*", z, Num(5.0)), Num(5.0)), Num(0.0), MaxPoints()))
    fw = one_indicator(rule, [number("a")])
    assert points(fw, units("province", {"a": [value] * n}, F)) == [5.0] * n


def test_zscore_of_a_literal_is_zero():
    fw = one_indicator(Binary("+", TierFunc("zscore", Num(0.37)), Num(1.0)), [number("a")])
    assert points(fw, units("province", {"a": [0.5] * 6}, F)) == [1.0] * 6


def test_round_of_a_value_too_large_to_scale_is_the_value():
    """|x| · 10ⁿ overflows to ∞ above ~1.8e306 (n = 2): such a float is a whole number
    already, so it rounds to itself, in both backends (the reference raised OverflowError)."""
    fw = one_indicator(Call("round", (Ref("a"), Num(2.0))), [number("a")], max_=100)
    assert points(fw, units("province", {"a": [1e307, -1e307, 2.675]}, F)) == [1e307, -1e307, 2.68]
