"""``cqdt template --per-unit``: one form a unit, locked where the clerk must not type,
print-ready, in Vietnamese."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from cqdt.compiler.model.contract import asked_inputs
from cqdt.runtime.intake.form import PERCENT_FORMAT
from cqdt.runtime.intake.form_units import write_unit_forms
from cqdt.runtime.intake.registry import load_units

FRAMEWORK = Path(__file__).resolve().parents[2] / "frameworks" / "2018_backan.cqdt"


@pytest.fixture
def forms(tmp_path, backan, units_csv):
    registry = load_units(units_csv)
    paths = write_unit_forms(backan.model, registry, tmp_path / "forms", framework_sha256="ab")
    return {p.stem: p for p in paths}


def test_one_form_per_registered_unit(forms):
    assert sorted(forms) == sorted(
        ["P01", "P05", "P12", "P17", "058", "060", "01834", "01837", "01840"]
    )


def test_a_unit_form_holds_its_tier_and_its_row_only(forms, backan):
    wb = openpyxl.load_workbook(forms["058"])
    assert wb.sheetnames == ["Hướng dẫn", "UBND cấp huyện", "Xác nhận", "_cqdt"]
    ws = wb["UBND cấp huyện"]
    assert (ws["A3"].value, ws["B3"].value) == ("058", "Thành phố Bắc Kạn")
    assert ws["A4"].value is None  # no spare rows on a unit's form
    ids = [c.value for c in ws[2]][2:]
    assert ids == [i.id for i in asked_inputs(backan.model, "district")]
    meta = {r[0]: r[1:] for r in wb["_cqdt"].iter_rows(values_only=True)}
    assert meta["unit"] == ("058", "district")


def test_code_name_and_ids_are_locked_answers_are_not(forms):
    ws = openpyxl.load_workbook(forms["P12"])["Sở, ban, ngành"]
    assert ws.protection.sheet and not ws.protection.password
    assert ws["A3"].protection.locked and ws["B3"].protection.locked
    assert ws["C2"].protection.locked and ws["C1"].protection.locked
    assert not ws["C3"].protection.locked
    assert not ws.cell(3, ws.max_column).protection.locked


def test_prompts_and_errors_name_the_question_in_vietnamese(forms):
    ws = openpyxl.load_workbook(forms["P12"])["Sở, ban, ngành"]
    ids = [c.value for c in ws[2]]
    column = openpyxl.utils.get_column_letter(ids.index("staff_with_pc") + 1)
    rule = next(dv for dv in ws.data_validations.dataValidation if str(dv.sqref).startswith(column))
    assert rule.showInputMessage and rule.showErrorMessage
    assert "staff" not in rule.prompt and "staff" not in rule.error
    assert "Số CBCC được trang bị máy tính" in rule.error
    assert "không lớn hơn «Tổng số cán bộ, công chức" in rule.prompt
    assert rule.promptTitle and len(rule.promptTitle) <= 32


def test_percent_cells_show_two_decimals(forms):
    ws = openpyxl.load_workbook(forms["P12"])["Sở, ban, ngành"]
    ids = [c.value for c in ws[2]]
    column = ids.index("it_budget_share") + 1
    assert ws.cell(3, column).number_format == PERCENT_FORMAT == "0.00%"


def test_page_setup_is_a4_landscape_fitted_with_titles(forms):
    ws = openpyxl.load_workbook(forms["P12"])["Sở, ban, ngành"]
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$1:$2" and ws.print_title_cols == "$A:$B"
    assert "P12 Sở Thông tin và Truyền thông" in ws.oddHeader.center.text


def test_signature_sheet_has_contact_cells_to_type_in(forms):
    ws = openpyxl.load_workbook(forms["P01"])["Xác nhận"]
    labels = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert "Điện thoại" in labels and "THỦ TRƯỞNG ĐƠN VỊ" in labels
    phone = labels.index("Điện thoại") + 1
    assert not ws.cell(phone, 2).protection.locked


def test_unit_forms_are_byte_identical(tmp_path, backan, units_csv, forms):
    again = write_unit_forms(
        backan.model, load_units(units_csv), tmp_path / "again", framework_sha256="ab"
    )
    assert all(p.read_bytes() == forms[p.stem].read_bytes() for p in again)


def test_cli_writes_them_and_refuses_to_overwrite_returned_forms(tmp_path, units_csv, cqdt):
    folder = tmp_path / "out"
    args = ["template", FRAMEWORK, "--units", units_csv, "--per-unit", folder]
    code, _, err = cqdt(*args)
    assert code == 0, err
    assert "đã tạo 9 phiếu" in err and len(list(folder.glob("*.xlsx"))) == 9
    code, _, err = cqdt(*args)
    assert code == 1 and "đã có" in err


def test_cli_per_unit_needs_the_registry(tmp_path, cqdt):
    code, _, err = cqdt("template", FRAMEWORK, "--per-unit", tmp_path / "out")
    assert code == 2 and "--units" in err
