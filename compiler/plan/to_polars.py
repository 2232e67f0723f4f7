"""The Polars backend: a scoring plan becomes one lazy query of staged ``with_columns``.

Each stage of the plan is one ``with_columns`` whose expressions read earlier stages by column
name (never one nested expression: staged is several times faster and lighter). All tiers are
scored in one query; cross-unit functions (``best``, ``minmax``, ``zscore``…) and the rank are
window expressions ``.over("tier")``; per-tier constants (maxima, divisors, level bounds) are
``when/then`` chains on the ``tier`` column.

Expressions compile by :func:`functools.singledispatch` on the node type (as Ibis's Polars
backend does); a node type without a rule raises :class:`UnsupportedExpression`.

The arithmetic mirrors :mod:`cqdt.compiler.plan.to_reference` operation for operation (left folds,
the same constants computed once in Python, true IEEE divisions), so both backends agree bit for
bit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import polars as pl

from cqdt.compiler.plan.aggregates import GrowthStep
from cqdt.compiler.plan.build import (
    SCORING_KINDS,
    AggregateStep,
    ClassifiedStep,
    ComputeStep,
    InputStep,
    LevelStep,
    MaxStep,
    MissingStep,
    Plan,
    RankStep,
    Step,
    ValueKind,
    expr_kind,
)
from cqdt.compiler.plan.columns import missing_column
from cqdt.compiler.plan.tier_stats import STATISTICS, polars_statistic
from cqdt.compiler.plan.transforms import transform
from cqdt.dsl.expr import (
    EPSILON,
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

__all__ = [
    "UnsupportedExpression",
    "compile_expr",
    "compile_step",
    "context",
    "stage_exprs",
    "tier_constant",
    "tier_masks",
    "to_polars",
]

TIER = pl.col("tier")
#: Added to ``|x| * 10^n + 0.5`` before ``floor`` so a value that is a half in decimal but
#: a hair below in binary (2.675) rounds away from zero as people expect.
ROUND_NUDGE = 0.5 + EPSILON

DTYPES = {"Float64": pl.Float64, "Boolean": pl.Boolean, "String": pl.String, "Int64": pl.Int64}


class UnsupportedExpression(TypeError):
    """An expression node this backend has no translation for (a bug, not a user error)."""


@dataclass(frozen=True)
class Context:
    """What an expression needs besides its node: the types of names, which names are scores,
    and what ``max`` means for the enclosing indicator."""

    kinds: dict[str, ValueKind]
    scoring: frozenset[str]
    maxima: tuple[tuple[str, float], ...] = ()
    #: Per tier-function node, per tier, the numbers it needs (``min``, ``max``, ``mean``,
    #: ``sd``), computed beforehand by :mod:`cqdt.runtime.score.out_of_core`. When given, tier
    #: functions read them instead of windowing over the tier, so the query stays row-wise
    #: (streamable in bounded memory); per query, never a global switch (thread-safe).
    tier_constants: Mapping[TierFunc, Mapping[str, Mapping[str, float | None]]] | None = None
    #: Inputs with a ``<input>.missing`` column (policies zero and unclassified): ``is
    #: missing`` reads it, since their effective value is already filled in.
    missing: frozenset[str] = frozenset()


# -- helpers shared by every node ----------------------------------------------------------


def per_tier(values: tuple[tuple[str, object], ...], default: object = None) -> pl.Expr:
    """A per-tier constant: ``when tier == t1 then v1 when … otherwise default``."""
    distinct = {v for _, v in values}
    if not values:
        return pl.lit(default)
    if len(distinct) == 1 and default is None:
        only = next(iter(distinct))
        tiers = [t for t, _ in values]
        return pl.when(TIER.is_in(tiers)).then(pl.lit(only))
    chain = None
    for tier, value in values:
        chain = (pl.when if chain is None else chain.when)(TIER == tier).then(pl.lit(value))
    return chain.otherwise(pl.lit(default))


def mask_column(tiers: tuple[str, ...]) -> str:
    """The helper column telling whether a unit belongs to ``tiers`` (``tier.in.a.b``).

    Computed once before the stages (one string test per row instead of one per node) and
    dropped at the end; ids never contain a dot, so the name cannot clash with a node.
    """
    return "tier.in." + ".".join(tiers)


def masked(expr: pl.Expr, tiers: tuple[str, ...], all_tiers: tuple[str, ...]) -> pl.Expr:
    """``expr`` for units of ``tiers``, null for the others."""
    if set(tiers) >= set(all_tiers):
        return expr
    if not tiers:
        return pl.lit(None)
    return pl.when(pl.col(mask_column(tiers))).then(expr)


def tier_masks(plan: Plan) -> list[pl.Expr]:
    """The helper columns :func:`masked` reads, one per distinct partial set of tiers."""
    wanted = {
        step.tiers
        for step in plan.steps()
        if step.tiers and not set(step.tiers) >= set(plan.tier_ids)
    }
    return [TIER.is_in(list(tiers)).alias(mask_column(tiers)) for tiers in sorted(wanted)]


def safe_div(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """``a / b``, empty (missing) when ``b`` is 0 or empty: never a silent 0, never ±∞."""
    return pl.when(b != 0).then(divide(a, b))


def compare(op: str, a: pl.Expr, b: pl.Expr, kind: ValueKind) -> pl.Expr:
    """Comparison with the EPSILON tolerance for numbers, exact for texts and yes/no."""
    if kind is not ValueKind.NUMBER:
        if op == "=":
            return a == b
        if op == "!=":
            return a != b
        raise UnsupportedExpression(f"'{op}' on {kind.value} values")
    match op:
        case ">=":
            return a >= b - EPSILON
        case ">":
            return a > b + EPSILON
        case "<=":
            return a <= b + EPSILON
        case "<":
            return a < b - EPSILON
        case "=":
            return (a - b).abs() <= EPSILON
        case "!=":
            return (a - b).abs() > EPSILON
    raise UnsupportedExpression(f"comparison '{op}'")


#: A column of 0.0 (the ``tier`` column is never empty once the inputs are checked).
ZERO = TIER.is_null().cast(pl.Float64)


def divide(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """``a / b`` as one IEEE division per row, exactly as Python divides.

    Polars divides by a constant column (a literal, a broadcast window result) by multiplying
    with its reciprocal, so 681 / 100 gives 6.8100000000000005. Adding a real column of zeros
    (exact: ``b + 0.0 == b``) makes the divisor an ordinary column.

    Needed for every divisor, not only literal or per-tier ones: Polars 2.1 also stores a
    column made from a literal as a constant (``value k = 100``, or a frame built with
    ``pl.lit``), and ``a / pl.col("k")`` is then inexact too; the expression cannot tell
    (see docs/performance.md and tests/bench/test_exact_division.py).
    """
    return a / (b + ZERO)


def round_half_away(x: pl.Expr, digits: pl.Expr) -> pl.Expr:
    """``round(x, n)`` from ``floor`` on the same operations as the reference evaluator;
    a value too large to scale (``|x| · 10ⁿ`` is ∞) is a whole number already: itself."""
    scale = pl.lit(10.0).pow(digits)
    scaled = (x.abs() * scale) + ROUND_NUDGE
    magnitude = divide(scaled.floor(), scale)
    rounded = pl.when(x < 0).then(-magnitude).otherwise(magnitude)
    return pl.when(scaled.is_infinite()).then(x).otherwise(rounded)


# -- expressions -----------------------------------------------------------------------------


@functools.singledispatch
def compile_expr(expr: Expr, ctx: Context) -> pl.Expr:
    """The Polars expression of one expression node."""
    raise UnsupportedExpression(f"no Polars translation for {type(expr).__name__}")


@compile_expr.register
def _(expr: Num, ctx: Context) -> pl.Expr:
    return pl.lit(float(expr.value), dtype=pl.Float64)


@compile_expr.register
def _(expr: Str, ctx: Context) -> pl.Expr:
    return pl.lit(expr.value, dtype=pl.String)


@compile_expr.register
def _(expr: Bool, ctx: Context) -> pl.Expr:
    return pl.lit(expr.value, dtype=pl.Boolean)


@compile_expr.register
def _(expr: Ref, ctx: Context) -> pl.Expr:
    col = pl.col(expr.id)
    return col.fill_null(0.0) if expr.id in ctx.scoring else col


@compile_expr.register
def _(expr: MaxPoints, ctx: Context) -> pl.Expr:
    values = {v for _, v in ctx.maxima}
    if len(values) == 1:  # the same for every tier it applies to; the step masks the rest
        return pl.lit(float(values.pop()), dtype=pl.Float64)
    return per_tier(ctx.maxima).cast(pl.Float64)


@compile_expr.register
def _(expr: Unary, ctx: Context) -> pl.Expr:
    operand = compile_expr(expr.operand, ctx)
    if expr.op == "not":
        return operand.not_()
    if expr.op == "-":
        return -operand
    raise UnsupportedExpression(f"unary '{expr.op}'")


ARITHMETIC: dict[str, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": safe_div,
}


def as_number(value: pl.Expr, expr: Expr, ctx: Context) -> pl.Expr:
    """``value`` as a number: a yes/no counts as 1.0 or 0.0 in arithmetic (null stays null)."""
    if expr_kind(expr, ctx.kinds) is ValueKind.BOOL:
        return value.cast(pl.Float64)
    return value


@compile_expr.register
def _(expr: Binary, ctx: Context) -> pl.Expr:
    left = compile_expr(expr.left, ctx)
    right = compile_expr(expr.right, ctx)
    if expr.op in ARITHMETIC:
        left, right = as_number(left, expr.left, ctx), as_number(right, expr.right, ctx)
        return ARITHMETIC[expr.op](left, right)
    if expr.op == "and":
        return left & right
    if expr.op == "or":
        return left | right
    return compare(expr.op, left, right, expr_kind(expr.left, ctx.kinds))


def _null_if_any_null(args: list[pl.Expr], value: pl.Expr) -> pl.Expr:
    return pl.when(pl.any_horizontal([a.is_null() for a in args])).then(None).otherwise(value)


def _fold(args: list[pl.Expr], op: Callable[[pl.Expr, pl.Expr], pl.Expr]) -> pl.Expr:
    out = args[0]
    for arg in args[1:]:
        out = op(out, arg)
    return out


@compile_expr.register
def _(expr: Call, ctx: Context) -> pl.Expr:
    args = [compile_expr(a, ctx) for a in expr.args]
    match expr.func:
        case "min" | "cap":
            return _null_if_any_null(args, pl.min_horizontal(args))
        case "max":
            return _null_if_any_null(args, pl.max_horizontal(args))
        case "mean":
            return divide(_fold(args, lambda a, b: a + b), pl.lit(float(len(args))))
        case "abs":
            return args[0].abs()
        case "clamp":
            x, low, high = args
            return pl.when(x < low).then(low).when(x > high).then(high).otherwise(x)
        case "round":
            return round_half_away(args[0], args[1])
        case "count_yes":  # a left fold, as the reference adds them; null if any is null
            return _fold([a.cast(pl.Float64) for a in args], lambda a, b: a + b)
        case "log" | "exp" | "pow" | "sqrt":
            return transform(expr.func, args)
    raise UnsupportedExpression(f"function '{expr.func}'")


def _group_sum(x: pl.Expr) -> pl.Expr:
    """The sum of a tier's values as a left fold in row order (``cum_sum`` is sequential),
    as the reference evaluator adds them; Polars' ``sum`` adds pairwise. Use inside ``over``."""
    return x.fill_null(0.0).cum_sum().last()


def _group_mean(x: pl.Expr) -> pl.Expr:
    """The mean of a tier's non-empty values (use inside ``over``)."""
    return divide(_group_sum(x), x.count().cast(pl.Float64))


def tier_constant(values: Mapping[str, float | None]) -> pl.Expr:
    """A per-tier number as a Float64 column (``when tier == …`` chain, null for other tiers).

    Never a literal: a literal divisor is divided inexactly (see :func:`divide`), and this
    elementwise chain keeps the streaming engine streaming where ``replace_strict`` or a
    gather by tier index make Polars 2.1 materialise the frame (docs/performance.md).
    """
    chain = None
    for tier, value in values.items():
        then = pl.lit(value, dtype=pl.Float64)
        chain = (pl.when if chain is None else chain.when)(TIER == tier).then(then)
    none = pl.lit(None, dtype=pl.Float64)
    return none if chain is None else chain.otherwise(none)


def _tier_func_from_constants(expr: TierFunc, x: pl.Expr, ctx: Context) -> pl.Expr:
    """A tier function read from precomputed per-tier constants (same arithmetic as below)."""
    per = ctx.tier_constants[expr]

    def pick(key: str) -> pl.Expr:
        return tier_constant({tier: numbers.get(key) for tier, numbers in per.items()})

    match expr.func:
        case "best":
            return pick("max")
        case "worst":
            return pick("min")
        case "tier_mean":
            return pick("mean")
        case "minmax":
            low = pick("min")
            spread = pick("max") - low
            return pl.when(spread == 0).then(pl.lit(0.0)).otherwise(divide(x - low, spread))
        case "zscore":
            sd, centred = pick("sd"), x - pick("mean")
            flat = (pick("max") == pick("min")) | (sd == 0)
            return pl.when(flat).then(pl.lit(0.0)).otherwise(divide(centred, sd))
        case func if func in STATISTICS:
            return pick("value")
    raise UnsupportedExpression(f"tier function '{expr.func}'")


@compile_expr.register
def _(expr: TierFunc, ctx: Context) -> pl.Expr:
    x = compile_expr(expr.arg, ctx)
    if ctx.tier_constants is not None:
        return _tier_func_from_constants(expr, x, ctx)
    match expr.func:
        case "best":
            return x.max().over("tier")
        case "worst":
            return x.min().over("tier")
        case "tier_mean":
            count = x.count().over("tier")
            return pl.when(count > 0).then(_group_mean(x).over("tier"))
        case "minmax":
            low = x.min().over("tier")
            spread = x.max().over("tier") - low
            return pl.when(spread == 0).then(pl.lit(0.0)).otherwise(divide(x - low, spread))
        case "zscore":
            mean = _group_mean(x)
            deviation = x - mean
            variance = divide(_group_sum(deviation * deviation), x.count().cast(pl.Float64))
            sd = variance.sqrt().over("tier")
            # equal values have sd 0 exactly, not the noise their mean leaves in the deviations
            flat = (x.max() == x.min()).over("tier") | (sd == 0)
            centred = x - mean.over("tier")
            return pl.when(flat).then(pl.lit(0.0)).otherwise(divide(centred, sd))
        case func if func in STATISTICS:
            return polars_statistic(expr.func, expr.param, x).over("tier")
    raise UnsupportedExpression(f"tier function '{expr.func}'")


@compile_expr.register
def _(expr: IsMissing, ctx: Context) -> pl.Expr:
    operand = expr.operand
    if isinstance(operand, Ref) and operand.id in ctx.missing:
        return pl.col(missing_column(operand.id)).fill_null(True)
    if isinstance(operand, Ref):
        return pl.col(operand.id).is_null()  # the value itself, not 0 for an n/a score
    return compile_expr(operand, ctx).is_null()


@compile_expr.register
def _(expr: If, ctx: Context) -> pl.Expr:
    return (
        pl.when(compile_expr(expr.cond, ctx))
        .then(compile_expr(expr.then, ctx))
        .otherwise(compile_expr(expr.otherwise, ctx))
    )


@compile_expr.register
def _(expr: Ladder, ctx: Context) -> pl.Expr:
    subject = compile_expr(expr.subject, ctx)
    kind = expr_kind(expr.subject, ctx.kinds)
    chain = None
    for step in expr.steps:
        cond = compare(step.op, subject, compile_expr(step.threshold, ctx), kind)
        chain = (pl.when if chain is None else chain.when)(cond).then(compile_expr(step.value, ctx))
    otherwise = compile_expr(expr.otherwise, ctx)
    return otherwise if chain is None else chain.otherwise(otherwise)


@compile_expr.register
def _(expr: Case, ctx: Context) -> pl.Expr:
    subject = compile_expr(expr.subject, ctx)
    chain = None
    for branch in expr.branches:
        cond = subject == pl.lit(branch.option)
        chain = (pl.when if chain is None else chain.when)(cond).then(
            compile_expr(branch.value, ctx)
        )
    otherwise = compile_expr(expr.otherwise, ctx)
    return otherwise if chain is None else chain.otherwise(otherwise)


# -- steps -----------------------------------------------------------------------------------


@functools.singledispatch
def compile_step(step: Step, plan: Plan, ctx: Context) -> pl.Expr:
    """The Polars expression computing one column of the results frame."""
    raise UnsupportedExpression(f"no Polars translation for {type(step).__name__}")


@compile_step.register
def _(step: InputStep, plan: Plan, ctx: Context) -> pl.Expr:
    col = pl.col(step.column).cast(DTYPES[step.dtype])
    if step.fill is not None:
        col = col.fill_null(pl.lit(step.fill, dtype=DTYPES[step.dtype]))
    return masked(col, step.tiers, plan.tier_ids)


@compile_step.register
def _(step: MissingStep, plan: Plan, ctx: Context) -> pl.Expr:
    return masked(pl.col(step.input_id).is_null(), step.tiers, plan.tier_ids)


@compile_step.register
def _(step: ComputeStep, plan: Plan, ctx: Context) -> pl.Expr:
    local = replace(ctx, maxima=step.maxima)
    expr = compile_expr(step.expr, local)
    if step.dtype == "Float64":
        expr = expr.cast(pl.Float64)
    return masked(expr, step.tiers, plan.tier_ids)


@compile_step.register
def _(step: AggregateStep, plan: Plan, ctx: Context) -> pl.Expr:
    if not step.children:
        combined = pl.lit(0.0)
    else:
        terms = []
        for child, weight in zip(step.children, step.weights, strict=True):
            points = pl.col(child).fill_null(0.0)
            terms.append(points * weight if step.method.value == "weighted" else points)
        combined = _signed_sum(terms, step.signs)
    if step.method.value != "sum":
        divisor = per_tier(step.divisors).cast(pl.Float64)
        combined = pl.when(divisor == 0).then(pl.lit(0.0)).otherwise(divide(combined, divisor))
    return masked(combined.cast(pl.Float64), step.tiers, plan.tier_ids)


def _signed_sum(terms: list[pl.Expr], signs: tuple[float, ...]) -> pl.Expr:
    """``t1 + t2 - t3 …``: a left fold, a penalty (sign -1) deducted (as the reference does)."""
    if not signs:
        return _fold(terms, lambda a, b: a + b)
    out = terms[0] if signs[0] > 0 else -terms[0]
    for term, sign in zip(terms[1:], signs[1:], strict=True):
        out = out + term if sign > 0 else out - term
    return out


@compile_step.register
def _(step: MaxStep, plan: Plan, ctx: Context) -> pl.Expr:
    return per_tier(step.values).cast(pl.Float64)


@compile_step.register
def _(step: GrowthStep, plan: Plan, ctx: Context) -> pl.Expr:
    growth = pl.col(step.index) - pl.col(step.previous)
    if step.missing:
        growth = pl.when(pl.col(step.missing).fill_null(False)).then(None).otherwise(growth)
    return masked(growth.cast(pl.Float64), step.tiers, plan.tier_ids)


def _fired(fired_by: tuple[tuple[str, tuple[str, ...]], ...]) -> pl.Expr | None:
    """True for units with an empty unclassified-policy input their category depends on."""
    if not fired_by:
        return None
    chain = None
    for tier, cols in fired_by:
        any_missing = pl.any_horizontal([pl.col(c).fill_null(False) for c in cols])
        chain = (pl.when if chain is None else chain.when)(TIER == tier).then(any_missing)
    return chain.otherwise(pl.lit(False))


def _rule_holds(rule, tiers: tuple[str, ...]) -> pl.Expr:
    """Whether a level row's conditions all hold, with bounds per tier (grouped when equal)."""
    by_checks: dict[tuple, list[str]] = {}
    for tier in tiers:
        key = tuple((c.column, c.op, c.bound) for c in rule.checks_for(tier))
        by_checks.setdefault(key, []).append(tier)
    chain = None
    for key, key_tiers in by_checks.items():
        parts = [
            (pl.col(col) >= bound) if op == ">=" else (pl.col(col) > bound)
            for col, op, bound in key
        ]
        holds = pl.all_horizontal(parts).fill_null(False) if parts else pl.lit(True)
        if len(by_checks) == 1:
            return holds
        chain = (pl.when if chain is None else chain.when)(TIER.is_in(key_tiers)).then(holds)
    return chain.otherwise(pl.lit(False))


@compile_step.register
def _(step: LevelStep, plan: Plan, ctx: Context) -> pl.Expr:
    if not step.rules:
        return pl.lit(None, dtype=pl.String)
    unclassified = pl.lit(step.unclassified_id, dtype=pl.String)
    fired = _fired(step.fired_by)
    chain = None if fired is None else pl.when(fired).then(unclassified)
    for rule in step.rules:
        holds = _rule_holds(rule, step.tiers)
        chain = (pl.when if chain is None else chain.when)(holds).then(
            pl.lit(rule.level_id, dtype=pl.String)
        )
    return masked(chain.otherwise(unclassified), step.tiers, plan.tier_ids)


@compile_step.register
def _(step: ClassifiedStep, plan: Plan, ctx: Context) -> pl.Expr:
    if step.has_levels:
        expr = pl.col(step.level_column) != step.unclassified_id
    else:
        fired = _fired(step.fired_by)
        expr = pl.lit(True) if fired is None else fired.not_()
    return masked(expr, step.tiers, plan.tier_ids)


def rank_key(x: pl.Expr, descending: bool) -> list[pl.Expr]:
    """The rank measure as two exact numbers, its whole part and its billionths: measures
    equal on the 1e-9 grid tie, any finite measure ranks (nothing is packed into an Int64,
    which a budget in đồng times 1e9 overflows). Same operations as the reference evaluator.
    """
    whole = x.floor()
    fraction = pl.when(x.is_infinite()).then(pl.lit(0.0)).otherwise(x - whole)
    billionths = (fraction * 1e9 + 0.5).floor()
    carry = billionths >= 1e9  # 2.9999999999 is 3 on the grid
    keys = [
        pl.when(carry).then(whole + 1.0).otherwise(whole),
        pl.when(carry).then(pl.lit(0.0)).otherwise(billionths),
    ]
    # + 0.0 turns the -0.0 of a negated 0 into 0.0, so both sort as one value
    return [(-k + 0.0) if descending else k for k in keys]


def _all_unclassified(step: RankStep) -> pl.Expr:
    """True for units unclassified in every category (with a level table) of their tier."""
    chain = None
    for tier, cols in step.level_tables:
        if not cols:
            continue
        none = pl.all_horizontal([pl.col(c).not_().fill_null(False) for c in cols])
        chain = (pl.when if chain is None else chain.when)(TIER == tier).then(none)
    return pl.lit(False) if chain is None else chain.otherwise(pl.lit(False))


@compile_step.register
def _(step: RankStep, plan: Plan, ctx: Context) -> pl.Expr:
    keys = []
    for key in step.keys:
        keys += rank_key(compile_expr(key.measure, ctx).cast(pl.Float64), key.descending)
    rankable = pl.all_horizontal([k.is_not_null() for k in keys])
    if step.unclassified.value == "last":
        keys.insert(0, _all_unclassified(step).cast(pl.Int64))
    elif step.unclassified.value == "unranked":
        rankable = rankable & _all_unclassified(step).not_()
    key = pl.struct([k.alias(f"k{i}") for i, k in enumerate(keys)])
    method = "dense" if step.ties.value == "dense" else "min"
    return pl.when(rankable).then(key).rank(method).over("tier").cast(pl.Int64)


# -- the query -------------------------------------------------------------------------------


def context(plan: Plan, tier_constants: Mapping | None = None) -> Context:
    """The compile context of ``plan`` (with ``tier_constants``: tier functions as constants)."""
    kinds = plan.node_kinds()
    scoring = frozenset(c for c, k in kinds.items() if k in SCORING_KINDS)
    missing = frozenset(s.input_id for s in plan.steps() if isinstance(s, MissingStep))
    return Context(plan.value_kinds(), scoring, tier_constants=tier_constants, missing=missing)


def stage_exprs(plan: Plan) -> list[list[pl.Expr]]:
    """The named expressions of each stage, in order (what ``cqdt compile`` shows)."""
    ctx = context(plan)
    return [
        [compile_step(step, plan, ctx).alias(step.column) for step in stage]
        for stage in plan.stages
    ]


def to_polars(plan: Plan, inputs: pl.LazyFrame) -> pl.LazyFrame:
    """The lazy query scoring ``inputs`` (an inputs frame, see ``docs/scoring.md``).

    Input columns the frame lacks are added as empty, so their missing policy applies. The
    result has exactly the plan's columns, in order, one row per input row, in input order.
    """
    present = set(inputs.collect_schema().names())
    absent = [
        pl.lit(None, dtype=DTYPES[step.dtype]).alias(step.column)
        for step in plan.stages[0]
        if isinstance(step, InputStep) and step.column not in present
    ]
    prelude = absent + tier_masks(plan)
    frame = inputs.with_columns(prelude) if prelude else inputs
    for exprs in stage_exprs(plan):
        frame = frame.with_columns(exprs)
    return frame.select([pl.col(c).cast(DTYPES[t]) for c, t in plan.schema().items()])
