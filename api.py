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
    from cqdt.runtime.intake.registry import UnitRegistry
    from cqdt.runtime.publish.decision import DecisionInfo
    from cqdt.runtime.publish.provenance import Provenance
    from cqdt.runtime.score.explain import Explanation

__all__ = ["LoadedFramework", "Results", "bundled", "load"]


def bundled(relative: str) -> Path:
    """Path of a file shipped with cqdt (``frameworks/…``, ``examples/…``, ``templates/…``)."""
    return Path(str(resources.files("cqdt").joinpath(relative)))


def load(path: str | Path) -> LoadedFramework:
    """Parse and check a ``.cqdt`` file; raises :class:`cqdt.CqdtError` listing every problem."""
    from cqdt.compiler.load import load_checked

    checked = load_checked(path)
    return LoadedFramework(model=checked.model, path=checked.path, sha256=checked.sha256)


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
        then score, level and rank every unit."""
        from cqdt.runtime.intake.read import read_inputs
        from cqdt.runtime.intake.registry import UnitRegistry, load_units
        from cqdt.runtime.publish.provenance import Provenance
        from cqdt.runtime.score.run import score
        from cqdt.version import __version__

        registry = units
        if units is not None and not isinstance(units, UnitRegistry):
            registry = load_units(units)
        if isinstance(data, str | Path):
            read = read_inputs(self.model, data, units=registry)
            frame, inputs = read.frame, ((Path(read.path).name, read.sha256),)
        else:
            frame, inputs = data, ()
        results = score(self.model, frame)
        provenance = Provenance(
            framework_id=self.model.id,
            framework_path=self.path.name,
            framework_sha256=self.sha256,
            inputs=inputs,
            tool_version=__version__,
        )
        return Results(framework=self, frame=results, provenance=provenance)


@dataclass(frozen=True)
class Results:
    """The results frame (one row per unit, one column per node of the plan) and its provenance."""

    framework: LoadedFramework
    frame: pl.DataFrame
    provenance: Provenance
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
        formats: Sequence[str] = ("json", "xlsx", "html", "md"),
        decision: DecisionInfo | str | Path | None = None,
        templates: str | Path | None = None,
        force: bool = False,
    ) -> list[Path]:
        """Write the outputs into ``outdir`` all or nothing; returns the files written."""
        from cqdt.runtime.publish.outputs import publish

        return publish(
            self.framework.model,
            self.frame,
            self.provenance,
            Path(outdir),
            formats=formats,
            decision=decision,
            templates=templates,
            force=force,
        )
