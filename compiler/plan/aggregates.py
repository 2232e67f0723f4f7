"""Plan steps of indexes, growths and named rankings (:mod:`cqdt.compiler.model.aggregates`).

An index is two columns: ``<id>.points``, the sum of its members' points (a member that does
not apply to the unit's tier counts 0, as everywhere a score is read), and ``<id>``, those
points over the index's max for the tier (a :class:`ComputeStep` whose ``max`` is the index's,
so both backends compute it as any rule). A growth is a :class:`GrowthStep`: the index less last
year's value, null where last year's value was not given. A named ranking is a
:class:`RankStep` of its own column, built like the main ranking.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from cqdt.compiler.model.aggregates import Growth, Index
from cqdt.compiler.model.nodes import Framework, MissingPolicy
from cqdt.compiler.plan.columns import missing_column
from cqdt.compiler.plan.levels import in_tier_order, level_rule, rank_step
from cqdt.compiler.plan.steps import ComputeStep, LevelStep, NodeKind, Step
from cqdt.dsl.expr import Binary, Expr, MaxPoints, Num, Ref

__all__ = ["GrowthStep", "aggregate_columns", "aggregate_steps"]


@dataclass(frozen=True)
class GrowthStep(Step):
    """``<growth>``: ``index - previous``; null where ``missing`` (the previous value's
    ``.missing`` column, empty when its policy is ``error``) is true, or the index is null."""

    index: str = ""
    previous: str = ""
    missing: str = ""


def _sum(members: tuple[str, ...]) -> Expr:
    if not members:
        return Num(0.0)
    expr: Expr = Ref(members[0])
    for member in members[1:]:
        expr = Binary("+", expr, Ref(member))
    return expr


def _index_steps(fw: Framework, index: Index) -> Iterator[Step]:
    tiers = in_tier_order(index.maxima.tiers, fw.tier_ids)
    points = _sum(index.members)
    yield ComputeStep(
        index.points_column,
        NodeKind.INDEX_POINTS,
        tiers,
        index.members,
        "Float64",
        expr=points,
    )
    yield ComputeStep(
        index.id,
        NodeKind.INDEX,
        tiers,
        (index.points_column,),
        "Float64",
        expr=Binary("/", Ref(index.points_column), MaxPoints()),
        maxima=index.maxima.entries,
    )


def _level_step(fw: Framework, index: Index, problems: list) -> LevelStep:
    """``<index>.level``: the index's level table, its conditions on ``<index>.points``."""
    tiers = in_tier_order(index.maxima.tiers, fw.tier_ids)
    table = index.levels
    seen = index.as_category(index.points_column)
    rules = tuple(level_rule(seen, level, tiers, problems) for level in table.levels)
    return LevelStep(
        index.level_column,
        NodeKind.LEVEL,
        tiers,
        (index.points_column,),
        "String",
        category=index.id,
        rules=rules,
        unclassified_id=table.unclassified_id,
    )


def _growth_step(fw: Framework, growth: Growth) -> GrowthStep:
    index = next(i for i in fw.indexes if i.id == growth.of)
    previous = fw.input(growth.previous)
    missing = "" if previous.missing is MissingPolicy.ERROR else missing_column(previous.id)
    deps = (growth.of, growth.previous) + ((missing,) if missing else ())
    return GrowthStep(
        growth.id,
        NodeKind.GROWTH,
        in_tier_order(index.maxima.tiers, fw.tier_ids),
        deps,
        "Float64",
        index=growth.of,
        previous=growth.previous,
        missing=missing,
    )


def aggregate_steps(fw: Framework, problems: list) -> Iterator[Step]:
    """Every step of the framework's indexes, growths and named rankings."""
    for index in fw.indexes:
        yield from _index_steps(fw, index)
        if index.levels is not None:
            yield _level_step(fw, index, problems)
    for growth in fw.growths:
        yield _growth_step(fw, growth)
    for named in fw.rankings:
        yield rank_step(fw, named.ranking, named.id)


def aggregate_columns(fw: Framework) -> tuple[str, ...]:
    """Their columns in the results frame, after ``rank``: each index's value then its points,
    the growths, the named rankings."""
    cols: list[str] = []
    for index in fw.indexes:
        cols += [index.id, index.points_column]
        cols += [index.level_column] if index.levels is not None else []
    cols += [g.id for g in fw.growths]
    cols += [r.id for r in fw.rankings]
    return tuple(cols)
