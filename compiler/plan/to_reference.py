"""The reference evaluator: the scoring plan computed in plain Python, one unit at a time.

It is slow and obvious on purpose. It is the oracle of the property tests: for random
frameworks and random data the Polars backend must give the same results frame. Where the
two could round differently, both do the same floating-point operations in the same order
(left folds, constants computed once in the plan).

Empty values follow the rules Polars follows, so the two agree even on units an input was not
asked of: arithmetic with an empty value is empty; ``and``/``or`` are three-valued
(``no and empty`` is no); an ``if`` whose condition is empty takes ``else``; ``a / b`` is empty
when ``b`` is 0 or empty.

>>> from cqdt.compiler.plan.build import build_plan
>>> # evaluate(build_plan(fw), [{"tier": "t", "code": "U1", "name": "…", "a": 0.5}])
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field

from cqdt.compiler.plan.aggregates import GrowthStep
from cqdt.compiler.plan.build import (
    SCORING_KINDS,
    AggregateStep,
    Check,
    ClassifiedStep,
    ComputeStep,
    InputStep,
    LevelStep,
    MaxStep,
    MissingStep,
    Plan,
    RankStep,
    Step,
    TiePolicy,
    UnclassifiedRanking,
    ValueKind,
    expr_kind,
)
from cqdt.compiler.plan.tier_stats import STATISTICS, reference_statistic
from cqdt.compiler.plan.transforms import reference_transform
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

__all__ = ["evaluate"]

ROUND_NUDGE = 0.5 + EPSILON


def _lookup(pairs, tier):
    for t, v in pairs:
        if t == tier:
            return v
    return None


def safe_div(a, b):
    """``a / b``; empty when ``b`` is 0 or empty (as the Polars backend)."""
    if a is None or b is None or b == 0:
        return None
    return a / b


def compare(op: str, a, b, kind: ValueKind):
    if a is None or b is None:
        return None
    if kind is not ValueKind.NUMBER:
        return a == b if op == "=" else a != b
    if op == ">=":
        return a >= b - EPSILON
    if op == ">":
        return a > b + EPSILON
    if op == "<=":
        return a <= b + EPSILON
    if op == "<":
        return a < b - EPSILON
    if op == "=":
        return abs(a - b) <= EPSILON
    return abs(a - b) > EPSILON


def round_half_away(x, digits):
    if x is None or digits is None:
        return None
    scale = math.pow(10.0, digits)
    scaled = abs(x) * scale + ROUND_NUDGE
    if math.isinf(scaled):
        return x  # a whole number already (see the Polars backend)
    magnitude = math.floor(scaled) / scale
    return -magnitude if x < 0 else magnitude


def _and(a, b):
    if a is False or b is False:
        return False
    if a is None or b is None:
        return None
    return True


def _or(a, b):
    if a is True or b is True:
        return True
    if a is None or b is None:
        return None
    return False


def _number(value):
    """A yes/no counts as 1.0 or 0.0 in arithmetic; other values (and None) are unchanged."""
    return float(value) if isinstance(value, bool) else value


def _arith(op: str, a, b):
    if op == "/":
        return safe_div(a, b)
    if a is None or b is None:
        return None
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    return a * b


def _left_sum(values: list[float]) -> float:
    """``((v1 + v2) + v3) + …`` in row order: the order the Polars backend adds them in."""
    total = 0.0
    for v in values:
        total += v
    return total


def rank_key(x: float, descending: bool) -> tuple[float, float]:
    """The rank measure as (whole part, billionths): equal on the 1e-9 grid means tied, and
    any finite measure ranks (the same operations as the Polars backend's ``rank_key``)."""
    if math.isinf(x):
        whole, billionths = x, 0.0
    else:
        whole = float(math.floor(x))
        billionths = float(math.floor((x - whole) * 1e9 + 0.5))
        if billionths >= 1e9:
            whole, billionths = whole + 1.0, 0.0
    return (-whole + 0.0, -billionths + 0.0) if descending else (whole, billionths)


@dataclass
class _Evaluator:
    plan: Plan
    rows: list[dict]
    kinds: dict[str, ValueKind] = field(init=False)
    scoring: frozenset[str] = field(init=False)
    by_tier: dict[str, list[int]] = field(init=False)
    maxima: tuple = ()
    tier_cache: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.kinds = self.plan.value_kinds()
        self.scoring = frozenset(c for c, k in self.plan.node_kinds().items() if k in SCORING_KINDS)
        self.by_tier = {}
        for i, row in enumerate(self.rows):
            self.by_tier.setdefault(row["tier"], []).append(i)

    # expressions ---------------------------------------------------------------------------

    def expr(self, e: Expr, i: int):
        row = self.rows[i]
        match e:
            case Num(value=v):
                return float(v)
            case Str(value=v) | Bool(value=v):
                return v
            case Ref(id=name):
                v = row.get(name)
                return 0.0 if v is None and name in self.scoring else v
            case MaxPoints():
                return _lookup(self.maxima, row["tier"])
            case Unary(op="not", operand=operand):
                v = self.expr(operand, i)
                return None if v is None else not v
            case Unary(op="-", operand=operand):
                v = self.expr(operand, i)
                return None if v is None else -v
            case Binary(op="and", left=left, right=right):
                return _and(self.expr(left, i), self.expr(right, i))
            case Binary(op="or", left=left, right=right):
                return _or(self.expr(left, i), self.expr(right, i))
            case Binary(op=op, left=left, right=right) if op in ("+", "-", "*", "/"):
                return _arith(op, _number(self.expr(left, i)), _number(self.expr(right, i)))
            case Binary(op=op, left=left, right=right):
                kind = expr_kind(left, self.kinds)
                return compare(op, self.expr(left, i), self.expr(right, i), kind)
            case Call():
                return self.call(e, i)
            case TierFunc():
                return self.tier_func(e, i)
            case IsMissing(operand=Ref(id=name)):
                flag = f"{name}.missing"
                if flag in row:
                    return True if row[flag] is None else row[flag]
                return row.get(name) is None
            case IsMissing(operand=operand):
                return self.expr(operand, i) is None
            case If(cond=cond, then=then, otherwise=otherwise):
                return self.expr(then if self.expr(cond, i) is True else otherwise, i)
            case Ladder(subject=subject, steps=steps, otherwise=otherwise):
                value = self.expr(subject, i)
                kind = expr_kind(subject, self.kinds)
                for step in steps:
                    if compare(step.op, value, self.expr(step.threshold, i), kind) is True:
                        return self.expr(step.value, i)
                return self.expr(otherwise, i)
            case Case(subject=subject, branches=branches, otherwise=otherwise):
                value = self.expr(subject, i)
                for branch in branches:
                    if value is not None and value == branch.option:
                        return self.expr(branch.value, i)
                return self.expr(otherwise, i)
        raise TypeError(f"the reference evaluator cannot compute {type(e).__name__}")

    def call(self, e: Call, i: int):
        args = [self.expr(a, i) for a in e.args]
        match e.func:
            case "min" | "cap":
                return None if None in args else min(args)
            case "max":
                return None if None in args else max(args)
            case "mean":
                total = args[0]
                for a in args[1:]:
                    total = _arith("+", total, a)
                return None if total is None else total / float(len(args))
            case "abs":
                return None if args[0] is None else abs(args[0])
            case "clamp":
                x, low, high = args
                if compare_exact("<", x, low):
                    return low
                if compare_exact(">", x, high):
                    return high
                return x
            case "round":
                return round_half_away(args[0], args[1])
            case "count_yes":
                return None if None in args else float(sum(1 for a in args if a is True))
            case "log" | "exp" | "pow" | "sqrt":
                return reference_transform(e.func, args)
        raise TypeError(f"unknown function {e.func}")

    def tier_stats(self, e: TierFunc, tier: str) -> tuple:
        """(best, worst, mean, sd) of ``e.arg`` over the tier's units, computed once per step."""
        key = (id(e), tier)
        if key not in self.tier_cache:
            values = [self.expr(e.arg, j) for j in self.by_tier[tier]]
            present = [v for v in values if v is not None]
            if not present:
                self.tier_cache[key] = (None, None, None, None)
            else:
                mean = _left_sum(present) / len(present)
                variance = _left_sum([(v - mean) * (v - mean) for v in present]) / len(present)
                best, worst = max(present), min(present)
                # equal values have sd 0 exactly, not the noise their mean leaves behind
                sd = 0.0 if best == worst else math.sqrt(variance)
                self.tier_cache[key] = (best, worst, mean, sd)
        return self.tier_cache[key]

    def tier_statistic(self, e: TierFunc, tier: str) -> float | None:
        """``median``, ``quantile``, ``skew``, ``kurtosis`` of the tier, computed once per step."""
        key = ("statistic", id(e), tier)
        if key not in self.tier_cache:
            values = [self.expr(e.arg, j) for j in self.by_tier[tier]]
            present = [float(v) for v in values if v is not None]
            self.tier_cache[key] = reference_statistic(e.func, e.param, present)
        return self.tier_cache[key]

    def tier_func(self, e: TierFunc, i: int):
        if e.func in STATISTICS:
            return self.tier_statistic(e, self.rows[i]["tier"])
        best, worst, mean, sd = self.tier_stats(e, self.rows[i]["tier"])
        x = self.expr(e.arg, i)
        match e.func:
            case "best":
                return best
            case "worst":
                return worst
            case "tier_mean":
                return mean
            case "minmax":
                if best is None:
                    return None
                spread = best - worst
                if spread == 0:
                    return 0.0
                return None if x is None else (x - worst) / spread
            case "zscore":
                if sd is None:
                    return None
                if sd == 0:
                    return 0.0
                return None if x is None else (x - mean) / sd
        raise TypeError(f"unknown tier function {e.func}")

    # steps ---------------------------------------------------------------------------------

    def step(self, step: Step, i: int):
        row = self.rows[i]
        tier = row["tier"]
        if tier not in step.tiers and not isinstance(step, RankStep):
            return None
        match step:
            case InputStep():
                v = row.get(step.column)
                if v is None:
                    return step.fill
                if step.dtype == "Float64":
                    return float(v)
                return v
            case MissingStep():
                return row.get(step.input_id) is None
            case ComputeStep():
                v = self.expr(step.expr, i)
                return float(v) if step.dtype == "Float64" and v is not None else v
            case AggregateStep():
                return self.aggregate(step, i)
            case MaxStep():
                return _lookup(step.values, tier)
            case LevelStep():
                return self.level(step, i)
            case GrowthStep():
                index, previous = row.get(step.index), row.get(step.previous)
                if (step.missing and row.get(step.missing)) or index is None or previous is None:
                    return None
                return index - previous
            case ClassifiedStep():
                if step.has_levels:
                    level = row.get(step.level_column)
                    return None if level is None else level != step.unclassified_id
                return not self.fired(step.fired_by, i)
        raise TypeError(f"the reference evaluator cannot compute {type(step).__name__}")

    def aggregate(self, step: AggregateStep, i: int):
        row = self.rows[i]
        total = 0.0
        signs = step.signs or (1.0,) * len(step.children)
        for n, (child, weight) in enumerate(zip(step.children, step.weights, strict=True)):
            points = row.get(child)
            points = 0.0 if points is None else points
            term = points * weight if step.method.value == "weighted" else points
            if signs[n] < 0:  # a penalty (điểm trừ) is deducted
                total = -term if n == 0 else total - term
            else:
                total = term if n == 0 else total + term
        if step.method.value != "sum":
            divisor = _lookup(step.divisors, row["tier"])
            total = 0.0 if divisor == 0 else safe_div(total, divisor)
        return total

    def fired(self, fired_by, i: int) -> bool:
        row = self.rows[i]
        cols = _lookup(fired_by, row["tier"]) or ()
        return any(row.get(c) is True for c in cols)

    def level(self, step: LevelStep, i: int):
        if not step.rules:
            return None
        if self.fired(step.fired_by, i):
            return step.unclassified_id
        row = self.rows[i]
        for rule in step.rules:
            checks: tuple[Check, ...] = rule.checks_for(row["tier"])
            if all(check.holds(row.get(check.column)) for check in checks):
                return rule.level_id
        return step.unclassified_id

    def all_unclassified(self, step: RankStep, i: int) -> bool:
        row = self.rows[i]
        cols = _lookup(step.level_tables, row["tier"]) or ()
        if not cols:
            return False
        return all((row.get(c) is not None and not row.get(c)) for c in cols)

    def rank(self, step: RankStep) -> list[int | None]:
        keys: list[tuple | None] = []
        for i in range(len(self.rows)):
            key = []
            for k in step.keys:
                v = self.expr(k.measure, i)
                if v is None:
                    key = None
                    break
                key.extend(rank_key(float(v), k.descending))
            if key is not None:
                if step.unclassified is UnclassifiedRanking.LAST:
                    key.insert(0, int(self.all_unclassified(step, i)))
                elif step.unclassified is UnclassifiedRanking.UNRANKED:
                    if self.all_unclassified(step, i):
                        key = None
            keys.append(None if key is None else tuple(key))
        ranks: list[int | None] = [None] * len(self.rows)
        for members in self.by_tier.values():
            present = sorted(keys[i] for i in members if keys[i] is not None)
            distinct = sorted(set(present))
            for i in members:
                if keys[i] is None:
                    continue
                # 1 + how many units (competition) or distinct keys (dense) come strictly before
                ahead = distinct if step.ties is TiePolicy.DENSE else present
                ranks[i] = 1 + bisect.bisect_left(ahead, keys[i])
        return ranks

    def run(self) -> list[dict]:
        for stage in self.plan.stages:
            new: dict[str, list] = {}
            for step in stage:
                self.tier_cache = {}
                self.maxima = getattr(step, "maxima", ())
                if isinstance(step, RankStep):
                    new[step.column] = self.rank(step)
                else:
                    new[step.column] = [self.step(step, i) for i in range(len(self.rows))]
            for column, values in new.items():
                for row, value in zip(self.rows, values, strict=True):
                    row[column] = value
        columns = self.plan.columns
        return [{c: row.get(c) for c in columns} for row in self.rows]


def compare_exact(op: str, a, b):
    if a is None or b is None:
        return None
    return a < b if op == "<" else a > b


def evaluate(plan: Plan, rows: list[dict]) -> list[dict]:
    """The results rows (same columns as the Polars backend) for the input rows."""
    return _Evaluator(plan, [dict(row) for row in rows]).run()


def expression_values(plan: Plan, rows: list[dict]):
    """A function ``value(expr, i, maxima=())`` giving any expression's value for row ``i`` of
    a results frame, computed as the reference backend computes it (tier functions across the
    rows of the unit's tier; ``maxima`` are ``(tier, max)`` pairs for ``max``).

    ``cqdt explain`` uses it to show the numbers inside a rule, so the trace and the scores
    come from one definition of every operator."""
    evaluator = _Evaluator(plan, [dict(row) for row in rows])

    def value(expr: Expr, i: int, maxima: tuple = ()):
        evaluator.maxima = maxima
        return evaluator.expr(expr, i)

    return value
