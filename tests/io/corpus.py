"""Build the corpus of bad workbooks: one mistake each, as units really make them.

Run as a script to look at the files in Excel::

    .venv/bin/python tests/io/corpus.py OUTDIR

Each case starts from the form cqdt generates, filled with the good answers of ``sample.py``,
then changes one thing with openpyxl (the way a person edits the sheet).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl

from cqdt.runtime.intake.form import write_template

HERE = Path(__file__).parent
if "cqdt_io_tests_sample" in sys.modules:
    sample = sys.modules["cqdt_io_tests_sample"]
else:  # run as a script
    _spec = importlib.util.spec_from_file_location("cqdt_io_tests_sample", HERE / "sample.py")
    sample = importlib.util.module_from_spec(_spec)
    sys.modules["cqdt_io_tests_sample"] = sample
    _spec.loader.exec_module(sample)


def tier_sheets(wb) -> dict[str, object]:
    """tier id → worksheet, from the hidden ``_cqdt`` sheet."""
    meta = wb["_cqdt"]
    return {r[2]: wb[r[1]] for r in meta.iter_rows(values_only=True) if r[0] == "sheet"}


def column_of(ws, input_id: str) -> int:
    ids = [c.value for c in ws[2]]
    return ids.index(input_id) + 1


def row_of(ws, code: str) -> int:
    for r in range(3, ws.max_row + 1):
        if ws.cell(r, 1).value == code:
            return r
    raise KeyError(code)


def fill(wb, answers=None) -> None:
    sheets = tier_sheets(wb)
    for tier, units in (answers or sample.ANSWERS).items():
        ws = sheets[tier]
        for code, values in units.items():
            r = row_of(ws, code)
            for input_id, value in values.items():
                ws.cell(r, column_of(ws, input_id)).value = value


def filled_form(fw, registry, path: Path, edit: Callable | None = None) -> Path:
    write_template(fw, path, units=registry, framework_sha256="0" * 64)
    wb = openpyxl.load_workbook(path)
    fill(wb)
    if edit is not None:
        edit(wb)
    wb.save(path)
    return path


def _set(tier: str, code: str, input_id: str, value):
    def edit(wb):
        ws = tier_sheets(wb)[tier]
        ws.cell(row_of(ws, code), column_of(ws, input_id)).value = value

    return edit


def _duplicate(wb):
    ws = tier_sheets(wb)["province"]
    ws.cell(row_of(ws, "P02"), 1).value = "P01"


def _delete_row(wb):
    ws = tier_sheets(wb)["district"]
    ws.delete_rows(row_of(ws, "059"))


def _delete_column(wb):
    ws = tier_sheets(wb)["district"]
    ws.delete_cols(column_of(ws, "bandwidth"))


def _extra_column(wb):
    ws = tier_sheets(wb)["province"]
    col = ws.max_column + 1
    ws.cell(1, col).value = "Thêm"
    ws.cell(2, col).value = "extra"
    ws.cell(3, col).value = 5


def _unknown_sheet(wb):
    ws = wb.create_sheet("UBND cấp xã")
    ws.append(["Mã đơn vị", "Tên đơn vị"])
    ws.append(["code", "name"])
    ws.append(["01234", "Xã Bằng Thành"])


def _row_without_code(wb):
    ws = tier_sheets(wb)["district"]
    r = ws.max_row + 1
    ws.cell(r, 2).value = "Huyện mới"
    ws.cell(r, column_of(ws, "staff")).value = 10


def _many(wb):
    """Several mistakes in one sheet: all are reported at once, sorted by cell."""
    for edit in (
        _set("province", "P01", "staff", "abc"),
        _set("province", "P02", "antivirus", 95),
        _set("province", "P03", "has_portal", "?"),
        _set("district", "058", "staff", -1),
    ):
        edit(wb)


#: name → edit of the filled form. ``other_version`` is built from another framework below.
CASES: dict[str, Callable] = {
    "text_in_number": _set("province", "P01", "staff", "bốn mươi"),
    "percent_as_whole_number": _set("province", "P01", "antivirus", 85),
    "percent_over_100": _set("province", "P02", "antivirus", "150%"),
    "negative_count": _set("district", "058", "staff", -3),
    "non_whole_count": _set("district", "059", "staff", 70.5),
    "out_of_range": _set("province", "P03", "bandwidth", 20000),
    "more_than_at_most": _set("province", "P01", "staff_pc", 50),
    "unknown_yesno": _set("district", "058", "has_portal", "Có lẽ"),
    "unknown_choice": _set("province", "P01", "portal_level", "Mức 22"),
    "duplicate_code": _duplicate,
    "unknown_code": _set("province", "P03", "name", None),
    "unit_without_row": _delete_row,
    "missing_column": _delete_column,
    "unknown_column": _extra_column,
    "unknown_tier_sheet": _unknown_sheet,
    "formula_without_value": _set("province", "P02", "staff", "=20+5"),
    "empty_required": _set("province", "P02", "staff", None),
    "row_without_code": _row_without_code,
    "date_in_number": _set("province", "P02", "bandwidth", __import__("datetime").date(2018, 5, 1)),
    "many_mistakes": _many,
}


def _unknown_code(wb):
    ws = tier_sheets(wb)["province"]
    ws.cell(row_of(ws, "P03"), 1).value = "P99"


CASES["unknown_code"] = _unknown_code


def build(outdir: Path) -> dict[str, Path]:
    """Write every case (and ``other_version``) into ``outdir``; return name → path."""
    outdir.mkdir(parents=True, exist_ok=True)
    fw, registry = sample.framework(), sample.registry()
    paths = {}
    for name, edit in CASES.items():
        paths[name] = filled_form(fw, registry, outdir / f"{name}.xlsx", edit)
    other = sample.framework(version="2", bandwidth_max=5000.0)
    paths["other_version"] = filled_form(other, registry, outdir / "other_version.xlsx")
    return paths


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "bad_workbooks")
    for case, path in build(target).items():
        print(f"{case}: {path}")
