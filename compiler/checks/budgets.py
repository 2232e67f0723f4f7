"""Point budgets per tier: a parent's max equals what its children can give — never rescaled.

SUM: parent max = sum of the scored children's maxima. MEAN/WEIGHTED: every scored child has
the parent's max; WEIGHTED children need a weight; a weight under SUM/MEAN is unused (warning).
"""

from __future__ import annotations

from cqdt.compiler.checks import TOLERANCE, fmt_points, node_paths
from cqdt.compiler.checks.adjustments import adjustments_outside_sums
from cqdt.compiler.messages import make
from cqdt.compiler.model.nodes import Aggregation, Framework, counts_in_budget
from cqdt.diagnostics import Diagnostic


def point_budgets(fw: Framework) -> list[Diagnostic]:
    """E401 sum mismatch, E402 child max differs, E403 weight missing, W404 weight unused,
    E411 a child scored for a tier its parent's ``max { … }`` leaves out."""
    paths = node_paths(fw)
    found = []
    parents = [(c, c.groups) for c in fw.categories]
    parents += [(g, g.indicators) for _, g in fw.groups() if g.scored]
    for parent, children in parents:
        path = paths.get(parent.id, parent.id)
        scored = [c for c in children if counts_in_budget(c)]
        found += adjustments_outside_sums(parent, children, paths, path)
        for child in scored:
            if parent.aggregation is Aggregation.WEIGHTED and child.weight is None:
                found.append(
                    make("E403", child.span, path=paths.get(child.id, path), child=child.id)
                )
            if parent.aggregation is not Aggregation.WEIGHTED and child.weight is not None:
                found.append(
                    make(
                        "W404",
                        child.span,
                        path=paths.get(child.id, path),
                        child=child.id,
                        agg=parent.aggregation.value,
                    )
                )
        for tier in fw.tier_ids:
            problem = _tier_problem(parent, scored, tier, fw, path)
            if problem is not None:
                found.append(problem)
                break
    return found + _category_weights(fw, paths)


def _category_weights(fw: Framework, paths: dict[str, str]) -> list[Diagnostic]:
    """W404 for a category's weight: categories add up in the ``total`` line, which has no
    weights (write ``total = 2 * a + b`` to weight them), so the weight would change nothing."""
    return [
        make(
            "W404",
            category.span,
            path=paths.get(category.id, category.id),
            hint_code="W404.total",
            child=category.id,
            agg="total",
        )
        for category in fw.categories
        if category.weight is not None
    ]


def _tier_problem(parent, scored, tier: str, fw: Framework, path: str) -> Diagnostic | None:
    maxima = [(c, c.max_for(tier)) for c in scored if c.max_for(tier) is not None]
    parent_max = parent.max_for(tier)
    label = fw.tier(tier).label
    if parent_max is None and maxima:
        child = maxima[0][0]
        return make(
            "E411",
            child.span,
            path=path,
            name=parent.id,
            child=child.id,
            tier=label,
            tiers=", ".join(fw.tier(t).label for t in parent.maxima.tiers) or "—",
        )
    if parent.aggregation is Aggregation.SUM:
        total = sum(m for _, m in maxima)
        if (parent_max is not None or maxima) and abs((parent_max or 0.0) - total) > TOLERANCE:
            return make(
                "E401",
                parent.span,
                path=path,
                name=parent.id,
                tier=label,
                parent=fmt_points(parent_max or 0.0),
                children=fmt_points(total),
            )
        return None
    for child, child_max in maxima:
        if parent_max is None or abs(child_max - parent_max) > TOLERANCE:
            return make(
                "E402",
                child.span,
                path=path,
                name=parent.id,
                tier=label,
                agg=parent.aggregation.value,
                child=child.id,
                child_max=fmt_points(child_max),
                parent=fmt_points(parent_max or 0.0),
            )
    return None
