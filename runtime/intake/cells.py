"""Every cell of a workbook's sheets, classified from the package XML before any reader runs.

A spreadsheet library answers "what is the value of this cell" with a number, a string or
nothing. "Nothing" hides five different things: an empty cell, an Excel error (``#DIV/0!``),
a formula saved without its result, a cell under a merge, a value the library could not
convert (``NaN``). Reading any of these as "no answer" turns an unreadable cell into 0 points,
so the package XML is parsed here — with a real XML parser (expat, streamed, refusing any
DTD or entity as ``defusedxml`` does, never a whole sheet in memory; the small parts with
``defusedxml``) — and every cell that is not
a plain value is classified and kept, with its reference, before calamine reads the values.

The same pass measures the real extent of each sheet (only cells holding something count: an
empty ``<row r="1048576">`` that LibreOffice Calc writes after a row is deleted is not
content), which :mod:`cqdt.runtime.intake.safety` checks before calamine, which allocates the
whole used range, is given the sheet.

Kinds (:data:`KINDS`): ``error`` (an Excel error value), ``formula`` (no cached value),
``boolean`` (TRUE/FALSE), ``nan`` (a number cell that holds no finite number: ``NaN``, ``INF``,
or text), ``date`` (a date cell, or a number in a date format). Plain numbers in a cell
formatted as a percent are listed in :attr:`SheetCells.percent`, text cells in
:attr:`SheetCells.strings` (a number column re-reads them as typed: calamine would turn the
text "1.234" into the number 1.234), cells hidden under a merge in :attr:`SheetCells.merged`.
"""

from __future__ import annotations

import datetime
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.parsers import expat

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

__all__ = [
    "KINDS",
    "CellKind",
    "PackageError",
    "SheetCells",
    "column_number",
    "parse_ref",
    "scan_sheet",
    "sheet_parts",
    "percent_styles",
]

KINDS = ("error", "formula", "boolean", "nan", "date")

_REF = re.compile(r"^\s*([A-Za-z]{1,3})\s*0*([0-9]{1,9})\s*$")
_ROW = re.compile(r"^\s*0*([0-9]{1,9})\s*$")
#: Built-in number formats that show a date or a time (ECMA-376 §18.8.30).
_DATE_FORMATS = {*range(14, 23), 45, 46, 47}
_PERCENT_FORMATS = {9, 10}
#: Cell types that hold text (calamine converts such text to a number in a number column).
_TEXT_KINDS = ("s", "inlineStr", "str")
#: A self-closed cell element (``<c r="B7" s="3"/>``): a formatted cell that holds nothing.
#: Removed before parsing — it cannot be content, and a sheet can hold millions of them (a
#: whole formatted column). A ``/>`` inside a quoted attribute could only make the removal
#: break the XML, which is then refused as damaged, never read differently.
_EMPTY_CELL = re.compile(rb"<c\b[^>]*/>")


class PackageError(Exception):
    """The package's XML cannot be parsed (broken XML, a DTD or an entity)."""

    def __init__(self, member: str, detail: str, *, declaration: bool = False) -> None:
        super().__init__(f"{member}: {detail}")
        self.member = member
        self.detail = detail
        self.declaration = declaration


@dataclass(frozen=True)
class CellKind:
    """A cell that does not hold a plain value: its kind and what it shows, as typed."""

    kind: str
    shown: str


@dataclass
class SheetCells:
    """What the XML of one sheet says about its cells beyond their values.

    Positions are 1-based ``(row, column)``. ``max_row``/``max_col`` is the extent of the cells
    that hold something (a value, a formula, an inline string); ``stopped`` is True when the
    scan stopped early because the sheet is already too large to be read.
    """

    title: str
    part: str
    special: dict[tuple[int, int], CellKind] = field(default_factory=dict)
    percent: set[tuple[int, int]] = field(default_factory=set)
    strings: set[tuple[int, int]] = field(default_factory=set)
    merged: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    max_row: int = 0
    max_col: int = 0
    stopped: bool = False


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def column_number(letters: str) -> int:
    """``A`` → 1, ``XFD`` → 16384."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + (ord(ch) - 64)
    return number


_COLUMNS: dict[str, int] = {}


def parse_ref(ref: str) -> tuple[int, int] | None:
    """``"B7"``, ``" b07 "`` → ``(7, 2)``; None when it is not a cell reference."""
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters) :]
    if digits and letters.isupper() and letters.isalpha() and len(letters) <= 3:
        number = _COLUMNS.get(letters)
        if number is None:
            number = _COLUMNS.setdefault(letters, column_number(letters))
        if len(digits) <= 9:
            return int(digits), number
    found = _REF.match(ref)
    if found is None:
        return None
    return int(found.group(2)), column_number(found.group(1))


def _parse(data: bytes, member: str):
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise PackageError(member, type(exc).__name__, declaration=True) from None
    except SafeET.ParseError as exc:
        raise PackageError(member, str(exc)) from None


def _attr(element, name: str) -> str | None:
    """An attribute by its local name, whatever its namespace (``r:id`` in either schema)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """``(title, part)`` of every sheet the workbook lists, in order, its part found through
    the relationships (whatever the part is named: calamine follows the same links)."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        return []
    workbook = _parse(archive.read("xl/workbook.xml"), "xl/workbook.xml")
    targets: dict[str, str] = {}
    rels_name = "xl/_rels/workbook.xml.rels"
    if rels_name in names:
        for rel in _parse(archive.read(rels_name), rels_name).iter():
            if _local(rel.tag) != "Relationship":
                continue
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[rel.get("Id", "")] = posixpath.normpath(part)
    found = []
    for sheet in workbook.iter():
        if _local(sheet.tag) != "sheet":
            continue
        part = targets.get(_attr(sheet, "id") or "")
        if part is not None and part in names:
            found.append((sheet.get("name", part), part))
    return found


def _is_date_code(code: str) -> bool:
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower()
    return "general" not in bare and re.search(r"[dmyhs]", bare) is not None


def percent_styles(archive: zipfile.ZipFile) -> tuple[set[int], set[int]]:
    """Indexes of the cell styles (``s=``) that show a percent, and those that show a date."""
    name = "xl/styles.xml"
    if name not in archive.namelist():
        return set(), set()
    styles = _parse(archive.read(name), name)
    codes: dict[int, str] = {}
    for fmt in styles.iter():
        if _local(fmt.tag) == "numFmt":
            try:
                codes[int(fmt.get("numFmtId", ""))] = fmt.get("formatCode", "")
            except ValueError:
                continue
    percent: set[int] = set()
    dates: set[int] = set()
    for group in styles.iter():
        if _local(group.tag) != "cellXfs":
            continue
        for index, xf in enumerate(x for x in group if _local(x.tag) == "xf"):
            try:
                fmt_id = int(xf.get("numFmtId", "0"))
            except ValueError:
                continue
            code = codes.get(fmt_id, "")
            if fmt_id in _PERCENT_FORMATS or (fmt_id not in _DATE_FORMATS and "%" in code):
                percent.add(index)
            elif fmt_id in _DATE_FORMATS or (code and _is_date_code(code)):
                dates.add(index)
    return percent, dates


class _Beyond(Exception):
    """The content is already beyond the bounds: the rest of the sheet does not matter."""


class _Refused(Exception):
    """A DTD or an entity declaration: never parsed (billion laughs, external entities)."""


def _refuse(*_args) -> None:
    raise _Refused


_PERCENT, _DATE = 1, 2


class _SheetHandler:
    """expat callbacks for one sheet, kept to the minimum: the handler runs for every element
    of sheets that can hold millions of cells. Only start tags are listened to; a cell is
    finished when the next cell or row starts (or at the end), and the text of ``<v>``/``<f>``
    is collected only where it decides something (not for a plain number: a ``NaN`` number
    reaches the validator as a float NaN and is refused there)."""

    def __init__(self, parser, result: SheetCells, styles, max_rows: int, max_cells: int) -> None:
        self.parser = parser
        self.result = result
        self.percent, self.dates = styles
        self.max_rows, self.max_cells = max_rows, max_cells
        self.row = 0
        self.col = 0
        self.open = False
        self.ref: str | None = None
        self.kind = "n"
        self.style = 0  # 0, _PERCENT or _DATE: the kind of number format of the cell's style
        self.categories: dict[str | None, int] = {}
        self.has_value = self.has_formula = self.inline = False
        self.value: list[str] = []
        self.formula: list[str] = []
        self.collecting = False
        self.implicit = False  # some cell has no (readable) ``r``: its position was counted
        self.names: dict[str, str] = {}

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self.collecting:
            self.parser.CharacterDataHandler = None
            self.collecting = False
        local = self.names.get(name)
        if local is None:
            local = self.names[name] = name[name.rfind("}") + 1 :]
        if local == "c":
            if self.open:
                self._finish()
            self.open = True
            self.ref = attrs.get("r")
            self.kind = attrs.get("t", "n").strip()
            style = attrs.get("s")
            category = self.categories.get(style)
            if category is None:
                category = self.categories[style] = self._category(style)
            self.style = category
            self.has_value = self.has_formula = self.inline = False
        elif local == "v":
            if self.open:
                self.has_value = True
                if self.kind != "n" or self.has_formula or self.style == _DATE:
                    self.value = []
                    self._collect(self.value)
        elif local == "f":
            if self.open:
                self.has_formula = True
                self.formula = []
                self._collect(self.formula)
        elif local == "is":
            self.inline = True
        elif local == "row":
            if self.open:
                self._finish()
            found = _ROW.match(attrs.get("r", ""))
            self.row = int(found.group(1)) if found else self.row + 1
            self.col = 0
        elif local == "mergeCell":
            _merge(attrs.get("ref", ""), self.result)

    def _collect(self, into: list[str]) -> None:
        self.parser.CharacterDataHandler = into.append
        self.collecting = True

    def _category(self, style: str | None) -> int:
        try:
            index = int(style) if style is not None else 0
        except ValueError:
            return 0
        return _PERCENT if index in self.percent else _DATE if index in self.dates else 0

    def finish(self) -> None:
        if self.open:
            self._finish()

    def _finish(self) -> None:
        self.open = False
        ref = self.ref
        position = parse_ref(ref) if ref is not None else None
        if position is None:
            position = (self.row, self.col + 1)
            self.implicit = True
        else:
            self.row = position[0]
        self.col = position[1]
        if not (self.has_value or self.has_formula or self.inline):
            return
        result = self.result
        if position[0] > result.max_row:
            result.max_row = position[0]
        if position[1] > result.max_col:
            result.max_col = position[1]
        if result.max_row > self.max_rows or result.max_row * result.max_col > self.max_cells:
            raise _Beyond
        kind = self.kind
        collected = self.has_value and (kind != "n" or self.has_formula)
        value = "".join(self.value).strip() if collected else ""
        if kind == "n" and not self.has_formula:
            if self.style == _DATE:
                result.special[position] = CellKind("date", _date_text("".join(self.value)))
            elif self.style == _PERCENT:
                result.percent.add(position)
            return
        if kind in _TEXT_KINDS and not self.has_formula:
            if kind == "s" and not value.isdigit():
                # A shared-string index that is no index: calamine would show another string.
                result.special[position] = CellKind("error", value or "#REF")
            else:
                result.strings.add(position)
            return
        found = _classify(kind, value, self.has_value, self.has_formula, self.formula)
        if found is not None:
            result.special[position] = found
        elif kind in _TEXT_KINDS:
            result.strings.add(position)
        elif kind == "n" and self.style == _PERCENT:
            result.percent.add(position)


def _classify(kind: str, value: str, has_value: bool, has_formula: bool, formula: list[str]):
    """The kind of a cell that is not a plain number or text (None: a plain value)."""
    if kind == "e":
        return CellKind("error", value or "#ERROR")
    if has_formula and value == "":
        return CellKind("formula", "=" + "".join(formula))
    if kind == "b":
        return CellKind("boolean", "TRUE" if value == "1" else "FALSE")
    if kind == "d":
        return CellKind("date", value)
    return None


def _date_text(serial: str) -> str:
    try:
        return _excel_date(float(serial))
    except ValueError:
        return serial.strip()


def _excel_date(serial: float) -> str:
    """A date cell as a person reads it (``2018-05-01 00:00:00``), from its serial number."""
    try:
        return str(datetime.datetime(1899, 12, 30) + datetime.timedelta(days=serial))
    except (OverflowError, ValueError):
        return repr(serial)


def scan_sheet(
    archive: zipfile.ZipFile,
    title: str,
    part: str,
    styles: tuple[set[int], set[int]],
    *,
    max_rows: int,
    max_cells: int,
) -> SheetCells:
    """Stream one sheet part through expat: its extent, its special cells and its merges.

    A DTD or an entity declaration is refused (as ``defusedxml`` does); the scan stops as soon
    as the content is beyond ``max_rows`` or ``max_cells`` (the sheet is then refused whole).
    """
    result, implicit, stripped = _scan(archive, title, part, styles, max_rows, max_cells, True)
    if implicit and stripped:
        # A cell without ``r`` takes its column from the cell before it, which may be one of
        # the empty cells removed: read again, keeping every cell.
        result = _scan(archive, title, part, styles, max_rows, max_cells, False)[0]
    return result


def _scan(archive, title, part, styles, max_rows, max_cells, strip: bool):
    result = SheetCells(title, part)
    parser = expat.ParserCreate(namespace_separator="}")
    handler = _SheetHandler(parser, result, styles, max_rows, max_cells)
    parser.buffer_text = True
    parser.StartElementHandler = handler.start
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    stripped = 0
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(1 << 20):
                if strip:
                    chunk, count = _EMPTY_CELL.subn(b"", chunk)
                    stripped += count
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        handler.finish()
    except _Beyond:
        result.stopped = True
    except _Refused:
        raise PackageError(part, "DTD", declaration=True) from None
    except expat.ExpatError as exc:
        raise PackageError(part, str(exc)) from None
    return result, handler.implicit, stripped


#: Cells a merge hides are listed one by one only up to this many per sheet (a merge over a
#: whole column is one problem, not a million).
MAX_MERGED_CELLS = 100_000


def _merge(ref: str, result: SheetCells) -> None:
    first, _, last = ref.partition(":")
    start, end = parse_ref(first), parse_ref(last or first)
    if start is None or end is None:
        return
    (r1, c1), (r2, c2) = start, end
    for r in range(min(r1, r2), max(r1, r2) + 1):
        for c in range(min(c1, c2), max(c1, c2) + 1):
            if len(result.merged) >= MAX_MERGED_CELLS:
                return
            if (r, c) != (min(r1, r2), min(c1, c2)):
                result.merged[(r, c)] = (min(r1, r2), min(c1, c2))
