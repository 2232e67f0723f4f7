"""Every clean column of a tier typed and checked in one Polars query.

Validation (:mod:`cqdt.runtime.intake.validate`) judges a column cell by cell only where a
cell needs judging. Finding out which columns need it used to take a dozen eager Polars calls
per column (over a thousand for the bundled example); here every asked input of a tier gets
its typed values and one flag — "some cell of this column would be reported, or must be read
as typed" — from a single ``select``. A column whose flag is down is final: validating it
cell by cell would report nothing and give the same values. A flagged column goes through the
cell-by-cell path, so every diagnostic keeps its cell, its value as typed and its hint.

Already-typed columns (a number column calamine read as floats, a Parquet boolean) are not
normalised as text: only their non-finite values and bounds are checked.
"""

from __future__ import annotations

import polars as pl

from cqdt.compiler.model.nodes import Input, InputType, MissingPolicy
from cqdt.compiler.model.types import NUMERIC
from cqdt.dsl.expr import EPSILON
from cqdt.runtime.intake.values import (
    AMBIGUOUS_PATTERN,
    BIDI_PATTERN_POLARS,
    CONTROL_PATTERN_POLARS,
    YESNO_SPELLINGS,
)

__all__ = ["clean_text_expr", "settled_columns"]


def clean_text_expr(expr: pl.Expr) -> pl.Expr:
    """NFC, control characters as spaces, trimmed, empty → null (the form every text value is
    compared in; see :func:`cqdt.runtime.intake.values.normalize_text`)."""
    s = (
        expr.cast(pl.String)
        .str.replace_all(BIDI_PATTERN_POLARS, "")
        .str.replace_all(CONTROL_PATTERN_POLARS, " ")
        .str.normalize("NFC")
        .str.strip_chars()
    )
    return pl.when(s.str.len_chars() == 0).then(None).otherwise(s)


def _bounds_broken(inp: Input, values: pl.Expr) -> pl.Expr:
    """Whether some value breaks a rule of the number input (the masks of D102–D106)."""
    pct = inp.type is InputType.PERCENT
    broken = pl.lit(False)
    if pct:
        broken = broken | (values > 1 + EPSILON).any()
    if inp.type is InputType.COUNT:
        broken = broken | (values < 0).any() | ((values - values.round(0)).abs() > EPSILON).any()
    low = inp.minimum if inp.minimum is not None else (0.0 if pct else None)
    if low is not None:
        broken = broken | (values < low - EPSILON).any()
    if inp.maximum is not None:
        broken = broken | (values > inp.maximum + EPSILON).any()
    return broken


def _number(inp: Input, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr] | None:
    col = pl.col(inp.id)
    if dtype == pl.String:
        cleaned = clean_text_expr(col)
        values = cleaned.cast(pl.Float64, strict=False)
        failed = cleaned.is_not_null() & (
            values.is_null()
            | ~values.is_finite()
            | cleaned.str.replace_all(r"[\s\u00a0]", "").str.contains(AMBIGUOUS_PATTERN)
        )
    elif dtype.is_numeric():
        values = col.cast(pl.Float64, strict=False)
        failed = values.is_not_null() & ~values.is_finite()
    else:
        return None
    return values, failed.any() | _bounds_broken(inp, values)


def _yesno(inp: Input, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr] | None:
    col = pl.col(inp.id)
    if dtype == pl.Boolean:
        return col, pl.lit(False)
    if dtype != pl.String:
        return None
    cleaned = clean_text_expr(col).str.to_lowercase()
    values = cleaned.replace_strict(YESNO_SPELLINGS, default=None, return_dtype=pl.Boolean)
    return values, (cleaned.is_not_null() & values.is_null()).any()


def _textual(inp: Input, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr] | None:
    values = clean_text_expr(pl.col(inp.id).cast(pl.String))
    if inp.type is InputType.CHOICE:
        outside = values.is_not_null() & ~values.is_in(list(inp.choices))
        return values, outside.any()
    return values, pl.lit(False)


def _column(inp: Input, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr] | None:
    """The typed values of one column and whether it needs the cell-by-cell path (None: a
    dtype only that path reads)."""
    if inp.type in NUMERIC:
        found = _number(inp, dtype)
    elif inp.type is InputType.YESNO:
        found = _yesno(inp, dtype)
    else:
        found = _textual(inp, dtype)
    if found is None:
        return None
    values, flag = found
    if inp.missing is MissingPolicy.ERROR:
        flag = flag | values.is_null().any()
    return values, flag


def settled_columns(
    frame: pl.DataFrame, asked: tuple[Input, ...], unsettled: set[str]
) -> dict[str, pl.Series]:
    """The typed values of every asked input whose column needs no cell-by-cell look, from
    one query over ``frame`` (columns named in ``unsettled``, e.g. with cells kept as text by
    the reader, are left out)."""
    values: list[pl.Expr] = []
    flags: list[pl.Expr] = []
    for inp in asked:
        if inp.id not in frame.columns or inp.id in unsettled:
            continue
        found = _column(inp, frame.schema[inp.id])
        if found is None:
            continue
        values.append(found[0].alias(inp.id))
        flags.append(found[1].alias(inp.id))
    if not values:
        return {}
    flagged = frame.select(flags).row(0, named=True)
    keep = [v for v, flag in zip(values, flagged.values(), strict=True) if not flag]
    if not keep:
        return {}
    return dict(frame.select(keep).to_dict())
