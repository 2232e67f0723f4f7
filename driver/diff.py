"""``cqdt diff OLD NEW [--data DATA]``: what a new framework version means, and whom it affects.

:func:`run_diff` is what the command line calls. It loads both versions (every problem in
either file is reported, as for ``cqdt check``), diffs the models, and with ``data`` scores the
same answers under both versions (:mod:`cqdt.runtime.diff.impact`).

An old file that is ``/dev/null`` (or empty) stands for "no framework yet", so a new file
shows as entirely added. That is what git hands an external diff driver for an added file;
``python -m cqdt.driver.diff --git`` is that driver (see ``docs/diff.md``):

    git config diff.cqdt.command "python -m cqdt.driver.diff --git"
    echo "*.cqdt diff=cqdt" >> .gitattributes
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from cqdt.compiler.diff.model_diff import ChangeKind, FrameworkDiff, diff_frameworks
from cqdt.compiler.model.nodes import Framework, Metadata
from cqdt.diagnostics import CqdtError, Diagnostic, diagnostic
from cqdt.driver.jobs import DiffJob
from cqdt.driver.messages import CATALOGUE  # noqa: F401 - registers the codes
from cqdt.dsl.expr import Num

__all__ = ["EMPTY_FRAMEWORK", "load_version", "main", "run_diff", "run_diff_job"]

#: What a missing old version stands for: nothing declared.
EMPTY_FRAMEWORK = Framework(
    id="",
    meta=Metadata(title=""),
    tiers=(),
    inputs=(),
    derived=(),
    categories=(),
    total=Num(0.0),
)


def _is_nothing(path: Path) -> bool:
    """``/dev/null`` (git's name for the missing side of an added or deleted file) or empty."""
    if str(path) in (os.devnull, "/dev/null", "nul", "NUL"):
        return True
    try:
        return path.is_file() and path.stat().st_size == 0
    except OSError:
        return False


def load_version(path: Path) -> Framework:
    """The checked model of one version; the empty framework for ``/dev/null``."""
    from cqdt.compiler.load import load_framework

    if _is_nothing(path):
        return EMPTY_FRAMEWORK
    return load_framework(path)


def _load_both(old: Path, new: Path) -> tuple[Framework, Framework]:
    """Both models, or one CqdtError with the problems of both files."""
    models: list[Framework | None] = []
    problems: list[Diagnostic] = []
    for path in (old, new):
        try:
            models.append(load_version(path))
        except CqdtError as error:
            models.append(None)
            problems += error.diagnostics
    if problems:
        raise CqdtError(problems)
    return models[0], models[1]  # type: ignore[return-value]


def _renames(diff: FrameworkDiff) -> dict[str, str]:
    return {str(c.old): str(c.new) for c in diff.changes if c.kind is ChangeKind.NODE_RENAMED}


def _read(fw: Framework, data: Path, registry):
    """The answers read for ``fw``, or the CqdtError saying why they do not fit it."""
    from cqdt.runtime.intake.read import read_inputs

    try:
        return read_inputs(fw, data, units=registry), None
    except CqdtError as error:
        return None, error


def _impact(old_fw: Framework, new_fw: Framework, diff: FrameworkDiff, data: Path, units):
    """Read the answers for each version (adapting them when they fit only one) and compare."""
    from cqdt.driver.pipeline import load_registry
    from cqdt.runtime.diff.impact import adapt_inputs, measure_impact

    registry = load_registry(units)
    renames = _renames(diff)
    read_old, old_error = _read(old_fw, data, registry)
    read_new, _ = _read(new_fw, data, registry)
    if read_old is not None:
        source, old_frame = read_old, read_old.frame
    elif read_new is not None:  # the data was made for the new version
        back = {new_id: old_id for old_id, new_id in renames.items()}
        source, (old_frame, _) = read_new, adapt_inputs(read_new.frame, old_fw, back)
    else:  # fits neither: report what is wrong for the old version
        assert old_error is not None
        raise old_error
    return measure_impact(
        old_fw,
        new_fw,
        old_frame,
        read_new.frame if read_new is not None else None,
        renames=renames,
        data_path=Path(data).name,
        data_sha256=source.sha256,
    )


def run_diff(
    old: Path,
    new: Path,
    *,
    data: Path | None,
    units: Path | None,
    fmt: str,
    color: bool,
) -> str:
    """The diff of two framework files (and with ``data``, its impact) rendered in ``fmt``.

    Raises :class:`CqdtError` for problems the user can fix: a file that does not load, data
    that fits neither version, an unknown format.
    """
    from cqdt.runtime.diff.render import FORMATS, render

    if fmt not in FORMATS:
        raise CqdtError([diagnostic("V001", fmt=fmt, formats=", ".join(FORMATS))])
    old_fw, new_fw = _load_both(Path(old), Path(new))
    diff = diff_frameworks(old_fw, new_fw)
    impact = None
    if data is not None:
        impact = _impact(old_fw, new_fw, diff, Path(data), units)
    return render(diff, fmt, impact=impact, color=color)


def run_diff_job(job: DiffJob) -> str:
    """:func:`run_diff` for a :class:`~cqdt.driver.jobs.DiffJob` (what the command line sends)."""
    return run_diff(job.old, job.new, data=job.data, units=job.units, fmt=job.fmt, color=job.color)


def main(argv: list[str] | None = None) -> int:
    """``python -m cqdt.driver.diff --git PATH OLD OLD_HEX OLD_MODE NEW NEW_HEX NEW_MODE``
    (git's external diff driver protocol) or ``python -m cqdt.driver.diff OLD NEW``.

    Prints the semantic diff as text; a version that does not load is shown with its
    diagnostics instead, so ``git diff`` never fails on a broken revision.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    git = bool(args) and args[0] == "--git"
    if git:
        args = args[1:]
        if len(args) < 7:
            sys.stderr.write("usage: --git PATH OLD OLD_HEX OLD_MODE NEW NEW_HEX NEW_MODE\n")
            return 2
        path, old, new = args[0], args[1], args[4]
    elif len(args) == 2:
        path, (old, new) = "", args
    else:
        sys.stderr.write("usage: python -m cqdt.driver.diff [--git] OLD NEW\n")
        return 2
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    if path:
        sys.stdout.write(f"cqdt diff {path}\n")
    try:
        output = run_diff(Path(old), Path(new), data=None, units=None, fmt="text", color=color)
    except CqdtError as error:
        for d in error.diagnostics:
            sys.stdout.write(f"{d.where}: {d.severity.value}[{d.code}]: {d.message}\n")
        return 0 if git else 1
    sys.stdout.write(output)
    return 0


if __name__ == "__main__":  # pragma: no cover - exercised through subprocess in the tests
    raise SystemExit(main())
