"""Look at a workbook's package before any spreadsheet library opens it.

A form comes back from dozens of units by e-mail, USB stick or a web portal. Whatever arrives
with an ``.xlsx`` name — a password-protected file, an Excel 97 ``.xls``, a LibreOffice ``.ods``,
an HTML export, a zip bomb, XML with entity declarations, a sheet whose last used cell is
XFD1048576 — must end in a diagnostic the clerk can act on, in bounded time and memory, never
in a crash of the reader (calamine aborts the whole process when it cannot allocate the grid of
a sheet) nor in entity expansion.

:func:`inspect_workbook` reads only the zip directory and streams each XML part once through
zlib (never holding a whole part in memory), checking:

- the file signature: an OLE compound file is an encrypted workbook (it holds an
  ``EncryptedPackage`` stream) or an old ``.xls``; a zip with an OpenDocument ``mimetype`` is
  an ``.ods``; anything else that is not a zip, or a zip without ``xl/workbook.xml``, is not a
  workbook;
- the package: at most :data:`MAX_ENTRIES` members, at most :data:`MAX_UNCOMPRESSED_BYTES`
  once inflated (declared sizes, and the actual bytes while streaming, since a header can
  lie), no member over 1 MB compressed more than :data:`MAX_RATIO` times;
- no ``<!DOCTYPE``/``<!ENTITY`` in any XML part (Office never writes them; they are how
  billion-laughs and external-entity attacks start);
- the extent of each sheet's cells: rows up to :data:`MAX_ROWS`, a used range of at most
  :data:`MAX_CELLS` cells (a reader allocates the whole range);
- links to other workbooks (a warning: the values saved in the file are read, links are never
  followed).

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "note.xlsx"
>>> _ = path.write_text("hello")
>>> [d.code for d in inspect_workbook(path)]
['D220']
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from cqdt.diagnostics import CellRef, Diagnostic
from cqdt.i18n import Message, language
from cqdt.number_format import format_number
from cqdt.runtime.intake.messages import data_diagnostic

__all__ = [
    "MAX_CELLS",
    "MAX_ENTRIES",
    "MAX_RATIO",
    "MAX_ROWS",
    "MAX_UNCOMPRESSED_BYTES",
    "inspect_workbook",
    "sniff_kind",
]

#: Members of a package; a form has about twenty.
MAX_ENTRIES = 10_000
#: All members together once inflated (a form of 10,000 units × 100 inputs is ~60 MB).
MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
#: Inflated / compressed size of a member over 1 MB; sheet XML compresses 5–30 times.
MAX_RATIO = 200
#: Rows of a sheet (a province has hundreds of units; large runs use CSV or Parquet).
MAX_ROWS = 200_000
#: Cells in the used range of a sheet (rows × columns), which calamine allocates whole, at
#: about 100 bytes a cell once read: 10 million cells is about 1 GB (100,000 units × 100 inputs).
MAX_CELLS = 10_000_000

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
#: What ``zipfile`` raises on a damaged package: bad headers, a broken deflate stream (zlib),
#: an unknown compression method or zip version (NotImplementedError), an encrypted member
#: (RuntimeError), a CRC mismatch (BadZipFile).
_DAMAGED = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    NotImplementedError,
    RuntimeError,
    OSError,
    EOFError,
    ValueError,
    KeyError,
)
_CHUNK = 1 << 20


REASONS: dict[str, Message] = {
    "entries": Message(vi="{n} thành phần, tối đa {limit}", en="{n} entries, at most {limit}"),
    "inflated": Message(
        vi="giải nén ra {n} byte, tối đa {limit}", en="{n} bytes once inflated, at most {limit}"
    ),
    "ratio": Message(vi="{member} nén tới {ratio} lần", en="{member} is compressed {ratio} times"),
    "lied": Message(
        vi="{member} lớn hơn kích thước ghi trong tệp nén",
        en="{member} is larger than its zip header says",
    ),
    "damaged": Message(vi="tệp nén bị hỏng ({detail})", en="the zip file is damaged ({detail})"),
}


def _number(value: int) -> str:
    """12,345 in English, 12.345 in Vietnamese."""
    return format_number(value, 0, language())


def _refused(where: CellRef, file: str, reason: str, **fields) -> Diagnostic:
    return _diagnostic("D224", where, file=file, reason=REASONS[reason].render(**fields))


def _diagnostic(code: str, where: CellRef, *, warning: bool = False, **fields) -> Diagnostic:
    """A D22x diagnostic from the data catalogue (:mod:`cqdt.runtime.intake.messages`)."""
    return data_diagnostic(code, where, hint_fields=fields, warning=warning, **fields)


def sniff_kind(head: bytes) -> str:
    """What the first bytes of a file say it is: ``zip``, ``ole``, ``html``, ``empty``, ``text``
    or ``binary``."""
    if not head:
        return "empty"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")):
        return "html"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "binary"
    return "text"


_KIND_NOTE = {
    "empty": Message(vi=": tệp rỗng", en=": the file is empty"),
    "html": Message(vi=": đây là trang web (HTML/XML)", en=": it is a web page (HTML/XML)"),
    "text": Message(vi=": đây là tệp văn bản", en=": it is a text file"),
    "binary": Message(vi="", en=""),
    "zip": Message(vi=": tệp nén không chứa sổ tính", en=": a zip file without a workbook"),
}


def inspect_workbook(path: str | Path) -> list[Diagnostic]:
    """Everything wrong with ``path`` as a workbook package, before a reader opens it.

    Errors mean the file must not be handed to a reader; warnings (external links) do not.
    An unreadable file (permissions, missing) gives no diagnostic here: the reader reports it.
    """
    path = Path(path)
    where = CellRef(path.name, "", str(path))
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError:
        return []
    kind = sniff_kind(head)
    if kind == "ole":
        return [_ole_diagnostic(path, where)]
    if kind != "zip":
        return [_diagnostic("D220", where, file=path.name, kind=_KIND_NOTE[kind].render())]
    try:
        with zipfile.ZipFile(path) as archive:
            return _inspect_package(archive, path, where)
    except _DAMAGED as error:
        detail = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        return [_refused(where, path.name, "damaged", detail=detail)]


def _ole_diagnostic(path: Path, where: CellRef) -> Diagnostic:
    """An OLE compound file is either an encrypted OOXML package or a BIFF ``.xls``."""
    needle = "EncryptedPackage".encode("utf-16-le")
    with open(path, "rb") as handle:
        tail = b""
        while chunk := handle.read(_CHUNK):
            if needle in tail + chunk:
                return _diagnostic("D221", where, file=path.name)
            tail = chunk[-len(needle) :]
    return _diagnostic("D222", where, file=path.name)


def _inspect_package(archive: zipfile.ZipFile, path: Path, where: CellRef) -> list[Diagnostic]:
    file = path.name
    members = archive.infolist()
    if len(members) > MAX_ENTRIES:
        return [
            _refused(where, file, "entries", n=_number(len(members)), limit=_number(MAX_ENTRIES))
        ]
    names = {m.filename for m in members}
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:200]
        if mimetype.startswith(b"application/vnd.oasis.opendocument"):
            return [_diagnostic("D223", where, file=file)]
    if "xl/workbook.xml" not in names:
        return [_diagnostic("D220", where, file=file, kind=_KIND_NOTE["zip"].render())]
    declared = sum(m.file_size for m in members)
    if declared > MAX_UNCOMPRESSED_BYTES:
        limit = _number(MAX_UNCOMPRESSED_BYTES)
        return [_refused(where, file, "inflated", n=_number(declared), limit=limit)]
    for member in members:
        if member.file_size > _CHUNK and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            ratio = _number(member.file_size // max(member.compress_size, 1))
            return [_refused(where, file, "ratio", member=member.filename, ratio=ratio)]
    sheets = _sheet_names(archive)
    problems: list[Diagnostic] = []
    for member in members:
        if not member.filename.endswith((".xml", ".rels", ".vml")):
            continue
        scan = _scan_xml(archive, member, sheets.get(member.filename))
        if scan.lied:
            return [_refused(where, file, "lied", member=member.filename)]
        if scan.doctype:
            return [_diagnostic("D225", CellRef(file, member.filename, str(path)), file=file)]
        if scan.max_row > MAX_ROWS or scan.max_row * scan.max_col > MAX_CELLS:
            sheet = sheets[member.filename]
            cell = f"{_letters(scan.max_col)}{scan.max_row}"
            problems.append(
                _diagnostic(
                    "D226",
                    CellRef(sheet, cell, str(path)),
                    sheet=sheet,
                    cell=cell,
                    rows=_number(MAX_ROWS),
                    cells=_number(MAX_CELLS),
                )
            )
    if any(name.startswith("xl/externalLinks/") for name in names):
        problems.append(_diagnostic("D227", where, warning=True))
    return problems


class _Scan:
    __slots__ = ("doctype", "lied", "max_col", "max_row")

    def __init__(self) -> None:
        self.doctype = self.lied = False
        self.max_row = self.max_col = 0


_PROLOG_END = re.compile(rb"<[A-Za-z_]")
_DECLARATION = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)
#: The column letters of a cell reference (``r="XFD12"``), and the row of a cell or row element.
#: (No ``\b``: it doubles the cost, and a stray match can only make the check stricter.)
_COLUMN_REF = re.compile(rb'r="([A-Z]{1,3})[0-9]')
_ROW_REF = re.compile(rb'r="[A-Z]{0,3}([0-9]{1,7})"')


def _scan_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo, sheet: str | None) -> _Scan:
    """Stream one XML part: declarations in the prolog, and for a sheet the extent of its cells.

    Entity declarations can only appear before the root element, so the prolog is searched,
    however long; cell references are matched across chunk boundaries with a small overlap.
    """
    scan = _Scan()
    in_prolog = True
    prolog = b""
    carry = b""
    total = 0
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            total += len(chunk)
            if total > member.file_size:
                scan.lied = True
                return scan
            if in_prolog:
                prolog += chunk
                end = _PROLOG_END.search(prolog)
                head = prolog if end is None else prolog[: end.start()]
                if _DECLARATION.search(head):
                    scan.doctype = True
                    return scan
                if end is not None:
                    in_prolog = False
                    prolog = b""
                elif len(prolog) > 4 * _CHUNK:  # keep only what may still start a declaration
                    prolog = prolog[-16:]
            if sheet is None:
                continue
            data = carry + chunk
            columns = set(_COLUMN_REF.findall(data))  # few distinct values: cheap to convert
            if columns:
                scan.max_col = max(scan.max_col, *map(_column_number, columns))
            rows = set(_ROW_REF.findall(data))
            if rows:
                scan.max_row = max(scan.max_row, *map(int, rows))
            carry = data[-256:]
    return scan


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → sheet title (the part name when the workbook cannot say)."""
    import html

    try:
        workbook = archive.read("xl/workbook.xml")[:_CHUNK].decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels")[:_CHUNK].decode("utf-8", "replace")
    except KeyError:
        workbook = rels = ""
    targets = {}
    for tag in re.findall(r"<Relationship\b[^>]*>", rels):
        rid = re.search(r'Id="([^"]*)"', tag)
        target = re.search(r'Target="([^"]*)"', tag)
        if rid and target:
            value = target.group(1)
            targets[rid.group(1)] = value.lstrip("/") if value.startswith("/") else "xl/" + value
    names = {}
    for tag in re.findall(r"<sheet\b[^>]*>", workbook):
        name = re.search(r'name="([^"]*)"', tag)
        rid = re.search(r'r:id="([^"]*)"', tag)
        if name and rid and rid.group(1) in targets:
            names[targets[rid.group(1)]] = html.unescape(name.group(1))
    for info in archive.infolist():
        if re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
            names.setdefault(info.filename, info.filename)
    return names


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + (byte - 64)
    return number


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, rem = divmod(number - 1, 26)
        letters = chr(65 + rem) + letters
    return letters or "A"
