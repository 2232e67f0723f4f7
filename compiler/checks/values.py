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
from cqdt.compiler.model.nodes import Aggregation, Framework
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
    """E410: a weight below zero; E415: a weighted parent whose children all weigh 0.

    A weight of 0 is allowed (a what-if run leaves a child out without deleting it), but
    ``sum(weight × points) / sum(weight)`` with every weight 0 would score 0 for nothing.
    """
    paths = node_paths(fw)
    nodes = [*fw.categories]
    parents = []
    for category in fw.categories:
        parents.append((category, category.groups))
        for group in category.groups:
            nodes.append(group)
            nodes.extend(group.indicators)
            parents.append((group, group.indicators))
    found = [
        make("E410", n.span, path=paths.get(n.id, n.id), name=n.id, weight=fmt_points(n.weight))
        for n in nodes
        if n.weight is not None and n.weight < 0
    ]
    for parent, children in parents:
        counted = [c for c in children if c.scored]
        if parent.aggregation is not Aggregation.WEIGHTED or not counted:
            continue
        if all(c.weight is not None and c.weight == 0 for c in counted):
            found.append(make("E415", parent.span, path=paths.get(parent.id), name=parent.id))
    return found
