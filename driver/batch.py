"""The yearly batch run behind ``cqdt score``: read every data file, score, publish or verify.

Several data files may be given (one per tier, or one per batch of returned forms); they are
validated one by one, every problem of every file is reported together, and a unit that appears
in two files is an error rather than a silent overwrite. ``--verify OUTDIR`` re-runs the whole
job in memory and compares it byte for byte with what was published there, so anyone can
confirm a published ranking from its inputs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from cqdt.diagnostics import CqdtError, Diagnostic, diagnostic
from cqdt.driver.messages import CATALOGUE  # noqa: F401 - registers the codes
from cqdt.i18n import text


def run_score(
    framework: Path,
    data: Sequence[Path],
    *,
    outdir: Path | None,
    formats: Sequence[str] | None = None,
    units: Path | None = None,
    decision: Path | None = None,
    templates: Path | None = None,
    force: bool = False,
    verify: Path | None = None,
    quiet: bool = False,
) -> int:
    """Score ``data`` under ``framework``; write into ``outdir`` or check ``verify``. Returns 0."""
    import polars as pl

    from cqdt.compiler.load import load_checked
    from cqdt.runtime.intake.read import read_inputs
    from cqdt.runtime.intake.registry import load_units
    from cqdt.runtime.publish.outputs import DEFAULT_FORMATS, FILE_NAMES, publish, render_outputs
    from cqdt.runtime.publish.provenance import Provenance
    from cqdt.runtime.score.run import score
    from cqdt.version import __version__

    fw = load_checked(framework)
    registry = load_units(units) if units else None
    frames, inputs, problems, warnings = [], [], [], []
    seen: dict[tuple[str, str], str] = {}
    for path in _progress(data, quiet, text("Đọc số liệu", "Reading data")):
        try:
            read = read_inputs(fw.model, path, units=registry if len(data) == 1 else None)
        except CqdtError as error:
            problems += error.diagnostics
            continue
        for tier, code in read.frame.select("tier", "code").iter_rows():
            if (tier, code) in seen:
                problems.append(_duplicate(tier, code, seen[(tier, code)], str(path)))
            seen.setdefault((tier, code), str(path))
        frames.append(read.frame)
        warnings += read.warnings
        # Provenance names the file, not the folder it was read from: the same inputs give
        # byte-identical outputs (and pass --verify) from any working directory.
        inputs.append((Path(read.path).name, read.sha256))
    if len(data) > 1 and registry is not None and not problems:
        problems += _registry_gaps(registry, seen)
    if problems:
        raise CqdtError(problems + warnings)
    if warnings and not quiet:
        _show_warnings(warnings)

    frame = pl.concat(frames, how="diagonal_relaxed") if len(frames) > 1 else frames[0]
    results = score(fw.model, frame)
    provenance = Provenance(
        framework_id=fw.model.id,
        framework_path=framework.name,
        framework_sha256=fw.sha256,
        inputs=tuple(inputs),
        tool_version=__version__,
    )
    wanted = list(DEFAULT_FORMATS) + list(formats or [])
    if verify is not None:
        # Every output present in the folder is compared, whatever --formats says.
        present = [fmt for fmt, name in FILE_NAMES.items() if (verify / name).is_file()]
        from cqdt.runtime.publish.verify import verify_publication

        checked = verify_publication(
            verify,
            lambda: render_outputs(
                fw.model,
                results,
                provenance,
                formats=wanted + present,
                decision=decision,
                templates=templates,
            ),
        )
        if not quiet:
            sys.stderr.write(
                text(
                    f"khớp: {checked} tệp trong {verify} đúng với kết quả chạy lại\n",
                    f"verified: {checked} files in {verify} match the re-run\n",
                )
            )
        return 0
    assert outdir is not None
    written = publish(
        fw.model,
        results,
        provenance,
        outdir,
        formats=wanted,
        decision=decision,
        templates=templates,
        force=force,
    )
    if not quiet:
        units_n = results.height
        sys.stderr.write(
            text(
                f"đã chấm {units_n} đơn vị; đã ghi {', '.join(p.name for p in written)} vào {outdir}\n",
                f"scored {units_n} units; wrote {', '.join(p.name for p in written)} to {outdir}\n",
            )
        )
    return 0


def _show_warnings(warnings: list[Diagnostic]) -> None:
    """Warnings do not stop a run, but a user must see them (a renamed unit is published)."""
    from cqdt.render_diagnostics import render_text

    color = sys.stderr.isatty() and not os.environ.get("NO_COLOR")
    sys.stderr.write(render_text(sorted(warnings, key=Diagnostic.sort_key), color=color) + "\n")


def _progress(items: Sequence[Path], quiet: bool, label: str):
    """Iterate with a progress bar when there are several files and a terminal to show it."""
    if quiet or len(items) < 2 or not sys.stderr.isatty():
        yield from items
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task(label, total=len(items))
        for item in items:
            yield item
            progress.advance(task)


def _duplicate(tier: str, code: str, first: str, second: str) -> Diagnostic:
    return diagnostic("E903", code=code, tier=tier, first=first, second=second)


def _registry_gaps(registry, seen: dict[tuple[str, str], str]) -> list[Diagnostic]:
    """With several files the readers cannot see the whole registry; check it here."""
    out = []
    for unit in registry.units:
        if (unit.tier, unit.code) not in seen:
            out.append(diagnostic("E904", code=unit.code, name=unit.name, tier=unit.tier))
    return out
