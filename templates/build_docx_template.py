"""Build ``annex.docx``, the Word template of the annex (run: ``python build_docx_template.py``).

The template carries what Word users may want to adjust by hand (page setup, fonts, the header
block) as docxtpl fields; the tables are added by ``cqdt.runtime.publish.render.render_docx`` where the
template says ``{{ body }}``. Layout follows Decree 30/2020/NĐ-CP: A4, margins top/bottom 20 mm,
left 30 mm, right 15 mm, Times New Roman 13 pt, page number centred at the top from page 2.

Edit this script rather than the .docx, then run it again; the output is byte-identical for the
same script (fixed zip timestamps and core properties).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cqdt.runtime.publish import docx_layout as layout

FONT = "Times New Roman"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def _font(style, size: float) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _para(
    container,
    text: str,
    *,
    bold=False,
    italic=False,
    underline=False,
    size=None,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    space_after=0,
    space_before=0,
):
    para = container.add_paragraph()
    para.alignment = align
    para.paragraph_format.space_after = Pt(space_after)
    para.paragraph_format.space_before = Pt(space_before)
    run = para.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    return para


def _page_number(paragraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def build() -> bytes:
    document = Document()
    _font(document.styles["Normal"], 13)
    normal = document.styles["Normal"].paragraph_format
    normal.space_before, normal.space_after, normal.line_spacing = Pt(0), Pt(3), 1.1
    layout.set_language(document, "vi-VN")
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    header_para = section.header.paragraphs[0]
    header_para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(header_para)

    # The header block (Decree 30): a borderless table, issuer 40% / nation 60%; the renderer
    # fits both columns to the text box (portrait or landscape) and drops the nation side in
    # the neutral style. The tables are found again by their caption.
    block = document.add_table(rows=1, cols=2)
    block.alignment = WD_TABLE_ALIGNMENT.CENTER
    layout.borderless(block)
    layout.caption(block, "cqdt-header")
    left, right = block.rows[0].cells
    for cell in (left, right):
        cell.paragraphs[0].paragraph_format.space_after = Pt(0)
        cell.paragraphs[0].paragraph_format.space_before = Pt(0)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    issuer = left.paragraphs[0].add_run("{{ issuer_caps }}")
    issuer.bold = True
    issuer.font.size = Pt(12)
    rule = _para(left, "")  # the short rule under the issuer: a drawn line, 2 pt below
    rule.paragraph_format.line_spacing = Pt(2)
    layout.rule_below(rule, indent_mm=22)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_run = right.paragraphs[0].add_run("{{ national_title }}")
    title_run.bold = True
    title_run.font.size = Pt(12)
    _para(right, "{{ national_motto }}", bold=True, underline=True, size=13)
    _para(right, "{{ place_date }}", italic=True, size=13, space_before=6)
    layout.fixed_widths(block, (66.0, 99.0))

    _para(document, "{{ annex_title }}", bold=True, size=14, space_before=12)
    _para(document, "{{ results_title }}", bold=True)
    _para(document, "{{ attached_line }}", italic=True, space_after=12)
    _para(document, "{{ body }}", align=WD_ALIGN_PARAGRAPH.LEFT)

    # The signer block: right half, centred; dots when the signer is not known.
    sign = document.add_table(rows=1, cols=2)
    layout.borderless(sign)
    layout.caption(sign, "cqdt-signature")
    signer = sign.rows[0].cells[1]
    signer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    signer.paragraphs[0].paragraph_format.space_before = Pt(12)
    signer.paragraphs[0].add_run("{{ signer_title }}").bold = True
    for _ in range(4):
        _para(signer, "")
    _para(signer, "{{ signer_name }}", bold=True)
    layout.fixed_widths(sign, (82.5, 82.5))

    core = document.core_properties
    fixed = dt.datetime(*FIXED_TIME)
    core.created = core.modified = core.last_printed = fixed
    core.author = core.last_modified_by = "cqdt"
    core.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            member.create_system = 3
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


if __name__ == "__main__":
    target = Path(__file__).with_name("annex.docx")
    target.write_bytes(build())
    print(f"wrote {target.name}")
