"""The data-entry form: the contract made visible, byte-identical for identical inputs."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from cqdt.compiler.model.contract import contract_hash
from cqdt.runtime.intake.form import write_template
from cqdt.runtime.intake.workbook import sheet_title


@pytest.fixture
def form(tmp_path, fw, registry):
    path = tmp_path / "form.xlsx"
    write_template(fw, path, units=registry, framework_sha256="ab" * 32)
    return path


def test_sheets_and_hidden_meta(form, fw):
    wb = openpyxl.load_workbook(form)
    assert wb.sheetnames == ["Hướng dẫn", "Sở, ban, ngành", "UBND cấp huyện", "_cqdt"]
    meta = wb["_cqdt"]
    assert meta.sheet_state == "hidden"
    rows = {r[0]: r[1:] for r in meta.iter_rows(values_only=True) if r[0] != "sheet"}
    assert rows["contract_hash"][0] == contract_hash(fw)
    assert rows["framework_sha256"][0] == "ab" * 32
    assert rows["framework_id"][0] == "demo" and rows["framework_year"][0] == "2018"
    sheets = [r[1:] for r in meta.iter_rows(values_only=True) if r[0] == "sheet"]
    assert sheets == [("Sở, ban, ngành", "province"), ("UBND cấp huyện", "district")]


def test_tier_sheet_layout(form):
    wb = openpyxl.load_workbook(form)
    ws = wb["Sở, ban, ngành"]
    ids = [c.value for c in ws[2]]
    assert ids == [
        "code",
        "name",
        "staff",
        "staff_pc",
        "antivirus",
        "bandwidth",
        "has_portal",
        "portal_level",
        "note",
    ]
    district_ids = [c.value for c in wb["UBND cấp huyện"][2]]
    assert "portal_level" not in district_ids  # only asked of provinces
    assert ws["F1"].value == "Băng thông Internet (số; Mbps; 0–10000)"
    assert ws["D1"].value == "Số CBCC có máy tính (số nguyên; người; ≤ Tổng số CBCC)"
    assert [ws.cell(r, 1).value for r in (3, 4, 5)] == ["P01", "P02", "P03"]
    assert ws["B3"].value == "Sở Nội vụ"
    assert ws.freeze_panes == "C3"
    assert ws["E3"].number_format == "0.00%"


def test_data_validation(form):
    ws = openpyxl.load_workbook(form)["Sở, ban, ngành"]
    rules = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    assert rules["G3"].type == "list" and rules["G3"].formula1 == '"Có,Không"'
    assert rules["H3"].formula1 == '"Mức 1,Mức 2,Mức 3"'
    assert rules["C3"].type == "whole" and rules["C3"].formula1 == "0"
    assert rules["D3"].type == "custom" and 'OR(C3="",D3<=C3)' in rules["D3"].formula1
    assert rules["E3"].type == "decimal" and (rules["E3"].formula1, rules["E3"].formula2) == (
        "0",
        "1",
    )
    assert "I3" not in rules  # free text


def test_instructions_explain_yes_no_and_columns(form):
    ws = openpyxl.load_workbook(form)["Hướng dẫn"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "Có/Không" in text and "khong" in text
    assert "staff_pc" in text and "Băng thông Internet" in text


def test_output_is_byte_identical(tmp_path, fw, registry, form):
    again = tmp_path / "again.xlsx"
    write_template(fw, again, units=registry, framework_sha256="ab" * 32)
    assert again.read_bytes() == form.read_bytes()
    with zipfile.ZipFile(form) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        assert b"2000-01-01T00:00:00Z" in z.read("docProps/core.xml")


def test_form_without_registry_has_empty_rows(tmp_path, fw):
    path = tmp_path / "blank.xlsx"
    write_template(fw, path)
    ws = openpyxl.load_workbook(path)["UBND cấp huyện"]
    assert ws["A3"].value is None and ws["A2"].value == "code"


@pytest.mark.parametrize(
    ("label", "taken", "expected"),
    [
        ("Sở, ban, ngành", set(), "Sở, ban, ngành"),
        ("UBND cấp xã/phường: [2018]?", set(), "UBND cấp xã phường 2018"),
        ("x" * 40, set(), "x" * 31),
        ("Hướng dẫn", {"hướng dẫn"}, "Hướng dẫn (2)"),
        ("'quoted'", set(), "quoted"),
    ],
)
def test_sheet_titles(label, taken, expected):
    assert sheet_title(label, set(taken)) == expected


def test_long_options_are_listed_in_the_hidden_sheet(tmp_path, fw):
    import dataclasses

    options = ("Có, đầy đủ", "Có, một phần", "Chưa có")
    inputs = tuple(
        dataclasses.replace(i, choices=options) if i.id == "portal_level" else i for i in fw.inputs
    )
    path = tmp_path / "lists.xlsx"
    write_template(dataclasses.replace(fw, inputs=inputs), path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Sở, ban, ngành"]
    rules = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    assert rules["H3"].formula1 == "'_cqdt'!$E$2:$E$4"
    assert [wb["_cqdt"].cell(r, 5).value for r in (1, 2, 3, 4)] == ["portal_level", *options]
