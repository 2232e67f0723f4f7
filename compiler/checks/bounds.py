"""Interval analysis: the smallest and largest value an expression can take, per tier.

Used to prove that a rule stays within ``0 … max`` of its indicator. It is deliberately simple
and sound for the shapes frameworks use:

- inputs: the natural range of their type (``compiler/model/types.py``: percent 0..1, count
  0..+∞, number unbounded, yes/no 0..1 as it counts in arithmetic), narrowed by a ``range``;
  choices and texts are not numbers (no interval); a condition or ``yes``/``no`` is 0..1;
- ``count_yes(a, b, …)`` is 0..(number of arguments);
- ``a / b`` where ``a`` is declared ``at most b`` (both ≥ 0) is within 0..1, and so is
  ``x / best(x)`` for ``x ≥ 0``; otherwise a divisor that can come near 0 makes the result
  unbounded (0 is included, a sound over-approximation: ``a / 0`` is missing);
- ``x cap n`` and ``min`` bound above; ladders, cases and ``if`` take the hull of their values;
- tier functions: ``best``/``worst``/``tier_mean``/``median``/``quantile`` keep ``x``'s bounds,
  ``minmax`` is 0..1, ``zscore``, ``skew`` and ``kurtosis`` are unbounded;
- ``log``, ``sqrt``, ``exp`` and ``pow`` (literal exponent) are monotone on each side of 0: the
  bounds of ``x`` transformed (a value outside the domain is missing, not a bound);
- ``round(x, n)`` is monotone, so its bounds are ``x``'s bounds rounded: it can go up by half a
  unit of its last decimal (``round(14.6, 0)`` is 15). ``n`` must be a whole number from 0 to 6
  (E315); otherwise the rule is left to that message.

Each node and each derived value is analysed once per ``Env`` (a memo by node), so the time is
linear in the size of the framework: without it, ``value w2 = w1 + w1`` chained 22 deep or
``best(best(…))`` 50 deep took minutes. Derived values are analysed in dependency order, so a
long chain of them does not nest the recursion either.

>>> from cqdt.dsl.expr import Binary, Num
>>> interval(Binary("*", Num(0.5), Num(4.0)), Env({}, {}, 10.0))
Interval(low=2.0, high=2.0)
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field

from cqdt.compiler.checks.calls import round_digits
from cqdt.compiler.model.nodes import Input
from cqdt.compiler.model.types import INPUT_TYPES
from cqdt.dsl.expr import (
    COMPARISON_OPS,
    EPSILON,
    FUNCTIONS,
    LOGICAL_OPS,
    Binary,
    Bool,
    Call,
    Case,
    Expr,
    If,
    Ladder,
    MaxPoints,
    Num,
    Ref,
    TierFunc,
    Unary,
    refs,
)

INF = math.inf


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def hull(self, other: Interval) -> Interval:
        return Interval(min(self.low, other.low), max(self.high, other.high))


UNBOUNDED = Interval(-INF, INF)
UNIT = Interval(0.0, 1.0)


@dataclass
class Env:
    """What the analysis knows: the inputs, the derived values, and ``max`` for this tier.

    It also keeps what was worked out (per node, per derived value): share one ``Env`` between
    the rules of a tier rather than making one per rule.
    """

    inputs: dict[str, Input]
    derived: dict[str, Expr]
    max_points: float
    #: ``id(node) → (node, interval)``; the node is kept so its id is not reused meanwhile
    _memo: dict[int, tuple[Expr, Interval | None]] = field(default_factory=dict, repr=False)
    _derived: dict[str, Interval | None] | None = field(default=None, repr=False)

    def derived_interval(self, name: str) -> Interval | None:
        """The interval of a derived value (unbounded when it is part of a cycle: E211)."""
        if self._derived is None:
            self._derived = {}
            for value in derived_order(self.derived):
                self._derived[value] = interval(self.derived[value], self)
        return self._derived.get(name, UNBOUNDED)


def derived_order(derived: dict[str, Expr]) -> list[str]:
    """Derived values after those they use (iterative: no recursion per link of a chain);
    values in a cycle (E211), or using one, are left out."""
    order: list[str] = []
    state: dict[str, str] = {}  # "open" while its dependencies are visited, then "done"
    broken: set[str] = set()

    def uses(name: str) -> Iterator[str]:
        return iter([n for n in refs(derived[name]) if n in derived])

    for root in derived:
        if root in state:
            continue
        state[root] = "open"
        stack = [(root, uses(root))]
        while stack:
            name, todo = stack[-1]
            following = next(todo, None)
            if following is None:
                stack.pop()
                state[name] = "done"
                if name in broken and stack:
                    broken.add(stack[-1][0])
                elif name not in broken:
                    order.append(name)
            elif following not in state:
                state[following] = "open"
                stack.append((following, uses(following)))
            elif state[following] == "open" or following in broken:
                broken.add(name)
    return order


def input_interval(inp: Input) -> Interval | None:
    """The natural range of the input's type (the one type table), narrowed by its ``range``."""
    natural = INPUT_TYPES[inp.type].natural_range
    if natural is None:
        return None
    low, high = natural
    if inp.minimum is not None:
        low = max(low, inp.minimum)
    if inp.maximum is not None:
        high = min(high, inp.maximum)
    return Interval(low, high)


def _mul(a: float, b: float) -> float:
    return 0.0 if a == 0 or b == 0 else a * b


def _times(x: Interval, y: Interval) -> Interval:
    products = [_mul(a, b) for a in (x.low, x.high) for b in (y.low, y.high)]
    return Interval(min(products), max(products))


def _quotient(a: float, b: float) -> float:
    if math.isinf(b):
        return 0.0 if not math.isinf(a) else math.copysign(INF, a) * math.copysign(1.0, b)
    return a / b


def _divide(x: Interval, y: Interval) -> Interval:
    if y.low > 0 or y.high < 0:
        quotients = [_quotient(a, b) for a in (x.low, x.high) for b in (y.low, y.high)]
        return Interval(min(quotients), max(quotients))
    # the divisor can be 0 (the result is then 0) or as close to 0 as it likes
    low = 0.0 if (x.low >= 0 and y.low >= 0) or (x.high <= 0 and y.high <= 0) else -INF
    high = 0.0 if (x.high <= 0 and y.low >= 0) or (x.low >= 0 and y.high <= 0) else INF
    return Interval(low, high)


def _is_ratio_of_part(a: Expr, b: Expr, env: Env) -> bool:
    """``a / b`` known to be within 0..1: ``a`` at most ``b``, or ``x / best(x)``."""
    if isinstance(b, TierFunc) and b.func == "best" and b.arg == a:
        inner = interval(a, env)
        return inner is not None and inner.low >= 0
    if isinstance(a, Ref) and isinstance(b, Ref) and a.id in env.inputs:
        inp = env.inputs[a.id]
        low = interval(a, env)
        return inp.at_most == b.id and low is not None and low.low >= 0
    return False


def interval(expr: Expr, env: Env) -> Interval | None:
    """The interval of ``expr``; ``None`` for a yes/no, choice or text value."""
    known = env._memo.get(id(expr))
    if known is not None and known[0] is expr:
        return known[1]
    result = _interval(expr, env)
    env._memo[id(expr)] = (expr, result)
    return result


def _interval(expr: Expr, env: Env) -> Interval | None:  # noqa: C901 - one branch per node
    match expr:
        case Num(value=value):
            return Interval(value, value)
        case Bool(value=value):
            return Interval(float(value), float(value))
        case Unary(op="not"):
            return UNIT
        case Binary(op=op) if op in LOGICAL_OPS or op in COMPARISON_OPS:
            return UNIT
        case MaxPoints():
            return Interval(env.max_points, env.max_points)
        case Ref(id=name):
            if name in env.inputs:
                return input_interval(env.inputs[name])
            if name in env.derived:
                return env.derived_interval(name)
            return UNBOUNDED
        case Unary(op="-", operand=operand):
            x = interval(operand, env)
            return None if x is None else Interval(-x.high, -x.low)
        case Binary(op=op, left=left, right=right) if op in "+-*/":
            if op == "/" and _is_ratio_of_part(left, right, env):
                return UNIT
            x, y = interval(left, env), interval(right, env)
            if x is None or y is None:
                return None  # yes/no in arithmetic: a type error, reported by the type pass
            if op == "+":
                return Interval(x.low + y.low, x.high + y.high)
            if op == "-":
                return Interval(x.low - y.high, x.high - y.low)
            if op == "*":
                return _times(x, y)
            return _divide(x, y)
        case Call(func="round", args=(x, digits)):
            return _round(interval(x, env), round_digits(digits))
        case Call(func=func, args=args):
            return _call(func, [interval(a, env) for a in args])
        case TierFunc(func=func, arg=arg):
            if interval(arg, env) is None:
                return None
            if func == "minmax":
                return UNIT
            if func in ("zscore", "skew", "kurtosis"):
                return UNBOUNDED
            return interval(arg, env)
        case If(then=then, otherwise=otherwise):
            return _hull([interval(then, env), interval(otherwise, env)])
        case Ladder(steps=steps, otherwise=otherwise):
            return _hull([interval(s.value, env) for s in steps] + [interval(otherwise, env)])
        case Case(branches=branches, otherwise=otherwise):
            return _hull([interval(b.value, env) for b in branches] + [interval(otherwise, env)])
    return None


def _hull(parts: list[Interval | None]) -> Interval | None:
    known = [p for p in parts if p is not None]
    if not known:
        return None
    out = known[0]
    for p in known[1:]:
        out = out.hull(p)
    return out


def _call(func: str, args: list[Interval | None]) -> Interval | None:
    if func not in FUNCTIONS:
        return None  # an unknown function (E205): one message for the mistake, no "up to ∞"
    arity = FUNCTIONS[func]
    if any(a is None for a in args) or not args or (arity is not None and len(args) != arity):
        return None  # a type or arity error, reported by its own pass
    if func == "count_yes":
        return Interval(0.0, float(len(args)))
    if func in ("min", "cap"):
        return Interval(min(a.low for a in args), min(a.high for a in args))
    if func == "max":
        return Interval(max(a.low for a in args), max(a.high for a in args))
    if func == "mean":
        return Interval(min(a.low for a in args), max(a.high for a in args))
    if func == "clamp" and len(args) == 3:
        x, lo, hi = args
        low = min(max(x.low, lo.low), hi.low)
        high = min(max(x.high, lo.high), hi.high)
        return Interval(low, max(low, high))
    if func == "abs":
        (x,) = args[:1]
        if x.low >= 0:
            return x
        if x.high <= 0:
            return Interval(-x.high, -x.low)
        return Interval(0.0, max(-x.low, x.high))
    if func in TRANSFORM_BOUNDS:
        return TRANSFORM_BOUNDS[func](*args)
    return UNBOUNDED


def _safe(f, x: float) -> float:
    """``f(x)`` with an overflow read as +∞ (``exp(1000)``)."""
    try:
        return f(x)
    except OverflowError:
        return INF


def _log_bounds(x: Interval) -> Interval:
    if x.high <= 0:
        return UNBOUNDED  # never a value (W550 says so)
    low = math.log(x.low) if x.low > 0 else -INF
    return Interval(low, math.log(x.high) if math.isfinite(x.high) else INF)


def _sqrt_bounds(x: Interval) -> Interval:
    if x.high < 0:
        return UNBOUNDED  # never a value (W550 says so)
    return Interval(math.sqrt(max(x.low, 0.0)), math.sqrt(x.high))


def _exp_bounds(x: Interval) -> Interval:
    return Interval(_safe(math.exp, x.low) if x.low > -INF else 0.0, _safe(math.exp, x.high))


def _pow_bounds(x: Interval, y: Interval) -> Interval | None:
    """``pow(x, y)`` for a literal ``y``: monotone on each side of 0 (``None`` otherwise: E351
    says why, and the rule is left to that message)."""
    if y.low != y.high:
        return None
    e = y.low
    if e == 0:
        return Interval(1.0, 1.0)
    whole = float(e).is_integer()
    low = x.low if whole else max(x.low, 0.0)  # a negative base has no real power: missing
    if low > x.high:
        return UNBOUNDED
    if low < 0 < x.high and e < 0:
        return UNBOUNDED  # through 0 with a negative exponent
    ends = [_safe(lambda v: math.pow(v, e), v) for v in (low, x.high) if math.isfinite(v)]
    if not math.isfinite(low) or not math.isfinite(x.high):
        return UNBOUNDED if low < 0 else Interval(min(ends, default=0.0), INF)
    if low < 0 < x.high:
        ends.append(0.0)
    return Interval(min(ends), max(ends))


#: Bounds of ``log``, ``sqrt``, ``exp``, ``pow`` from their arguments' bounds.
TRANSFORM_BOUNDS = {
    "log": _log_bounds,
    "sqrt": _sqrt_bounds,
    "exp": _exp_bounds,
    "pow": _pow_bounds,
}


def round_half_away(x: float, digits: int) -> float:
    """``round(x, n)`` as the backends compute it (half away from zero, nudged by EPSILON)."""
    scale = 10.0**digits
    scaled = abs(x) * scale + 0.5 + EPSILON
    if not math.isfinite(scaled):
        return x  # ±∞, or so large that no decimal is left to round
    magnitude = math.floor(scaled) / scale
    return -magnitude if x < 0 else magnitude


def _round(x: Interval | None, digits: int | None) -> Interval | None:
    """Rounding is monotone: the bounds of ``x``, rounded (``None``: E311 or E315 says why)."""
    if x is None or digits is None:
        return None
    return Interval(round_half_away(x.low, digits), round_half_away(x.high, digits))
