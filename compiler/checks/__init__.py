"""Check passes over the framework model: one module per concern, listed in ``check.RULES``.

Each pass is a plain function ``(Framework) -> list[Diagnostic]`` that reads the model and
never changes it. Helpers shared by several passes live here.
"""

from __future__ import annotations

from collections.abc import Iterator

from cqdt.compiler.model.nodes import Framework, Indicator
from cqdt.dsl.expr import Expr
from cqdt.number_format import format_significant

#: Tolerance when comparing points (sums of decimals such as 0.1 + 0.2).
TOLERANCE = 1e-9


def fmt_points(value: float) -> str:
    """10.0 → "10", 2.5 → "2.5", inf → "∞" (for messages; see :mod:`cqdt.number_format`)."""
    return format_significant(value)


def node_paths(fw: Framework) -> dict[str, str]:
    """``node id → "category › group › indicator"`` for every node of the hierarchy."""
    paths: dict[str, str] = {}
    for category in fw.categories:
        paths.setdefault(category.id, category.id)
        for group in category.groups:
            gpath = f"{category.id} › {group.id}"
            paths.setdefault(group.id, gpath)
            for ind in group.indicators:
                ipath = f"{gpath} › {ind.id}"
                paths.setdefault(ind.id, ipath)
                for item in ind.items:
                    paths.setdefault(item.id, f"{ipath} › {item.id}")
    return paths


def rules(fw: Framework) -> Iterator[tuple[str, Indicator, Expr]]:
    """Every indicator or item with a rule, with its path."""
    paths = node_paths(fw)
    for _, _, ind in fw.indicators():
        if ind.rule is not None:
            yield paths.get(ind.id, ind.id), ind, ind.rule
