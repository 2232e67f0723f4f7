"""Hostile workbooks, built by code at test time (no binaries in the repository).

Each builder takes the good form (cqdt's template filled in with ``tests/io/sample.py``'s
answers, see ``base_form``) and a target path, and writes one odd or malicious variant: what a
unit's clerk, a broken e-mail gateway or an attacker could send back instead of the form.
Most work at the zip level (rewriting one part of the package), as openpyxl would refuse or
repair what they produce.
"""

from __future__ import annotations

import datetime
import importlib.util
import io
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent
IO_TESTS = HERE.parent / "io"


def _io_module(name: str):
    """``tests/io/<name>.py`` under the module name the I/O tests give it (shared)."""
    module_name = f"cqdt_io_tests_{name}"
    if module_name not in sys.modules:
        spec = importlib.util.spec_from_file_location(module_name, IO_TESTS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    return sys.modules[module_name]


sample = _io_module("sample")
corpus = _io_module("corpus")


def base_form(path: Path) -> Path:
    """The good filled-in form of the I/O sample (5 units in 2 tiers)."""
    return corpus.filled_form(sample.framework(), sample.registry(), path)


# -- zip-level helpers -----------------------------------------------------------------------


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write(path: Path, parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(path, "w", compression, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _first_sheet(parts: dict[str, bytes]) -> str:
    """The part of the first tier sheet (the form's sheet 2; sheet 1 is the instructions)."""
    sheets = sorted(n for n in parts if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))
    return sheets[1]


def _rewrite(form: Path, target: Path, edit: Callable[[dict[str, bytes]], None]) -> Path:
    parts = _parts(form)
    edit(parts)
    _write(target, parts)
    return target


# -- the cases -------------------------------------------------------------------------------


def not_a_zip(form: Path, target: Path) -> Path:
    target.write_bytes(b"Xin chao, day khong phai la tep Excel.\n" * 50)
    return target


def empty_file(form: Path, target: Path) -> Path:
    target.write_bytes(b"")
    return target


def truncated_zip(form: Path, target: Path) -> Path:
    data = form.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def html_saved_as_xlsx(form: Path, target: Path) -> Path:
    """What some web portals export: an HTML table with an .xlsx name."""
    target.write_bytes(b"<html><body><table><tr><td>code</td></tr></table></body></html>")
    return target


def zip_bomb_dimension(form: Path, target: Path) -> Path:
    """A sheet that declares the whole grid (A1:XFD1048576) as its used range."""

    def edit(parts):
        name = _first_sheet(parts)
        parts[name] = re.sub(
            rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', parts[name]
        )

    return _rewrite(form, target, edit)


def zip_bomb_compressed(form: Path, target: Path, megabytes: int = 1000, level: int = 1) -> Path:
    """Sheet XML padded with 1 GB of whitespace: ~4 MB on disk, a gigabyte once inflated.

    Streamed into the zip so building it never holds the gigabyte in memory.
    """
    parts = _parts(form)
    name = _first_sheet(parts)
    head, tail = parts.pop(name).split(b"<sheetData>", 1)
    _write(target, parts)
    padding = b" " * (1 << 20)
    with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        with archive.open(name, "w") as member:
            member.write(head + b"<sheetData>")
            for _ in range(megabytes):
                member.write(padding)
            member.write(tail)
    return target


def zip_bomb_ratio(form: Path, target: Path) -> Path:
    """100 MB of whitespace in the sheet: under the size limit, but compressed ~1,000 times."""
    return zip_bomb_compressed(form, target, megabytes=100, level=9)


def lying_sizes(form: Path, target: Path) -> Path:
    """The ratio bomb with its headers rewritten to declare a 1,000-byte sheet."""
    zip_bomb_ratio(form, target)
    with zipfile.ZipFile(target) as archive:
        info = next(i for i in archive.infolist() if i.file_size > 50_000_000)
    data = bytearray(target.read_bytes())
    name = info.filename.encode()
    local = info.header_offset
    data[local + 22 : local + 26] = (1000).to_bytes(4, "little")
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.index(b"PK\x01\x02", central + 4)
    data[central + 24 : central + 28] = (1000).to_bytes(4, "little")
    target.write_bytes(bytes(data))
    return target


def zip_bomb_cells(form: Path, target: Path) -> Path:
    """A sheet with millions of empty styled cells (a real sheet-XML bomb, still valid XML)."""

    def edit(parts):
        name = _first_sheet(parts)
        row = b"".join(b'<c r="%s1048000" s="1"/>' % _col(i).encode() for i in range(16_000))
        rows = b"".join(
            row.replace(b"1048000", str(r).encode()) + b"</row>" for r in range(1000, 1300)
        )
        rows = re.sub(rb"(<c r=\"A(\d+)\")", rb'<row r="\2">\1', rows)
        parts[name] = parts[name].replace(b"</sheetData>", rows + b"</sheetData>", 1)

    return _rewrite(form, target, edit)


def many_entries(form: Path, target: Path) -> Path:
    """A package with 100,000 extra members (each tiny)."""

    def edit(parts):
        for i in range(100_000):
            parts[f"customXml/item{i}.xml"] = b"<a/>"

    return _rewrite(form, target, edit)


def billion_laughs(form: Path, target: Path) -> Path:
    """The classic entity-expansion bomb, in a tier sheet (a unit's name cell uses it)."""
    entities = b'<!ENTITY lol0 "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)
    )
    return _entity_case(form, target, b"<!DOCTYPE worksheet [" + entities + b"]>", b"&lol9;")


def external_entity(form: Path, target: Path) -> Path:
    """XXE: an entity that would pull a local file into a cell if it were expanded."""
    doctype = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return _entity_case(form, target, doctype, b"&xxe;")


def _entity_case(form: Path, target: Path, doctype: bytes, reference: bytes) -> Path:
    def edit(parts):
        name = _first_sheet(parts)
        xml = _after_declaration(parts[name], doctype)
        cell = (
            b'<row r="300"><c r="B300" t="inlineStr"><is><t>' + reference + b"</t></is></c></row>"
        )
        parts[name] = xml.replace(b"</sheetData>", cell + b"</sheetData>", 1)

    return _rewrite(form, target, edit)


def _after_declaration(xml: bytes, insert: bytes) -> bytes:
    end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    return xml[:end] + insert + xml[end:]


def encrypted(form: Path, target: Path) -> Path:
    """A password-protected workbook: an encrypted OLE container, as Excel saves it."""
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:  # without msoffcrypto-tool: the container's signature and stream name
        target.write_bytes(_ole_like("EncryptedPackage"))
        return target
    with open(form, "rb") as plain, open(target, "wb") as out:
        OOXMLFile(plain).encrypt("mat-khau", out)
    return target


def old_xls(form: Path, target: Path) -> Path:
    """An Excel 97–2003 workbook (OLE container with a ``Workbook`` stream)."""
    target.write_bytes(_ole_like("Workbook"))
    return target


def _ole_like(stream: str) -> bytes:
    """Enough of a compound file for signature checks: magic, header, a directory entry."""
    header = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 16 + b"\x3e\0\x03\0\xfe\xff\x09\0"
    header += b"\0" * (512 - len(header))
    name = stream.encode("utf-16-le") + b"\0\0"
    entry = name + b"\0" * (64 - len(name)) + len(name).to_bytes(2, "little") + b"\x02"
    return header + entry + b"\0" * (4096 - len(entry))


def ods(form: Path, target: Path) -> Path:
    """An OpenDocument spreadsheet (LibreOffice's own format), whatever its file name."""
    parts = {
        "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
        "META-INF/manifest.xml": b'<?xml version="1.0"?><manifest:manifest '
        b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
        "content.xml": b'<?xml version="1.0"?><office:document-content '
        b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
    }
    _write(target, parts, zipfile.ZIP_STORED)
    return target


def docx_renamed(form: Path, target: Path) -> Path:
    """A Word document renamed to .xlsx (a zip, but not a workbook)."""
    parts = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
    _write(target, parts)
    return target


def external_link(form: Path, target: Path) -> Path:
    """A cell whose value comes from another workbook (cached value present)."""
    wb = openpyxl.load_workbook(form)
    ws = corpus.tier_sheets(wb)["province"]
    ws.cell(
        corpus.row_of(ws, "P01"), corpus.column_of(ws, "staff")
    ).value = "='[Bao cao 2018.xlsx]Sheet1'!$A$1"
    wb.save(target)

    def edit(parts):
        name = _first_sheet(parts)
        parts[name] = re.sub(
            rb"(<f>'\[Bao cao 2018.xlsx\]Sheet1'!\$A\$1</f>)(<v\s*/>|<v></v>)?",
            rb"\1<v>40</v>",
            parts[name],
        )
        parts["xl/externalLinks/externalLink1.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8"?><externalLink '
            b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
        )

    return _rewrite(target, target, edit)


def hidden_sheet_and_rows(form: Path, target: Path) -> Path:
    """The district sheet hidden, and a province unit's row hidden: still data, still read."""
    wb = openpyxl.load_workbook(form)
    sheets = corpus.tier_sheets(wb)
    sheets["district"].sheet_state = "hidden"
    ws = sheets["province"]
    ws.row_dimensions[corpus.row_of(ws, "P02")].hidden = True
    wb.save(target)
    return target


def merged_over_data(form: Path, target: Path) -> Path:
    """Two answer cells of a unit merged: the second answer disappears under the merge."""
    wb = openpyxl.load_workbook(form)
    ws = corpus.tier_sheets(wb)["province"]
    row = corpus.row_of(ws, "P01")
    first = corpus.column_of(ws, "staff")
    ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=first + 1)
    wb.save(target)
    return target


def formula_without_value(form: Path, target: Path) -> Path:
    wb = openpyxl.load_workbook(form)
    ws = corpus.tier_sheets(wb)["province"]
    ws.cell(corpus.row_of(ws, "P02"), corpus.column_of(ws, "staff")).value = "=SUM(A1:A3)"
    wb.save(target)
    return target


def date_in_number(form: Path, target: Path) -> Path:
    wb = openpyxl.load_workbook(form)
    ws = corpus.tier_sheets(wb)["province"]
    ws.cell(corpus.row_of(ws, "P02"), corpus.column_of(ws, "bandwidth")).value = datetime.date(
        2018, 5, 1
    )
    wb.save(target)
    return target


def last_row(form: Path, target: Path) -> Path:
    """A stray value in row 1,048,576 (the last row Excel has)."""

    def edit(parts):
        name = _first_sheet(parts)
        cell = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>P99</t></is></c></row>'
        parts[name] = parts[name].replace(b"</sheetData>", cell + b"</sheetData>", 1)

    return _rewrite(form, target, edit)


def last_cell(form: Path, target: Path) -> Path:
    """A stray value in XFD1048576, the last cell of the grid: a 12 KB file whose used range
    is 17 billion cells."""

    def edit(parts):
        name = _first_sheet(parts)
        cell = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
        parts[name] = parts[name].replace(b"</sheetData>", cell + b"</sheetData>", 1)

    return _rewrite(form, target, edit)


def million_rows(form: Path, target: Path) -> Path:
    """Every one of the 1,048,576 rows filled with a unit code the registry does not know."""

    def edit(parts):
        name = _first_sheet(parts)
        body = io.BytesIO()
        for r in range(10, 1_048_577):
            body.write(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (r, r, r))
        parts[name] = re.sub(
            rb"<dimension[^>]*/>", b'<dimension ref="A1:A1048576"/>', parts[name]
        ).replace(b"</sheetData>", body.getvalue() + b"</sheetData>", 1)

    return _rewrite(form, target, edit)


def formula_injection_names(form: Path, target: Path) -> Path:
    """Unit names and a text answer that a spreadsheet would run as formulas."""
    wb = openpyxl.load_workbook(form)
    ws = corpus.tier_sheets(wb)["province"]
    names = {"P01": '=HYPERLINK("http://x","y")', "P02": "+1+2", "P03": "@SUM(1)"}
    name_column = 2
    for code, name in names.items():
        cell = ws.cell(corpus.row_of(ws, code), name_column)
        cell.value = name
        cell.data_type = "s"
    note = ws.cell(corpus.row_of(ws, "P01"), corpus.column_of(ws, "note"))
    note.value = "-2+3"
    note.data_type = "s"
    wb.save(target)
    return target


def _col(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


CASES: dict[str, Callable[[Path, Path], Path]] = {
    "not_a_zip": not_a_zip,
    "empty_file": empty_file,
    "truncated_zip": truncated_zip,
    "html_saved_as_xlsx": html_saved_as_xlsx,
    "zip_bomb_dimension": zip_bomb_dimension,
    "zip_bomb_compressed": zip_bomb_compressed,
    "zip_bomb_ratio": zip_bomb_ratio,
    "lying_sizes": lying_sizes,
    "zip_bomb_cells": zip_bomb_cells,
    "many_entries": many_entries,
    "billion_laughs": billion_laughs,
    "external_entity": external_entity,
    "encrypted": encrypted,
    "old_xls": old_xls,
    "ods": ods,
    "docx_renamed": docx_renamed,
    "external_link": external_link,
    "hidden_sheet_and_rows": hidden_sheet_and_rows,
    "merged_over_data": merged_over_data,
    "formula_without_value": formula_without_value,
    "date_in_number": date_in_number,
    "last_row": last_row,
    "last_cell": last_cell,
    "million_rows": million_rows,
    "formula_injection_names": formula_injection_names,
}


def build(case: str, folder: Path, suffix: str = ".xlsx") -> Path:
    """Write ``case`` into ``folder`` (the good form is built once per folder)."""
    form = folder / "good-form.xlsx"
    if not form.exists():
        base_form(form)
    return CASES[case](form, folder / f"{case}{suffix}")
