"""Indicators: a rule or items (not both, not neither); items' maxima add up to the indicator's."""

from __future__ import annotations

from cqdt.compiler.checks import TOLERANCE, fmt_points, node_paths
from cqdt.compiler.messages import make
from cqdt.compiler.model.nodes import Framework
from cqdt.diagnostics import Diagnostic


def indicator_items(fw: Framework) -> list[Diagnostic]:
    """E405 both a rule and items, E406 neither (unless not scored), E407 items' sum ≠ max."""
    paths = node_paths(fw)
    found = []
    for _, group in fw.groups():
        for ind in group.indicators:
            path = paths.get(ind.id, ind.id)
            if ind.rule is not None and ind.items:
                found.append(make("E405", ind.span, path=path, name=ind.id))
            for node in (ind, *ind.items):
                if node.rule is None and not node.items and node.scored:
                    found.append(
                        make("E406", node.span, path=paths.get(node.id, path), name=node.id)
                    )
            if not ind.items:
                continue
            for tier in fw.tier_ids:
                parent = ind.max_for(tier)
                children = [i.max_for(tier) for i in ind.items if i.scored]
                children = [c for c in children if c is not None]
                if parent is None and not children:
                    continue
                total = sum(children)
                if abs((parent or 0.0) - total) > TOLERANCE:
                    found.append(
                        make(
                            "E407",
                            ind.span,
                            path=path,
                            name=ind.id,
                            tier=fw.tier(tier).label,
                            parent=fmt_points(parent or 0.0),
                            children=fmt_points(total),
                        )
                    )
                    break
    return found
