"""W550: a transform that can have no value for some unit (``log`` of a value that can be ≤ 0).

``log(x)``, ``sqrt(x)``, ``pow(x, y)`` and ``exp(x)`` give a missing value outside their domain
(never NaN or ±∞, see :mod:`cqdt.compiler.plan.transforms`). Where the interval analysis of
``x`` shows the domain can be left, the author is warned here; a unit that does leave it gets a
missing value, which a rule must handle (``score.empty_points`` otherwise). It is a warning, not
an error: the analysis does not narrow ``x`` inside ``if x > 0 then log(x) else 0``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from cqdt.compiler.checks import fmt_points, node_paths
from cqdt.compiler.checks.bounds import Env, Interval, interval
from cqdt.compiler.messages import make
from cqdt.compiler.model.nodes import Framework
from cqdt.diagnostics import Diagnostic
from cqdt.dsl.expr import Call, Expr, Num, walk
from cqdt.dsl.printer import print_expr

#: Above this, ``exp`` overflows a float.
EXP_LIMIT = math.log(1.7976931348623157e308)


def _outside(func: str, x: Interval, args: tuple[Expr, ...]) -> str | None:
    """The condition under which ``func`` has no value, if ``x`` allows it, else None."""
    if func == "log" and x.low <= 0:
        return "x ≤ 0"
    if func == "sqrt" and x.low < 0:
        return "x < 0"
    if func == "exp" and x.high > EXP_LIMIT:
        return f"x > {fmt_points(EXP_LIMIT)}"
    if func == "pow" and len(args) == 2 and isinstance(args[1], Num):
        e = float(args[1].value)
        if not e.is_integer() and x.low < 0:
            return "x < 0"
        if e < 0 and x.low <= 0 <= x.high:
            return "x = 0"
    return None


def _expressions(fw: Framework) -> Iterator[tuple[str, Expr, tuple[float, ...]]]:
    """Every expression with its path and the maxima ``max`` can stand for in it."""
    paths = node_paths(fw)
    for d in fw.derived:
        yield d.id, d.expr, (0.0,)
    for _, _, ind in fw.indicators():
        if ind.rule is not None:
            maxima = tuple(v for _, v in ind.maxima.entries) or (0.0,)
            yield paths.get(ind.id, ind.id), ind.rule, maxima
    yield "total", fw.total, (0.0,)


def transform_domains(fw: Framework) -> list[Diagnostic]:
    """W550 for each ``log``/``sqrt``/``exp``/``pow`` whose argument can leave its domain."""
    inputs = {i.id: i for i in fw.inputs}
    derived = {d.id: d.expr for d in fw.derived}
    envs: dict[float, Env] = {}
    found = []
    for path, expr, maxima in _expressions(fw):
        for node in walk(expr):
            if not (isinstance(node, Call) and node.func in ("log", "sqrt", "exp", "pow")):
                continue
            if not node.args:
                continue
            for max_points in maxima:
                env = envs.setdefault(max_points, Env(inputs, derived, max_points))
                x = interval(node.args[0], env)
                condition = None if x is None else _outside(node.func, x, node.args)
                if condition is not None:
                    found.append(
                        make(
                            "W550",
                            getattr(node, "span", None),
                            path=path,
                            func=node.func,
                            arg=print_expr(node.args[0]),
                            condition=condition.replace("x", print_expr(node.args[0]), 1),
                            low=fmt_points(x.low),
                            high=fmt_points(x.high),
                        )
                    )
                    break
    return found
