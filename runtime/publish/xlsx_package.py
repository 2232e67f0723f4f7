"""The parts of an xlsx package around its worksheets, written as XML text, and the zip.

results.xlsx is written without a spreadsheet library: its sheets are a few hundred thousand
cells of three kinds (text, a number with the framework's display format, a rank), which
Polars turns into worksheet XML in one vectorised pass, and the rest of the package (workbook,
styles, relationships, document properties) is the fixed text below. Nothing here reads the
clock or the environment, so the same sheets give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from cqdt.runtime.intake.workbook import FIXED_TIME

__all__ = [
    "STYLE_BOLD",
    "STYLE_GREY",
    "STYLE_NUMBER",
    "Sheet",
    "escape",
    "package_bytes",
    "shared_strings_xml",
    "styles_xml",
]

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument"
_FIXED_ISO = "2000-01-01T00:00:00Z"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

#: Cell style indices of ``styles.xml`` (0 is the default).
STYLE_BOLD, STYLE_GREY, STYLE_NUMBER = 1, 2, 3


@dataclass(frozen=True)
class Sheet:
    """A worksheet: its title and its whole XML document."""

    title: str
    xml: bytes


def escape(value: str, *, quote: bool = False) -> str:
    """``value`` escaped for XML text (and, with ``quote``, for an attribute)."""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace('"', "&quot;") if quote else value


def styles_xml(number_format: str, fills: list[str]) -> str:
    """Fonts (default, bold, small grey), the points' number format, and a differential fill
    per level colour (``fills``, RGB hex; used by the sheets' conditional formatting)."""
    dxfs = "".join(
        f'<dxf><fill><patternFill patternType="solid"><fgColor rgb="FF{c}"/>'
        f'<bgColor rgb="FF{c}"/></patternFill></fill></dxf>'
        for c in fills
    )
    font = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
    return (
        f'{HEAD}<styleSheet xmlns="{_MAIN}">'
        f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{escape(number_format, quote=True)}"/>'
        "</numFmts>"
        f'<fonts count="3"><font>{font}</font><font><b/>{font}</font>'
        '<font><color rgb="FF808080"/><sz val="9"/><name val="Calibri"/><family val="2"/></font>'
        "</fonts>"
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        f'<dxfs count="{len(fills)}">{dxfs}</dxfs></styleSheet>'
    )


def _workbook_parts(sheets: list[Sheet]) -> dict[str, str]:
    """workbook.xml, its relationships, the content types and the package relationships."""
    n = len(sheets)
    entries = "".join(
        f'<sheet name="{escape(s.title, quote=True)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, s in enumerate(sheets, start=1)
    )
    workbook = (
        f'{HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
        f"<sheets>{entries}</sheets></workbook>"
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, n + 1)
    )
    rels += f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
    rels += (
        f'<Relationship Id="rId{n + 2}" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        f'ContentType="{_CT}.spreadsheetml.worksheet+xml"/>'
        for i in range(1, n + 1)
    )
    content_types = (
        f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}"
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        f'ContentType="{_CT}.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{_CT}.extended-properties+xml"/>'
        "</Types>"
    )
    package_rels = (
        f'{HEAD}<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )
    return {
        "[Content_Types].xml": content_types,
        "_rels/.rels": package_rels,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": f'{HEAD}<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>',
    }


def _properties() -> dict[str, str]:
    """Document properties with a fixed author and time (never the clock's)."""
    core = (
        f"{HEAD}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:creator>cqdt</dc:creator><cp:lastModifiedBy>cqdt</cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{_FIXED_ISO}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{_FIXED_ISO}</dcterms:modified>'
        "</cp:coreProperties>"
    )
    app = (
        f'{HEAD}<Properties xmlns="{_REL.rsplit("/", 1)[0]}/extended-properties">'
        "<Application>cqdt</Application></Properties>"
    )
    return {"docProps/core.xml": core, "docProps/app.xml": app}


def shared_strings_xml(count: int, items: bytes) -> bytes:
    """The shared string table: ``items`` is ``count`` ``<si>`` elements, in index order."""
    head = f'{HEAD}<sst xmlns="{_MAIN}" count="{count}" uniqueCount="{count}">'
    return b"".join((head.encode(), items, b"</sst>"))


def package_bytes(sheets: list[Sheet], styles: str, shared_strings: bytes) -> bytes:
    """The xlsx file: every part deflated (fast level: the sheets are large and repetitive),
    with the fixed time stamp and permissions."""
    parts: dict[str, bytes] = {k: v.encode() for k, v in _workbook_parts(sheets).items()}
    parts |= {k: v.encode() for k, v in _properties().items()}
    parts["xl/styles.xml"] = styles.encode()
    parts["xl/sharedStrings.xml"] = shared_strings
    for i, sheet in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = sheet.xml
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            entry = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            archive.writestr(entry, data, compresslevel=1)
    return out.getvalue()
