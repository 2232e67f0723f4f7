"""The report model rendered as the annex: HTML, Markdown, DOCX and PDF.

Templates live in ``templates/`` (package data). A user may pass ``--templates DIR`` to
override any of them by name (``annex.html.j2``, ``annex.md.j2``, ``annex.css``,
``charts.svg.j2``, ``annex.docx``); such templates run in Jinja's ``SandboxedEnvironment`` so a
template file cannot reach Python internals. Escaping is on everywhere: HTML through Jinja's
autoescape, Markdown through :func:`escape_markdown` applied to every printed value, DOCX by
docxtpl's XML escaping and python-docx's literal text. A unit named
``<script>alert(1)</script>`` prints as that text in every format.

Outputs are byte-identical for identical inputs: the DOCX has fixed core properties and zip
timestamps, the PDF fixed metadata and no creation date. Heavy libraries (docxtpl, WeasyPrint)
are imported only when their format is asked for.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from markupsafe import Markup

from cqdt.diagnostics import CqdtError
from cqdt.runtime.atomic import write_bytes_atomic
from cqdt.runtime.intake.values import xml_safe
from cqdt.runtime.publish.report import Report
from cqdt.runtime.publish.sandbox import (
    TemplateEnvironment,
    bounded,
    builtin_folder,
    make_environment,
    render_template,
    template_diagnostic,
)

__all__ = [
    "FORMATS",
    "escape_markdown",
    "render_docx",
    "render_html",
    "render_markdown",
    "render_pdf",
    "write_annexes",
]

#: Annex formats and their file names.
FORMATS = {"html": "annex.html", "md": "annex.md", "docx": "annex.docx", "pdf": "annex.pdf"}

#: Fixed timestamp of DOCX zip entries and core properties (the earliest a zip can hold).
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_BODY_MARKER = "\u27e6cqdt-annex-body\u27e7"


# -- Jinja environments -----------------------------------------------------------------------


def _environment(templates_dir: str | Path | None, markdown: bool) -> TemplateEnvironment:
    """The sandbox (``sandbox.py``): autoescaped HTML, or Markdown escaping of every value.

    The sandbox is used for the built-in templates too: one code path, and no difference in
    behaviour between a user's template and ours.
    """
    if markdown:
        return make_environment(templates_dir, autoescape=False, finalize=_finalize_markdown)
    return make_environment(templates_dir, autoescape=True)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|~])")
_MD_LINE_START = re.compile(r"^(\s*)(#|>|[-+=](?=\s|$)|\d+[.)](?=\s|$))")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def escape_markdown(text: str) -> str:
    """``text`` safe to print inside a Markdown line or table cell.

    Markdown punctuation gets a backslash, ``<`` and ``>`` (and an ``&`` that would start an
    entity) become entities (the portal turns Markdown into HTML, where a raw ``<script>``
    would run), newlines become
    spaces (a newline would break a table row), and a leading ``#``, ``-`` or ``1.`` cannot start
    a heading or a list.
    """
    text = " ".join(str(text).splitlines())
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match) -> str:
    lead, mark = match.group(1), match.group(2)
    if mark[0].isdigit():  # "1." starts a list: escape the dot, "1\."
        return lead + mark[:-1] + "\\" + mark[-1]
    return lead + "\\" + mark


def _finalize_markdown(value: object) -> object:
    if isinstance(value, Markup):
        return value
    if value is None or isinstance(value, int | float):
        return "" if value is None else value
    return escape_markdown(str(value))


# -- HTML, Markdown, PDF ----------------------------------------------------------------------


def render_html(report: Report, templates_dir: str | Path | None = None) -> str:
    """The annex as one self-contained, print-ready HTML page (CSS and charts inline)."""
    env = _environment(templates_dir, markdown=False)
    return render_template(env, "annex.html.j2", {"report": report})


def render_markdown(report: Report, templates_dir: str | Path | None = None) -> str:
    """The annex as Markdown for the provincial portal (tables and summary, no charts)."""
    env = _environment(templates_dir, markdown=True)
    text = render_template(env, "annex.md.j2", {"report": report})
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_pdf(report: Report, templates_dir: str | Path | None = None) -> bytes:
    """The HTML annex printed to PDF by WeasyPrint, with fixed metadata (no dates, fixed id)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # pragma: no cover - depends on the machine
        raise RuntimeError(
            "PDF output needs WeasyPrint (pip install 'cqdt[pdf]') and its system libraries"
        ) from exc
    from weasyprint.urls import FatalURLFetchingError

    from cqdt.runtime.publish.fetcher import confined_fetcher, refused_diagnostic

    html = render_html(report, templates_dir)
    # Relative URLs resolve against the templates folder (never the working directory), and
    # the fetcher loads only files inside it or the bundled templates (``fetcher.py``).
    base = Path(templates_dir).resolve() if templates_dir is not None else builtin_folder()
    refused: list[str] = []
    fetcher = confined_fetcher((base, builtin_folder()), refused)
    document = HTML(string=html, base_url=base.as_uri() + "/", url_fetcher=fetcher)
    try:
        return document.write_pdf(pdf_identifier=b"cqdt-" + report.framework_id.encode("utf-8"))
    except FatalURLFetchingError:
        if not refused:
            raise
        template = str(base / "annex.html.j2")
        raise CqdtError([refused_diagnostic(url, template) for url in refused]) from None


# -- DOCX -------------------------------------------------------------------------------------


def _docx_template(templates_dir: str | Path | None) -> bytes:
    if templates_dir is not None:
        candidate = Path(templates_dir) / "annex.docx"
        if candidate.is_file():
            return candidate.read_bytes()
    return resources.files("cqdt").joinpath("templates", "annex.docx").read_bytes()


def _docx_name(templates_dir: str | Path | None) -> str:
    """The DOCX template file in use, as diagnostics name it."""
    if templates_dir is not None and (Path(templates_dir) / "annex.docx").is_file():
        return str(Path(templates_dir) / "annex.docx")
    return "annex.docx"


def render_docx(report: Report, templates_dir: str | Path | None = None) -> bytes:
    """The annex as a Word document for staff who finish the decision in Word.

    ``templates/annex.docx`` (made by ``templates/build_docx_template.py``) carries the page
    setup, fonts and header block as docxtpl fields; the tables, whose columns depend on the
    framework, are then added with python-docx where the template says ``{{ body }}``.
    """
    from docxtpl import DocxTemplate

    template = DocxTemplate(io.BytesIO(_docx_template(templates_dir)))
    d = report.decision
    labels = report.labels
    context = {
        "issuer_caps": d.issuer_caps or labels["placeholder"],
        "national_title": labels["national_title"],
        "national_motto": labels["national_motto"],
        "place_date": d.place_date,
        "annex_title": d.annex_title,
        "title": report.subtitle,
        "attached_line": d.attached_line,
        "body": _BODY_MARKER,
        "signer_title": d.signer_title,
        "signer_name": d.signer_name,
    }
    context = {k: xml_safe(v) if isinstance(v, str) else v for k, v in context.items()}
    # docxtpl's own Jinja is not sandboxed: the fields of a user's annex.docx run in ours.
    env = make_environment(templates_dir, autoescape=True)
    name = _docx_name(templates_dir)
    with bounded(name):
        try:
            template.render(context, jinja_env=env, autoescape=True)
        except Exception as error:
            raise CqdtError([template_diagnostic(error, name)]) from None
    document = template.docx
    if any(len(tier.columns) > 3 for tier in report.tiers):
        _landscape(document)
    _add_docx_body(document, report, _BODY_MARKER)
    core = document.core_properties
    fixed = dt.datetime(*_FIXED_TIME)
    core.created = fixed
    core.modified = fixed
    core.last_printed = fixed
    core.last_modified_by = "cqdt"
    core.author = "cqdt"
    core.revision = 1
    core.title = xml_safe(f"{d.annex_title} — {report.title}")[:250]
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _landscape(document) -> None:
    """Turn every section to A4 landscape, as the HTML annex does for wide tables."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    for section in document.sections:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(30), Mm(15)
        section.left_margin, section.right_margin = Mm(20), Mm(20)


def _add_docx_body(document, report: Report, marker: str) -> None:
    """Put the ranking tables, summaries and methods note where the template has ``marker``.

    python-docx writes text literally (it escapes XML itself), so names print as typed.
    """
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    anchor = next(p for p in document.paragraphs if marker in p.text)
    labels = report.labels

    def paragraph(text: str = "", bold=False, italic=False, align=None, size=None):
        para = document.add_paragraph()
        if text:
            run = para.add_run(xml_safe(text))
            run.bold = bold
            run.italic = italic
            if size:
                run.font.size = Pt(size)
        if align is not None:
            para.alignment = align
        anchor._p.addprevious(para._p)
        return para

    def cell_text(cell, text: str, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER):
        para = cell.paragraphs[0]
        para.alignment = align
        for i, line in enumerate(xml_safe(str(text)).split("\n")):
            if i:
                para.add_run().add_break()
            run = para.add_run(line)
            run.bold = bold
            run.italic = italic
            run.font.size = Pt(11)

    def repeat_header(row) -> None:
        tr_pr = row._tr.get_or_add_trPr()
        flag = OxmlElement("w:tblHeader")
        flag.set(qn("w:val"), "true")
        tr_pr.append(flag)

    def table(n_rows: int, n_cols: int):
        tbl = document.add_table(rows=n_rows, cols=n_cols)
        tbl.style = "Table Grid"
        tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
        anchor._p.addprevious(tbl._tbl)
        return tbl

    number = 0
    for tier in report.tiers:
        number += 1
        paragraph(labels["tier_table"].format(number=number, tier=tier.label), bold=True)
        level_cols = sum(1 for c in tier.columns if c.has_levels)
        n_cols = 2 + len(tier.columns) + level_cols + 2
        tbl = table(2 + len(tier.rows), n_cols)
        rows = list(tbl.rows)  # once: python-docx's rows[i] rebuilds the whole list each time
        head, sub = rows[0], rows[1]
        repeat_header(head)
        repeat_header(sub)
        col = 0
        for text in (labels["stt"], labels["unit"]):
            head.cells[col].merge(sub.cells[col])
            cell_text(head.cells[col], text, bold=True)
            col += 1
        for c in tier.columns:
            width = 2 if c.has_levels else 1
            top = head.cells[col]
            if width == 2:
                top = top.merge(head.cells[col + 1])
            cell_text(top, f"{c.label}\n({labels['max_of'].format(max=c.max_text)})", bold=True)
            cell_text(sub.cells[col], labels["points"], bold=True)
            if c.has_levels:
                cell_text(sub.cells[col + 1], labels["level"], bold=True)
            col += width
        total_head = report.total_label
        if tier.total_max_text:
            total_head += f"\n({labels['max_of'].format(max=tier.total_max_text)})"
        for text in (total_head, labels["rank"]):
            merged = head.cells[col].merge(sub.cells[col])
            cell_text(merged, text, bold=True)
            col += 1
        for r, row in enumerate(tier.rows, start=2):
            cells = rows[r].cells
            values = [
                (str(row.stt), WD_ALIGN_PARAGRAPH.CENTER),
                (row.name, WD_ALIGN_PARAGRAPH.LEFT),
            ]
            for c, cell in zip(tier.columns, row.cells, strict=True):
                values.append((cell.score_text, WD_ALIGN_PARAGRAPH.RIGHT))
                if c.has_levels:
                    values.append((cell.level_label, WD_ALIGN_PARAGRAPH.CENTER))
            values += [
                (row.total_text, WD_ALIGN_PARAGRAPH.RIGHT),
                (row.rank_text, WD_ALIGN_PARAGRAPH.CENTER),
            ]
            for i, (text, align) in enumerate(values):
                cell_text(cells[i], text, align=align)
        paragraph()

    paragraph(labels["summary"], bold=True)
    for tier in report.tiers:
        if not tier.summaries:
            continue
        number += 1
        paragraph(
            labels["summary_table"].format(number=number, tier=tier.label), bold=True, italic=True
        )
        n_rows = sum(len(s.counts) for s in tier.summaries)
        tbl = table(1 + n_rows, 4)
        rows = list(tbl.rows)
        repeat_header(rows[0])
        for i, text in enumerate(
            (labels["category"], labels["level"], labels["count"], labels["share"])
        ):
            cell_text(rows[0].cells[i], text, bold=True)
        r = 1
        for summary in tier.summaries:
            first = r
            for count in summary.counts:
                cells = rows[r].cells
                cell_text(cells[1], count.label)
                cell_text(cells[2], str(count.count), align=WD_ALIGN_PARAGRAPH.RIGHT)
                cell_text(cells[3], count.share_text, align=WD_ALIGN_PARAGRAPH.RIGHT)
                r += 1
            merged = rows[first].cells[0].merge(rows[r - 1].cells[0])
            cell_text(merged, summary.label, align=WD_ALIGN_PARAGRAPH.LEFT)
        paragraph(
            f"{labels['all_units']}: {tier.units}. {labels['unclassified_everywhere']}: "
            f"{tier.unclassified_everywhere} ({tier.unclassified_everywhere_text})."
        )

    methods = report.methods
    paragraph(labels["methods"], bold=True)
    paragraph(f"{labels['framework']}: {methods.title}")
    if methods.basis:
        paragraph(f"{labels['basis']}:")
        for doc in methods.basis:
            paragraph(f"- {doc}")
    if methods.levels:
        paragraph(f"{labels['levels_rule']}:")
        for category, rules in methods.levels:
            paragraph(category, italic=True)
            for rule in rules:
                paragraph(f"- {rule.label}: {rule.rule}")
    paragraph(f"{labels['ties']}: {' '.join(methods.ranking)}")
    paragraph(f"{labels['rounding']}: {methods.rounding}")
    if report.provenance is not None:
        p = report.provenance
        inputs = "".join(f"; {path} (sha256 {digest[:16]})" for path, digest in p.inputs)
        paragraph(
            f"{labels['provenance']}: {p.framework_path} ({p.framework_id}, sha256 "
            f"{p.framework_sha256[:16]}){inputs}. {labels['tool_version']} {p.tool_version}.",
            size=10,
        )
    anchor._p.getparent().remove(anchor._p)


def _normalise_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps and attributes, members in their original order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            member.create_system = 3
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


# -- writing ----------------------------------------------------------------------------------


def write_annexes(
    report: Report,
    outdir: str | Path,
    formats: Sequence[str],
    templates_dir: str | Path | None = None,
) -> list[Path]:
    """Render ``formats`` (among html, md, docx, pdf) and write them into ``outdir``.

    Everything is rendered in memory first, then each file is written atomically (temporary
    file + ``os.replace``), so a failure never leaves a half-written annex.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(
            f"unknown annex format(s): {', '.join(unknown)}; known: {', '.join(FORMATS)}"
        )
    renderers = {
        "html": lambda: render_html(report, templates_dir).encode("utf-8"),
        "md": lambda: render_markdown(report, templates_dir).encode("utf-8"),
        "docx": lambda: render_docx(report, templates_dir),
        "pdf": lambda: render_pdf(report, templates_dir),
    }
    ordered = list(dict.fromkeys(formats))
    rendered = {fmt: renderers[fmt]() for fmt in ordered}
    outdir = Path(outdir)
    written = []
    for fmt in ordered:
        path = outdir / FORMATS[fmt]
        write_bytes_atomic(path, rendered[fmt])
        written.append(path)
    return written
