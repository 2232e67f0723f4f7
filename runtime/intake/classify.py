"""Report every cell of a tier sheet that is not a plain value, before validation.

:mod:`cqdt.runtime.intake.cells` has classified each cell from the package XML; calamine has
read the values. Here the two meet: a cell calamine gave as empty or as a number it is not
(an Excel error, a formula without its result, TRUE/FALSE or a date in a number column, a
``NaN``, an answer hidden under a merge, a plain number in a percent column that may mean
either 1 % or 100 %) gets its diagnostic, with the reference and what the cell shows, and is
marked in :attr:`TierRows.flagged` — so it is never taken for "no answer" and scored by the
missing-answer policy. :func:`cqdt.runtime.intake.read.read_inputs` refuses to return a frame
while any flagged cell exists without an error.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from cqdt.compiler.model.nodes import Framework, InputType
from cqdt.diagnostics import Diagnostic
from cqdt.dsl.expr import EPSILON
from cqdt.i18n import text
from cqdt.runtime.intake.cells import SheetCells, column_number
from cqdt.runtime.intake.messages import data_diagnostic
from cqdt.runtime.intake.validate import NUMERIC, TierRows
from cqdt.runtime.intake.values import describe_expected, format_value, parse_number

__all__ = ["SheetRows", "classify_cells"]


@dataclass
class SheetRows:
    """A tier sheet as read by calamine: its rows, the Excel row of the first unit, and the
    column letter of each header id."""

    rows: TierRows
    first_data_row: int
    letter_of: dict[str, str]


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, rem = divmod(number - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def classify_cells(
    fw: Framework,
    sheet: SheetRows,
    cells: SheetCells,
    problems: list[Diagnostic],
    warnings: list[Diagnostic],
    saved_by_calc: bool = False,
) -> None:
    """Report and flag the special cells of one tier sheet (see the module docstring)."""
    rows = sheet.rows
    height = rows.frame.height
    inputs = {inp.id: inp for inp in fw.inputs}
    column_at = {column_number(letter): col for col, letter in sheet.letter_of.items()}
    first = sheet.first_data_row
    flagged: dict[str, set[int]] = {}

    def flag(column: str, row: int, code: str, shown: str, expected: str, **fields) -> None:
        problems.append(
            data_diagnostic(
                code,
                rows.cell(column, row),
                value=shown,
                expected=expected,
                **fields,
            )
        )
        flagged.setdefault(column, set()).add(row)

    for (r, c), found in sorted(cells.special.items()):
        column = column_at.get(c)
        if column is None or r < first or r - first >= height:
            continue
        inp = inputs.get(column)
        if inp is None and column not in ("code", "name"):
            continue
        numeric = inp is not None and inp.type in NUMERIC
        expected = describe_expected(inp) if inp is not None else text("một giá trị", "a value")
        named = f"{inp.label} ({inp.id})" if inp is not None else column
        a_value = text("một giá trị", "a value")
        if found.kind == "error":
            flag(column, r - first, "D127", found.shown, a_value)
        elif found.kind == "formula":
            flag(column, r - first, "D117", found.shown, a_value)
        elif found.kind == "nan":
            code = "D101" if numeric else "D127"
            flag(column, r - first, code, found.shown, expected, input=named)
        elif found.kind in ("boolean", "date") and numeric:
            flag(column, r - first, "D101", found.shown, expected, input=named)

    for (r, c), (r0, c0) in sorted(cells.merged.items()):
        column = column_at.get(c)
        if column is None or r < first or r - first >= height:
            continue
        if column != "code" and column not in inputs:
            continue
        span = f"{_letters(c0)}{r0}"
        flag(
            column,
            r - first,
            "D134",
            span,
            text("một ô riêng cho mỗi câu trả lời", "a cell of its own for each answer"),
            anchor=span,
        )

    for inp in fw.inputs:
        if inp.type is not InputType.PERCENT or inp.id not in rows.frame.columns:
            continue
        _percent(inp, sheet, cells, flagged, problems, warnings, saved_by_calc)

    _blank_flagged(rows, flagged)


def _percent(inp, sheet: SheetRows, cells: SheetCells, flagged, problems, warnings, calc):
    """A plain number in (0, 1] in a percent column: 1 % or 100 %? (see docs/data.md)."""
    rows = sheet.rows
    column = inp.id
    letter = column_number(sheet.letter_of.get(column, "A"))
    named = f"{inp.label} ({inp.id})"
    expected = text(
        "một tỷ lệ có dấu %, ví dụ 1% hoặc 100%", "a percent with its % sign, e.g. 1% or 100%"
    )
    done = flagged.get(column, set())
    series = rows.frame[column]
    if series.dtype == pl.Float64:
        candidates = ((series > 0) & (series <= 1 + EPSILON)).fill_null(False).arg_true()
        for i in candidates.to_list():
            if i in done or i in rows.text_cells.get(column, {}):
                continue
            value = series[i]
            position = (sheet.first_data_row + i, letter)
            shown = format_value(value)
            if position not in cells.percent:
                # A number in a cell not formatted as %: a fraction a program wrote (0.1508…)
                # is read; a short one a person typed (1, 0.5, 0.85) may be 1 % or 100 %.
                if abs(value * 100 - round(value * 100)) < EPSILON:
                    problems.append(
                        data_diagnostic(
                            "D132",
                            rows.cell(column, i),
                            value=shown,
                            shown=shown,
                            expected=expected,
                            input=named,
                        )
                    )
                    flagged.setdefault(column, set()).add(i)
                continue
            if calc and abs(value * 10 - round(value * 10)) < EPSILON:
                warnings.append(
                    data_diagnostic(
                        "D133",
                        rows.cell(column, i),
                        value=format_value(value, True),
                        input=named,
                        shown=format_value(value, True),
                        typed=shown,
                        hint_fields={"typed": shown},
                        warning=True,
                    )
                )
    for i, raw in sorted(rows.text_cells.get(column, {}).items()):
        if i in done or raw.strip().endswith("%"):
            continue
        number = parse_number(raw)
        if number is not None and 0 < number <= 1 + EPSILON:
            problems.append(
                data_diagnostic(
                    "D132",
                    rows.cell(column, i),
                    value=raw,
                    shown=raw,
                    expected=expected,
                    input=named,
                )
            )
            flagged.setdefault(column, set()).add(i)


def _blank_flagged(rows: TierRows, flagged: dict[str, set[int]]) -> None:
    """Flagged cells are null in the frame and out of ``text_cells``: every later check skips
    them, and each already has its error."""
    if not flagged:
        return
    updates = []
    for column, positions in flagged.items():
        for row in positions:
            rows.flagged.add((column, row))
            rows.text_cells.get(column, {}).pop(row, None)
        if column in rows.frame.columns:
            updates.append(
                pl.when(pl.int_range(pl.len()).is_in(sorted(positions)))
                .then(None)
                .otherwise(pl.col(column))
                .alias(column)
            )
    if updates:
        rows.frame = rows.frame.with_columns(updates)
