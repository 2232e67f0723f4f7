"""Reading a filled-in form (.xlsx) with fastexcel/calamine, fast, and finding its tiers.

calamine reads each tier sheet with the dtype each input needs (float for numbers), so a
clean workbook never goes through Python cell by cell; cells it cannot read as numbers come
back as "cell errors" and only those are re-read as text and judged by
:mod:`cqdt.runtime.intake.values`. (fastexcel reports cell errors through pyarrow; without pyarrow,
number columns with empty cells are re-read as text and compared instead.)

Formulas without a cached value, Excel error values (``#DIV/0!``), booleans, dates, ``NaN``
and cells hidden under a merge read as empty cells or as numbers they are not; they are
classified from the package XML before calamine reads anything
(:mod:`cqdt.runtime.intake.cells`) and reported by :mod:`cqdt.runtime.intake.classify`.
"""

from __future__ import annotations

import importlib.util
import io
import logging
import re
import zipfile
from contextlib import contextmanager
from pathlib import Path

import polars as pl

from cqdt.compiler.model.contract import contract_hash
from cqdt.compiler.model.nodes import Framework
from cqdt.diagnostics import CellRef, CqdtError, Diagnostic
from cqdt.i18n import text
from cqdt.runtime.intake.carry import differing_questions
from cqdt.runtime.intake.cells import SheetCells
from cqdt.runtime.intake.classify import SheetRows, classify_cells
from cqdt.runtime.intake.form import ID_ROW, INSTRUCTIONS_TITLE, META_SHEET
from cqdt.runtime.intake.messages import data_diagnostic
from cqdt.runtime.intake.validate import NUMERIC, TierRows
from cqdt.runtime.intake.workbook import sheet_title

__all__ = ["read_xlsx_tiers"]

#: fastexcel reports unreadable cells only through pyarrow; without it a slower check is used.
HAS_PYARROW = importlib.util.find_spec("pyarrow") is not None

#: How many rows from the top are searched for the id row (the row whose column A is "code").
ID_ROW_SEARCH = 15


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def read_xlsx_tiers(
    fw: Framework,
    path: Path,
    data: bytes,
    problems: list[Diagnostic],
    warnings: list[Diagnostic],
) -> list[TierRows]:
    """The raw rows of every tier sheet of the workbook ``data`` (the bytes of ``path``);
    shape problems go to ``problems``.

    The package is inspected and every cell classified first
    (:func:`cqdt.runtime.intake.safety.inspect_package`); calamine is given the bytes only
    when every sheet is within bounds.
    """
    import fastexcel

    from cqdt.runtime.intake.safety import inspect_package

    file = str(path)
    found, sheet_cells = inspect_package(data, path.name)
    warnings.extend(d for d in found if not d.is_error)
    if any(d.is_error for d in found):
        raise CqdtError([d for d in found if d.is_error])
    saved_by_calc = _saved_by_calc(data)
    try:
        reader = fastexcel.read_excel(data)
        names = reader.sheet_names
    except Exception as exc:  # noqa: BLE001 - calamine raises several unrelated types
        raise CqdtError(
            [
                data_diagnostic(
                    "D201",
                    CellRef(path.name, "A1", file),
                    file=path.name,
                    value=str(exc).splitlines()[0][:200],
                )
            ]
        ) from None
    mapping: dict[str, str] = {}
    instructions = INSTRUCTIONS_TITLE
    if META_SHEET in names:
        try:
            meta = _meta(reader)
        except Exception as exc:  # noqa: BLE001 - calamine raises several unrelated types
            raise CqdtError([_unreadable(path, META_SHEET, exc)]) from None
        _check_contract(fw, meta, path, warnings)
        for title, tier in meta.get("sheets", []):
            mapping[title] = tier
        instructions = meta.get("instructions", instructions)
    if not mapping:
        mapping = _guess_mapping(fw, names)
    seen_tiers: dict[str, str] = {}
    tiers: list[TierRows] = []
    for name in names:
        if name in (META_SHEET, instructions):
            continue
        tier = mapping.get(name)
        if tier is None or tier not in fw.tier_ids:
            if _has_id_row(reader, name):
                problems.append(
                    data_diagnostic(
                        "D115",
                        CellRef(name, "A1", file),
                        sheet=name,
                        value=name,
                        hint_fields={"tiers": "; ".join(t.label for t in fw.tiers)},
                    )
                )
            continue
        if tier in seen_tiers:
            problems.append(data_diagnostic("D204", CellRef(name, "A1", file), tier=tier))
            continue
        seen_tiers[tier] = name
        try:
            found_rows = _tier_rows(fw, reader, path, name, tier, problems, sheet_cells.get(name))
        except Exception as exc:  # noqa: BLE001 - calamine raises several unrelated types
            problems.append(_unreadable(path, name, exc))
            continue
        if found_rows is None:
            continue
        if name in sheet_cells:
            classify_cells(fw, found_rows, sheet_cells[name], problems, warnings, saved_by_calc)
        tiers.append(found_rows.rows)
    return tiers


def _unreadable(path: Path, sheet: str, exc: Exception) -> Diagnostic:
    """A sheet calamine cannot load (bad XML, an unknown entity): D201 at the sheet."""
    detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    return data_diagnostic(
        "D201", CellRef(sheet, "A1", str(path)), file=f"{path.name} ({sheet})", value=detail
    )


def _has_id_row(reader, sheet: str) -> bool:
    """Whether an unknown sheet looks like a tier sheet; an unreadable one does not."""
    try:
        return _find_id_row(reader, sheet) is not None
    except Exception:  # noqa: BLE001 - calamine raises several unrelated types
        return False


def _find_id_row(reader, sheet: str) -> int | None:
    """0-based index of the id row (column A is ``code``) among the first rows, or None."""
    probe = pl.DataFrame(
        reader.load_sheet(
            sheet, header_row=None, skip_rows=0, n_rows=ID_ROW_SEARCH, dtypes="string"
        ).to_polars()
    )
    if probe.width == 0:
        return None
    for i, value in enumerate(probe.to_series(0).to_list()):
        if value is not None and value.strip().lower() == "code":
            return i
    return None


def _load(fw: Framework, reader, sheet: str, id_row: int, *, scanned: bool):
    """Load a tier sheet with the id row as header; numbers as floats, the rest as text.

    Returns the frame and the ``(row, column)`` positions of cells calamine could not read as
    their dtype (they are null in the frame). A ``scanned`` sheet (its cells classified from
    the package XML) finds them from that scan (:func:`_unread_cells`; no pyarrow); otherwise
    fastexcel reports them through pyarrow, and without pyarrow the positions are ``None``: the
    caller then compares with a text reading.
    """
    dtypes = {"code": "string", "name": "string"}
    for inp in fw.inputs:
        dtypes[inp.id] = "float" if inp.type in NUMERIC else "string"
    with _quiet_fastexcel():
        data = reader.load_sheet(sheet, header_row=id_row, dtypes=dtypes)
        if scanned:
            return data.to_polars(), []
        if not HAS_PYARROW:
            return data.to_polars(), None
        batch, errors = data.to_arrow_with_errors()
    positions = [] if errors is None else [tuple(e.offset_position) for e in errors.errors]
    return pl.DataFrame(batch), positions


def _unread_cells(
    frame: pl.DataFrame, numeric: set[int], cells: SheetCells, first_data_row: int
) -> set[tuple[int, int]]:
    """``(row, column)`` (0-based, in the frame) of the cells of number columns that hold text
    or a special value (not a formula without its result: that one is empty to calamine) and
    that calamine left null — the cells fastexcel would report as errors."""
    kinds = {p for p, kind in cells.special.items() if kind.kind != "formula"}
    found: set[tuple[int, int]] = set()
    for r, c in cells.strings | kinds:
        row, col = r - first_data_row, c - 1
        if col in numeric and 0 <= row < frame.height and frame.to_series(col)[row] is None:
            found.add((row, col))
    return found


def _tier_rows(
    fw, reader, path: Path, sheet: str, tier: str, problems, cells: SheetCells | None = None
) -> SheetRows | None:
    """Read one tier sheet in one pass when the form has its usual shape (the id row second).

    If column A of that row is not ``code`` (rows added above, a hand-made sheet), the id row
    is searched for first and the sheet read again.
    """
    file = str(path)
    id_row = ID_ROW - 1
    scanned = cells is not None
    frame, positions = _load(fw, reader, sheet, id_row, scanned=scanned)
    if not frame.columns or frame.columns[0].strip().lower() != "code":
        found = _find_id_row(reader, sheet)
        if found is None:
            problems.append(data_diagnostic("D203", CellRef(sheet, "A1", file), sheet=sheet))
            return None
        id_row = found
        frame, positions = _load(fw, reader, sheet, id_row, scanned=scanned)
    header_excel_row = id_row + 1
    letters = [column_letter(i) for i in range(frame.width)]
    names: list[str] = []
    letter_of: dict[str, str] = {}
    for i, column in enumerate(frame.columns):
        column = column.strip()
        if i == 0:
            column = "code"
        dup = re.fullmatch(r"(.+)_(\d+)", column)
        if dup and dup.group(1) in letter_of:
            problems.append(
                data_diagnostic(
                    "D125",
                    CellRef(sheet, f"{letters[i]}{header_excel_row}", file),
                    column=dup.group(1),
                    value=dup.group(1),
                    related=(
                        (
                            CellRef(sheet, f"{letter_of[dup.group(1)]}{header_excel_row}", file),
                            text("xuất hiện lần đầu", "first seen here"),
                        ),
                    ),
                )
            )
            column = f"__UNNAMED__{i}"
        elif column.startswith("__UNNAMED__"):
            column = f"__UNNAMED__{i}"
        else:
            letter_of[column] = letters[i]
        names.append(column)
    frame.columns = names
    first_data_row = header_excel_row + 1
    if positions is not None and cells is not None:
        # Text typed in a number column ("1.234", "100%"): calamine turns some into numbers;
        # re-read every one as typed, so the value rules of values.py decide.
        numeric = {
            i for i, n in enumerate(names) if n in {x.id for x in fw.inputs if x.type in NUMERIC}
        }
        positions = sorted(
            set(positions)
            | _unread_cells(frame, numeric, cells, first_data_row)
            | {
                (r - first_data_row, c - 1)
                for r, c in cells.strings
                if c - 1 in numeric and r >= first_data_row
            }
        )
    text_cells = _text_cells(reader, sheet, id_row, frame, names, positions)

    def cell(column: str, row: int) -> CellRef:
        return CellRef(sheet, f"{letter_of.get(column, 'A')}{first_data_row + row}", file)

    def header(column: str | None) -> CellRef:
        if column is None:
            return CellRef(sheet, f"A{header_excel_row}", file)
        if column.startswith("__UNNAMED__"):
            return CellRef(sheet, f"{letters[int(column[11:])]}{header_excel_row}", file)
        return CellRef(sheet, f"{letter_of.get(column, 'A')}{header_excel_row}", file)

    if "name" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.String).alias("name"))
    return SheetRows(
        TierRows(tier, frame, cell, header, text_cells, set()), first_data_row, letter_of
    )


def _text_cells(
    reader,
    sheet: str,
    id_row: int,
    frame: pl.DataFrame,
    names: list[str],
    positions: list[tuple[int, int]] | None,
) -> dict[str, dict[int, str]]:
    """The raw text of cells a typed read left null because they were not numbers."""
    if positions is None:  # without pyarrow: an empty number cell may hide text
        columns = [
            i
            for i, c in enumerate(frame.columns)
            if frame[c].dtype == pl.Float64 and frame[c].null_count()
        ]
    else:
        columns = sorted({col for _, col in positions})
    if not columns:
        return {}
    with _quiet_fastexcel():
        as_text = reader.load_sheet(
            sheet, header_row=id_row, use_columns=columns, dtypes="string"
        ).to_polars()
    cells: dict[str, dict[int, str]] = {}
    for k, col in enumerate(columns):
        strings = as_text.to_series(k)
        if positions is None:
            hidden = frame.to_series(col).is_null() & strings.str.strip_chars().ne("")
            rows = hidden.fill_null(False).arg_true().to_list()
        else:
            rows = [row for row, c in positions if c == col]
        for row in rows:
            raw = strings[row]
            if raw is not None:
                cells.setdefault(names[col], {})[row] = raw
    return cells


@contextmanager
def _quiet_fastexcel():
    """fastexcel logs a warning for every all-empty column; they are not the user's problem."""
    log = logging.getLogger("fastexcel")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


# -- the hidden sheet -----------------------------------------------------------------------


def _meta(reader) -> dict:
    frame = pl.DataFrame(
        reader.load_sheet(META_SHEET, header_row=None, skip_rows=0, dtypes="string").to_polars()
    )
    meta: dict = {"sheets": []}
    for row in frame.iter_rows():
        key = row[0]
        value = row[1] if len(row) > 1 else None
        if key == "sheet" and len(row) > 2:
            meta["sheets"].append((value, row[2]))
        elif key:
            meta[key] = value or ""
    return meta


def _check_contract(fw: Framework, meta: dict, path: Path, warnings: list[Diagnostic]) -> None:
    """Refuse a form whose input contract differs; a form of another framework that asks
    exactly the same questions is read, with a warning."""
    made = meta.get("contract_hash", "")
    if made == contract_hash(fw):
        if meta.get("framework_id", fw.id) != fw.id:
            warnings.append(
                data_diagnostic(
                    "D126",
                    CellRef(META_SHEET, "B1", str(path)),
                    made_for=meta.get("framework_id"),
                    this=fw.id,
                    value=meta.get("framework_id"),
                    warning=True,
                )
            )
        return
    made_for = " ".join(
        part
        for part in (
            meta.get("framework_id", "?"),
            f"v{meta['framework_version']}" if meta.get("framework_version") else "",
            f"({meta['framework_year']})" if meta.get("framework_year") else "",
        )
        if part
    )
    this = " ".join(
        part
        for part in (
            fw.id,
            f"v{fw.meta.version}" if fw.meta.version else "",
            f"({fw.meta.year})" if fw.meta.year else "",
        )
        if part
    )
    raise CqdtError(
        [
            data_diagnostic(
                "D116",
                CellRef(META_SHEET, "B1", str(path)),
                changed=differing_questions(fw, path),
                made_for=made_for,
                this=this,
                value=made_for,
                expected=this,
            )
        ]
    )


def _guess_mapping(fw: Framework, names: list[str]) -> dict[str, str]:
    """Without a ``_cqdt`` sheet: a sheet is a tier's when named by its id or label."""
    mapping: dict[str, str] = {}
    for tier in fw.tiers:
        candidates = {tier.id.lower(), tier.label.lower(), sheet_title(tier.label, set()).lower()}
        for name in names:
            if name.lower() in candidates:
                mapping[name] = tier.id
    return mapping


def _saved_by_calc(data: bytes) -> bool:
    """Whether LibreOffice Calc saved the workbook last (``docProps/app.xml``)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b"LibreOffice" in archive.read("docProps/app.xml")[:4096]
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return False
