"""The body of the Word annex: ranking tables, level summaries, methods note, provenance page.

``render.render_docx`` fills the template's fields (header block, titles, signer) and calls
:func:`add_body` where the template says ``{{ body }}``. The tables are built to print like the
PDF's: column widths measured from their text (``docx_layout``), the unit name given the room it
needs, header rows centred, vertically centred and repeated on every page, rows that never split,
and summary tables with the same two header rows as the PDF's (no merged cell that a
continuation page would leave blank). python-docx writes text literally (it escapes XML
itself), so names print as typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from cqdt.runtime.intake.values import xml_safe
from cqdt.runtime.publish import docx_layout as layout
from cqdt.runtime.publish.report_model import Report, TierSection

__all__ = ["add_body", "add_provenance_page", "text_box_mm"]

#: Table text size (pt), as in the PDF.
TABLE_PT = 11
#: Left and right cell margins (mm) added to a text's width.
PAD = 2.8


def text_box_mm(report: Report) -> float:
    """The width of the text box: A4 portrait less 30 + 15 mm, or landscape less 20 + 20 mm."""
    return 257.0 if report.wide else 165.0


@dataclass
class _Writer:
    """Adds paragraphs and tables before ``anchor`` (the template's ``{{ body }}`` paragraph)."""

    document: object
    anchor: object

    def paragraph(self, text="", *, bold=False, italic=False, size=None, keep=False, align=None):
        from docx.shared import Pt

        para = self.document.add_paragraph()
        if text:
            run = para.add_run(xml_safe(text))
            run.bold, run.italic = bold, italic
            if size:
                run.font.size = Pt(size)
        if align is not None:
            para.alignment = align
        para.paragraph_format.keep_with_next = keep
        self.anchor._p.addprevious(para._p)
        return para

    def heading(self, text: str, italic: bool = False):
        """A bold heading kept with what follows (a table never starts on the next page)."""
        from docx.shared import Pt

        para = self.paragraph(text, bold=True, italic=italic, keep=True)
        para.paragraph_format.space_before = Pt(6)
        para.paragraph_format.space_after = Pt(3)
        return para

    def table(self, n_rows: int, n_cols: int):
        from docx.enum.table import WD_TABLE_ALIGNMENT

        tbl = self.document.add_table(rows=n_rows, cols=n_cols)
        tbl.style = "Table Grid"
        tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
        tbl.autofit = False
        layout.cell_margins(tbl)
        self.anchor._p.addprevious(tbl._tbl)
        return tbl


def _cell(cell, text: str, *, bold=False, italic=False, align="center", keep=False) -> None:
    """Text in a cell, line breaks kept, vertically centred."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    para = cell.paragraphs[0]
    para.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    para.paragraph_format.space_after = Pt(0)
    para.paragraph_format.line_spacing = 1.0
    para.paragraph_format.keep_with_next = keep
    for i, line in enumerate(xml_safe(str(text)).split("\n")):
        if i:
            para.add_run().add_break()
        run = para.add_run(line)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(TABLE_PT)
    layout.v_centre(cell)


def _widest(texts, bold: bool = False) -> float:
    return max((layout.text_width_mm(t, TABLE_PT, bold) for t in texts), default=0.0) + PAD


def _longest_word(texts, bold: bool = False) -> float:
    words = [w for t in texts for line in str(t).split("\n") for w in line.split()]
    return _widest(words, bold)


# -- ranking tables ---------------------------------------------------------------------------


def _ranking_columns(report: Report, tier: TierSection) -> list[tuple[list[str], list[str]]]:
    """(header texts, body texts) of each column, left to right."""
    labels = report.labels
    columns = [([labels["stt"]], [str(r.stt) for r in tier.rows])]
    columns.append(([labels["unit"]], [r.name for r in tier.rows]))
    for i, col in enumerate(tier.columns):
        for j, group in enumerate(col.groups):
            texts = [r.cells[i].groups[j].score_text for r in tier.rows]
            columns.append(([group.label, labels["max_of"].format(max=group.max_text)], texts))
        columns.append(([labels["points"]], [r.cells[i].score_text for r in tier.rows]))
        if col.has_levels:
            columns.append(([labels["level"]], [r.cells[i].level_label for r in tier.rows]))
    columns.append(([_total_head(report, tier)], [r.total_text for r in tier.rows]))
    columns.append(([labels["rank"]], [r.rank_text for r in tier.rows]))
    return columns


def _total_head(report: Report, tier: TierSection) -> str:
    head = report.total_label
    if tier.total_max_text:
        head += f"\n({report.labels['max_of'].format(max=tier.total_max_text)})"
    return head


def _ranking_widths(report: Report, tier: TierSection) -> list[float]:
    """Column widths of a ranking table, in mm.

    Every column first gets its widest body text (its header may wrap) and the name column what
    is left, asking the others for room only up to the width of the first unit's name and of
    three names in four (one very long name may take a second line; the levels should not, on
    every row). Room still left then goes to headers that would wrap ("Tổng điểm (tối đa 200)").
    """
    columns = _ranking_columns(report, tier)
    heads = [[line for text in head for line in text.split("\n")] for head, _ in columns]
    texts = [body for _, body in columns]
    body = [max(_widest(b), _longest_word(h, bold=True)) for b, h in zip(texts, heads, strict=True)]
    least = [
        max(_longest_word(b), _longest_word(h, bold=True))
        for b, h in zip(texts, heads, strict=True)
    ]
    names = sorted(_widest([name]) for name in columns[1][1]) or [0.0]
    wanted = max(_widest(columns[1][1][:1]), names[min(len(names) - 1, (3 * len(names)) // 4)])
    body[1] = wanted
    widths = layout.column_widths(body, least, flexible=1, available=text_box_mm(report))
    surplus = widths[1] - wanted
    wish = [
        0.0 if i == 1 else max(0.0, _widest(h, bold=True) - widths[i]) for i, h in enumerate(heads)
    ]
    if surplus > 0 and sum(wish) > 0:
        share = min(1.0, surplus / sum(wish))
        widths = [w + share * x for w, x in zip(widths, wish, strict=True)]
        widths[1] -= share * sum(wish)
    return widths


def _ranking_header(report: Report, tier: TierSection, head, sub) -> None:
    labels = report.labels
    for col, text in enumerate((labels["stt"], labels["unit"])):
        _cell(head.cells[col].merge(sub.cells[col]), text, bold=True)
    col = 2
    for c in tier.columns:
        top = head.cells[col]
        if c.span > 1:
            top = top.merge(head.cells[col + c.span - 1])
        _cell(top, f"{c.label}\n({labels['max_of'].format(max=c.max_text)})", bold=True)
        for offset, group in enumerate(c.groups):
            text = f"{group.label}\n({labels['max_of'].format(max=group.max_text)})"
            _cell(sub.cells[col + offset], text, bold=True)
        _cell(sub.cells[col + len(c.groups)], labels["points"], bold=True)
        if c.has_levels:
            _cell(sub.cells[col + len(c.groups) + 1], labels["level"], bold=True)
        col += c.span
    for text in (_total_head(report, tier), labels["rank"]):
        _cell(head.cells[col].merge(sub.cells[col]), text, bold=True)
        col += 1
    for row in (head, sub):
        layout.repeat_header(row)
        layout.keep_row_whole(row)


def _ranking_table(w: _Writer, report: Report, tier: TierSection, number: int) -> None:
    w.heading(report.labels["tier_table"].format(number=number, tier=tier.label))
    n_cols = 2 + sum(c.span for c in tier.columns) + 2
    tbl = w.table(2 + len(tier.rows), n_cols)
    rows = list(tbl.rows)  # once: python-docx's rows[i] rebuilds the whole list each time
    _ranking_header(report, tier, rows[0], rows[1])
    last = len(tier.rows)
    for r, row in enumerate(tier.rows, start=2):
        cells = rows[r].cells
        values = [(str(row.stt), "center"), (row.name, "left")]
        for c, cell in zip(tier.columns, row.cells, strict=True):
            values += [(g.score_text, "right") for g in cell.groups]
            values.append((cell.score_text, "right"))
            if c.has_levels:
                values.append((cell.level_label, "center"))
        values += [(row.total_text, "right"), (row.rank_text, "center")]
        # orphan control, as in the PDF: the first two and the last three rows stay together
        keep = last > 3 and (row.stt == 1 or row.stt >= last - 2)
        for i, (text, align) in enumerate(values):
            _cell(cells[i], text, align=align, keep=keep and row.stt != last)
        layout.keep_row_whole(rows[r])
    layout.fixed_widths(tbl, _ranking_widths(report, tier))
    w.paragraph()


# -- level summaries --------------------------------------------------------------------------


def _uniform_summary(w: _Writer, report: Report, tier: TierSection) -> None:
    """The PDF's table: one row per category, a count and a share under each level."""
    labels = report.labels
    levels = tier.summaries[0].counts
    tbl = w.table(2 + len(tier.summaries), 1 + 2 * len(levels))
    rows = list(tbl.rows)
    head, sub = rows[0], rows[1]
    _cell(head.cells[0].merge(sub.cells[0]), labels["category"], bold=True)
    for i, count in enumerate(levels):
        _cell(head.cells[1 + 2 * i].merge(head.cells[2 + 2 * i]), count.label, bold=True)
        _cell(sub.cells[1 + 2 * i], labels["count"], bold=True)
        _cell(sub.cells[2 + 2 * i], labels["share"], bold=True)
    for row in (head, sub):
        layout.repeat_header(row)
        layout.keep_row_whole(row)
    for r, summary in enumerate(tier.summaries, start=2):
        cells = rows[r].cells
        _cell(cells[0], summary.label, align="left")
        for i, count in enumerate(summary.counts):
            _cell(cells[1 + 2 * i], str(count.count), align="right")
            _cell(cells[2 + 2 * i], count.share_text, align="right")
        layout.keep_row_whole(rows[r])
    body = [str(c.count) for s in tier.summaries for c in s.counts] + ["100%"]
    natural, least = [_widest([s.label for s in tier.summaries])], [0.0]
    for head in [labels["count"], labels["share"]] * len(levels):
        natural.append(max(_widest([head], bold=True), _widest(body)))
        least.append(max(_longest_word([head], bold=True), _widest(body)))
    least[0] = _longest_word([s.label for s in tier.summaries])
    widths = layout.column_widths(natural, least, 0, text_box_mm(report), floor=least[0])
    layout.fixed_widths(tbl, widths)


def _long_summary(w: _Writer, report: Report, tier: TierSection) -> None:
    """Level tables that differ by category: a row per level, the category named on each row
    (a cell merged down would print blank on a continuation page)."""
    labels = report.labels
    heads = (labels["category"], labels["level"], labels["count"], labels["share"])
    tbl = w.table(1 + sum(len(s.counts) for s in tier.summaries), 4)
    rows = list(tbl.rows)
    for i, text in enumerate(heads):
        _cell(rows[0].cells[i], text, bold=True)
    layout.repeat_header(rows[0])
    r = 1
    for summary in tier.summaries:
        for n, count in enumerate(summary.counts, start=1):
            cells = rows[r].cells
            keep = n < len(summary.counts)
            _cell(cells[0], summary.label, align="left", keep=keep)
            _cell(cells[1], count.label, keep=keep)
            _cell(cells[2], str(count.count), align="right", keep=keep)
            _cell(cells[3], count.share_text, align="right", keep=keep)
            layout.keep_row_whole(rows[r])
            r += 1
    body = [[s.label for s in tier.summaries], [c.label for s in tier.summaries for c in s.counts]]
    natural = [_widest(body[0]), _widest(body[1])]
    natural += [max(_widest(["100%"]), _longest_word([h], bold=True)) for h in heads[2:]]
    layout.fixed_widths(tbl, layout.column_widths(natural, natural, 0, text_box_mm(report)))


def _summaries(w: _Writer, report: Report, number: int) -> None:
    from docx.shared import Pt

    if not report.has_summaries:
        return
    labels = report.labels
    w.heading(labels["summary"])
    for tier in report.tiers:
        if not tier.summaries:
            continue
        number += 1
        w.heading(labels["summary_table"].format(number=number, tier=tier.label), italic=True)
        if tier.summary_uniform:
            _uniform_summary(w, report, tier)
        else:
            _long_summary(w, report, tier)
        note = w.paragraph(
            f"{labels['all_units']}: {tier.units}. {labels['unclassified_everywhere']}: "
            f"{tier.unclassified_everywhere} ({tier.unclassified_everywhere_text})."
        )
        note.paragraph_format.space_before = Pt(3)


# -- methods, provenance ----------------------------------------------------------------------


def _methods(w: _Writer, report: Report) -> None:
    labels, methods = report.labels, report.methods
    w.heading(labels["methods"])
    w.paragraph(f"{labels['framework']}: {methods.title}")
    if methods.basis:
        w.paragraph(f"{labels['basis']}:")
        for doc in methods.basis:
            w.paragraph(f"- {doc}")
    if methods.levels:
        w.paragraph(f"{labels['levels_rule']}:")
        for category, rules in methods.levels:
            w.paragraph(category, italic=True, keep=True)
            for rule in rules:
                w.paragraph(f"- {rule.label}: {rule.rule}")
    w.paragraph(f"{labels['ties']}: {' '.join(methods.ranking)}")
    w.paragraph(f"{labels['rounding']}: {methods.rounding}")


def add_body(document, report: Report, marker: str) -> None:
    """Put the ranking tables, summaries and methods note where the template has ``marker``."""
    anchor = next(p for p in document.paragraphs if marker in p.text)
    w = _Writer(document, anchor)
    for number, tier in enumerate(report.tiers, start=1):
        _ranking_table(w, report, tier, number)
    _summaries(w, report, len(report.tiers))
    _methods(w, report)
    anchor._p.getparent().remove(anchor._p)


def add_provenance_page(document, report: Report) -> None:
    """The provenance on a page of its own at the end: no part of the signed annex."""
    from docx.shared import Pt

    p = report.provenance
    if p is None or not report.decision.provenance_page:
        return
    labels = report.labels
    heading = document.add_paragraph()
    heading.paragraph_format.page_break_before = True
    heading.add_run(xml_safe(labels["provenance_page"])).bold = True
    lines = [f"{labels['framework']}: {p.framework_path} ({p.framework_id})"]
    lines.append(f"sha256 {p.framework_sha256}")
    for path, digest in p.inputs:
        lines += [path, f"sha256 {digest}"]
    lines.append(f"{labels['tool_version']} {p.tool_version}")
    for line in lines:
        para = document.add_paragraph()
        para.paragraph_format.space_after = Pt(0)
        para.add_run(xml_safe(line)).font.size = Pt(10)
