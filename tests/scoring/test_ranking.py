"""Ranks within each tier: tie policies, tie-breaks, 1e-9 ties, unclassified units."""

from __future__ import annotations

import polars as pl
import pytest

from cqdt.compiler.model.nodes import (
    Condition,
    Level,
    LevelTable,
    Ranking,
    Subject,
    TieBreak,
    TiePolicy,
    UnclassifiedRanking,
)
from cqdt.dsl.expr import Ref
from tests.scoring.build import both, category, framework, group, indicator, number

LEVELS = LevelTable((Level("m1", "Mức 1", (Condition(Subject.SCORE, ">=", 0.5, True),)),))


def _fw(ranking=None, levels=None):
    cats = [
        category("c1", [group("g1", [indicator("i1", 100, Ref("a"))])], levels=levels),
        category("c2", [group("g2", [indicator("i2", 100, Ref("b"))])]),
    ]
    return framework(cats, [number("a"), number("b")], ranking=ranking)


def _frame(a, b, tiers=None):
    n = len(a)
    return pl.DataFrame(
        {
            "tier": tiers or ["province"] * n,
            "code": [f"U{i}" for i in range(n)],
            "name": ["n"] * n,
            "a": [float(x) for x in a],
            "b": [float(x) for x in b],
        }
    )


def test_default_is_total_descending_competition():
    out = both(_fw(), _frame([90, 80, 80, 70], [0, 0, 0, 0]))
    assert out["rank"].to_list() == [1, 2, 2, 4]
    assert out.schema["rank"] == pl.Int64


def test_dense():
    ranking = Ranking(Ref("total"), ties=TiePolicy.DENSE)
    out = both(_fw(ranking), _frame([90, 80, 80, 70], [0, 0, 0, 0]))
    assert out["rank"].to_list() == [1, 2, 2, 3]


def test_ties_within_1e9_and_ascending():
    out = both(_fw(), _frame([0.1 + 0.2, 0.3, 0.3 + 2e-9], [0, 0, 0]))
    assert out["rank"].to_list() == [2, 2, 1]  # 0.30000000000000004 ties 0.3; +2e-9 does not
    asc = both(_fw(Ranking(Ref("c1"), descending=False)), _frame([3, 1, 2], [0, 0, 0]))
    assert asc["rank"].to_list() == [3, 1, 2]


def test_tiebreaks_in_order():
    ranking = Ranking(Ref("c2"), tiebreaks=(TieBreak(Ref("c1"), descending=False),))
    # by c2: U2 first; U0, U1, U3 tie at 5; c1 ascending puts U0 and U3 (5) before U1 (6)
    out = both(_fw(ranking), _frame([5, 6, 4, 5], [5, 5, 6, 5]))
    assert out["rank"].to_list() == [2, 4, 1, 2]


def test_ranks_are_within_each_tier():
    tiers = ["province", "district", "province", "district"]
    out = both(_fw(), _frame([10, 50, 20, 40], [0, 0, 0, 0], tiers))
    assert out["rank"].to_list() == [2, 1, 1, 2]


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (UnclassifiedRanking.RANKED, [1, 4, 2, 2]),  # totals 130, 70, 80, 80
        (UnclassifiedRanking.LAST, [2, 1, 3, 3]),  # the unclassified go after, still tied
        (UnclassifiedRanking.UNRANKED, [None, 1, None, None]),
    ],
)
def test_unclassified_units(policy, expected):
    # c1 has levels (≥ 50 of 100); U0, U2, U3 are below it in c1 but high in c2
    ranking = Ranking(Ref("total"), unclassified=policy)
    out = both(_fw(ranking, LEVELS), _frame([40, 60, 10, 10], [90, 10, 70, 70]))
    assert out["c1.classified"].to_list() == [False, True, False, False]
    assert out["rank"].to_list() == expected


@pytest.mark.parametrize(
    ("budgets", "expected", "ascending"),
    [
        ([12e9, 15e9, 5e8], [2, 1, 3], [2, 3, 1]),  # an IT budget in đồng (repro 12)
        ([1e300, 1e300 * (1 + 2**-52), -1e300], [2, 1, 3], [2, 3, 1]),  # never tie
        ([1e10 + 0.5e-9, 1e10, 9.3e18], [2, 2, 1], [1, 1, 3]),  # the same float
        ([2.9999999999, 3.0, 3.0000000021], [2, 2, 1], [1, 1, 3]),  # within 1e-9 of 3
    ],
)
def test_rank_by_large_measures(budgets, expected, ascending):
    """Any finite measure ranks, the same in both backends (no packing into an Int64)."""
    ranking = Ranking(Ref("c1"), tiebreaks=(TieBreak(Ref("b")),))
    out = both(_fw(ranking), _frame([50, 50, 50], budgets))
    assert out["rank"].to_list() == expected
    asc = Ranking(Ref("c1"), tiebreaks=(TieBreak(Ref("b"), descending=False),))
    out = both(_fw(asc), _frame([50, 50, 50], budgets))
    assert out["rank"].to_list() == ascending
