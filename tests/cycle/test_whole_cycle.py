"""The yearly cycle as a Sở TT&TT runs it, end to end, on the Bắc Kạn example.

Last year (2018) each unit returned its form. This year (2019) the office writes one form per
unit carrying last year's answers over, sends them out, and collects the files that come back:
some typed in with a spreadsheet program (openpyxl here), one saved by LibreOffice, one unit's
carried-over form returned with only the new question answered, one unit silent. The run
reports who sent what, scores the rest, and the annex lists the unit that did not submit.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from cqdt.runtime.intake.carry import NEW

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORK_2018 = ROOT / "frameworks" / "2018_backan.cqdt"
FRAMEWORK_2019 = ROOT / "frameworks" / "2019_backan.cqdt"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed here; CI installs libreoffice-calc "
    "(.ci/run) and runs this test",
)
def test_the_yearly_cycle(tmp_path, units_csv, answers, fill, cqdt):
    # last year: every unit's 2018 form, as returned
    last_year = tmp_path / "2018"
    code, _, err = cqdt("template", FRAMEWORK_2018, "--units", units_csv, "--per-unit", last_year)
    assert code == 0, err
    for path in last_year.glob("*.xlsx"):
        fill(path, answers[path.stem])

    # this year's forms, one per unit, last year's answers carried over
    sent = tmp_path / "2019-sent"
    code, _, err = cqdt(
        "template", FRAMEWORK_2019, "--units", units_csv, "--per-unit", sent, "--from", last_year
    )
    assert code == 0 and "đã tạo 9 phiếu" in err, err
    ws = openpyxl.load_workbook(sent / "P12.xlsx")["Sở, ban, ngành"]
    ids = [c.value for c in ws[2]]
    assert ws.cell(1, ids.index("files_paid_online") + 1).value.startswith(f"[{NEW}]")
    assert ws.cell(3, ids.index("staff") + 1).value == answers["P12"]["staff"]

    # what comes back
    returned = tmp_path / "2019-returned"
    returned.mkdir()
    for path in sorted(sent.glob("*.xlsx")):
        if path.stem == "P05":
            continue  # Sở Kế hoạch và Đầu tư never sends its form
        target = returned / path.name
        shutil.copy(path, target)
        if path.stem == "P12":
            # carried over: the clerk only answers the new question
            fill(target, {"files_paid_online": 12})
        else:
            fill(target, {**answers[path.stem], "files_paid_online": 0})
    # one clerk works in LibreOffice Calc: the file comes back saved by it
    calc = tmp_path / "calc"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(calc),
            str(returned / "058.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    shutil.move(calc / "058.xlsx", returned / "058.xlsx")
    assert b"LibreOffice" in _app_properties(returned / "058.xlsx")

    # the status step
    code, _, err = cqdt("collect", FRAMEWORK_2019, returned, "--units", units_csv)
    assert code == 0, err
    assert "P05    Sở Kế hoạch và Đầu tư" in err and err.count("chưa gửi phiếu") == 2
    assert "9 đơn vị: 8 đã gửi, 1 chưa gửi phiếu, 0 phiếu có lỗi" in err

    # the run
    out = tmp_path / "out"
    code, _, err = cqdt("score", FRAMEWORK_2019, returned, "--units", units_csv, "-o", out)
    assert code == 0, err
    assert "đã chấm 8 đơn vị (1 chưa gửi phiếu)" in err
    units = {u["code"]: u for u in json.loads((out / "results.json").read_text())["units"]}
    assert len(units) == 9
    assert units["P05"]["submission"]["reason"] == "chưa gửi phiếu"
    assert units["P05"]["rank"] is None and units["P05"]["total"] is None
    assert {units[c]["rank"] for c in ("P01", "P12", "P17")} == {1, 2, 3}
    assert units["P12"]["inputs"]["files_paid_online"] == 12
    assert units["P12"]["inputs"]["staff"] == answers["P12"]["staff"]  # carried over
    assert units["058"]["total"] is not None  # the form saved by LibreOffice is scored
    for annex in ("annex.md", "annex.html"):
        assert "Chưa gửi phiếu: Sở Kế hoạch và Đầu tư." in (out / annex).read_text()


def _app_properties(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as package:
        return package.read("docProps/app.xml")
