"""Builder methods for expressions: operators, literals, names, calls, ``ladder`` and ``case``.

A mixin of :class:`cqdt.dsl.build.SurfaceBuilder` (which gives it ``self.span``,
``self.layout``, ``self.report``). Calls are checked here against the function table of
:mod:`cqdt.dsl.expr`: an unknown function (E205, with the closest known one) or a wrong number
of arguments (E310) is known from the text alone.
"""

from __future__ import annotations

from decimal import Decimal

from cqdt.diagnostics import Span
from cqdt.dsl.expr import (
    FUNCTIONS,
    TIER_FUNCTIONS,
    TIER_PARAMETERS,
    Binary,
    Bool,
    Call,
    Case,
    CaseBranch,
    If,
    IsMissing,
    Ladder,
    LadderStep,
    MaxPoints,
    Num,
    Ref,
    Str,
    TierFunc,
    Unary,
)
from cqdt.dsl.messages import diag
from cqdt.suggest import suggest_id


class ExpressionRules:
    """Grammar rules of expressions → :mod:`cqdt.dsl.expr` nodes."""

    # -- expressions

    def if_expr(self, meta, children):
        cond, then, otherwise = children
        return If(cond, then, otherwise, span=self.span(meta))

    def or_op(self, meta, children):
        left, right = children
        return Binary("or", left, right, span=self.span(meta))

    def and_op(self, meta, children):
        left, right = children
        return Binary("and", left, right, span=self.span(meta))

    def not_op(self, meta, children):
        (operand,) = children
        return Unary("not", operand, span=self.span(meta))

    def binary(self, meta, children):
        left, op, right = children
        return Binary(str(op), left, right, span=self.span(meta))

    def comp_op(self, meta, children):
        (token,) = children
        return {"EQ": "=", "NE": "!=", "GE": ">=", "LE": "<="}.get(token.type, str(token))

    def negate(self, meta, children):
        _minus, operand = children
        span = self.span(meta)
        written_as_literal = isinstance(operand, Num) and (
            operand.span.end_line,
            operand.span.end_col,
        ) == (span.end_line, span.end_col)
        if written_as_literal:
            return Num(-operand.value, percent=operand.percent, span=span)
        return Unary("-", operand, span=span)

    def cap(self, meta, children):
        value, limit = children
        return Call("cap", (value, limit), span=self.span(meta))

    def num(self, meta, children):
        (value,) = children
        return Num(value, span=self.span(meta))

    def percent(self, meta, children):
        value, _sign = children
        return Num(float(Decimal(repr(value)) / 100), percent=True, span=self.span(meta))

    def text(self, meta, children):
        (token,) = children
        return Str(self._string(token), span=self.span(meta))

    def yes(self, meta, children):
        return Bool(True, span=self.span(meta))

    def no(self, meta, children):
        return Bool(False, span=self.span(meta))

    def ref(self, meta, children):
        (name,) = children
        return Ref(name.text, span=name.span)

    def total_ref(self, meta, children):
        return Ref("total", span=self.span(meta))

    def max_points(self, meta, children):
        return MaxPoints(span=self.span(meta))

    def is_missing(self, meta, children):
        (operand,) = children
        return IsMissing(operand, span=self.span(meta))

    def args(self, meta, children):
        return tuple(children)

    def call(self, meta, children):
        name, args = children
        return self._call(name.text, args, self.span(meta), name.span)

    def max_call(self, meta, children):
        return self._call("max", children[0], self.span(meta), self.span(meta))

    def mean_call(self, meta, children):
        return self._call("mean", children[0], self.span(meta), self.span(meta))

    def _call(self, func: str, args: tuple, span: Span, name_span: Span):
        if func in TIER_FUNCTIONS:
            count = 1 + TIER_PARAMETERS.get(func, 0)
            if len(args) != count:
                self.report("E310", span, func=func, count=count, given=len(args))
            return TierFunc(func, args[0], span=span, param=self._tier_param(func, args))
        if func not in FUNCTIONS:
            known = [*FUNCTIONS, *TIER_FUNCTIONS]
            suggestion = suggest_id(func, known)
            self.diagnostics.append(
                diag(
                    "E205",
                    name_span,
                    None if suggestion else "E205.known",
                    name=func,
                    suggestion=suggestion,
                )
            )
            return Call(func, args, span=span)
        arity = FUNCTIONS[func]
        if arity is not None and len(args) != arity:
            self.report("E310", span, func=func, count=arity, given=len(args))
        return Call(func, args, span=span)

    def _tier_param(self, func: str, args: tuple) -> float | None:
        """The literal of ``quantile(x, p)``: a number from 0 to 1 (``90%`` too), else E350."""
        if func not in TIER_PARAMETERS or len(args) < 2:
            return None
        p = args[1]
        if isinstance(p, Num) and 0.0 <= p.value <= 1.0:
            return float(p.value)
        self.report("E350", getattr(p, "span", None), func=func)
        return 0.5

    def ladder(self, meta, children):
        subject, *steps, (otherwise, comments, end) = children
        return Ladder(
            subject,
            tuple(steps),
            otherwise,
            span=self.span(meta),
            otherwise_comments=comments,
            otherwise_end_comment=end,
        )

    def otherwise_row(self, meta, children):
        (value,) = children
        return (value, *self.layout(meta))

    def ladder_step(self, meta, children):
        op, threshold, value = children
        comments, end = self.layout(meta)
        return LadderStep(
            op, threshold, value, span=self.span(meta), comments=comments, end_comment=end
        )

    def case(self, meta, children):
        subject, *branches, (otherwise, comments, end) = children
        return Case(
            subject,
            tuple(branches),
            otherwise,
            span=self.span(meta),
            otherwise_comments=comments,
            otherwise_end_comment=end,
        )

    def case_branch(self, meta, children):
        option, value = children
        return CaseBranch(
            self._string(option),
            value,
            span=self.span(meta),
            comments=self.leading(meta),
            end_comment=self.trailing(meta),
        )
