"""Write every output of a run into OUTDIR, all or nothing.

A published ranking is a legal act: a crash half-way must never leave a half-written annex next
to a complete results file. So every output is rendered in memory first; only when all of them
exist are they written, as one folder swapped in whole (``runtime/publish/folder.py``).
An OUTDIR that already holds files is not overwritten unless ``force`` is given.

Formats: ``json`` → results.json, ``xlsx`` → results.xlsx, ``html`` → annex.html,
``md`` → annex.md, ``docx`` → annex.docx, ``pdf`` → annex.pdf.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl

from cqdt.compiler.model.nodes import Framework
from cqdt.diagnostics import CqdtError, diagnostic
from cqdt.runtime.publish.report_messages import CATALOGUE  # noqa: F401 - registers E901, E902

DEFAULT_FORMATS = ("json", "xlsx", "html", "md")
FILE_NAMES = {
    "json": "results.json",
    "xlsx": "results.xlsx",
    "html": "annex.html",
    "md": "annex.md",
    "docx": "annex.docx",
    "pdf": "annex.pdf",
}


def publish(
    fw: Framework,
    results: pl.DataFrame,
    provenance,
    outdir: Path,
    *,
    formats: Sequence[str] = DEFAULT_FORMATS,
    decision=None,
    templates: str | Path | None = None,
    force: bool = False,
) -> list[Path]:
    """Render the requested outputs and write them into ``outdir``; returns the paths written."""
    from cqdt.runtime.publish.folder import check_outdir, publish_into

    formats = _normalise_formats(formats)
    check_outdir(outdir, force, FILE_NAMES.values())
    rendered = render_outputs(
        fw, results, provenance, formats=formats, decision=decision, templates=templates
    )
    return publish_into(outdir, rendered, force=force, own_names=FILE_NAMES.values())


def render_outputs(
    fw: Framework,
    results: pl.DataFrame,
    provenance,
    *,
    formats: Sequence[str] = DEFAULT_FORMATS,
    decision=None,
    templates: str | Path | None = None,
) -> dict[str, bytes]:
    """Every requested output as bytes, keyed by file name, in a stable order."""
    renderers = _renderers(fw, results, provenance, decision, templates)
    return {FILE_NAMES[fmt]: renderers[fmt]() for fmt in _normalise_formats(formats)}


def _renderers(fw, results, provenance, decision, templates) -> dict[str, Callable[[], bytes]]:
    report_cache: list = []

    def report():
        if not report_cache:
            from cqdt.runtime.publish.decision import DecisionInfo, load_decision
            from cqdt.runtime.publish.report import build_report

            info = decision
            if decision is not None and not isinstance(decision, DecisionInfo):
                info = load_decision(Path(decision))
            report_cache.append(build_report(fw, results, provenance, info))
        return report_cache[0]

    def results_json() -> bytes:
        from cqdt.runtime.publish.write_json import results_json_bytes

        return results_json_bytes(fw, results, provenance)

    def results_xlsx() -> bytes:
        from cqdt.runtime.publish.write_xlsx import results_xlsx_bytes

        return results_xlsx_bytes(fw, results, provenance)

    def html() -> bytes:
        from cqdt.runtime.publish.render import render_html

        return render_html(report(), templates_dir=templates).encode("utf-8")

    def markdown() -> bytes:
        from cqdt.runtime.publish.render import render_markdown

        return render_markdown(report(), templates_dir=templates).encode("utf-8")

    def docx() -> bytes:
        from cqdt.runtime.publish.render import render_docx

        return render_docx(report(), templates_dir=templates)

    def pdf() -> bytes:
        from cqdt.runtime.publish.render import render_pdf

        return render_pdf(report(), templates_dir=templates)

    return {
        "json": results_json,
        "xlsx": results_xlsx,
        "html": html,
        "md": markdown,
        "docx": docx,
        "pdf": pdf,
    }


def _normalise_formats(formats: Sequence[str]) -> tuple[str, ...]:
    out: list[str] = []
    for raw in formats:
        for name in str(raw).split(","):
            name = name.strip().lower().lstrip(".")
            name = {"markdown": "md", "htm": "html"}.get(name, name)
            if not name:
                continue
            if name not in FILE_NAMES:
                known = ", ".join(FILE_NAMES)
                raise CqdtError([diagnostic("E901", name=name, known=known)])
            if name not in out:
                out.append(name)
    return tuple(fmt for fmt in FILE_NAMES if fmt in out)
