"""Statistics of a tier: ``median``, ``quantile``, ``skew``, ``kurtosis``, in both backends.

They look at the units of the unit's tier whose argument has a value (as ``tier_mean`` does)
and give one number per tier. The definitions are COINr's (which are e1071's type 2 and Excel's
SKEW and KURT, the sample-adjusted moments), so a framework can reproduce an index built there:

- ``quantile(x, p)``: R's default (type 7): the sorted values ``x₀ ≤ … ≤ xₙ₋₁``,
  ``h = (n - 1)·p``, ``x⌊h⌋ + (h - ⌊h⌋)·(x⌊h⌋₊₁ - x⌊h⌋)``; ``median(x)`` is ``quantile(x, 0.5)``.
- ``skew(x)``: with ``d = x - mean``, ``g = √n·Σd³ / (Σd²)^1.5``, then ``g·√(n(n-1)) / (n-2)``;
  missing for fewer than 3 values or when all are equal.
- ``kurtosis(x)`` (excess): ``r = n·Σd⁴ / (Σd²)²``, then
  ``((n+1)(r-3) + 6)(n-1) / ((n-2)(n-3))``; missing for fewer than 4 values or all equal.
- A moment whose spread underflows to 0 or whose value is not finite is missing too.

Sums are left folds in row order in both backends (as the other tier functions), and each
formula is written once per backend with the same operations in the same order, so the two
agree bit for bit (tests/index/test_tier_stats.py checks them against hand-computed values).
"""

from __future__ import annotations

import math

import polars as pl

__all__ = ["STATISTICS", "polars_statistic", "reference_statistic"]

#: The tier functions of :data:`cqdt.dsl.expr.TIER_FUNCTIONS` computed here.
STATISTICS = frozenset({"median", "quantile", "skew", "kurtosis"})

#: The fewest values each moment needs to be defined.
FEWEST = {"skew": 3, "kurtosis": 4}


def _left_sum(values: list[float]) -> float:
    total = 0.0
    for v in values:
        total += v
    return total


def quantile_of(values: list[float], p: float) -> float | None:
    """Type-7 quantile of ``values`` (None when there are none)."""
    if not values:
        return None
    ordered = sorted(values)
    h = (len(ordered) - 1) * p
    low = math.floor(h)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (h - low) * (ordered[high] - ordered[low])


def reference_statistic(func: str, param: float | None, values: list[float]) -> float | None:
    """The statistic of the present ``values`` of one tier, in plain Python."""
    if func == "median":
        return quantile_of(values, 0.5)
    if func == "quantile":
        return quantile_of(values, float(param))
    n = float(len(values))
    if len(values) < FEWEST[func] or max(values) == min(values):
        return None
    mean = _left_sum(values) / n
    d = [v - mean for v in values]
    s2 = _left_sum([e * e for e in d])
    try:
        if func == "skew":
            s3 = _left_sum([e * e * e for e in d])
            value = math.sqrt(n) * s3 / math.pow(s2, 1.5) * math.sqrt(n * (n - 1.0)) / (n - 2.0)
        else:
            s4 = _left_sum([e * e * e * e for e in d])
            r = n * s4 / (s2 * s2)
            value = ((n + 1.0) * (r - 3.0) + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0))
    except (ZeroDivisionError, OverflowError):
        return None  # the spread underflows to 0 (values equal but for noise): undefined
    return value if math.isfinite(value) else None


def _sum(x: pl.Expr) -> pl.Expr:
    """A left-fold sum in row order (``cum_sum`` is sequential; ``sum`` adds pairwise)."""
    return x.fill_null(0.0).cum_sum().last()


def polars_statistic(func: str, param: float | None, x: pl.Expr) -> pl.Expr:
    """The statistic as an aggregation of ``x`` (``.over("tier")`` or ``group_by("tier")``)."""
    if func == "median":
        return x.quantile(0.5, interpolation="linear")
    if func == "quantile":
        return x.quantile(float(param), interpolation="linear")
    n = x.count().cast(pl.Float64)
    mean = _sum(x) / n
    d = x - mean
    s2 = _sum(d * d)
    if func == "skew":
        s3 = _sum(d * d * d)
        value = n.sqrt() * s3 / s2.pow(1.5) * (n * (n - 1.0)).sqrt() / (n - 2.0)
    else:
        s4 = _sum(d * d * d * d)
        r = n * s4 / (s2 * s2)
        value = ((n + 1.0) * (r - 3.0) + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0))
    defined = (x.count() >= FEWEST[func]) & (x.max() != x.min()) & value.is_finite()
    return pl.when(defined).then(value)
