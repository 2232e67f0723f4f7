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


def run_template(job: TemplateJob):
    """Write the survey form for ``job.framework`` (or, ``per_unit``, every unit's form into
    the folder ``job.output``, returning their paths); an existing file is kept unless
    ``force`` (it may be a form the units have already filled in)."""
    from cqdt.driver.pipeline import load_framework, load_registry
    from cqdt.runtime.intake.form import FormSpec, write_template

    fw = load_framework(job.framework)
    registry = load_registry(job.units, fw)
    spec = FormSpec()
    if job.carry_from is not None:
        from cqdt.runtime.intake.carry import carry_over, read_last_year

        answers, marks = carry_over(fw.model, read_last_year(job.carry_from))
        spec = FormSpec(answers=answers, marks=marks)
    if job.per_unit:
        return _unit_forms(fw, registry, job, spec)
    refuse_existing(job)
    write_template(fw.model, job.output, units=registry, framework_sha256=fw.sha256, spec=spec)
    return job.output


def _unit_forms(fw, registry, job: TemplateJob, spec) -> list[Path]:
    """Every unit's form; a form already in the folder is never overwritten unasked."""
    from cqdt.runtime.intake.form_units import unit_form_name, write_unit_forms

    if not job.force and job.output.is_dir():
        units = [u for u in registry.units if u.tier in fw.model.tier_ids]
        repeat = len({u.code for u in units}) != len(units)
        taken = [job.output / unit_form_name(u, repeat) for u in units]
        existing = [p for p in taken if p.exists()]
        if existing:
            raise CqdtError([_exists(p) for p in existing[:20]])
    return write_unit_forms(
        fw.model,
        registry,
        job.output,
        framework_sha256=fw.sha256,
        answers=spec.answers,
        marks=spec.marks,
    )


def refuse_existing(job: TemplateJob) -> None:
    """The form is never written over an existing file unless ``force`` says so."""
    if job.output.exists() and not job.force:
        raise CqdtError([_exists(job.output)])


def _exists(output: Path) -> Diagnostic:
    return diagnostic("template.exists", output=str(output))
