"""The gap to the next level, in items when the criteria are yes/no.

"Cần thêm 1,5 điểm" is right and useless when every criterion of the group is worth 1 point
for a yes and 0 for a no: the unit needs two more criteria met. When every scored indicator
under a gap's subject (the category, or one group) gives all of one same max or nothing —
``if x then max else 0`` — the gap is also counted in indicators: the fewest that close it.
"""

from __future__ import annotations

import math
from dataclasses import replace

from cqdt.compiler.model.nodes import Category, Indicator
from cqdt.dsl.expr import EPSILON, Expr, If, MaxPoints, Num

__all__ = ["all_or_nothing_gaps", "all_or_nothing_worth"]


def all_or_nothing_gaps(category: Category, tier: str, gaps: tuple) -> tuple:
    """``gaps`` with ``items``/``item_points`` set where the subject's criteria are yes/no."""
    out = []
    for gap in gaps:
        worth = _subject_worth(category, gap.subject, tier)
        if worth is None:
            out.append(gap)
            continue
        ratio = gap.points / worth
        items = math.floor(ratio + EPSILON) + 1 if gap.strictly else math.ceil(ratio - EPSILON)
        out.append(replace(gap, items=max(items, 1), item_points=worth))
    return tuple(out)


def _subject_worth(category: Category, subject: str, tier: str) -> float | None:
    groups = [
        g
        for g in category.groups
        if g.scored and g.applies_to(tier) and (subject == "score" or g.id == subject)
    ]
    leaves = [
        leaf
        for g in groups
        for ind in g.indicators
        if ind.scored and ind.applies_to(tier)
        for leaf in (ind.items or (ind,))
        if leaf.scored and leaf.applies_to(tier)
    ]
    worths = {all_or_nothing_worth(leaf, tier) for leaf in leaves}
    if not leaves or len(worths) != 1:
        return None
    (worth,) = worths
    return worth


def all_or_nothing_worth(ind: Indicator, tier: str) -> float | None:
    """The max of ``ind`` when its rule gives that max or 0 and nothing else, else None."""
    top = ind.max_for(tier)
    if ind.rule is None or not top or not isinstance(ind.rule, If):
        return None
    values = {_constant(ind.rule.then, top), _constant(ind.rule.otherwise, top)}
    return top if values == {top, 0.0} else None


def _constant(expr: Expr, top: float) -> float | None:
    if isinstance(expr, MaxPoints):
        return top
    if isinstance(expr, Num) and not expr.percent:
        return expr.value
    return None
