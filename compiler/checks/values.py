"""Values written in declarations that cannot mean anything: a range whose low end is above its
high end, a choice option listed twice, a ``case`` branch for an option already handled, a
weight of zero or less.

Each would otherwise pass silently: the reader would refuse every answer, the duplicate option
would appear twice on the form, the second branch would never be used, a zero weight would
divide by zero under ``aggregate weighted``.
"""

from __future__ import annotations

from cqdt.compiler.checks import fmt_points, node_paths
from cqdt.compiler.checks.names import expression_sites
from cqdt.compiler.messages import make
from cqdt.compiler.model.nodes import Framework
from cqdt.diagnostics import Diagnostic, Span
from cqdt.dsl.expr import Case, walk


def input_values(fw: Framework) -> list[Diagnostic]:
    """E312 a range with low above high, E313 a choice option listed twice."""
    found = []
    for inp in fw.inputs:
        low, high = inp.minimum, inp.maximum
        if low is not None and high is not None and low > high:
            found.append(
                make(
                    "E312",
                    inp.span,
                    path=inp.id,
                    name=inp.id,
                    low=fmt_points(low),
                    high=fmt_points(high),
                )
            )
        seen: set[str] = set()
        for option in inp.choices:
            if option in seen:
                found.append(make("E313", inp.span, path=inp.id, name=inp.id, option=option))
            seen.add(option)
    return found


def case_branches(fw: Framework) -> list[Diagnostic]:
    """E314: a ``case`` branch for an option an earlier branch already handles."""
    found = []
    for expr, _allowed, path, _total in expression_sites(fw):
        for node in walk(expr):
            if not isinstance(node, Case):
                continue
            first: dict[str, Span] = {}
            for branch in node.branches:
                if branch.option in first:
                    found.append(
                        make(
                            "E314",
                            branch.span,
                            path=path,
                            option=branch.option,
                            related=((first[branch.option], "first"),),
                        )
                    )
                else:
                    first[branch.option] = branch.span
    return found


def weights(fw: Framework) -> list[Diagnostic]:
    """E410: a weight of zero or less (``sum(weight × points) / sum(weight)`` needs weights > 0)."""
    paths = node_paths(fw)
    nodes = [*fw.categories]
    for category in fw.categories:
        for group in category.groups:
            nodes.append(group)
            nodes.extend(group.indicators)
    return [
        make("E410", n.span, path=paths.get(n.id, n.id), name=n.id, weight=fmt_points(n.weight))
        for n in nodes
        if n.weight is not None and n.weight <= 0
    ]
