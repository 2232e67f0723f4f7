"""The yearly batch run behind ``cqdt score`` and ``Results.write``: score, publish or verify.

Several data files may be given (one per tier, or one per batch of returned forms); they are
validated one by one, every problem of every file is reported together, and a unit that appears
in two files is an error rather than a silent overwrite. ``--verify OUTDIR`` re-runs the whole
job in memory and compares it byte for byte with what was published there, so anyone can
confirm a published ranking from its inputs.

The driver prints nothing: it returns what it did (:class:`~cqdt.driver.jobs.ScoreOutcome`)
and the caller (the command line, the API) shows it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from cqdt.diagnostics import CqdtError, InternalError, diagnostic
from cqdt.driver import messages
from cqdt.driver.jobs import Scored, ScoreJob, ScoreOutcome
from cqdt.driver.pipeline import (
    load_framework,
    load_registry,
    no_units_diagnostic,
    read_data,
    score_data,
)

__all__ = ["publish_scored", "run_score", "score_job", "score_out_of_core"]


def score_job(
    job: ScoreJob, *, progress: Callable[[Sequence[Any]], Iterable[Any]] | None = None
) -> Scored:
    """Load, read and score what ``job`` names (no outputs yet).

    One folder as the data is a folder of returned forms: every registered unit gets a
    status (:mod:`cqdt.driver.collect`) and units that sent nothing are "not submitted".
    """
    fw = load_framework(job.framework)
    registry = load_registry(job.units, fw)
    if len(job.data) == 1 and isinstance(job.data[0], Path) and job.data[0].is_dir():
        from cqdt.driver.collect import collect_folder

        if registry is None:
            raise CqdtError([diagnostic("E941", folder=str(job.data[0]))])
        read, collection = collect_folder(fw, job.data[0], registry, progress=progress)
        return dataclasses.replace(score_data(fw, read, registry), collection=collection)
    read = read_data(fw, list(job.data), registry, progress=progress)
    return score_data(fw, read, registry)


def run_score(
    job: ScoreJob, *, progress: Callable[[Sequence[Any]], Iterable[Any]] | None = None
) -> ScoreOutcome:
    """Score ``job.data``; write into ``job.outdir`` or check ``job.verify``."""
    return publish_scored(score_job(job, progress=progress), job)


def publish_scored(scored: Scored, job: ScoreJob) -> ScoreOutcome:
    """Publish (or verify) already scored results as ``job`` asks."""
    from cqdt.runtime.publish.formats import FORMATS, wanted_formats
    from cqdt.runtime.publish.outputs import publish, render_outputs
    from cqdt.runtime.publish.verify import verify_publication

    wanted = wanted_formats(job.formats)
    history = _history(scored, job)
    if job.verify is not None:
        # Every output present in the folder is compared, whatever --formats says.
        present = [f.name for f in FORMATS if f.published_in(job.verify)]
        checked = verify_publication(
            job.verify,
            lambda: render_outputs(
                scored.framework.model,
                scored.frame,
                scored.provenance,
                formats=[*wanted, *present],
                decision=job.decision,
                templates=job.templates,
                history=history,
            ),
        )
        return ScoreOutcome(scored, verified=checked)
    if job.outdir is None:
        raise ValueError("a score job needs an outdir or a folder to verify")
    written = publish(
        scored.framework.model,
        scored.frame,
        scored.provenance,
        Path(job.outdir),
        formats=wanted,
        decision=job.decision,
        templates=job.templates,
        force=job.force,
        history=history,
    )
    return ScoreOutcome(scored, written=tuple(written))


def _history(scored: Scored, job: ScoreJob):
    """The editions of ``job.history`` and this run, for the site (None without any)."""
    if not job.history:
        return None
    import json

    from cqdt.driver.history import load_history
    from cqdt.runtime.publish.write_json import results_json_bytes

    model = scored.framework.model
    current = json.loads(results_json_bytes(model, scored.frame, scored.provenance))
    return load_history(
        job.history, current=current, units=job.units, frameworks=[scored.framework]
    )


def score_out_of_core(model, inputs, folder: Path, *, engine: str = "streaming") -> Path:
    """The bounded-memory run (:mod:`cqdt.runtime.score.out_of_core`), with the same audit as
    an in-memory run: as many result rows as input rows, or :class:`InternalError`; no input
    row at all is E940. Counting a Parquet data set reads only its metadata."""
    import polars as pl

    from cqdt.runtime.score.out_of_core import score_to_parquet

    frame = pl.scan_parquet(str(inputs)) if isinstance(inputs, str | Path) else inputs
    read = frame.select(pl.len()).collect(engine=engine).item()
    if read == 0:
        raise CqdtError(
            [no_units_diagnostic([str(inputs) if isinstance(inputs, str | Path) else "<frame>"])]
        )
    path = score_to_parquet(model, frame, Path(folder), engine=engine)
    scored = pl.scan_parquet(path).select(pl.len()).collect().item()
    if scored != read:
        raise InternalError(
            messages.UNACCOUNTED.render() + f": {read} input rows, {scored} result rows"
        )
    return path
