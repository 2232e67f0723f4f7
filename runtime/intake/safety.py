"""Look at a workbook's package before any spreadsheet library opens it.

A form comes back from dozens of units by e-mail, USB stick or a web portal. Whatever arrives
with an ``.xlsx`` name — a password-protected file, an Excel 97 ``.xls``, a LibreOffice ``.ods``,
an HTML export, a zip bomb, XML with entity declarations, a sheet whose last used cell is
XFD1048576 — must end in a diagnostic the clerk can act on, in bounded time and memory, never
in a crash of the reader (calamine aborts the whole process when it cannot allocate the grid of
a sheet) nor in entity expansion.

:func:`inspect_workbook` reads the zip directory and streams each part once through zlib
(never holding a whole inflated part in memory; sheets are parsed as XML by
:mod:`cqdt.runtime.intake.cells`, whatever their part is called), checking:

- the file signature: an OLE compound file is an encrypted workbook (it holds an
  ``EncryptedPackage`` stream) or an old ``.xls``; a zip with an OpenDocument ``mimetype`` is
  an ``.ods``; anything else that is not a zip, or a zip without ``xl/workbook.xml``, is not a
  workbook;
- the package: at most :data:`MAX_ENTRIES` members, at most :data:`MAX_UNCOMPRESSED_BYTES`
  once inflated (declared sizes, and the actual bytes while streaming, since a header can
  lie), no member over 1 MB compressed more than :data:`MAX_RATIO` times;
- no ``<!DOCTYPE``/``<!ENTITY`` in any XML part (Office never writes them; they are how
  billion-laughs and external-entity attacks start);
- the extent of each sheet's cells that hold something (an empty row or a formatted empty
  cell is not content): rows up to :data:`MAX_ROWS`, a used range of at most
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

import io
import re
import zipfile
import zlib
from pathlib import Path

from cqdt.diagnostics import CellRef, Diagnostic
from cqdt.i18n import Message, language
from cqdt.number_format import format_number
from cqdt.runtime.intake.cells import (
    PackageError,
    SheetCells,
    percent_styles,
    scan_sheet,
    sheet_parts,
)
from cqdt.runtime.intake.messages import data_diagnostic

__all__ = [
    "MAX_CELLS",
    "MAX_ENTRIES",
    "MAX_RATIO",
    "MAX_ROWS",
    "MAX_UNCOMPRESSED_BYTES",
    "inspect_package",
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


def inspect_workbook(source: str | Path | bytes, name: str | None = None) -> list[Diagnostic]:
    """Everything wrong with ``source`` (a path, or the bytes of a file called ``name``) as a
    workbook package, before a reader opens it.

    Errors mean the file must not be handed to a reader; warnings (external links) do not.
    An unreadable file (permissions, missing) gives no diagnostic here: the reader reports it.
    """
    return inspect_package(source, name)[0]


def inspect_package(
    source: str | Path | bytes, name: str | None = None
) -> tuple[list[Diagnostic], dict[str, SheetCells]]:
    """:func:`inspect_workbook`, and the classified cells of every sheet (by title) when the
    package may be read (see :mod:`cqdt.runtime.intake.cells`)."""
    if isinstance(source, bytes):
        data = source
        path = Path(name or "workbook.xlsx")
    else:
        path = Path(source)
        try:
            data = path.read_bytes()
        except OSError:
            return [], {}
    where = CellRef(path.name, "", str(path))
    kind = sniff_kind(data[:8])
    if kind == "ole":
        return [_ole_diagnostic(data, path, where)], {}
    if kind != "zip":
        return [_diagnostic("D220", where, file=path.name, kind=_KIND_NOTE[kind].render())], {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _inspect_package(archive, path, where)
    except PackageError as error:
        if error.declaration:
            where = CellRef(path.name, error.member, str(path))
            return [_diagnostic("D225", where, file=path.name)], {}
        return [_refused(where, path.name, "damaged", detail=str(error)[:200])], {}
    except _DAMAGED as error:
        detail = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        return [_refused(where, path.name, "damaged", detail=detail)], {}


def _ole_diagnostic(data: bytes, path: Path, where: CellRef) -> Diagnostic:
    """An OLE compound file is either an encrypted OOXML package or a BIFF ``.xls``."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return _diagnostic("D221", where, file=path.name)
    return _diagnostic("D222", where, file=path.name)


def _inspect_package(
    archive: zipfile.ZipFile, path: Path, where: CellRef
) -> tuple[list[Diagnostic], dict[str, SheetCells]]:
    file = path.name
    members = archive.infolist()
    if len(members) > MAX_ENTRIES:
        n, limit = _number(len(members)), _number(MAX_ENTRIES)
        return [_refused(where, file, "entries", n=n, limit=limit)], {}
    names = {m.filename for m in members}
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:200]
        if mimetype.startswith(b"application/vnd.oasis.opendocument"):
            return [_diagnostic("D223", where, file=file)], {}
    if "xl/workbook.xml" not in names:
        return [_diagnostic("D220", where, file=file, kind=_KIND_NOTE["zip"].render())], {}
    declared = sum(m.file_size for m in members)
    if declared > MAX_UNCOMPRESSED_BYTES:
        limit = _number(MAX_UNCOMPRESSED_BYTES)
        return [_refused(where, file, "inflated", n=_number(declared), limit=limit)], {}
    for member in members:
        if member.file_size > _CHUNK and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            ratio = _number(member.file_size // max(member.compress_size, 1))
            return [_refused(where, file, "ratio", member=member.filename, ratio=ratio)], {}
    sheets = sheet_parts(archive)
    parts = {part for _, part in sheets}
    for member in members:
        if member.filename in parts or member.is_dir():
            continue
        scan = _scan_xml(archive, member)
        if scan.lied:
            return [_refused(where, file, "lied", member=member.filename)], {}
        if scan.doctype:
            return [_diagnostic("D225", CellRef(file, member.filename, str(path)), file=file)], {}
    styles = percent_styles(archive)
    problems: list[Diagnostic] = []
    cells: dict[str, SheetCells] = {}
    for title, part in sheets:
        scan = scan_sheet(archive, title, part, styles, max_rows=MAX_ROWS, max_cells=MAX_CELLS)
        cells[title] = scan
        if scan.max_row > MAX_ROWS or scan.max_row * scan.max_col > MAX_CELLS:
            cell = f"{_letters(scan.max_col)}{scan.max_row}"
            problems.append(
                _diagnostic(
                    "D226",
                    CellRef(title, cell, str(path)),
                    sheet=title,
                    cell=cell,
                    rows=_number(MAX_ROWS),
                    cells=_number(MAX_CELLS),
                )
            )
    if any(name.startswith("xl/externalLinks/") for name in names):
        problems.append(_diagnostic("D227", where, warning=True))
    return problems, cells


class _Scan:
    __slots__ = ("doctype", "lied")

    def __init__(self) -> None:
        self.doctype = self.lied = False


_PROLOG_END = re.compile(rb"<[A-Za-z_]")
_DECLARATION = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)


def _scan_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> _Scan:
    """Stream one part that is not a sheet (sheets are parsed whole by
    :func:`cqdt.runtime.intake.cells.scan_sheet`): declarations in its prolog, and that it
    inflates to no more than its header says.

    Entity declarations can only appear before the root element, so the prolog is searched,
    however long. Every member is looked at, whatever its name: a reader follows the package's
    relationships, not the names.
    """
    scan = _Scan()
    in_prolog = True
    prolog = b""
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
    return scan


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, rem = divmod(number - 1, 26)
        letters = chr(65 + rem) + letters
    return letters or "A"
