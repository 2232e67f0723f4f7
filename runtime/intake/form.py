"""The data-entry workbook (phiếu khảo sát) generated from a framework.

The form is the data contract made visible: one sheet per tier, one row per unit (prefilled
from the registry), one column per input that tier is asked. Row 1 carries the Vietnamese label
with the unit and valid range, row 2 the input ids: the reader matches columns by these ids, so
labels can be reworded and columns moved without breaking anything. Data validation (Có/Không
lists, option lists, number ranges, "at most" rules) catches most mistakes while typing; the
reader checks everything again anyway. A hidden ``_cqdt`` sheet records which framework,
version and input contract the form belongs to, and which sheet is which tier.

Output is byte-identical for identical inputs.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from cqdt.compiler.model.contract import CONTRACT_VERSION, asked_inputs, contract_hash
from cqdt.compiler.model.nodes import Framework, Input, InputType, MissingPolicy
from cqdt.compiler.model.types import INPUT_TYPES
from cqdt.runtime.atomic import write_bytes_atomic
from cqdt.runtime.intake.registry import UnitRegistry
from cqdt.runtime.intake.values import NO_SPELLINGS, YES_SPELLINGS, format_value
from cqdt.runtime.intake.workbook import set_text, sheet_title, workbook_bytes

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "DATA_FIRST_ROW",
    "ID_ROW",
    "INSTRUCTIONS_TITLE",
    "META_SHEET",
    "form_workbook",
    "write_template",
]

META_SHEET = "_cqdt"
INSTRUCTIONS_TITLE = "Hướng dẫn"
LABEL_ROW = 1
ID_ROW = 2
DATA_FIRST_ROW = 3
#: Empty rows given validation below the prefilled units (for units added by hand).
SPARE_ROWS = 200
#: First column of the ``_cqdt`` sheet holding option lists too long for an inline list (E).
LIST_FIRST_COLUMN = 5
YES, NO = "Có", "Không"

MISSING_LABELS = {
    MissingPolicy.ERROR: "bắt buộc",
    MissingPolicy.ZERO: "để trống tính là 0 / Không",
    MissingPolicy.UNCLASSIFIED: "để trống thì hạng mục liên quan Không xếp loại",
    MissingPolicy.EMPTY: "được để trống (tính là thiếu số liệu)",
}


def write_template(
    fw: Framework,
    path: str | os.PathLike[str],
    *,
    units: UnitRegistry | None = None,
    framework_sha256: str = "",
) -> None:
    """Write the data-entry workbook of ``fw`` to ``path`` (atomically, deterministically)."""
    write_bytes_atomic(path, workbook_bytes(form_workbook(fw, units, framework_sha256)))


def input_header(inp: Input) -> str:
    """The label cell of an input column: label, then unit and valid range."""
    parts = [inp.label]
    details = [INPUT_TYPES[inp.type].form_label]
    if inp.unit:
        details.append(inp.unit)
    pct = inp.type is InputType.PERCENT
    if inp.minimum is not None or inp.maximum is not None:
        low = "" if inp.minimum is None else format_value(inp.minimum, pct).replace(".", ",")
        high = "" if inp.maximum is None else format_value(inp.maximum, pct).replace(".", ",")
        details.append(f"{low}–{high}")
    if inp.at_most:
        details.append(f"≤ {inp.at_most}")
    parts.append("(" + "; ".join(details) + ")")
    return " ".join(parts)


def form_workbook(
    fw: Framework, units: UnitRegistry | None = None, framework_sha256: str = ""
) -> Workbook:
    """The form as an openpyxl workbook (see :func:`write_template`)."""
    from openpyxl import Workbook

    wb = Workbook()
    instructions = wb.active
    instructions.title = INSTRUCTIONS_TITLE
    taken = {INSTRUCTIONS_TITLE.lower(), META_SHEET.lower()}
    mapping: list[tuple[str, str]] = []
    lists: dict[str, tuple[str, ...]] = {}
    for tier in fw.tiers:
        title = sheet_title(tier.label, taken)
        mapping.append((title, tier.id))
        ws = wb.create_sheet(title)
        tier_units = units.by_tier(tier.id) if units is not None else ()
        _tier_sheet(
            ws, fw, list(asked_inputs(fw, tier.id)), [(u.code, u.name) for u in tier_units], lists
        )
    _instructions(instructions, fw, mapping)
    _meta_sheet(wb.create_sheet(META_SHEET), fw, mapping, framework_sha256, lists)
    return wb


def _tier_sheet(
    ws: Worksheet, fw: Framework, inputs: list[Input], units, lists: dict[str, tuple[str, ...]]
) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    grey = Font(color="808080", size=9)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    heads = [("code", "Mã đơn vị"), ("name", "Tên đơn vị")] + [
        (inp.id, input_header(inp)) for inp in inputs
    ]
    for j, (col_id, label) in enumerate(heads, start=1):
        cell = ws.cell(row=LABEL_ROW, column=j)
        set_text(cell, label)
        cell.font, cell.fill, cell.alignment = bold, head_fill, wrap
        id_cell = ws.cell(row=ID_ROW, column=j)
        set_text(id_cell, col_id)
        id_cell.font = grey
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = 12 if j == 1 else (40 if j == 2 else 18)
    for i, (code, name) in enumerate(units, start=DATA_FIRST_ROW):
        set_text(ws.cell(row=i, column=1), code)
        set_text(ws.cell(row=i, column=2), name)
    for r in range(DATA_FIRST_ROW, DATA_FIRST_ROW + len(units)):
        ws.cell(row=r, column=1).number_format = "@"
    last = DATA_FIRST_ROW + len(units) + SPARE_ROWS - 1
    column_of = {inp.id: get_column_letter(j) for j, inp in enumerate(inputs, start=3)}
    for inp in inputs:
        letter = column_of[inp.id]
        _validation(ws, inp, letter, column_of.get(inp.at_most or ""), last, lists)
        if inp.type is InputType.PERCENT:
            for r in range(DATA_FIRST_ROW, last + 1):
                ws[f"{letter}{r}"].number_format = "0.0%"
    ws.row_dimensions[LABEL_ROW].height = 75
    ws.freeze_panes = f"C{DATA_FIRST_ROW}"


def _validation(
    ws: Worksheet,
    inp: Input,
    letter: str,
    other: str | None,
    last: int,
    lists: dict[str, tuple[str, ...]],
) -> None:
    """Excel data validation for one input column (Excel allows one rule per cell).

    Options that cannot be written inline (a comma or a quote in an option, or more than 255
    characters in all) are listed in a column of the hidden ``_cqdt`` sheet instead.
    """
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    first = f"{letter}{DATA_FIRST_ROW}"
    target = f"{first}:{letter}{last}"
    dv: DataValidation | None = None
    if inp.type is InputType.YESNO:
        dv = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
    elif inp.type is InputType.CHOICE and inp.choices:
        joined = ",".join(inp.choices)
        if '"' not in joined and all("," not in c for c in inp.choices) and len(joined) <= 250:
            formula = f'"{joined}"'
        else:
            lists.setdefault(inp.id, inp.choices)
            column = get_column_letter(LIST_FIRST_COLUMN + list(lists).index(inp.id))
            formula = f"'{META_SHEET}'!${column}$2:${column}${len(inp.choices) + 1}"
        dv = DataValidation(type="list", formula1=formula, allow_blank=True)
    elif inp.type in (InputType.NUMBER, InputType.COUNT, InputType.PERCENT):
        low = inp.minimum
        high = inp.maximum
        if inp.type is InputType.PERCENT:
            low = 0.0 if low is None else low
            high = 1.0 if high is None else high
        if inp.type is InputType.COUNT and low is None:
            low = 0.0
        if other is not None:
            checks = [f"ISNUMBER({first})"]
            if inp.type is InputType.COUNT:
                checks.append(f"{first}=INT({first})")
            if low is not None:
                checks.append(f"{first}>={low!r}")
            if high is not None:
                checks.append(f"{first}<={high!r}")
            checks.append(f'OR({other}{DATA_FIRST_ROW}="",{first}<={other}{DATA_FIRST_ROW})')
            dv = DataValidation(
                type="custom", formula1="AND(" + ",".join(checks) + ")", allow_blank=True
            )
        else:
            kind = "whole" if inp.type is InputType.COUNT else "decimal"
            if low is not None and high is not None:
                dv = DataValidation(
                    type=kind,
                    operator="between",
                    formula1=_num(low),
                    formula2=_num(high),
                    allow_blank=True,
                )
            elif low is not None:
                dv = DataValidation(
                    type=kind, operator="greaterThanOrEqual", formula1=_num(low), allow_blank=True
                )
            elif high is not None:
                dv = DataValidation(
                    type=kind, operator="lessThanOrEqual", formula1=_num(high), allow_blank=True
                )
            else:
                dv = DataValidation(
                    type="decimal",
                    operator="between",
                    formula1="-1E+300",
                    formula2="1E+300",
                    allow_blank=True,
                )
    if dv is None:
        return
    dv.error = f"Giá trị không hợp lệ cho {inp.id}: xem dòng tiêu đề của cột"
    dv.errorTitle = "cqdt"
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(target)


def _num(value: float) -> str:
    return format_value(value)


def _instructions(ws: Worksheet, fw: Framework, mapping: list[tuple[str, str]]) -> None:
    """The instructions sheet, in Vietnamese: how to fill in, and what each column means."""
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    lines: list[tuple[str, ...]] = [
        (f"Phiếu khảo sát: {fw.meta.title}",),
        (f"Năm: {fw.meta.year or ''}   Phiên bản: {fw.meta.version or ''}   Mã: {fw.id}",),
        (),
        ("Cách điền",),
        ("1. Mỗi khối đơn vị có một trang tính; mỗi đơn vị một dòng (mã ở cột A, tên ở cột B).",),
        (
            "2. Dòng 1 là tên câu hỏi, đơn vị tính và khoảng hợp lệ; dòng 2 là mã cột: "
            "không sửa, không xóa dòng 2.",
        ),
        ("3. Nhập số liệu từ dòng 3. Không thêm hoặc đổi tên trang tính; không xóa trang ẩn.",),
        ("4. Tỷ lệ: nhập 85% (có dấu %) hoặc 0,85. Số nguyên: không có phần thập phân.",),
        (
            "5. Có/Không: chọn trong danh sách. Cách viết được chấp nhận — Có: "
            + ", ".join(YES_SPELLINGS)
            + "; Không: "
            + ", ".join(NO_SPELLINGS)
            + ".",
        ),
        (
            "6. Để trống khi chưa có số liệu; không nhập công thức (nếu có, lưu lại bằng Excel "
            "để có giá trị).",
        ),
        (),
        ("Các trang tính",),
    ]
    for title, tier_id in mapping:
        lines.append((f"• {title}: khối {fw.tier(tier_id).label} ({tier_id})",))
    lines.append(())
    lines.append(
        (
            "Mã cột",
            "Câu hỏi",
            "Kiểu",
            "Đơn vị tính",
            "Khoảng hợp lệ",
            "Không lớn hơn",
            "Lựa chọn",
            "Để trống",
            "Khối",
            "Ghi chú",
        )
    )
    header_row = len(lines)
    for inp in fw.inputs:
        pct = inp.type is InputType.PERCENT
        rng = ""
        if inp.minimum is not None or inp.maximum is not None:
            low = "" if inp.minimum is None else format_value(inp.minimum, pct)
            high = "" if inp.maximum is None else format_value(inp.maximum, pct)
            rng = f"{low} – {high}"
        tiers = ", ".join(fw.tier(t).label for t in inp.tiers)
        lines.append(
            (
                inp.id,
                inp.label,
                INPUT_TYPES[inp.type].form_label,
                inp.unit or "",
                rng,
                inp.at_most or "",
                "; ".join(inp.choices),
                MISSING_LABELS[inp.missing],
                tiers,
                inp.description or "",
            )
        )
    for i, values in enumerate(lines, start=1):
        for j, value in enumerate(values, start=1):
            set_text(ws.cell(row=i, column=j), value)
    ws["A1"].font = Font(bold=True, size=14)
    for row in (4, 12, header_row):
        for cell in ws[row]:
            cell.font = bold
    widths = {
        "A": 22,
        "B": 50,
        "C": 12,
        "D": 12,
        "E": 14,
        "F": 14,
        "G": 24,
        "H": 24,
        "I": 30,
        "J": 40,
    }
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _meta_sheet(
    ws: Worksheet,
    fw: Framework,
    mapping: list[tuple[str, str]],
    sha: str,
    lists: dict[str, tuple[str, ...]],
) -> None:
    """The hidden sheet telling the reader which framework and contract the form is for."""
    rows: list[tuple[str, str, str]] = [
        ("format", "cqdt-form", ""),
        ("contract_version", str(CONTRACT_VERSION), ""),
        ("framework_id", fw.id, ""),
        ("framework_title", fw.meta.title, ""),
        ("framework_version", fw.meta.version or "", ""),
        ("framework_year", "" if fw.meta.year is None else str(fw.meta.year), ""),
        ("contract_hash", contract_hash(fw), ""),
        ("framework_sha256", sha, ""),
        ("instructions", INSTRUCTIONS_TITLE, ""),
    ]
    rows += [("sheet", title, tier_id) for title, tier_id in mapping]
    set_text(ws.cell(row=1, column=1), "key")
    set_text(ws.cell(row=1, column=2), "value")
    set_text(ws.cell(row=1, column=3), "tier")
    for i, (key, value, tier) in enumerate(rows, start=2):
        set_text(ws.cell(row=i, column=1), key)
        set_text(ws.cell(row=i, column=2), value)
        set_text(ws.cell(row=i, column=3), tier or None)
    for k, (input_id, options) in enumerate(lists.items()):
        column = LIST_FIRST_COLUMN + k
        set_text(ws.cell(row=1, column=column), input_id)
        for i, option in enumerate(options, start=2):
            set_text(ws.cell(row=i, column=column), option)
    ws.sheet_state = "hidden"
