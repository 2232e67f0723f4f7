"""The form's first sheet, in Vietnamese: how to fill it in, and what each question means."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cqdt.compiler.model.nodes import Framework, InputType, MissingPolicy
from cqdt.compiler.model.types import INPUT_TYPES
from cqdt.runtime.intake.values import NO_SPELLINGS, YES_SPELLINGS, format_value
from cqdt.runtime.intake.workbook import set_text

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["MISSING_LABELS", "write_instructions"]

MISSING_LABELS = {
    MissingPolicy.ERROR: "bắt buộc",
    MissingPolicy.ZERO: "để trống tính là 0 / Không",
    MissingPolicy.UNCLASSIFIED: "để trống thì hạng mục liên quan Không xếp loại",
    MissingPolicy.EMPTY: "được để trống (tính là thiếu số liệu)",
}

COLUMN_HEADS = (
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
WIDTHS = {"A": 22, "B": 50, "C": 12, "D": 12, "E": 14, "F": 14, "G": 24, "H": 24, "I": 30, "J": 40}


def write_instructions(
    ws: Worksheet, fw: Framework, mapping: list[tuple[str, str]], inputs=None
) -> None:
    """Fill ``ws``: how to fill in, the sheets, then one row per question (``inputs``, or
    every input of the framework)."""
    from openpyxl.styles import Alignment, Font

    lines = _how_to(fw)
    section = len(lines)
    for title, tier_id in mapping:
        lines.append((f"• {title}: khối {fw.tier(tier_id).label} ({tier_id})",))
    lines.append(())
    lines.append(COLUMN_HEADS)
    header_row = len(lines)
    lines += [_question_row(fw, inp) for inp in (fw.inputs if inputs is None else inputs)]
    for i, values in enumerate(lines, start=1):
        for j, value in enumerate(values, start=1):
            set_text(ws.cell(row=i, column=j), value)
    ws["A1"].font = Font(bold=True, size=14)
    for row in (4, section, header_row):
        for cell in ws[row]:
            cell.font = Font(bold=True)
    for letter, width in WIDTHS.items():
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _how_to(fw: Framework) -> list[tuple[str, ...]]:
    return [
        (f"Phiếu khảo sát: {fw.meta.title}",),
        (f"Năm: {fw.meta.year or ''}   Phiên bản: {fw.meta.version or ''}   Mã: {fw.id}",),
        (),
        ("Cách điền",),
        ("1. Mỗi khối đơn vị có một trang tính; mỗi đơn vị một dòng (mã ở cột A, tên ở cột B).",),
        (
            "2. Dòng 1 là tên câu hỏi, đơn vị tính và khoảng hợp lệ; dòng 2 là mã cột: "
            "không sửa, không xóa dòng 2 (trang tính được khóa, chỉ ô trả lời nhập được).",
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


def _question_row(fw: Framework, inp) -> tuple[str, ...]:
    pct = inp.type is InputType.PERCENT
    rng = ""
    if inp.minimum is not None or inp.maximum is not None:
        low = "" if inp.minimum is None else format_value(inp.minimum, pct)
        high = "" if inp.maximum is None else format_value(inp.maximum, pct)
        rng = f"{low} – {high}"
    return (
        inp.id,
        inp.label,
        INPUT_TYPES[inp.type].form_label,
        inp.unit or "",
        rng,
        inp.at_most or "",
        "; ".join(inp.choices),
        MISSING_LABELS[inp.missing],
        ", ".join(fw.tier(t).label for t in inp.tiers),
        inp.description or "",
    )
