"""Word-table layout the way the PDF lays its tables out: widths from the text, rows kept whole.

LibreOffice and Word do not measure text the way a browser does: a table that python-docx
creates has equal columns, rows that may split at a page break and top-aligned cells. This
module holds the little OOXML the annex needs to look like the PDF — fixed column widths
measured from the text it holds (Times New Roman advance widths, so a unit name gets the room it
needs), rows that never split, repeated header rows, vertically centred cells, tables without
borders, drawn rules and the document language — so the body writer only says what goes where.

>>> round(text_width_mm("Sở Thông tin và Truyền thông", 11), 1)
46.9
>>> column_widths([30.0, 10.0], [20.0, 10.0], flexible=0, available=60.0)
[50.0, 10.0]
>>> column_widths([50.0, 30.0], [20.0, 10.0], flexible=0, available=60.0)
[50.0, 10.0]
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = [
    "MM",
    "borderless",
    "caption",
    "cell_margins",
    "column_widths",
    "find_captioned",
    "fixed_widths",
    "keep_row_whole",
    "remove_border",
    "repeat_header",
    "rule_below",
    "set_language",
    "text_width_mm",
    "v_centre",
]

#: Twentieths of a point (twips) in a millimetre.
MM = 1440 / 25.4

#: Advance widths of Times New Roman (regular), in thousandths of an em, for the base letters;
#: Vietnamese letters take the width of their base letter (diacritics do not add width).
_ADVANCE = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.-()/%:;«»–—…",
        (
            443, 500, 443, 500, 443, 333, 500, 500, 277, 277, 500, 277, 777, 500, 500, 500,
            500, 333, 389, 277, 500, 500, 722, 500, 500, 443, 722, 667, 667, 722, 610, 556,
            722, 722, 333, 389, 722, 610, 889, 722, 722, 556, 722, 667, 556, 610, 722, 722,
            943, 722, 722, 610, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 250, 250,
            250, 333, 333, 333, 277, 833, 277, 277, 500, 500, 500, 1000, 1000,
        ),
        strict=True,
    )
)  # fmt: skip
_BOLD_FACTOR = 1.06  # bold Times is about 6% wider
_DEFAULT_ADVANCE = 560


def text_width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """The printed width of ``text`` on one line, in millimetres, in Times New Roman."""
    total = 0
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0]
        base = {"đ": "d", "Đ": "D"}.get(base, base)
        total += _ADVANCE.get(base, _DEFAULT_ADVANCE)
    width = total / 1000 * size_pt * 25.4 / 72
    return width * _BOLD_FACTOR if bold else width


def column_widths(
    natural: Sequence[float],
    least: Sequence[float],
    flexible: int,
    available: float,
    floor: float | None = None,
) -> list[float]:
    """Column widths (mm) filling ``available``.

    Each column gets its ``natural`` width (its widest text on one line) and the ``flexible``
    one (the unit name) what is left. When that leaves the name too little, the other columns
    give up room towards their ``least`` width (their longest word: "Không xếp loại" may wrap,
    a name should not); the name never gets less than ``floor`` (default: a third of the
    width).
    """
    others = [i for i in range(len(natural)) if i != flexible]
    wanted = natural[flexible]
    spare = sum(natural[i] for i in others) - sum(least[i] for i in others)
    excess = sum(natural[i] for i in others) + wanted - available
    widths = list(natural)
    if excess > 0 and spare > 0:
        t = min(1.0, excess / spare)
        for i in others:
            widths[i] = natural[i] - t * (natural[i] - least[i])
    floor = min(natural[flexible], available / 3 if floor is None else floor)
    taken = sum(widths[i] for i in others)
    if available - taken < floor and taken > 0:
        scale = (available - floor) / taken
        for i in others:
            widths[i] *= scale
        taken = available - floor
    widths[flexible] = available - taken
    return widths


def _element(tag: str, **attrs: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


#: The order OOXML requires of the children of these property elements (Word refuses a
#: document whose properties are out of order; LibreOffice does not mind).
_ORDER = {
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize "
    "tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
    "tblDescription",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection "
    "tcFitText vAlign hideMark",
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
    "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs "
    "highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _replace(parent, child) -> None:
    """Put ``child`` in ``parent`` in schema order, replacing an element of the same tag."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    order = _ORDER.get(_local(parent.tag), "").split()
    name = _local(child.tag)
    if name in order:
        rank = order.index(name)
        for index, existing in enumerate(parent):
            other = _local(existing.tag)
            if other in order and order.index(other) > rank:
                parent.insert(index, child)
                return
    parent.append(child)


def fixed_widths(table, widths_mm: Sequence[float]) -> None:
    """Fixed layout with these column widths, on the grid and on every cell (merged cells take
    the sum of the columns they span), so LibreOffice and Word print the same widths."""
    from docx.oxml.ns import qn

    twips = [round(w * MM) for w in widths_mm]
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    _replace(tbl_pr, _element("w:tblW", w=str(sum(twips)), type="dxa"))
    _replace(tbl_pr, _element("w:tblLayout", type="fixed"))
    for grid_col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), twips, strict=True):
        grid_col.set(qn("w:w"), str(width))
    for tr in tbl.findall(qn("w:tr")):
        column = 0
        for tc in tr.findall(qn("w:tc")):
            tc_pr = tc.get_or_add_tcPr()
            span_el = tc_pr.find(qn("w:gridSpan"))
            span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
            width = sum(twips[column : column + span])
            tc_w = tc_pr.find(qn("w:tcW"))
            if tc_w is None:
                tc_w = _element("w:tcW")
                tc_pr.insert(0, tc_w)
            tc_w.set(qn("w:w"), str(width))
            tc_w.set(qn("w:type"), "dxa")
            column += span


def cell_margins(table, side_mm: float = 1.0, top_mm: float = 0.3) -> None:
    """Narrow left and right cell margins (Word's default 1.9 mm wastes a name's room), and a
    little air above and below the text, as the PDF's 1.5 pt."""
    margins = _element("w:tblCellMar")
    for side, mm in (("top", top_mm), ("left", side_mm), ("bottom", top_mm), ("right", side_mm)):
        margins.append(_element(f"w:{side}", w=str(round(mm * MM)), type="dxa"))
    _replace(table._tbl.tblPr, margins)


def keep_row_whole(row) -> None:
    """The row never splits across a page break."""
    row._tr.get_or_add_trPr().append(_element("w:cantSplit", val="true"))


def repeat_header(row) -> None:
    """The row repeats at the top of every page the table continues on."""
    row._tr.get_or_add_trPr().append(_element("w:tblHeader", val="true"))


def v_centre(cell) -> None:
    """Vertically centred text in the cell."""
    _replace(cell._tc.get_or_add_tcPr(), _element("w:vAlign", val="center"))


def borderless(table) -> None:
    """No borders: the header and signature blocks are laid out in tables that do not show."""
    borders = _element("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_element(f"w:{edge}", val="nil"))
    _replace(table._tbl.tblPr, borders)


def rule_below(paragraph, indent_mm: float = 0.0) -> None:
    """A drawn line under ``paragraph`` (a paragraph border), ``indent_mm`` in from each side."""
    from docx.shared import Mm

    p_pr = paragraph._p.get_or_add_pPr()
    border = _element("w:pBdr")
    border.append(_element("w:bottom", val="single", sz="6", space="1", color="000000"))
    _replace(p_pr, border)
    paragraph.paragraph_format.left_indent = Mm(indent_mm)
    paragraph.paragraph_format.right_indent = Mm(indent_mm)


def caption(table, name: str) -> None:
    """Name a table (``w:tblCaption``) so the renderer can find it in a user's template."""
    _replace(table._tbl.tblPr, _element("w:tblCaption", val=name))


def find_captioned(document, name: str):
    """The table named ``name`` by :func:`caption`, or ``None``."""
    from docx.oxml.ns import qn

    for table in document.tables:
        element = table._tbl.tblPr.find(qn("w:tblCaption"))
        if element is not None and element.get(qn("w:val")) == name:
            return table
    return None


def remove_border(paragraph) -> None:
    """Take a drawn rule off ``paragraph``."""
    from docx.oxml.ns import qn

    p_pr = paragraph._p.pPr
    if p_pr is not None:
        for border in p_pr.findall(qn("w:pBdr")):
            p_pr.remove(border)


def set_language(document, tag: str) -> None:
    """The document's language (spelling, hyphenation, what a screen reader speaks)."""
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = _element("w:docDefaults")
        styles.insert(0, defaults)
    r_pr_default = defaults.find(qn("w:rPrDefault"))
    if r_pr_default is None:
        r_pr_default = _element("w:rPrDefault")
        defaults.insert(0, r_pr_default)
    r_pr = r_pr_default.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = _element("w:rPr")
        r_pr_default.append(r_pr)
    _replace(r_pr, _element("w:lang", val=tag, eastAsia=tag, bidi=tag))
    for style in document.styles:
        element = style.element.find(qn("w:rPr"))
        if element is not None and element.find(qn("w:lang")) is not None:
            _replace(element, _element("w:lang", val=tag, eastAsia=tag, bidi=tag))
