"""The sheet XML scan (``runtime/intake/cells.py``): what counts as content, and where a cell is."""

from __future__ import annotations

import io
import zipfile

import pytest

from cqdt.runtime.intake.cells import PackageError, scan_sheet

NS = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'


def _scan(rows: bytes, max_rows: int = 1000, max_cells: int = 100_000):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("s.xml", NS + rows + b"</sheetData></worksheet>")
    with zipfile.ZipFile(buffer) as archive:
        return scan_sheet(archive, "s", "s.xml", ({1}, {2}), max_rows=max_rows, max_cells=max_cells)


def test_cell_without_r_after_an_empty_cell_keeps_its_column():
    found = _scan(
        b'<row r="3"><c r="A3"><v>1</v></c><c r="B3" s="3"/><c t="e"><v>#N/A</v></c></row>'
    )
    assert [(pos, k.kind, k.shown) for pos, k in found.special.items()] == [
        ((3, 3), "error", "#N/A")
    ]


@pytest.mark.parametrize(
    "cell",
    [
        b"<c r='XFD900'><v>1</v></c>",
        b'<c r = "XFD900"><v>1</v></c>',
        b'<c r="XFD0900"><v>1</v></c>',
        b'<c r="xfd900"><v>1</v></c>',
    ],
)
def test_reference_as_xml_allows_it(cell):
    found = _scan(b'<row r="900">' + cell + b"</row>", max_rows=100)
    assert found.stopped and (found.max_row, found.max_col) == (900, 16384)


def test_empty_rows_and_formatted_empty_cells_are_not_content():
    found = _scan(
        b'<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"/>'
        b'<row r="5000"><c r="XFD5000" s="1"/></row>'
    )
    assert (found.max_row, found.max_col) == (1, 1)


def test_kinds():
    found = _scan(
        b'<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1"><f>1+1</f></c>'
        b'<c r="C1" s="2"><v>43221</v></c><c r="D1" s="1"><v>0.5</v></c>'
        b'<c r="E1" t="s"><v>NaN</v></c><c r="F1" t="s"><v>3</v></c></row>'
    )
    kinds = {pos: (k.kind, k.shown) for pos, k in found.special.items()}
    assert kinds == {
        (1, 1): ("boolean", "TRUE"),
        (1, 2): ("formula", "=1+1"),
        (1, 3): ("date", "2018-05-01 00:00:00"),
        (1, 5): ("error", "NaN"),
    }
    assert found.percent == {(1, 4)} and found.strings == {(1, 6)}


def test_doctype_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("s.xml", b'<!DOCTYPE x [<!ENTITY a "b">]><worksheet/>')
    with zipfile.ZipFile(buffer) as archive, pytest.raises(PackageError) as err:
        scan_sheet(archive, "s", "s.xml", (set(), set()), max_rows=1, max_cells=1)
    assert err.value.declaration
