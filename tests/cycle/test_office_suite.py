"""The forms as LibreOffice opens, prints and saves them (headless: ``soffice``).

CI installs ``libreoffice-calc`` (``.ci/run``); only a machine without it skips, and says so.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cqdt.runtime.intake.form import write_template
from cqdt.runtime.intake.form_units import write_unit_forms
from cqdt.runtime.intake.read import read_inputs
from cqdt.runtime.intake.registry import load_units

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or poppler's pdftotext is not installed here; CI installs "
    "libreoffice-calc and poppler-utils (.ci/run) and runs these tests",
)


def convert(path: Path, target: str, outdir: Path) -> Path:
    """``soffice --headless --convert-to TARGET``, with a private profile (tests may run in
    parallel with another LibreOffice)."""
    profile = outdir / "profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return outdir / (path.stem + "." + target.split(":")[0])


def pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def test_a_unit_form_prints_its_answers_next_to_its_code(
    tmp_path, backan, units_csv, answers, fill
):
    (path,) = [
        p
        for p in write_unit_forms(backan.model, load_units(units_csv), tmp_path / "forms")
        if p.stem == "P12"
    ]
    fill(path, answers["P12"])
    printed = pages(convert(path, "pdf", tmp_path / "pdf"))
    # instructions, the answers, the signature sheet: one A4 page each
    assert len(printed) == 3, [p[:80] for p in printed]
    (sheet,) = [p for p in printed if "Mã đơn vị" in p]
    row = next(line for line in sheet.splitlines() if line.strip().startswith("P12"))
    assert str(answers["P12"]["staff"]) in row.split()  # the first answer, same page, same line
    assert "THỦ TRƯỞNG ĐƠN VỊ" in printed[-1]


def test_the_whole_form_keeps_codes_with_their_answers(tmp_path, backan, units_csv):
    form = tmp_path / "form.xlsx"
    write_template(backan.model, form, units=load_units(units_csv))
    printed = pages(convert(form, "pdf", tmp_path / "pdf"))
    sheets = [p for p in printed if "Mã đơn vị" in p]
    # every column fits the page width: each tier's sheet is one page wide
    assert len(sheets) == 3, [p[:80] for p in printed]
    assert all("Tổng số cán bộ" in p for p in sheets)  # the first question on every page


def test_a_form_saved_by_libreoffice_reads_back_the_same(
    tmp_path, backan, units_csv, answers, fill
):
    registry = load_units(units_csv)
    (path,) = [
        p for p in write_unit_forms(backan.model, registry, tmp_path / "forms") if p.stem == "058"
    ]
    fill(path, answers["058"])
    saved = convert(path, "xlsx:Calc MS Excel 2007 XML", tmp_path / "saved")
    before = read_inputs(backan.model, path, units=registry, complete=False).frame
    after = read_inputs(backan.model, saved, units=registry, complete=False).frame
    assert after.equals(before)
