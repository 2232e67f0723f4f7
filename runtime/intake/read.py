"""Validated reading of the answers: workbook, CSV or Parquet → the inputs frame.

``read_inputs`` is the only door data comes in by. It checks everything before returning and
raises :class:`CqdtError` with every problem at once (``Sheet!Cell``, the value found, what was
expected, a hint), so a unit's form is corrected in one round instead of one error at a time.
A unit is never dropped or invented silently: with a registry, missing and unknown units are
errors.

The inputs frame has ``tier``, ``code``, ``name`` (String) and one column per input of the
framework (Float64 for numbers, counts and percents — a percent is a fraction; Boolean for
yes/no; String for choices and text); null means "no answer", and inputs a tier is not asked
are null on its rows. Rows: tiers in framework order, units in file order.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from cqdt.compiler.model.contract import asked_inputs
from cqdt.compiler.model.nodes import Framework
from cqdt.diagnostics import CellRef, CqdtError, Diagnostic, InternalError
from cqdt.runtime.intake.empty_forms import merge_empty_units
from cqdt.runtime.intake.messages import data_diagnostic
from cqdt.runtime.intake.registry import UnitRegistry, unknown_tiers
from cqdt.runtime.intake.validate import TierRows, empty_inputs_frame, validate_tier

__all__ = ["InputData", "read_inputs"]


@dataclass(frozen=True)
class InputData:
    """A validated inputs frame and where it came from (for provenance): ``sha256`` is the
    digest of the very bytes the frame was parsed from."""

    frame: pl.DataFrame
    path: Path
    sha256: str
    warnings: list[Diagnostic] = field(default_factory=list)


def read_inputs(
    fw: Framework,
    path: str | os.PathLike[str],
    *,
    units: UnitRegistry | None = None,
    complete: bool = True,
) -> InputData:
    """Read and validate the answers in ``path`` (``.xlsx``, ``.csv`` or ``.parquet``).

    With ``units``, a code not in the registry is an error (D111). ``complete`` says the file
    holds the whole run, so a registered unit without a row is an error too (D112, D128) and
    so is a registered tier the framework lacks (R007); when the run is split over several
    files the driver passes ``complete=False`` and checks those once, over all the files.
    """
    path = Path(path)
    reader = _reader_for(path)
    data = _file_bytes(path)
    problems: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    # The bytes are read once, hashed, and parsed from memory: the digest recorded in the
    # provenance is of exactly the bytes scored, even if the file changes during the run.
    sha256 = hashlib.sha256(data).hexdigest()
    tier_rows = reader(fw, path, data, problems, warnings)
    parts: dict[str, pl.DataFrame] = {}
    for rows in tier_rows:
        parts[rows.tier] = validate_tier(fw, rows, units, problems, warnings)
    problems[:] = merge_empty_units(fw, tier_rows, problems)  # one line for an empty form
    if units is not None and complete:
        problems += unknown_tiers(fw, units)
    elif units is not None:  # a unit may have its row in another file of the run
        problems[:] = [d for d in problems if d.code != "D112"]
    _tiers_without_rows(fw, path, parts, units, complete, reader, problems, warnings)
    _assert_unreadable_reported(tier_rows, problems)
    if problems:
        raise CqdtError(problems + warnings)  # warnings too: the user sees everything
    template = empty_inputs_frame(fw)
    frames = [parts[t] for t in fw.tier_ids if t in parts]
    frame = pl.concat([template, *frames], how="vertical") if frames else template
    return InputData(
        frame=frame, path=path, sha256=sha256, warnings=sorted(warnings, key=Diagnostic.sort_key)
    )


def _reader_for(path: Path):
    """The tier reader of the file's kind, or D202 for a kind cqdt does not read."""
    from cqdt.runtime.intake.tabular import read_csv_tiers, read_parquet_tiers
    from cqdt.runtime.intake.xlsx import read_xlsx_tiers

    readers = {
        ".xlsx": read_xlsx_tiers,
        ".xlsm": read_xlsx_tiers,
        ".csv": read_csv_tiers,
        ".parquet": read_parquet_tiers,
    }
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise CqdtError(
            [
                data_diagnostic(
                    "D202",
                    CellRef(path.name, "", str(path)),
                    suffix=path.suffix or "?",
                    value=path.suffix,
                )
            ]
        )
    return reader


def _file_bytes(path: Path) -> bytes:
    try:
        return _read_once(path)
    except OSError as exc:
        raise CqdtError(
            [
                data_diagnostic(
                    "D201", CellRef(path.name, "", str(path)), file=path.name, value=str(exc)
                )
            ]
        ) from None


def _tiers_without_rows(fw, path, parts, units, complete, reader, problems, warnings) -> None:
    """Tiers the file has no rows for: D128 (a missing sheet, once), D112 per registered unit,
    D121 (a warning) when no registry says whether the tier should be there."""
    from cqdt.runtime.intake.xlsx import read_xlsx_tiers

    # Sheets already reported unreadable (no id row, …): their tier is not "without a sheet".
    reported = {d.where.sheet for d in problems if isinstance(d.where, CellRef)}
    where = CellRef(path.name, "", str(path))
    for tier in fw.tiers:
        if tier.id in parts:
            continue
        expected = units.by_tier(tier.id) if units is not None and complete else ()
        if expected and reader is read_xlsx_tiers:
            from cqdt.runtime.intake.workbook import sheet_title

            if sheet_title(tier.label, set()) in reported:
                continue
            # One problem for the whole tier, not one per unit: a renamed or deleted sheet
            # would otherwise bury the cause under dozens of "no row" errors.
            problems.append(
                data_diagnostic(
                    "D128",
                    where,
                    tier=tier.label,
                    count=len(expected),
                    expected=tier.label,
                    hint_fields={"sheet": sheet_title(tier.label, set())},
                )
            )
        else:
            for unit in expected:
                problems.append(
                    data_diagnostic(
                        "D112",
                        where,
                        code=unit.code,
                        name=unit.name,
                        tier=tier.label,
                        expected=unit.code,
                    )
                )
        if units is None and asked_inputs(fw, tier.id):
            warnings.append(data_diagnostic("D121", where, tier=tier.label, warning=True))


def _assert_unreadable_reported(tier_rows: list[TierRows], problems: list[Diagnostic]) -> None:
    """The rule that makes a silent zero impossible: a cell a reader could not classify as a
    value (``TierRows.flagged``) is never "no answer". Each has an error at its reference;
    a flagged cell without one is a bug in cqdt, not a frame to score."""
    reported = {
        (d.where.sheet, d.where.cell)
        for d in problems
        if d.is_error and isinstance(d.where, CellRef)
    }
    for rows in tier_rows:
        for column, row in rows.flagged:
            where = rows.cell(column, row)
            if (where.sheet, where.cell) not in reported:
                raise InternalError(f"unreadable cell {where.sheet}!{where.cell} not reported")


#: The largest data file read whole into memory (a workbook is refused far below this by
#: :mod:`cqdt.runtime.intake.safety`; CSV and Parquet runs larger than this go out of core).
MAX_FILE_BYTES = 4 * 1024 * 1024 * 1024


def _read_once(path: Path) -> bytes:
    """The whole file, read once (an ``OSError`` for a file that is too large to hold)."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise OSError(f"{size} bytes, at most {MAX_FILE_BYTES}")
        return handle.read()
