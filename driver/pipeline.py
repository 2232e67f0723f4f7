"""The pipeline, once: load → read → score, with provenance and the accounting of every unit.

Every command and the Python API go through these functions, so a request made from the
command line and the same request made from Python read, score and record provenance the same
way (before, the pipeline was assembled in five places and the copies drifted).

The run ends with an audit: every registered unit and every data row read is in the results,
exactly once. A problem the user can fix has been reported before that point (D111, D112,
E903, E904, R007, …); a violation found by the audit is a bug in cqdt (:class:`InternalError`),
never a silently smaller ranking.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cqdt.diagnostics import CqdtError, Diagnostic, InternalError, diagnostic
from cqdt.driver import messages
from cqdt.driver.jobs import Scored

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    import polars as pl

    from cqdt.compiler.load import CheckedFile
    from cqdt.runtime.intake.registry import UnitRegistry
    from cqdt.runtime.publish.provenance import Provenance

__all__ = [
    "ReadData",
    "account_for_units",
    "load_framework",
    "load_registry",
    "no_units_diagnostic",
    "provenance_for",
    "read_data",
    "score_data",
]


@dataclass(frozen=True)
class ReadData:
    """The validated answers of every data file, merged, and where they came from."""

    frame: pl.DataFrame
    inputs: tuple[tuple[str, str], ...]
    warnings: tuple[Diagnostic, ...]
    files: tuple[str, ...]
    #: Registered units no file holds, when that is an outcome (a folder of returned forms).
    absent: tuple[tuple[str, str], ...] = ()


def load_framework(framework: Path | Any) -> CheckedFile | Any:
    """A checked framework; an already loaded one (``model``, ``path``, ``sha256``) as is."""
    if hasattr(framework, "model") and hasattr(framework, "sha256"):
        return framework
    from cqdt.compiler.load import load_checked

    return load_checked(framework)


def load_registry(units: str | Path | UnitRegistry | None, fw=None) -> UnitRegistry | None:
    """The unit registry named by ``units`` (a CSV path), as is if already loaded; with the
    framework ``fw``, a file's units are those that exist on its evaluation day (mergers)."""
    from cqdt.runtime.intake.registry import UnitRegistry, evaluation_day, load_units

    if units is None or isinstance(units, UnitRegistry):
        return units
    registry = load_units(units)
    return registry.valid_on(evaluation_day(fw.model)) if fw is not None else registry


def read_data(
    fw,
    data: Sequence[Path | pl.DataFrame],
    registry: UnitRegistry | None,
    *,
    progress: Callable[[Sequence[Any]], Iterable[Any]] | None = None,
    on_file: Callable[[Path, pl.DataFrame | None, list[Diagnostic]], None] | None = None,
    absent_allowed: bool = False,
) -> ReadData:
    """Read and validate every data file; every problem of every file is raised together.

    A unit found in two files is E903 (never a silent overwrite). Registry membership: a code
    not in the registry is D111 in whichever file it is; with several files the "registered
    but no data" (E904) and the registry's own tiers (R007) are checked once, over all files.
    ``absent_allowed`` (a folder of forms): a registered unit without data is not E904 but
    listed in ``absent``; ``on_file`` is told each file's frame (or ``None``) and problems.
    """
    import polars as pl

    from cqdt.runtime.intake.read import read_inputs
    from cqdt.runtime.intake.registry import registered_without_data, unknown_tiers

    frames, inputs, problems, warnings, files = [], [], [], [], []
    seen: dict[tuple[str, str], str] = {}
    single = len(data) == 1 and not isinstance(data[0], pl.DataFrame) and not absent_allowed
    for item in progress(data) if progress else data:
        if isinstance(item, pl.DataFrame):  # an inputs frame handed over by the API
            frame, name = item, "<frame>"
            if registry is not None:
                problems += _unregistered(fw.model, registry, frame)
        else:
            try:
                read = read_inputs(fw.model, item, units=registry, complete=single)
            except CqdtError as error:
                problems += error.diagnostics
                if on_file is not None:
                    on_file(Path(item), None, list(error.diagnostics))
                continue
            if on_file is not None:
                on_file(Path(item), read.frame, list(read.warnings))
            frame, name = read.frame, str(item)
            warnings += read.warnings
            # Provenance names the file, not the folder it was read from: the same inputs give
            # byte-identical outputs (and pass --verify) from any working directory.
            inputs.append((Path(read.path).name, read.sha256))
            files.append(Path(read.path).name)
        for tier, code in frame.select("tier", "code").iter_rows():
            if (tier, code) in seen:
                problems.append(_duplicate(tier, code, seen[(tier, code)], name))
            seen.setdefault((tier, code), name)
        frames.append(frame)
    absent: list = []
    if not single and registry is not None:
        problems += unknown_tiers(fw.model, registry)
        if not problems:
            absent = registered_without_data(fw.model, registry, seen)
            problems += [] if absent_allowed else [_no_data(u) for u in absent]
    if problems:
        raise CqdtError(problems + warnings)
    if not frames:
        frames = [_empty_inputs(fw.model)]
    frame = pl.concat(frames, how="diagonal_relaxed") if len(frames) > 1 else frames[0]
    missing = tuple((u.tier, u.code) for u in absent) if absent_allowed else ()
    return ReadData(frame, tuple(inputs), tuple(warnings), tuple(files), missing)


def provenance_for(fw, inputs: tuple[tuple[str, str], ...]) -> Provenance:
    """The one place a run's provenance is made: framework file and hash, inputs, version."""
    from cqdt.runtime.publish.provenance import Provenance
    from cqdt.version import __version__

    return Provenance(
        framework_id=fw.model.id,
        framework_path=Path(fw.path).name,
        framework_sha256=fw.sha256,
        inputs=inputs,
        tool_version=__version__,
    )


def score_data(fw, read: ReadData, registry: UnitRegistry | None) -> Scored:
    """Score what was read, then account for every unit (see the module docstring)."""
    from cqdt.runtime.score.run import score

    if read.frame.height == 0 and (read.files or read.absent):
        raise CqdtError([no_units_diagnostic(read.files or ["—"]), *read.warnings])
    results = score(fw.model, read.frame)
    if read.absent and registry is not None:
        from cqdt.runtime.intake.collect import with_not_submitted

        results = with_not_submitted(fw.model, registry, results, read.absent)
    account_for_units(fw.model, registry, read.frame, results, read.absent)
    return Scored(fw, results, provenance_for(fw, read.inputs), read.warnings)


def no_units_diagnostic(files: Sequence[str]) -> Diagnostic:
    """E940: the data holds no unit at all, so the run would publish empty tables."""
    return diagnostic("E940", files=", ".join(files))


def account_for_units(
    model, registry, inputs: pl.DataFrame, results: pl.DataFrame, absent: Sequence = ()
) -> None:
    """Every data row read and every registered unit is scored exactly once, or InternalError.

    ``absent`` units (no form sent) have a results row of their own but no data row.

    The readers and validators report every problem a user can fix; this is the last line
    that makes "a unit vanished and the run exited 0" impossible, whatever a reader does.
    """
    read_keys = list(inputs.select("tier", "code").iter_rows()) + [tuple(k) for k in absent]
    scored_keys = list(results.select("tier", "code").iter_rows())
    found: list[str] = []
    if len(scored_keys) != len(set(scored_keys)):
        found.append("a unit is scored twice")
    if sorted(read_keys, key=str) != sorted(scored_keys, key=str):
        lost = sorted(set(read_keys) - set(scored_keys))
        made = sorted(set(scored_keys) - set(read_keys))
        found.append(f"rows read but not scored: {lost}; scored but never read: {made}")
    if registry is not None:
        registered = {(u.tier, u.code) for u in registry.units if u.tier in model.tier_ids}
        unscored = sorted(registered - set(scored_keys))
        unknown = sorted(set(scored_keys) - registered)
        if unscored or unknown:
            found.append(
                f"registered but not scored: {unscored}; scored, not registered: {unknown}"
            )
    if found:
        raise InternalError(messages.UNACCOUNTED.render() + ": " + "; ".join(found))


def _empty_inputs(model) -> pl.DataFrame:
    from cqdt.runtime.intake.validate import empty_inputs_frame

    return empty_inputs_frame(model)


def _duplicate(tier: str, code: str, first: str, second: str) -> Diagnostic:
    return diagnostic("E903", code=code, tier=tier, first=first, second=second)


def _unregistered(model, registry, frame: pl.DataFrame) -> list[Diagnostic]:
    """D111 for the units of an inputs frame (no file, so no cell) missing from the registry."""
    from cqdt.runtime.intake.messages import data_diagnostic
    from cqdt.runtime.intake.registry import unregistered

    return [
        data_diagnostic("D111", None, code=code, tier=tier, value=code)
        for tier, code in unregistered(registry, frame.select("tier", "code").iter_rows())
    ]


def _no_data(unit) -> Diagnostic:
    """E904: with several files no reader sees the whole registry; checked once, over all."""
    return diagnostic("E904", code=unit.code, name=unit.name, tier=unit.tier)
