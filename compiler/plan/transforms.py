"""``log``, ``exp``, ``pow``, ``sqrt`` in both backends: a value outside a transform's domain is
missing, never NaN or ±∞ in the results.

``log(x)`` is the natural logarithm, missing for ``x ≤ 0``; ``sqrt(x)`` missing for ``x < 0``;
``exp(x)`` and ``pow(x, y)`` are missing where the result is not a finite real number (an
overflow, ``pow(-8, 1/3)``, ``pow(0, -1)``). The checks warn where the bounds of ``x`` allow
it (W550); a rule whose points end up missing is refused when scoring (``score.empty_points``).
Both backends call the same C library functions (Rust's ``ln``/``exp``/``powf`` and Python's
``math``), so they agree bit for bit; except that Polars raises to a whole power from 2 to 9 by
repeated multiplication (``x·x·x``) and to the power 0.5 by ``sqrt``, which the reference evaluator does too (:func:`power`;
tests/index/test_transforms.py fails if a Polars release changes it).
"""

from __future__ import annotations

import math

import polars as pl

__all__ = ["power", "reference_transform", "transform"]

#: Whole exponents Polars computes by repeated multiplication instead of ``pow``.
MULTIPLIED_POWERS = range(2, 10)


def _finite(value: pl.Expr) -> pl.Expr:
    return pl.when(value.is_finite()).then(value)


def transform(func: str, args: list[pl.Expr]) -> pl.Expr:
    """The Polars expression of ``func(args…)`` (missing outside its domain)."""
    x = args[0]
    if func == "log":
        return pl.when(x > 0).then(x.log())
    if func == "sqrt":
        return pl.when(x >= 0).then(x.sqrt())
    if func == "exp":
        return _finite(x.exp())
    return _finite(x.pow(args[1]))


def power(x: float, y: float) -> float:
    """``x ** y`` as Polars computes it (see the module docstring)."""
    if y == 0.5:
        return math.sqrt(x)  # Polars takes the square root
    if y.is_integer() and int(y) in MULTIPLIED_POWERS:
        out = x
        for _ in range(int(y) - 1):
            out = out * x
        return out
    return math.pow(x, y)


def reference_transform(func: str, args: list) -> float | None:
    """The same in plain Python (``None`` for missing)."""
    if any(a is None for a in args):
        return None
    x = float(args[0])
    try:
        if func == "log":
            return math.log(x) if x > 0 else None
        if func == "sqrt":
            return math.sqrt(x) if x >= 0 else None
        value = math.exp(x) if func == "exp" else power(x, float(args[1]))
    except (OverflowError, ValueError, ZeroDivisionError):
        return None
    return value if math.isfinite(value) else None
