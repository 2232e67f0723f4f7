"""Fixtures of the yearly-cycle tests: the Bắc Kạn framework, a small registry of its units,
and the example's answers to type into per-unit forms as a clerk would."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from cqdt.compiler.load import load_checked
from cqdt.i18n import set_language
from cqdt.runtime.intake.form import DATA_FIRST_ROW, ID_ROW, META_SHEET

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORK = ROOT / "frameworks" / "2018_backan.cqdt"
EXAMPLE = ROOT / "examples" / "backan_2018"
#: A few units of each tier (writing 150 forms is the office's job, not every test's).
UNITS = ("P01", "P05", "P12", "P17", "058", "060", "01834", "01837", "01840")


@pytest.fixture(autouse=True)
def vietnamese():
    set_language("vi")
    yield
    set_language(None)


@pytest.fixture(scope="session")
def backan():
    return load_checked(FRAMEWORK)


@pytest.fixture
def units_csv(tmp_path) -> Path:
    """units.csv of the example, cut to :data:`UNITS`."""
    lines = (EXAMPLE / "units.csv").read_text(encoding="utf-8").splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if line.split(",")[1] in UNITS]
    path = tmp_path / "units.csv"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def answers() -> dict[str, dict]:
    """The example's answers, unit code → input id → cell value."""
    wb = openpyxl.load_workbook(EXAMPLE / "inputs.xlsx")
    found: dict[str, dict] = {}
    for ws in wb.worksheets:
        if ws.title == META_SHEET:
            continue
        ids = [c.value for c in ws[ID_ROW]]
        if "code" not in ids:
            continue
        for row in ws.iter_rows(min_row=DATA_FIRST_ROW, values_only=True):
            if row[0]:
                found[row[0]] = dict(zip(ids, row, strict=False))
    return found


@pytest.fixture(name="fill")
def fill_fixture():
    """``fill(path, values)``: type answers into a unit's form as a clerk would."""
    return fill


@pytest.fixture
def cqdt(capsys):
    """``cqdt(*args)`` in this process: the exit status, stdout and stderr."""
    from cqdt.cli import main

    def run(*args):
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def fill(path: Path, values: dict) -> None:
    """Type ``values`` into the unit row of a unit's form (columns found by the id row)."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        if ws.title == META_SHEET or ws.max_row < ID_ROW:
            continue
        ids = [c.value for c in ws[ID_ROW]]
        if "code" not in ids:
            continue
        for j, input_id in enumerate(ids, start=1):
            if input_id in values and input_id not in ("code", "name"):
                ws.cell(DATA_FIRST_ROW, j).value = values[input_id]
    wb.save(path)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")
