"""Workbook conventions shared by the data-entry form and results.xlsx.

Both are written with openpyxl and must be byte-identical for identical inputs, both must never
turn a unit's text into a formula, and both name sheets after tier labels. These rules live here
once, below the form (intake) and the results writer (publish), so neither imports the other.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING, Any

from cqdt.runtime.intake.values import xml_safe

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook

__all__ = ["FIXED_TIME", "formula_like", "set_text", "sheet_title", "workbook_bytes"]

#: Fixed time stamp of generated workbooks (zip entries and document properties).
FIXED_TIME = (2000, 1, 1, 0, 0, 0)
_FIXED_ISO = "2000-01-01T00:00:00Z"

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def formula_like(value: str) -> bool:
    return value[:1] in ("=", "+", "-", "@")


def set_text(cell: Any, value: str | None) -> None:
    """Write ``value`` as a plain string cell, never a formula (characters a worksheet cannot
    hold are dropped)."""
    if value is not None:
        value = xml_safe(value)
    cell.value = value
    if value is not None and formula_like(value):
        cell.data_type = "s"


def workbook_bytes(wb: Workbook, replace: dict[str, bytes] | None = None) -> bytes:
    """Serialise ``wb`` deterministically: fixed document time stamps and zip entry times.

    ``replace`` maps zip member names (``xl/worksheets/sheet3.xml``) to contents written
    instead of openpyxl's (used for sheets too large to build cell by cell).
    """
    import datetime

    fixed = datetime.datetime(*FIXED_TIME)
    wb.properties.creator = "cqdt"
    wb.properties.lastModifiedBy = "cqdt"
    wb.properties.created = fixed
    wb.properties.modified = fixed
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if replace and info.filename in replace:
                data = replace[info.filename]
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    lambda m: m.group(1) + _FIXED_ISO.encode() + m.group(3),
                    data,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, data)
    return out.getvalue()


def sheet_title(label: str, taken: set[str]) -> str:
    """A valid, unique sheet title from a label: no ``[]:*?/\\``, at most 31 characters.

    ``taken`` holds the lower-cased titles already used and is updated.
    """
    base = _FORBIDDEN.sub(" ", label).strip().strip("'") or "Sheet"
    base = re.sub(r"\s+", " ", base)[:31].strip()
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)].rstrip() + suffix
        n += 1
    taken.add(title.lower())
    return title
