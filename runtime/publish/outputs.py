"""Write every output of a run into OUTDIR, all or nothing.

A published ranking is a legal act: a crash half-way must never leave a half-written annex next
to a complete results file. So every output is rendered in memory first; only when all of them
exist are they written (each to a temporary file in OUTDIR, then renamed over its final name).
An OUTDIR that already holds files is not overwritten unless ``force`` is given.

The formats (name → file, renderer, template override) are the table of
:mod:`cqdt.runtime.publish.formats`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from cqdt.compiler.model.nodes import Framework
from cqdt.diagnostics import CqdtError, Diagnostic
from cqdt.i18n import Message
from cqdt.runtime.publish.formats import (
    DEFAULT_FORMATS,
    FILE_NAMES,
    RenderInputs,
    by_name,
    normalise_formats,
)

__all__ = ["DEFAULT_FORMATS", "FILE_NAMES", "publish", "render_outputs", "write_rendered"]

OUTDIR_NOT_EMPTY = Message(
    vi="Thư mục kết quả {path} đã có tệp ({files}); cqdt không ghi đè khi chưa được phép",
    en="The output folder {path} already holds files ({files}); cqdt does not overwrite them unasked",
)
OUTDIR_HINT = Message(
    vi="chọn thư mục khác, hoặc thêm --force để ghi đè",
    en="choose another folder, or add --force to overwrite",
)


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
    """Render exactly ``formats`` and write them into ``outdir``; returns the paths written.

    ``formats`` here is the complete list (the driver adds the defaults, see
    :func:`cqdt.runtime.publish.formats.wanted_formats`).
    """
    formats = normalise_formats(formats)
    _guard_outdir(outdir, force)
    rendered = render_outputs(
        fw, results, provenance, formats=formats, decision=decision, templates=templates
    )
    return write_rendered(outdir, rendered, force=force)


def write_rendered(outdir: Path, rendered: dict[str, bytes], *, force: bool = False) -> list[Path]:
    """Write rendered outputs into ``outdir`` all or nothing (see the module docstring)."""
    _guard_outdir(outdir, force)
    outdir.mkdir(parents=True, exist_ok=True)
    from cqdt.runtime import atomic

    stale = [outdir / name for name in FILE_NAMES.values() if name not in rendered]
    written = atomic.write_files_atomic({outdir / name: data for name, data in rendered.items()})
    if force:
        # Outputs of an earlier run in formats not written now would otherwise sit beside the
        # new ones and look like part of this publication.
        for path in stale:
            path.unlink(missing_ok=True)
    return written


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
    job = RenderInputs(fw, results, provenance, decision, templates, {})
    return {FILE_NAMES[name]: by_name(name).render(job) for name in normalise_formats(formats)}


def _guard_outdir(outdir: Path, force: bool) -> None:
    if force or not outdir.exists():
        return
    existing = sorted(p.name for p in outdir.iterdir()) if outdir.is_dir() else [outdir.name]
    if existing:
        shown = ", ".join(existing[:5]) + (" …" if len(existing) > 5 else "")
        raise CqdtError(
            [
                Diagnostic.error(
                    "E902",
                    OUTDIR_NOT_EMPTY.render(path=str(outdir), files=shown),
                    hint=OUTDIR_HINT.render(),
                )
            ]
        )
