"""Validation shared by every reader: raw answers of one tier → typed, checked columns.

Readers (xlsx, CSV, Parquet) only find the rows and columns of each tier and say where each
cell is (:class:`TierRows`); everything a unit can get wrong is checked here, once, so the
three formats accept exactly the same data and report the same problems. Checks are vectorised
with Polars and only the offending cells are visited one by one, so a clean 10,000-unit
workbook is validated in a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from cqdt.compiler.model.contract import asked_inputs
from cqdt.compiler.model.nodes import Framework, Input, InputType, MissingPolicy
from cqdt.compiler.model.types import NUMERIC, input_dtype
from cqdt.compiler.plan.to_polars import DTYPES
from cqdt.diagnostics import CellRef, Diagnostic
from cqdt.dsl.expr import EPSILON
from cqdt.i18n import text
from cqdt.runtime.intake.column_checks import clean_text_expr, settled_columns
from cqdt.runtime.intake.messages import data_diagnostic
from cqdt.runtime.intake.registry import UnitRegistry
from cqdt.runtime.intake.values import (
    AMBIGUOUS_PATTERN,
    NO_SPELLINGS,
    YES_SPELLINGS,
    YESNO_SPELLINGS,
    decimal_mark,
    describe_expected,
    format_value,
    is_ambiguous_number,
    match_choice,
    parse_number,
    range_text,
    suggest,
)

__all__ = ["TierRows", "dtype_of", "empty_inputs_frame", "validate_tier"]


@dataclass
class TierRows:
    """The raw rows of one tier as a reader found them.

    ``frame`` has ``code`` and ``name`` (String, may be null) and one column per header id
    found (any dtype: String, Float64, Boolean …), rows in file order, blank rows included.
    ``text_cells`` holds, per column, cells a typed reader could not read as its dtype
    (row index → the raw text); such cells are null in ``frame``. ``cell(column, row)`` and
    ``header(column)`` say where a value or a column header is. ``flagged`` lists cells
    already reported by the reader (formulas without values), which later checks skip.
    """

    tier: str
    frame: pl.DataFrame
    cell: Callable[[str, int], CellRef]
    header: Callable[[str | None], CellRef]
    text_cells: dict[str, dict[int, str]] = field(default_factory=dict)
    flagged: set[tuple[str, int]] = field(default_factory=set)
    #: The decimal mark the whole file shows (every tier, every column), used when the values
    #: of one column in one tier do not decide it (a tier of six rows all written ``616.984``).
    file_decimal_mark: str | None = None


def dtype_of(inp: Input) -> pl.DataType:
    """Polars dtype of an input in the inputs frame."""
    return DTYPES[input_dtype(inp.type)]()


def empty_inputs_frame(fw: Framework) -> pl.DataFrame:
    """An inputs frame with no rows (the schema every reader returns)."""
    schema = {"tier": pl.String(), "code": pl.String(), "name": pl.String()}
    schema.update({inp.id: dtype_of(inp) for inp in fw.inputs})
    return pl.DataFrame(schema=schema)


def _clean_text(series: pl.Series) -> pl.Series:
    """``series`` through :func:`~cqdt.runtime.intake.column_checks.clean_text_expr`."""
    return series.to_frame("s").select(clean_text_expr(pl.col("s"))).to_series().alias(series.name)


def validate_tier(
    fw: Framework,
    rows: TierRows,
    units: UnitRegistry | None,
    problems: list[Diagnostic],
    warnings: list[Diagnostic],
) -> pl.DataFrame:
    """Check one tier's rows; return its part of the inputs frame (tier, code, name, inputs).

    Every problem is appended to ``problems`` (warnings to ``warnings``); cells with problems
    are null in the returned frame, which is only used when ``problems`` stays empty.
    """
    tier = rows.tier
    frame = rows.frame.with_row_index("_row")
    asked = asked_inputs(fw, tier)
    _check_columns(fw, rows, frame, asked, problems, warnings)
    frame = _unit_rows(rows, frame, problems)
    first_row = _first_rows(rows, frame, problems)
    if units is not None:
        frame = _against_registry(fw, rows, frame, first_row, units, problems, warnings)
    out = _typed_values(fw, rows, frame, asked, problems)
    columns = [
        pl.lit(tier, pl.String).alias("tier"),
        pl.col("code"),
        pl.col("name"),
    ]
    result = frame.select(columns)
    result = result.with_columns(
        [
            out[inp.id].alias(inp.id)
            if inp.id in out
            else pl.lit(None, dtype_of(inp)).alias(inp.id)
            for inp in fw.inputs
        ]
    )
    return result


def _unit_rows(rows: TierRows, frame: pl.DataFrame, problems: list[Diagnostic]) -> pl.DataFrame:
    """Codes and names cleaned; blank rows dropped; a row with answers but no code is D119."""
    codes = (
        _clean_text(frame["code"])
        if "code" in frame.columns
        else pl.Series("code", [None] * frame.height, pl.String)
    )
    names = (
        _clean_text(frame["name"])
        if "name" in frame.columns
        else pl.Series("name", [None] * frame.height, pl.String)
    )
    frame = frame.with_columns(codes.alias("code"), names.alias("name"))
    value_columns = [c for c in frame.columns if c not in ("_row", "code", "name")]
    has_value = (
        pl.any_horizontal(
            [_present(frame, c) for c in value_columns] + [pl.col("name").is_not_null()]
        )
        if value_columns or "name" in frame.columns
        else pl.lit(False)
    )
    text_rows = {r for cells in rows.text_cells.values() for r in cells}
    keep = frame.select(
        (pl.col("code").is_not_null() | has_value | pl.col("_row").is_in(list(text_rows))).alias(
            "k"
        )
    ).to_series()
    frame = frame.filter(keep)
    for row in frame.filter(pl.col("code").is_null())["_row"].to_list():
        problems.append(
            data_diagnostic(
                "D119", rows.cell("code", row), expected=text("mã đơn vị", "a unit code")
            )
        )
    return frame.filter(pl.col("code").is_not_null())


def _first_rows(rows: TierRows, frame: pl.DataFrame, problems: list[Diagnostic]) -> dict[str, int]:
    """Each code's first row; a code on a second row is D110."""
    first_row: dict[str, int] = {}
    for code, row in zip(frame["code"].to_list(), frame["_row"].to_list(), strict=True):
        if code in first_row:
            problems.append(
                data_diagnostic(
                    "D110",
                    rows.cell("code", row),
                    code=code,
                    value=code,
                    expected=text("mỗi đơn vị một dòng", "one row per unit"),
                    related=(
                        (
                            rows.cell("code", first_row[code]),
                            text("xuất hiện lần đầu", "first seen here"),
                        ),
                    ),
                )
            )
        else:
            first_row[code] = row

    return first_row


def _against_registry(
    fw: Framework,
    rows: TierRows,
    frame: pl.DataFrame,
    first_row: dict[str, int],
    units: UnitRegistry,
    problems: list[Diagnostic],
    warnings: list[Diagnostic],
) -> pl.DataFrame:
    """D111 a code the registry does not have, D112 a registered unit without a row, D120 a
    name edited on the form; the registry's names are the ones kept."""
    tier = rows.tier
    registered = units.by_tier(tier)
    registered_codes = {u.code for u in registered}
    for code, row in first_row.items():
        if code not in registered_codes:
            problems.append(
                data_diagnostic(
                    "D111",
                    rows.cell("code", row),
                    code=code,
                    tier=fw.tier(tier).label,
                    value=code,
                    expected=_codes_hint(registered_codes, code),
                )
            )
    for unit in registered:
        if unit.code not in first_row:
            problems.append(
                data_diagnostic(
                    "D112",
                    rows.header("code"),
                    code=unit.code,
                    name=unit.name,
                    tier=fw.tier(tier).label,
                    value=None,
                    expected=unit.code,
                )
            )
    registry_names = {u.code: u.name for u in registered}
    for code, name, row in frame.select("code", "name", "_row").iter_rows():
        known_name = registry_names.get(code)
        if name is not None and known_name is not None and name != known_name:
            warnings.append(
                data_diagnostic(
                    "D120",
                    rows.cell("name", row),
                    code=code,
                    value=name,
                    expected=known_name,
                    warning=True,
                )
            )
    # The registry is the official list: its name is published, the form's edit is D120.
    frame = frame.with_columns(
        pl.col("code")
        .replace_strict(registry_names, default=None, return_dtype=pl.String)
        .fill_null(pl.col("name"))
        .alias("name")
    )

    return frame


def _typed_values(
    fw: Framework,
    rows: TierRows,
    frame: pl.DataFrame,
    asked: tuple[Input, ...],
    problems: list[Diagnostic],
) -> dict[str, pl.Series]:
    """Every asked input's typed column (clean columns from one query, the others cell by
    cell), D118 for required answers left empty, D107 for ``at most`` broken."""
    known = {inp.id: inp for inp in fw.inputs}
    out: dict[str, pl.Series] = {}
    row_ids = frame["_row"]
    settled = settled_columns(frame, asked, {c for c, cells in rows.text_cells.items() if cells})
    for inp in asked:
        if inp.id not in frame.columns:
            out[inp.id] = pl.Series(inp.id, [None] * frame.height, dtype_of(inp))
            continue
        if inp.id in settled:
            out[inp.id] = settled[inp.id]
            continue
        texts = dict(rows.text_cells.get(inp.id, {}))
        series, bad = _typed(inp, frame[inp.id], row_ids, texts, rows, problems)
        if inp.missing is MissingPolicy.ERROR:
            empty = row_ids.filter(series.is_null()).to_list()
            for row in empty:
                if row in bad or (inp.id, row) in rows.flagged:
                    continue
                problems.append(
                    data_diagnostic(
                        "D118",
                        rows.cell(inp.id, row),
                        input=_named(inp),
                        expected=describe_expected(inp),
                    )
                )
        out[inp.id] = series
    for inp in asked:
        if inp.at_most and inp.at_most in out and inp.id in out:
            _check_at_most(
                inp, out[inp.id], out[inp.at_most], row_ids, rows, problems, known[inp.at_most]
            )

    return out


def _check_columns(
    fw: Framework,
    rows: TierRows,
    frame: pl.DataFrame,
    asked: tuple[Input, ...],
    problems: list[Diagnostic],
    warnings: list[Diagnostic],
) -> None:
    """D114 a column that is no input, D122 answers to an input the tier is not asked
    (ignored), D113 an asked input without a column."""
    known = {inp.id: inp for inp in fw.inputs}
    asked_ids = {inp.id for inp in asked}
    for column in frame.columns:
        if column in ("_row", "code", "name"):
            continue
        if column not in known:
            if frame[column].null_count() == frame.height and column.startswith("__UNNAMED__"):
                continue
            problems.append(
                data_diagnostic(
                    "D114",
                    rows.header(column),
                    column=column,
                    value=column,
                    expected=text("một mã câu hỏi của khối", "an input id of the tier"),
                )
            )
        elif column not in asked_ids:
            filled = frame[column].drop_nulls()
            if filled.dtype == pl.String:
                filled = filled.filter(filled.str.strip_chars() != "")
            if filled.len():
                warnings.append(
                    data_diagnostic("D122", rows.header(column), warning=True, input=column)
                )
    for inp in asked:
        if inp.id not in frame.columns:
            problems.append(
                data_diagnostic(
                    "D113", rows.header(None), input=_named(inp), value=None, expected=inp.id
                )
            )


def _present(frame: pl.DataFrame, column: str) -> pl.Expr:
    col = pl.col(column)
    if frame[column].dtype == pl.String:
        return col.is_not_null() & (col.str.strip_chars() != "")
    return col.is_not_null()


def _codes_hint(codes: set[str], code: str) -> str:
    close = suggest(code, sorted(codes))
    if close:
        return text(f"có phải {close}?", f"did you mean {close}?")
    return text("một mã trong danh sách đơn vị", "a code from the units registry")


# -- one column -------------------------------------------------------------------------------


def _typed(
    inp: Input,
    raw: pl.Series,
    row_ids: pl.Series,
    texts: dict[int, str],
    rows: TierRows,
    problems: list[Diagnostic],
) -> tuple[pl.Series, set[int]]:
    """The typed column of ``inp`` and the rows with a reported problem."""
    if inp.type in NUMERIC:
        return _numeric(inp, raw, row_ids, texts, rows, problems)
    if inp.type is InputType.YESNO:
        return _yesno(inp, raw, row_ids, texts, rows, problems)
    return _textual(inp, raw, row_ids, texts, rows, problems)


def _as_float(raw: pl.Series, row_ids: pl.Series, texts: dict[int, str]) -> pl.Series:
    """``raw`` as Float64; every cell that is not a plain finite number goes to ``texts`` (as
    typed) and is null here, to be judged by :func:`_read_texts`."""
    if raw.dtype == pl.String:
        cleaned = _clean_text(raw)
        values = cleaned.cast(pl.Float64, strict=False)
        failed = cleaned.is_not_null() & (
            values.is_null()
            | ~values.is_finite()
            | cleaned.str.replace_all(r"[\s\u00a0]", "").str.contains(AMBIGUOUS_PATTERN)
        )
        for i in failed.arg_true().to_list():
            texts[int(row_ids[i])] = cleaned[i]
        values = pl.select(pl.when(failed).then(None).otherwise(values)).to_series()
    elif raw.dtype == pl.Boolean:
        for i in raw.is_not_null().arg_true().to_list():
            texts[int(row_ids[i])] = str(raw[i]).upper()
        values = pl.Series([None] * raw.len(), dtype=pl.Float64)
    elif raw.dtype.is_numeric():
        values = raw.cast(pl.Float64, strict=False)
        # A float NaN or infinity (pandas writes NaN for a missing value) is no number: Polars
        # orders NaN above every number, so it would get full points and rank 1.
        not_finite = values.is_not_null() & ~values.is_finite()
        for i in not_finite.arg_true().to_list():
            v = values[i]
            texts[int(row_ids[i])] = "NaN" if v != v else ("INF" if v > 0 else "-INF")
        values = pl.select(pl.when(not_finite).then(None).otherwise(values)).to_series()
    else:
        # Dates, durations, lists, structs: not a number, whatever their integer encoding.
        try:
            as_text = raw.cast(pl.String, strict=False) if not raw.dtype.is_nested() else None
        except pl.exceptions.PolarsError:  # a Duration has no cast to text
            as_text = None
        for i in raw.is_not_null().arg_true().to_list():
            shown = as_text[i] if as_text is not None else str(raw[i])
            texts[int(row_ids[i])] = shown or str(raw[i])
        values = pl.Series([None] * raw.len(), dtype=pl.Float64)
    return values


def _read_texts(inp, raw, texts, position, rows, problems, bad):
    """Parse the cells kept as text (see :mod:`cqdt.runtime.intake.values`): the positions and
    numbers to put in the column, and the rows typed with a ``%`` sign; problems reported."""
    explicit_pct: set[int] = set()
    fixes_idx: list[int] = []
    fixes_val: list[float] = []
    mark: str | None = ""  # computed once, only when some value is ambiguous

    def refuse(code: str, row: int, raw_text: str, **shown: str) -> None:
        bad.add(row)
        problems.append(
            data_diagnostic(
                code,
                rows.cell(inp.id, row),
                input=_named(inp),
                value=raw_text,
                expected=describe_expected(inp),
                **shown,
            )
        )

    for row, raw_text in sorted(texts.items()):
        if row not in position:
            continue
        ambiguous = is_ambiguous_number(raw_text)
        if ambiguous and mark == "":
            samples = list(texts.values())
            if raw.dtype == pl.String:
                samples.extend(raw.drop_nulls().unique().to_list())
            mark = decimal_mark(samples) or rows.file_decimal_mark
        if ambiguous and (mark is None or mark not in raw_text):
            refuse("D130", row, raw_text, shown=raw_text)
            continue
        number = parse_number(raw_text)
        if number is not None and raw_text.strip().endswith("%"):
            if inp.type is not InputType.PERCENT:
                refuse("D131", row, raw_text, shown=raw_text)
                continue
        if number is None:
            refuse("D101", row, raw_text)
            continue
        if raw_text.strip().endswith("%"):
            explicit_pct.add(row)
        fixes_idx.append(position[row])
        fixes_val.append(number)
    return fixes_idx, fixes_val, explicit_pct


def _numeric(inp, raw, row_ids, texts, rows, problems):
    bad: set[int] = set()
    position = {r: i for i, r in enumerate(row_ids.to_list())}
    values = _as_float(raw, row_ids, texts)
    fixes_idx, fixes_val, explicit_pct = _read_texts(inp, raw, texts, position, rows, problems, bad)
    if fixes_idx:
        values = values.scatter(fixes_idx, fixes_val)
    values = values.alias(inp.id)
    pct = inp.type is InputType.PERCENT

    def report(mask: pl.Series, code: str, **fields) -> None:
        for i in mask.fill_null(False).arg_true().to_list():
            row = int(row_ids[i])
            if row in bad:
                continue
            bad.add(row)
            v = values[i]
            problems.append(
                data_diagnostic(
                    code,
                    rows.cell(inp.id, row),
                    input=_named(inp),
                    value=format_value(v, pct and row in explicit_pct),
                    expected=describe_expected(inp),
                    **{k: f(v) if callable(f) else f for k, f in fields.items()},
                )
            )

    if pct:
        over = values > 1 + EPSILON
        explicit = row_ids.is_in(list(explicit_pct))
        report(over & ~explicit & (values <= 100), "D102", number=format_value)
        report(over, "D103", shown=lambda v: format_value(v, True))
    if inp.type is InputType.COUNT:
        report(values < 0, "D104")
        report((values - values.round(0)).abs() > EPSILON, "D105")
    rng = range_text(inp)
    low = inp.minimum if inp.minimum is not None else (0.0 if pct else None)
    if low is not None:
        report(values < low - EPSILON, "D106", range=rng)
    if inp.maximum is not None:
        report(values > inp.maximum + EPSILON, "D106", range=rng)
    if bad:
        values = values.scatter([position[r] for r in sorted(bad)], None)
    return values, bad


def _yesno(inp, raw, row_ids, texts, rows, problems):
    bad: set[int] = set()
    if raw.dtype == pl.Boolean:
        values = raw
    else:
        if raw.dtype != pl.String:
            raw = pl.select(
                pl.when(raw == 1)
                .then(pl.lit("1"))
                .when(raw == 0)
                .then(pl.lit("0"))
                .otherwise(raw.cast(pl.String))
            ).to_series()
        cleaned = _clean_text(raw).str.to_lowercase()
        values = cleaned.replace_strict(YESNO_SPELLINGS, default=None, return_dtype=pl.Boolean)
        failed = cleaned.is_not_null() & values.is_null()
        original = _clean_text(raw)
        for i in failed.arg_true().to_list():
            texts[int(row_ids[i])] = original[i]
    accepted = "; ".join(
        (
            text("Có: ", "yes: ") + ", ".join(YES_SPELLINGS),
            text("Không: ", "no: ") + ", ".join(NO_SPELLINGS),
        )
    )
    position = {r: i for i, r in enumerate(row_ids.to_list())}
    for row, raw_text in sorted(texts.items()):
        if row not in position:
            continue
        bad.add(row)
        problems.append(
            data_diagnostic(
                "D108",
                rows.cell(inp.id, row),
                input=_named(inp),
                value=raw_text,
                expected=describe_expected(inp),
                hint_fields={"accepted": accepted},
            )
        )
    return values.alias(inp.id), bad


def _textual(inp, raw, row_ids, texts, rows, problems):
    bad: set[int] = set()
    if raw.dtype != pl.String:
        raw = raw.cast(pl.String)
    values = _clean_text(raw)
    position = {r: i for i, r in enumerate(row_ids.to_list())}
    for row, raw_text in texts.items():
        if row in position:
            values = values.scatter([position[row]], raw_text.strip() or None)
    if inp.type is InputType.CHOICE:
        outside = values.is_not_null() & ~values.is_in(list(inp.choices))
        fixes: dict[int, str | None] = {}
        for i in outside.arg_true().to_list():
            row = int(row_ids[i])
            found = match_choice(values[i], inp.choices)
            if found is not None:
                fixes[i] = found
                continue
            bad.add(row)
            close = suggest(values[i], inp.choices)
            expected = describe_expected(inp)
            if close:
                expected += text(f" — có phải «{close}»?", f" — did you mean «{close}»?")
            problems.append(
                data_diagnostic(
                    "D109",
                    rows.cell(inp.id, row),
                    input=_named(inp),
                    value=values[i],
                    expected=expected,
                    hint_fields={"options": "; ".join(inp.choices)},
                )
            )
            fixes[i] = None
        if fixes:
            values = values.scatter(list(fixes), list(fixes.values()))
    return values.alias(inp.id), bad


def _named(inp: Input) -> str:
    """How a message names an input: its label (what the person sees) and its id."""
    return f"{inp.label} ({inp.id})"


def _check_at_most(inp, values, limit, row_ids, rows, problems, other_input=None):
    over = (values > limit + EPSILON).fill_null(False)
    pct = inp.type is InputType.PERCENT
    for i in over.arg_true().to_list():
        row = int(row_ids[i])
        other_cell = rows.cell(inp.at_most, row)
        problems.append(
            data_diagnostic(
                "D107",
                rows.cell(inp.id, row),
                input=_named(inp),
                other=_named(other_input) if other_input else inp.at_most,
                value=format_value(values[i], pct),
                amount=format_value(values[i], pct),
                other_value=format_value(limit[i], pct),
                other_cell=str(other_cell),
                expected=f"≤ {inp.at_most} ({format_value(limit[i], pct)})",
                related=((other_cell, inp.at_most),),
            )
        )
