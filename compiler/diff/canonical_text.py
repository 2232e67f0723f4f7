"""The canonical text of rules, conditions and level rows, as a diff shows them.

A change of a rule is reported as its text before and after, printed the way ``cqdt fmt``
prints it, so two versions that mean the same rule never show up as a change of wording.
"""

from __future__ import annotations

from cqdt.compiler.model.nodes import Condition, Subject
from cqdt.dsl.expr import Expr
from cqdt.number_format import format_plain

__all__ = ["condition_text", "conditions_text", "expr_text"]


def rule_text(ind) -> str | None:
    """An indicator's rule as written: with its ``not applicable when … : …`` clause first."""
    from cqdt.compiler.model.nodes import not_applicable_parts

    parts = not_applicable_parts(ind)
    if parts is None:
        return expr_text(ind.rule)
    when, points, rule = parts
    return f"not applicable when {expr_text(when)} : {expr_text(points)}; {expr_text(rule)}"


def expr_text(expr: Expr | None) -> str | None:
    """The canonical text of a rule, as ``cqdt fmt`` prints it.

    Uses :func:`cqdt.dsl.printer.print_expr`; the fallback (until the printer is installed)
    is the node's ``repr``, which is exact but not pretty.
    """
    if expr is None:
        return None
    try:
        from cqdt.dsl.printer import print_expr
    except ImportError:  # pragma: no cover - the printer ships with cqdt
        return repr(expr)
    return print_expr(expr)


def _number(value: float) -> str:
    return format_plain(value, 9)


def condition_text(cond: Condition) -> str:
    """``score >= 90%``, ``group infrastructure >= 50%``, ``each group >= 70%``."""
    value = _number(cond.threshold * 100) + "%" if cond.percent else _number(cond.threshold)
    subject = {
        Subject.SCORE: "score",
        Subject.EACH_GROUP: "each group",
        Subject.GROUP: f"group {cond.group}",
    }[cond.subject]
    return f"{subject} {cond.op} {value}"


def conditions_text(conditions: tuple[Condition, ...]) -> str:
    return " and ".join(condition_text(c) for c in conditions) or "always"
