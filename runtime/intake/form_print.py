"""The form as an office suite opens and prints it: locked sheets, A4 pages, a signature block.

A clerk must be able to type answers and nothing else: the id row the reader matches columns
by, and a unit's code and name (printed in the official annex), are locked; the sheet
protection has no password, so anyone can still read everything, and lift it on purpose. The
form is printed for signature and stamp: A4 landscape, every column on one page width, the
label and id rows and the code and name columns repeated on every page, the unit named in
the page header.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cqdt.runtime.intake.workbook import set_text

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["SIGNATURE_TITLE", "protect", "setup_page", "signature_sheet", "unlock"]

SIGNATURE_TITLE = "Xác nhận"

#: The contact and signature block of a unit's form: (label, whether an answer is typed).
SIGNATURE_LINES = (
    ("Người lập phiếu (họ và tên, chức vụ)", True),
    ("Điện thoại", True),
    ("Thư điện tử", True),
    ("Ngày lập phiếu", True),
    ("", False),
    ("NGƯỜI LẬP PHIẾU", False),
    ("(Ký, ghi rõ họ tên)", False),
    ("", False),
    ("THỦ TRƯỞNG ĐƠN VỊ", False),
    ("(Ký tên, đóng dấu)", False),
)


def unlock(ws: Worksheet, columns: range, rows: range) -> None:
    """Let the clerk type in these cells once the sheet is protected."""
    from openpyxl.styles import Protection

    open_cell = Protection(locked=False)
    for row in rows:
        for column in columns:
            ws.cell(row=row, column=column).protection = open_cell


def protect(ws: Worksheet) -> None:
    """Protect ``ws`` without a password: locked cells cannot be edited, columns can still be
    widened and rows heightened (long answers), and the rest can be read and copied."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False


def setup_page(
    ws: Worksheet, title_rows: str | None, title_columns: str | None, header: str
) -> None:
    """A4 landscape, fitted to one page width, titles repeated, ``header`` on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    if title_columns:
        ws.print_title_cols = title_columns
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddHeader.center.text = header.replace("&", "&&")
    ws.oddFooter.right.text = "Trang &P/&N"


def signature_sheet(ws: Worksheet, unit_line: str) -> None:
    """The contact details and the signatures of a unit's form, on a sheet the reader skips."""
    from openpyxl.styles import Alignment, Font

    set_text(ws.cell(row=1, column=1), "Xác nhận của đơn vị")
    ws["A1"].font = Font(bold=True, size=14)
    set_text(ws.cell(row=2, column=1), unit_line)
    for i, (label, typed) in enumerate(SIGNATURE_LINES, start=4):
        set_text(ws.cell(row=i, column=1), label or None)
        if typed:
            unlock(ws, range(2, 3), range(i, i + 1))
        elif label:
            ws.cell(row=i, column=1).font = Font(bold=label.isupper())
            ws.cell(row=i, column=1).alignment = Alignment(horizontal="left")
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 60
    protect(ws)
    setup_page(ws, "1:2", None, unit_line)
    ws.page_setup.orientation = "portrait"
