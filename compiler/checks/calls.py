"""Arguments of functions that must be written as literals: the decimals of ``round``.

``round(x, n)`` computes ``floor(|x| · 10ⁿ + 0.5) / 10ⁿ``: a negative ``n`` rounds to tens (and
can take a rule above its max), a fractional ``n`` means nothing, and a large one overflows to
NaN points. So ``n`` must be a whole number written in the file, within the range ``decimals``
allows; the interval analysis relies on it.
"""

from __future__ import annotations

from collections.abc import Iterator

from cqdt.compiler.checks import node_paths
from cqdt.compiler.messages import make
from cqdt.compiler.model.nodes import Framework
from cqdt.diagnostics import Diagnostic
from cqdt.dsl.expr import Call, Expr, Num, walk
from cqdt.dsl.printer import print_expr

#: The decimals ``round`` accepts (the same as the framework's ``decimals``, E122).
ROUND_DIGITS = range(0, 7)


def round_digits(expr: Expr) -> int | None:
    """The number of decimals ``expr`` gives as the second argument of ``round``, or ``None``
    when it is not a whole-number literal within :data:`ROUND_DIGITS`."""
    if isinstance(expr, Num) and float(expr.value).is_integer():
        digits = int(expr.value)
        return digits if digits in ROUND_DIGITS else None
    return None


def _expressions(fw: Framework) -> Iterator[tuple[str, Expr]]:
    """Every expression of the file with the path its diagnostics show."""
    paths = node_paths(fw)
    for d in fw.derived:
        yield d.id, d.expr
    for _, _, ind in fw.indicators():
        if ind.rule is not None:
            yield paths.get(ind.id, ind.id), ind.rule
    yield "total", fw.total
    if fw.ranking is not None:
        yield "ranking", fw.ranking.measure
        for tiebreak in fw.ranking.tiebreaks:
            yield "ranking", tiebreak.measure


def function_arguments(fw: Framework) -> list[Diagnostic]:
    """E315 ``round`` whose decimals are not a whole number from 0 to 6 written as is; E351
    ``pow`` whose exponent is not a number written as is (its bounds, and the backends'
    agreement, depend on it: see :mod:`cqdt.compiler.plan.transforms`)."""
    found = []
    for path, expr in _expressions(fw):
        for node in walk(expr):
            if isinstance(node, Call) and node.func == "pow" and len(node.args) == 2:
                if not isinstance(node.args[1], Num):
                    span = getattr(node.args[1], "span", None) or getattr(node, "span", None)
                    found.append(make("E351", span, path=path, found=print_expr(node.args[1])))
            if isinstance(node, Call) and node.func == "round" and len(node.args) == 2:
                digits = node.args[1]
                if round_digits(digits) is None:
                    span = getattr(digits, "span", None) or getattr(node, "span", None)
                    found.append(make("E315", span, path=path, found=print_expr(digits)))
    return found
