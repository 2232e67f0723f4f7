"""Lowering of indexes, growths and named rankings (surface → :mod:`cqdt.compiler.model.aggregates`).

Called by :func:`cqdt.compiler.model.from_surface.from_surface` once the categories are
lowered, since an index without ``max`` takes, tier by tier, the sum of its members' maxima.
Names are resolved by the check passes (:mod:`cqdt.compiler.checks.aggregates`), not here.
"""

from __future__ import annotations

from cqdt.compiler.model.aggregates import Growth, Index, NamedRanking
from cqdt.compiler.model.nodes import Category, TierMax
from cqdt.dsl.ast_aggregates import SurfaceGrowth, SurfaceIndex, SurfaceNamedRanking


def member_maxima(categories: tuple[Category, ...], members, tier_ids) -> TierMax:
    """Per tier, the sum of the maxima of the scored members that apply there (file order)."""
    nodes = {}
    for c in categories:
        nodes[c.id] = c
        for g in c.groups:
            nodes[g.id] = g
            for ind in g.indicators:
                nodes[ind.id] = ind
                nodes.update({item.id: item for item in ind.items})
    entries = []
    for tier in tier_ids:
        total = None
        for member in members:
            node = nodes.get(member)
            if node is None or not getattr(node, "scored", True):
                continue
            value = node.max_for(tier)
            if value is not None:
                total = value if total is None else total + value
        if total is not None:
            entries.append((tier, float(total)))
    return TierMax(tuple(entries))


def lower_index(s: SurfaceIndex, low, categories: tuple[Category, ...], lower_levels) -> Index:
    members = tuple(m.text for m in s.members)
    inferred = member_maxima(categories, members, low.tier_ids)
    declared = low.declared_max(s.max, inferred.tiers or low.tier_ids, s.name.text)
    return Index(
        s.name.text,
        s.label,
        members,
        declared if declared is not None else inferred,
        levels=lower_levels(s.levels) if s.levels is not None else None,
        span=s.name.span,
        member_spans=tuple(m.span for m in s.members),
        comments=s.comments,
        end_comment=s.end_comment,
    )


def lower_growth(s: SurfaceGrowth) -> Growth:
    return Growth(
        s.name.text,
        s.label,
        s.of.text,
        s.previous.text,
        span=s.name.span,
        comments=s.comments,
        end_comment=s.end_comment,
    )


def lower_named_ranking(s: SurfaceNamedRanking, lower_ranking) -> NamedRanking:
    return NamedRanking(s.name.text, s.label, lower_ranking(s.ranking), span=s.name.span)


def lower_aggregates(s, low, categories: tuple[Category, ...], lower_ranking, lower_levels) -> dict:
    """The ``indexes``, ``growths`` and ``rankings`` fields of the framework."""
    return {
        "indexes": tuple(lower_index(i, low, categories, lower_levels) for i in s.indexes),
        "growths": tuple(lower_growth(g) for g in s.growths),
        "rankings": tuple(lower_named_ranking(r, lower_ranking) for r in s.named_rankings),
    }


def aggregate_names(s) -> list:
    """The ids these declarations introduce (for the reserved-word check)."""
    names = [d.name for d in (*s.indexes, *s.growths, *s.named_rankings)]
    for index in s.indexes:
        if index.levels is not None:
            names += [level.name for level in index.levels.levels]
    return names
