"""Write every output of a run into OUTDIR, all or nothing.

A published ranking is a legal act: a crash half-way must never leave a half-written annex next
to a complete results file. So every output is rendered in memory first; only when all of them
exist are they written, as one folder swapped in whole (``runtime/publish/folder.py``).
An OUTDIR that already holds files is not overwritten unless ``force`` is given.

The formats (name → file, renderer, template override) are the table of
:mod:`cqdt.runtime.publish.formats`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from cqdt.compiler.model.nodes import Framework
from cqdt.runtime.publish.formats import (
    DEFAULT_FORMATS,
    FILE_NAMES,
    OWN_ENTRIES,
    TOP_NAMES,
    RenderInputs,
    by_name,
    normalise_formats,
)

__all__ = ["DEFAULT_FORMATS", "FILE_NAMES", "TOP_NAMES", "publish", "render_outputs"]


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
    history=None,
) -> list[Path]:
    """Render exactly ``formats`` and write them into ``outdir``; returns the paths written.

    ``formats`` here is the complete list (the driver adds the defaults, see
    :func:`cqdt.runtime.publish.formats.wanted_formats`).
    """
    from cqdt.runtime.publish.folder import check_outdir, publish_into

    formats = normalise_formats(formats)
    check_outdir(outdir, force, OWN_ENTRIES)
    rendered = render_outputs(
        fw,
        results,
        provenance,
        formats=formats,
        decision=decision,
        templates=templates,
        history=history,
    )
    return publish_into(outdir, rendered, force=force, own_names=OWN_ENTRIES)


def render_outputs(
    fw: Framework,
    results: pl.DataFrame,
    provenance,
    *,
    formats: Sequence[str] = DEFAULT_FORMATS,
    decision=None,
    templates: str | Path | None = None,
    history=None,
) -> dict[str, bytes]:
    """Every requested output as bytes, keyed by file name (``folder/file`` for the files of a
    folder format), in a stable order. ``history`` (earlier editions) feeds the site."""
    job = RenderInputs(fw, results, provenance, decision, templates, {}, history)
    rendered: dict[str, bytes] = {}
    for name in normalise_formats(formats):
        output = by_name(name)
        data = output.render(job)
        if isinstance(data, dict):
            rendered.update({f"{output.file_name}/{path}": blob for path, blob in data.items()})
        else:
            rendered[FILE_NAMES[name]] = data
    return rendered
