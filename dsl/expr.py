"""Expression nodes of the language: scoring rules, derived values, ranking measures.

Expressions are written by the parser and carried unchanged into the framework model once the
checks have resolved every name (``Ref.id`` then names an input, a derived value, an indicator,
a group or a category that exists). Backends (:mod:`cqdt.compiler.plan.to_polars`,
:mod:`cqdt.compiler.plan.to_reference`) dispatch on these classes.

Semantics shared by every backend (documented in ``docs/language.md``):

- Numbers are floats. A percent literal ``85%`` is the number 0.85 (``Num(0.85, percent=True)``).
- Yes/no values are booleans. In ``+ - * /`` a yes/no value counts as 1 (yes) or 0 (no):
  ``has_portal * max``; ``count_yes(a, b, c)`` counts the yes among its arguments. Anywhere
  else a number is needed (``min``, ``-x``, a ladder, a tier function) a yes/no is a type error
  (E301). Conditions (``if``, ``and``, ``or``, ``not``, comparisons) give booleans.
- ``a / b`` is empty (missing) when ``b`` is 0 or empty: never a silent 0; ``is missing(x)``
  (:class:`IsMissing`) lets the framework say what it scores then.
- ``max`` alone (:class:`MaxPoints`) is the maximum points of the enclosing indicator for the
  unit's tier.
- Tier functions (:class:`TierFunc`) look across all units of the same tier: ``best(x)`` is the
  largest ``x`` in the tier, ``worst(x)`` the smallest, ``tier_mean(x)`` the mean,
  ``minmax(x) = (x - worst) / (best - worst)`` (0 when all are equal),
  ``zscore(x) = (x - mean) / sd`` with the population standard deviation (0 when sd is 0).
- Numeric comparisons (in ``if``, ladders, level conditions) treat values within ``EPSILON``
  (1e-9) as equal: ``a >= b`` holds when ``a >= b - 1e-9``, ``a > b`` when ``a > b + 1e-9``,
  ``a = b`` when ``|a - b| <= 1e-9``, so floating-point noise (0.1 + 0.2) never moves a unit
  across a threshold. Ranks quantise the measure the same way (``floor(x * 1e9 + 0.5)``).
- A :class:`Ladder` tries its steps in order and takes the first whose comparison holds;
  ``otherwise`` gives the value when none does.

Spans are kept for diagnostics and never take part in equality.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cqdt.diagnostics import NO_SPAN, Span

#: Tolerance of numeric comparisons and rank ties (see the module docstring).
EPSILON = 1e-9

#: Binary operators, by precedence group (lowest first): or; and; comparisons; + -; * /.
LOGICAL_OPS = ("or", "and")
COMPARISON_OPS = ("<", "<=", ">", ">=", "=", "!=")
ARITHMETIC_OPS = ("+", "-", "*", "/")

#: Functions over the values of one unit, with their arity (None: one or more).
FUNCTIONS: dict[str, int | None] = {
    "min": None,  # smallest of the arguments
    "max": None,  # largest of the arguments
    "mean": None,  # plain mean of the arguments
    "clamp": 3,  # clamp(x, low, high)
    "round": 2,  # round(x, digits), half away from zero
    "abs": 1,
    "cap": 2,  # cap(x, limit) = min(x, limit); what `x cap limit` means
    "count_yes": None,  # how many of the yes/no arguments are yes: "1 điểm cho mỗi mục có"
    "log": 1,  # natural logarithm; missing for x <= 0
    "exp": 1,  # e ** x; missing when it overflows
    "pow": 2,  # pow(x, y) = x ** y; missing where it is not a finite real number
    "sqrt": 1,  # square root; missing for x < 0
}

#: Functions whose arguments are yes/no values, not numbers (their result is a number).
YES_NO_FUNCTIONS = ("count_yes",)

#: Functions that look across all units of a tier.
TIER_FUNCTIONS = (
    "best",
    "worst",
    "tier_mean",
    "minmax",
    "zscore",
    "median",
    "quantile",
    "skew",
    "kurtosis",
)

#: Tier functions taking a number written in the file after ``x``: ``quantile(x, 0.9)``.
TIER_PARAMETERS: dict[str, int] = {"quantile": 1}


@dataclass(frozen=True)
class Expr:
    """Base class of expression nodes."""


@dataclass(frozen=True)
class Num(Expr):
    value: float
    percent: bool = False  # written as 85% in the source; value is already 0.85
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Str(Expr):
    """A quoted text; only used to compare with a choice input (``portal = "Đầy đủ"``)."""

    value: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Bool(Expr):
    value: bool
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Ref(Expr):
    """A name: an input, a derived value, an indicator, a group, a category or ``total``."""

    id: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class MaxPoints(Expr):
    """``max``: the enclosing indicator's maximum points for the unit's tier."""

    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Unary(Expr):
    op: str  # "-" or "not"
    operand: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Binary(Expr):
    op: str  # one of LOGICAL_OPS, COMPARISON_OPS, ARITHMETIC_OPS
    left: Expr
    right: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Call(Expr):
    """A function of one unit's values, see :data:`FUNCTIONS`."""

    func: str
    args: tuple[Expr, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class TierFunc(Expr):
    """A function across the units of a tier, see :data:`TIER_FUNCTIONS`."""

    func: str
    arg: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    #: the literal parameter of ``quantile(x, p)`` (see :data:`TIER_PARAMETERS`)
    param: float | None = None


@dataclass(frozen=True)
class IsMissing(Expr):
    """``is missing(x)``: yes when ``x`` has no value for the unit (an input left empty, even
    where its missing policy fills it in; a division by 0; a tier statistic of no values)."""

    operand: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class If(Expr):
    cond: Expr
    then: Expr
    otherwise: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class LadderStep:
    """``>= 90% : 10`` — when ``subject op threshold`` holds, the ladder gives ``value``."""

    op: str  # one of ">=", ">", "<=", "<", "="
    threshold: Expr
    value: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    comments: tuple[str, ...] = field(default=(), compare=False, repr=False)
    #: a comment at the end of the declaration's last line (layout only, kept by ``cqdt fmt``)
    end_comment: str | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Ladder(Expr):
    """A threshold ladder: the first step whose comparison holds gives the value."""

    subject: Expr
    steps: tuple[LadderStep, ...]
    otherwise: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    #: comments before the ``otherwise`` row and at the end of its line (layout only)
    otherwise_comments: tuple[str, ...] = field(default=(), compare=False, repr=False)
    otherwise_end_comment: str | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class CaseBranch:
    option: str
    value: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    comments: tuple[str, ...] = field(default=(), compare=False, repr=False)
    #: a comment at the end of the declaration's last line (layout only, kept by ``cqdt fmt``)
    end_comment: str | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Case(Expr):
    """Points by the option chosen in a choice input; ``otherwise`` for the options not listed."""

    subject: Expr
    branches: tuple[CaseBranch, ...]
    otherwise: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    #: comments before the ``otherwise`` row and at the end of its line (layout only)
    otherwise_comments: tuple[str, ...] = field(default=(), compare=False, repr=False)
    otherwise_end_comment: str | None = field(default=None, compare=False, repr=False)


def children(expr: Expr) -> tuple[Expr, ...]:
    """The direct sub-expressions of ``expr``, in source order."""
    match expr:
        case Unary(operand=operand) | IsMissing(operand=operand):
            return (operand,)
        case Binary(left=left, right=right):
            return (left, right)
        case Call(args=args):
            return args
        case TierFunc(arg=arg):
            return (arg,)
        case If(cond=cond, then=then, otherwise=otherwise):
            return (cond, then, otherwise)
        case Ladder(subject=subject, steps=steps, otherwise=otherwise):
            out: list[Expr] = [subject]
            for step in steps:
                out += [step.threshold, step.value]
            return (*out, otherwise)
        case Case(subject=subject, branches=branches, otherwise=otherwise):
            return (subject, *(b.value for b in branches), otherwise)
    return ()


def walk(expr: Expr):
    """Every node of ``expr``, parents before children."""
    yield expr
    for child in children(expr):
        yield from walk(child)


def refs(expr: Expr) -> list[str]:
    """The names ``expr`` refers to, in order of first appearance."""
    seen: dict[str, None] = {}
    for node in walk(expr):
        if isinstance(node, Ref):
            seen.setdefault(node.id, None)
    return list(seen)
