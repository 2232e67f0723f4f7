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
from importlib import resources
from pathlib import Path

from markupsafe import Markup

from cqdt.diagnostics import CqdtError
from cqdt.runtime.intake.values import xml_safe
from cqdt.runtime.publish import docx_body, docx_layout
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
    "escape_markdown",
    "render_docx",
    "render_html",
    "render_markdown",
    "render_pdf",
]


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
    setup, fonts, header block and signer block as docxtpl fields; the tables, whose columns
    depend on the framework, are then added by :mod:`docx_body` where the template says
    ``{{ body }}``, laid out to print like the PDF (:mod:`docx_layout`).
    """
    from docxtpl import DocxTemplate

    template = DocxTemplate(io.BytesIO(_docx_template(templates_dir)))
    # docxtpl's own Jinja is not sandboxed: the fields of a user's annex.docx run in ours.
    env = make_environment(templates_dir, autoescape=True)
    name = _docx_name(templates_dir)
    with bounded(name):
        try:
            template.render(_docx_context(report), jinja_env=env, autoescape=True)
        except Exception as error:
            raise CqdtError([template_diagnostic(error, name)]) from None
    document = template.docx
    if report.wide:
        _landscape(document)
    _fit_blocks(document, report)
    docx_layout.set_language(document, "vi-VN" if report.lang == "vi" else "en-GB")
    docx_body.add_body(document, report, _BODY_MARKER)
    docx_body.add_provenance_page(document, report)
    core = document.core_properties
    fixed = dt.datetime(*_FIXED_TIME)
    core.created = fixed
    core.modified = fixed
    core.last_printed = fixed
    core.last_modified_by = "cqdt"
    core.author = "cqdt"
    core.revision = 1
    core.title = xml_safe(f"{report.decision.annex_title} — {report.title}")[:250]
    core.language = "vi-VN" if report.lang == "vi" else "en-GB"
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _docx_context(report: Report) -> dict:
    """The template's fields; the neutral style leaves the national title and motto empty."""
    d = report.decision
    labels = report.labels
    context = {
        "issuer_caps": d.issuer_caps or ("" if d.neutral else labels["placeholder"]),
        "national_title": "" if d.neutral else labels["national_title"],
        "national_motto": "" if d.neutral else labels["national_motto"],
        "place_date": d.place_date,
        "annex_title": d.annex_title,
        "results_title": d.results_title,
        "title": d.results_title,
        "attached_line": d.attached_line,
        "body": _BODY_MARKER,
        "signer_title": d.signer_title,
        "signer_name": d.signer_name,
    }
    return {k: xml_safe(v) if isinstance(v, str) else v for k, v in context.items()}


def _landscape(document) -> None:
    """Turn every section to A4 landscape, as the HTML annex does for wide tables."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    for section in document.sections:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(30), Mm(15)
        section.left_margin, section.right_margin = Mm(20), Mm(20)


def _fit_blocks(document, report: Report) -> None:
    """Fit the header and signer blocks to the text box; drop what the report does not show.

    The neutral style has no rule under an issuer it may not have; a report without a signer
    block (neutral, no signer given) loses the signer table; empty title lines go.
    """
    box = docx_body.text_box_mm(report)
    header = docx_layout.find_captioned(document, "cqdt-header")
    if header is not None:
        docx_layout.fixed_widths(header, (box * 0.4, box * 0.6))
        if report.decision.neutral:
            for cell in header.rows[0].cells:
                for para in cell.paragraphs:
                    if not para.text.strip():
                        docx_layout.remove_border(para)
    signer = docx_layout.find_captioned(document, "cqdt-signature")
    if signer is not None:
        if report.decision.show_signer:
            docx_layout.fixed_widths(signer, (box / 2, box / 2))
        else:
            signer._tbl.getparent().remove(signer._tbl)
    if report.decision.neutral:
        for para in document.paragraphs:
            if _BODY_MARKER in para.text:
                break
            if not para.text.strip():
                para._p.getparent().remove(para._p)


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
