"""Bonus and penalty points (điểm cộng, điểm trừ) stand outside a parent's budget.

They are added to or deducted from a parent that sums its children: under ``aggregate mean``
or ``weighted`` there is no sum to add them to (a bonus would be averaged away), so they are
refused there (E413). Their cap is their own max, checked by the bounds pass like any rule.
"""

from __future__ import annotations

from cqdt.compiler.messages import make
from cqdt.compiler.model.nodes import Aggregation
from cqdt.diagnostics import Diagnostic


def adjustments_outside_sums(
    parent, children, paths: dict[str, str], path: str
) -> list[Diagnostic]:
    """E413 for each bonus/penalty child of a parent that does not aggregate by sum."""
    if parent.aggregation is Aggregation.SUM:
        return []
    return [
        make(
            "E413",
            child.span,
            path=paths.get(child.id, path),
            name=child.id,
            parent=parent.id,
            agg=parent.aggregation.value,
        )
        for child in children
        if getattr(child, "adjustment", None) is not None
    ]
