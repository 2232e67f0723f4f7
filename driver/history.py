"""``cqdt history`` and the site's history page: several editions' results.json, one trend.

The driver reads the published documents (every unreadable one reported at once, E950; two
files of one edition, E951), takes what the unit registry says became of a unit (a unit's
``successor``, when the registry records one) and, when the frameworks of the editions are
given, the indicators ``cqdt diff`` finds renamed between consecutive ones; then
:func:`cqdt.runtime.history.build_history` lines them up. Without successors in the registry,
units are followed by tier and code, and the page says so.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cqdt.runtime.history_messages  # noqa: F401  (registers E950, E951)
from cqdt.diagnostics import CqdtError, Diagnostic, diagnostic
from cqdt.runtime.history import History, build_history
from cqdt.runtime.history_messages import MESSAGES

if TYPE_CHECKING:  # pragma: no cover
    from cqdt.driver.jobs import HistoryJob

__all__ = ["HISTORY_FILES", "load_history", "read_editions", "run_history", "split_sources"]

#: The files ``cqdt history`` publishes.
HISTORY_FILES = ("history.html", "history.xlsx")


def read_editions(paths: Sequence[Path]) -> list[tuple[dict, str]]:
    """Each results.json parsed, with its file name; all problems at once (E950, E951)."""
    problems: list[Diagnostic] = []
    docs: list[tuple[dict, str]] = []
    seen: dict[tuple, str] = {}
    for path in paths:
        path = Path(path)
        reason = None
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except OSError:
            reason = "E950.unreadable"
        except ValueError:
            reason = "E950.json"
        else:
            if not isinstance(doc, dict) or doc.get("schema") != "cqdt-results/1":
                reason = "E950.schema"
        if reason is not None:
            problems.append(diagnostic("E950", file=str(path), reason=MESSAGES[reason].render()))
            continue
        fw = doc.get("framework") or {}
        edition = (fw.get("id"), fw.get("year"), fw.get("version"))
        if edition in seen:
            label = f"{fw.get('id')} {fw.get('year') or ''}".strip()
            problems.append(
                diagnostic("E951", first=seen[edition], second=str(path), edition=label)
            )
            continue
        seen[edition] = str(path)
        docs.append((doc, "/".join(path.parts[-2:])))
    if problems:
        raise CqdtError(problems)
    return docs


def _successors(registry) -> dict[tuple[str, str], str]:
    """``(tier, old code) → new code`` from a registry that records successors."""
    out = {}
    for unit in registry or ():
        successor = getattr(unit, "successor", None)
        if successor:
            out[(unit.tier, unit.code)] = str(successor)
    return out


def _renames(frameworks: Sequence[Any], docs: list[tuple[dict, str]]) -> dict[str, str]:
    """Indicators renamed between the frameworks of consecutive editions (``cqdt diff``)."""
    from cqdt.compiler.diff.changes import ChangeKind
    from cqdt.compiler.diff.model_diff import diff_frameworks
    from cqdt.driver.pipeline import load_framework

    models = {}
    for framework in frameworks:
        model = load_framework(framework).model
        models[(model.id, model.meta.year)] = model
    ordered = []
    for doc, _ in sorted(docs, key=lambda d: (d[0].get("framework") or {}).get("year") or 0):
        fw = doc.get("framework") or {}
        model = models.get((fw.get("id"), fw.get("year")))
        if model is not None:
            ordered.append(model)
    renames: dict[str, str] = {}
    for old, new in zip(ordered, ordered[1:], strict=False):
        for change in diff_frameworks(old, new).changes:
            if change.kind is ChangeKind.NODE_RENAMED:
                renames[str(change.old)] = str(change.new)
    return renames


def split_sources(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """The results.json files and the framework files (``.cqdt``) among ``paths``: frameworks
    are given only to follow renamed indicators."""
    results = [Path(p) for p in paths if Path(p).suffix.lower() != ".cqdt"]
    frameworks = [Path(p) for p in paths if Path(p).suffix.lower() == ".cqdt"]
    return results, frameworks


def load_history(
    paths: Sequence[Path],
    *,
    current: dict | None = None,
    units=None,
    frameworks: Sequence[Any] = (),
) -> History:
    """The history of the editions in ``paths`` (and ``current``, the run being published);
    ``.cqdt`` files among ``paths`` are frameworks, added to ``frameworks``."""
    from cqdt.driver.pipeline import load_registry

    paths, more = split_sources(paths)
    frameworks = [*frameworks, *more]
    docs = read_editions(paths)
    if current is not None:
        docs.append((current, "results.json"))
    registry = load_registry(units)
    return build_history(
        [d for d, _ in docs],
        sources=[name for _, name in docs],
        successors=_successors(registry),
        renames=_renames(frameworks, docs) if frameworks else {},
    )


def run_history(job: HistoryJob) -> list[Path]:
    """Build the history and publish ``history.html`` and ``history.xlsx``, all or nothing."""
    from cqdt.i18n import language
    from cqdt.runtime.publish.folder import check_outdir, publish_into
    from cqdt.runtime.publish.site_history import history_files
    from cqdt.version import __version__

    check_outdir(job.outdir, job.force, HISTORY_FILES)
    history = load_history(job.results, units=job.units)
    files = history_files(history, language(), job.templates, __version__)
    return publish_into(job.outdir, files, force=job.force, own_names=HISTORY_FILES)
