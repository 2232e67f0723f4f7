"""A declared scale (thang điểm): the categories' maxima add up to it, tier by tier.

Decisions announce their scale ("thang điểm 100", "1.000 điểm") and cqdt never rescales, so a
scale that the maxima do not reach is a mistake in the file (a category forgotten, a max
mistyped), reported with both figures (E414). Informational categories count 0.
"""

from __future__ import annotations

from cqdt.compiler.checks import TOLERANCE, fmt_points
from cqdt.compiler.messages import make
from cqdt.compiler.model.nodes import Framework
from cqdt.diagnostics import Diagnostic


def declared_scale(fw: Framework) -> list[Diagnostic]:
    """E414 for the first tier whose categories' maxima do not add up to the declared scale."""
    if fw.scale is None:
        return []
    found = []
    for tier, scale in fw.scale.entries:
        total = 0.0
        for category in fw.categories:
            total += category.max_for(tier) or 0.0
        if abs(total - scale) > TOLERANCE:
            found.append(
                make(
                    "E414",
                    fw.scale_span,
                    path="scale",
                    tier=fw.tier(tier).label,
                    scale=fmt_points(scale),
                    total=fmt_points(total),
                )
            )
            break  # one message for the mistake, as the point budgets do
    return found
