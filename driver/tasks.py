"""The smaller commands on the same pipeline: ``explain`` one unit, write the ``template``."""

from __future__ import annotations

from pathlib import Path

from cqdt.diagnostics import CqdtError, Diagnostic, diagnostic
from cqdt.driver.jobs import ExplainJob, ScoreJob, TemplateJob
from cqdt.driver.messages import CATALOGUE  # noqa: F401 - registers the codes

__all__ = ["refuse_existing", "run_explain", "run_template"]


def run_explain(job: ExplainJob):
    """Score ``job.data`` as ``cqdt score`` would and return the trace of ``job.unit``."""
    from cqdt.driver.batch import score_job
    from cqdt.runtime.score.explain import explain

    scored = score_job(ScoreJob(job.framework, (job.data,), units=job.units))
    return explain(scored.framework.model, scored.frame, job.unit)


def run_template(job: TemplateJob) -> Path:
    """Write the survey form for ``job.framework``; an existing file is kept unless ``force``
    (it may be a form the units have already filled in)."""
    from cqdt.driver.pipeline import load_framework, load_registry
    from cqdt.runtime.intake.form import write_template

    refuse_existing(job)
    fw = load_framework(job.framework)
    registry = load_registry(job.units)
    write_template(fw.model, job.output, units=registry, framework_sha256=fw.sha256)
    return job.output


def refuse_existing(job: TemplateJob) -> None:
    """The form is never written over an existing file unless ``force`` says so."""
    if job.output.exists() and not job.force:
        raise CqdtError([_exists(job.output)])


def _exists(output: Path) -> Diagnostic:
    return diagnostic("template.exists", output=str(output))
