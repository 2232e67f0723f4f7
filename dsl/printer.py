"""Expressions → canonical ``.cqdt`` text, shared by ``cqdt fmt``, diffs and traces.

The framework printer (:mod:`cqdt.compiler.model.printer`) lays out declarations; this module
prints the expressions inside them and the number literals of the language.

Property, tested: printing an expression and parsing it back gives the same expression.

>>> from cqdt.dsl.expr import Binary, Ref, Num
>>> print_expr(Binary("*", Binary("+", Ref("a"), Num(1.0)), Num(0.5, percent=True)))
'(a + 1) * 50%'
"""

from __future__ import annotations

from decimal import Decimal

from cqdt.dsl.expr import (
    ARITHMETIC_OPS,
    COMPARISON_OPS,
    Binary,
    Bool,
    Call,
    Case,
    Expr,
    If,
    IsMissing,
    Ladder,
    MaxPoints,
    Num,
    Ref,
    Str,
    TierFunc,
    Unary,
)
from cqdt.dsl.keywords import spelling

INDENT = "  "

# precedence levels, lowest first (see the ladder in dsl/cqdt.lark)
LOWEST, _OR, _AND, _NOT, _CMP, _CAP, _SUM, _PRODUCT, _UNARY, _ATOM = range(10)
_BINARY_LEVEL = {"or": _OR, "and": _AND, **dict.fromkeys(COMPARISON_OPS, _CMP)}
_BINARY_LEVEL |= {"+": _SUM, "-": _SUM, "*": _PRODUCT, "/": _PRODUCT}


# -- numbers ------------------------------------------------------------------------------------


def literal(value: float) -> str:
    """A number literal of the framework language: the shortest text that reads back as
    ``value`` (10.0 → "10", 0.25 → "0.25"). Not for display: see :mod:`cqdt.number_format`."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def percent_literal(fraction: float) -> str:
    """A percent literal of the language: 0.85 → "85%", the shortest decimal whose hundredth is
    exactly ``fraction``."""
    for digits in range(1, 18):
        text = f"{fraction * 100:.{digits}g}"
        if "e" not in text and float(Decimal(text) / 100) == fraction:
            return text + "%"
    return literal(fraction * 100) + "%"


# -- expressions -------------------------------------------------------------------------------


def print_expr(expr: Expr, keywords: str = "en") -> str:
    """Canonical text of an expression, with only the parentheses the grammar needs."""
    return ExprPrinter(keywords).show(expr, LOWEST)


class ExprPrinter:
    def __init__(self, keywords: str, comments: bool = False):
        self.kw = keywords
        self.with_comments = comments  # the comments written inside ladders and cases

    def word(self, terminal: str) -> str:
        return spelling(terminal, self.kw)

    def show(self, expr: Expr, context: int) -> str:
        text, level = self.text(expr)
        return f"({text})" if level < context else text

    def text(self, expr: Expr) -> tuple[str, int]:  # noqa: C901 - one branch per node type
        match expr:
            case Num(value=value, percent=True):
                text = percent_literal(value)
                return text, _UNARY if text.startswith("-") else _ATOM
            case Num(value=value):
                text = literal(value)
                return text, _UNARY if text.startswith("-") else _ATOM
            case Str(value=value):
                return f'"{value}"', _ATOM
            case Bool(value=value):
                return self.word("YES" if value else "NO"), _ATOM
            case Ref(id=name):
                return (self.word("TOTAL") if name == "total" else name), _ATOM
            case MaxPoints():
                return self.word("MAX"), _ATOM
            case Unary(op="not", operand=operand):
                return f"{self.word('NOT')} {self.show(operand, _NOT)}", _NOT
            case Unary(operand=operand):
                inner = self.show(operand, _UNARY)
                if isinstance(operand, Num) and not inner.startswith("("):
                    inner = f"({inner})"  # "-5" would read back as the number -5
                return f"-{inner}", _UNARY
            case Binary(op=op, left=left, right=right):
                level = _BINARY_LEVEL[op]
                left_ctx = _CAP if level == _CMP else level
                right_ctx = _CAP if level == _CMP else level + 1
                symbol = self.word(op.upper()) if op in ("and", "or") else op
                return f"{self.show(left, left_ctx)} {symbol} {self.show(right, right_ctx)}", level
            case Call(func="cap", args=(value, limit)):
                cap = self.word("CAP")
                return f"{self.show(value, _CAP)} {cap} {self.show(limit, _SUM)}", _CAP
            case Call(func=func, args=args):
                name = self.word("MAX") if func == "max" else func
                if func == "mean":
                    name = self.word("MEAN")
                inner = ", ".join(self.show(a, LOWEST) for a in args)
                return f"{name}({inner})", _ATOM
            case TierFunc(func=func, arg=arg, param=param) if param is not None:
                return f"{func}({self.show(arg, LOWEST)}, {literal(param)})", _ATOM
            case TierFunc(func=func, arg=arg):
                return f"{func}({self.show(arg, LOWEST)})", _ATOM
            case IsMissing(operand=operand):
                return f"{self.word('IS_MISSING')}({self.show(operand, LOWEST)})", _ATOM
            case If(cond=cond, then=then, otherwise=otherwise):
                parts = (
                    f"{self.word('IF')} {self.show(cond, LOWEST)} {self.word('THEN')} "
                    f"{self.show(then, LOWEST)} {self.word('ELSE')} {self.show(otherwise, LOWEST)}"
                )
                return parts, LOWEST
            case Ladder(subject=subject, steps=steps, otherwise=otherwise):
                lines = [f"{self.word('LADDER')} {self.show(subject, LOWEST)} {{"]
                for step in steps:
                    lines.extend(self.comment_lines(step))
                    lines.append(
                        f"{INDENT}{step.op} {self.show(step.threshold, _CAP)} : "
                        f"{self.show(step.value, _CAP)}{self.end_of_line(step)}"
                    )
                lines += self.otherwise_lines(expr)
                return block(lines), _ATOM
            case Case(subject=subject, branches=branches, otherwise=otherwise):
                lines = [f"{self.word('CASE')} {self.show(subject, LOWEST)} {{"]
                for branch in branches:
                    lines.extend(self.comment_lines(branch))
                    value = self.show(branch.value, LOWEST)
                    lines.append(f'{INDENT}"{branch.option}" : {value}{self.end_of_line(branch)}')
                lines += self.otherwise_lines(expr)
                return block(lines), _ATOM
        raise TypeError(f"cannot print {type(expr).__name__}")

    def comment_lines(self, node) -> list[str]:
        return [f"{INDENT}#{c}" for c in node.comments] if self.with_comments else []

    def otherwise_lines(self, expr: Ladder | Case) -> list[str]:
        """The ``otherwise : …`` row of a ladder or case, with its comments."""
        row = f"{INDENT}{self.word('OTHERWISE')} : {self.show(expr.otherwise, LOWEST)}"
        if not self.with_comments:
            return [row]
        end = f"  #{expr.otherwise_end_comment}" if expr.otherwise_end_comment else ""
        return [*(f"{INDENT}#{c}" for c in expr.otherwise_comments), row + end]

    def end_of_line(self, node) -> str:
        return f"  #{node.end_comment}" if self.with_comments and node.end_comment else ""


def block(lines: list[str]) -> str:
    """Header line, then the body lines (nested blocks indented one more step), then "}"."""
    head, *body = lines
    return "\n".join([head, *(line.replace("\n", "\n" + INDENT) for line in body), "}"])


assert set(ARITHMETIC_OPS) <= set(_BINARY_LEVEL)
