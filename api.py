"""The Python API: load a framework, score data, explain a unit, write the outputs.

This is what analysts use in a notebook; the command line is built on the same calls.

>>> import cqdt
>>> fw = cqdt.load(cqdt.bundled("frameworks/2018_backan.cqdt"))
>>> fw.id, [t.id for t in fw.model.tiers]
('backan_cqdt_2018', ['province', 'district', 'commune'])
>>> res = fw.score(cqdt.bundled("examples/backan_2018/inputs.xlsx"),
...                units=cqdt.bundled("examples/backan_2018/units.csv"))
>>> res.frame.filter(tier="province").sort("rank").get_column("code").to_list()[:3]
['P12', 'P09', 'P07']
>>> print(res.explain("P12").render_text(lang="en").splitlines()[0])  # doctest: +ELLIPSIS
Unit: Sở Thông tin và Truyền thông (P12), tier Sở, ban, ngành

Heavy modules (openpyxl, WeasyPrint, docxtpl) are imported only by the writers that need them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    import polars as pl

    from cqdt.compiler.model.nodes import Framework
    from cqdt.diagnostics import Diagnostic
    from cqdt.runtime.intake.read import InputData
    from cqdt.runtime.intake.registry import UnitRegistry
    from cqdt.runtime.publish.decision import DecisionInfo
    from cqdt.runtime.publish.provenance import Provenance
    from cqdt.runtime.score.explain import Explanation

__all__ = [
    "LoadedFramework",
    "Results",
    "bundled",
    "diff",
    "load",
    "load_units",
    "read_inputs",
    "score_to_parquet",
    "write_template",
]


def bundled(relative: str) -> Path:
    """Path of a file shipped with cqdt (``frameworks/…``, ``examples/…``, ``templates/…``)."""
    return Path(str(resources.files("cqdt").joinpath(relative)))


def load(path: str | Path) -> LoadedFramework:
    """Parse and check a ``.cqdt`` file; raises :class:`cqdt.CqdtError` listing every problem."""
    from cqdt.compiler.load import load_checked

    checked = load_checked(path)
    return LoadedFramework(model=checked.model, path=checked.path, sha256=checked.sha256)


def load_units(path: str | Path) -> UnitRegistry:
    """Read a units registry (``tier,code,name,parent``); raises :class:`cqdt.CqdtError`."""
    from cqdt.runtime.intake.registry import load_units as read_registry

    return read_registry(path)


def read_inputs(
    framework: LoadedFramework | Framework | str | Path,
    path: str | Path,
    *,
    units: str | Path | UnitRegistry | None = None,
) -> InputData:
    """Read and validate one data file (``.frame``, ``.sha256``, ``.path``, ``.warnings``);
    raises :class:`cqdt.CqdtError` with every problem at once."""
    from cqdt.driver.pipeline import load_registry
    from cqdt.runtime.intake.read import read_inputs as read

    return read(_model(framework), path, units=load_registry(units))


def write_template(
    framework: LoadedFramework | str | Path,
    path: str | Path,
    *,
    units: str | Path | UnitRegistry | None = None,
    force: bool = False,
) -> Path:
    """Write the data-entry workbook (the survey form), as ``cqdt template`` does: an existing
    file is kept (:class:`cqdt.CqdtError`) unless ``force``."""
    from cqdt.driver.jobs import TemplateJob
    from cqdt.driver.tasks import run_template

    fw = framework if isinstance(framework, LoadedFramework) else load(framework)
    return run_template(TemplateJob(fw, Path(path), units=units, force=force))


def score_to_parquet(
    framework: LoadedFramework | Framework | str | Path,
    inputs: str | Path | pl.LazyFrame,
    folder: str | Path,
    *,
    engine: str = "streaming",
) -> Path:
    """Score a Parquet data set (a path, a glob of parts, a LazyFrame) in bounded memory into
    ``folder/results.parquet``; the same values, to the bit, as :meth:`LoadedFramework.score`."""
    from cqdt.driver.batch import score_out_of_core

    return score_out_of_core(_model(framework), inputs, Path(folder), engine=engine)


def diff(
    old: str | Path,
    new: str | Path,
    *,
    data: str | Path | None = None,
    units: str | Path | None = None,
    format: str = "text",
) -> str:
    """What changed between two framework versions (and with ``data``, whom it affects),
    rendered as ``cqdt diff`` does: ``format`` is text, json, md or html."""
    from cqdt.driver.diff import run_diff_job
    from cqdt.driver.jobs import DiffJob

    job = DiffJob(
        Path(old),
        Path(new),
        data=Path(data) if data is not None else None,
        units=Path(units) if units is not None else None,
        fmt=format,
    )
    return run_diff_job(job)


def _model(framework) -> Framework:
    if isinstance(framework, str | Path):
        return load(framework).model
    return framework.model if hasattr(framework, "model") else framework


@dataclass(frozen=True)
class LoadedFramework:
    """A checked framework and where it came from."""

    model: Framework
    path: Path
    sha256: str

    @property
    def id(self) -> str:
        return self.model.id

    def score(
        self,
        data: str | Path | pl.DataFrame,
        *,
        units: str | Path | UnitRegistry | None = None,
    ) -> Results:
        """Read (and validate) ``data`` — a workbook, CSV or Parquet path, or an inputs frame —
        then score, level and rank every unit (the same pipeline as ``cqdt score``)."""
        from cqdt.driver.batch import score_job
        from cqdt.driver.jobs import ScoreJob

        item = Path(data) if isinstance(data, str) else data
        scored = score_job(ScoreJob(self, (item,), units=units))
        return Results(
            framework=self,
            frame=scored.frame,
            provenance=scored.provenance,
            warnings=scored.warnings,
        )


@dataclass(frozen=True)
class Results:
    """The results frame (one row per unit, one column per node of the plan) and its provenance."""

    framework: LoadedFramework
    frame: pl.DataFrame
    provenance: Provenance
    warnings: tuple[Diagnostic, ...] = ()
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def explain(self, code: str) -> Explanation:
        """One unit's full trace: inputs, rules, points, subtotals, level conditions, gaps."""
        from cqdt.runtime.score.explain import explain

        return explain(self.framework.model, self.frame, code)

    def to_json(self) -> dict:
        """The ``results.json`` document (see ``docs/results-json.md``)."""
        from cqdt.runtime.publish.write_json import results_document

        return results_document(self.framework.model, self.frame, self.provenance)

    def write(
        self,
        outdir: str | Path,
        *,
        formats: Sequence[str] = (),
        decision: DecisionInfo | str | Path | None = None,
        templates: str | Path | None = None,
        force: bool = False,
        history: Sequence[str | Path] = (),
    ) -> list[Path]:
        """Write the outputs into ``outdir`` all or nothing; returns the files written.

        ``formats`` are added to the defaults (json, xlsx, html, md), as ``--formats`` is:
        ``formats=["docx"]`` writes the four defaults and ``annex.docx``. ``templates`` is a
        folder of overrides (``annex.html.j2``, ``annex.md.j2``, ``annex.docx``, …).
        ``history`` are earlier editions' results.json for the site (``--history``).
        """
        from cqdt.driver.batch import publish_scored
        from cqdt.driver.jobs import Scored, ScoreJob

        scored = Scored(self.framework, self.frame, self.provenance, self.warnings)
        job = ScoreJob(
            self.framework,
            (),
            outdir=Path(outdir),
            formats=tuple(formats),
            decision=decision,
            templates=Path(templates) if templates is not None else None,
            force=force,
            history=tuple(Path(p) for p in history),
        )
        return list(publish_scored(scored, job).written)
