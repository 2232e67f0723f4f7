"""results.json and results.xlsx from a hand-built results frame."""

from __future__ import annotations

import json

import openpyxl
import pytest

from cqdt.i18n import set_language
from cqdt.runtime.publish.provenance import Provenance
from cqdt.runtime.publish.write_json import results_document, write_results_json
from cqdt.runtime.publish.write_xlsx import write_results_xlsx

PROVENANCE = Provenance(
    framework_id="demo",
    framework_path="frameworks/demo.cqdt",
    framework_sha256="f" * 64,
    inputs=(("data/answers.xlsx", "a" * 64),),
    tool_version="0.1.0",
)


@pytest.fixture
def results(fw, sample):
    return sample.fake_results(fw)


def test_results_document(fw, results, snapshot):
    doc = results_document(fw, results, PROVENANCE)
    assert doc == snapshot


def test_results_document_content(fw, results):
    doc = results_document(fw, results, PROVENANCE)
    assert doc["framework"]["sha256"] == "f" * 64
    assert doc["inputs"] == [{"path": "data/answers.xlsx", "sha256": "a" * 64}]
    p02 = doc["units"][1]
    assert p02["categories"]["readiness"] == {
        "label": "Điều kiện sẵn sàng",
        "score": 10 + 2 / 3,
        "max": 20.0,
        "level": "muc_2",
        "level_label": "Mức 2",
        "classified": True,
    }
    assert p02["categories"]["results"]["level_label"] == "Không xếp loại"
    assert p02["indicators"]["pc_ratio"] == 2 / 3  # unrounded
    assert doc["units"][2]["rank"] is None and doc["units"][2]["missing_inputs"] == ["has_portal"]
    assert "portal_level" not in doc["units"][3]["inputs"]  # not asked of districts


def test_results_json_is_deterministic(tmp_path, fw, results):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    write_results_json(fw, results, PROVENANCE, a)
    write_results_json(fw, results, PROVENANCE, b)
    assert a.read_bytes() == b.read_bytes()
    assert json.loads(a.read_text(encoding="utf-8"))["schema"] == "cqdt-results/1"


def test_results_xlsx(tmp_path, fw, results):
    path = tmp_path / "results.xlsx"
    write_results_xlsx(fw, results, PROVENANCE, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Sở, ban, ngành", "UBND cấp huyện", "Trace", "Provenance"]
    ws = wb["UBND cấp huyện"]
    ids = [c.value for c in ws[2]]
    assert ids == [
        "code",
        "name",
        "total",
        "readiness.level",
        "results.level",
        "rank",
        "pc_ratio",
        "av",
        "infra",
        "readiness",
        "portal",
        "presence",
        "results",
    ]
    assert [ws.cell(r, 1).value for r in (3, 4)] == ["059", "058"]  # ordered by rank
    assert ws["E4"].value == "Mức 1" and ws["F4"].value == 2  # results.level, rank
    assert ws.freeze_panes == "C3"
    province = wb["Sở, ban, ngành"]
    pc_ratio = [c.value for c in province[2]].index("pc_ratio") + 1
    cell = province.cell(4, pc_ratio)
    assert cell.value == 2 / 3 and cell.number_format == "0.00"
    assert province["B4"].value == '=HYPERLINK("x")' and province["B4"].data_type == "s"
    assert province.conditional_formatting  # a fill per level
    assert [province.cell(r, 1).value for r in (3, 4, 5)] == ["P01", "P02", "P03"]  # unranked last
    trace = list(wb["Trace"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert trace == [("province", "P01", "staff", 40.0)]
    prov = {r[0]: r[1] for r in wb["Provenance"].iter_rows(min_row=2, values_only=True)}
    assert prov["framework_sha256"] == "f" * 64


def test_results_xlsx_speaks_the_language_in_force(tmp_path, fw, results):
    """A Vietnamese workbook has no English sheet name; the reader's columns come first."""
    path = tmp_path / "results.xlsx"
    set_language("vi")
    try:
        write_results_xlsx(fw, results, PROVENANCE, path)
    finally:
        set_language("en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Sở, ban, ngành", "UBND cấp huyện", "Chi tiết tính điểm", "Nguồn gốc"]
    labels = [c.value for c in wb["UBND cấp huyện"][1]][:6]
    assert labels[:2] == ["Mã đơn vị", "Tên đơn vị"] and labels[-1] == "Xếp hạng"


def test_results_xlsx_formula_text_is_never_a_formula(tmp_path, fw, results):
    path = tmp_path / "results.xlsx"
    write_results_xlsx(fw, results, PROVENANCE, path)
    import zipfile

    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in z.read(n) for n in sheets)


def test_results_xlsx_is_byte_identical(tmp_path, fw, results):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_results_xlsx(fw, results, PROVENANCE, a)
    write_results_xlsx(fw, results, PROVENANCE, b)
    assert a.read_bytes() == b.read_bytes()
