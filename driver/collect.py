"""A run over a folder of returned forms: who sent what, then the scores of those who did.

``cqdt collect`` and ``cqdt score FRAMEWORK FOLDER`` read every form in the folder
(:mod:`cqdt.runtime.intake.collect`), attribute each to its unit, and give every registered
unit a status. Units that sent nothing are scored as "not submitted": a results row with no
score, every category unclassified, no rank, and ``submission`` = ``not_submitted``
(:func:`~cqdt.runtime.intake.collect.with_not_submitted`) — so the audit of :func:`~cqdt.driver.pipeline.account_for_units` still finds every unit, and the
publication lists them with the reason instead of dropping them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cqdt.diagnostics import CqdtError, Diagnostic

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    from cqdt.driver.pipeline import ReadData
    from cqdt.runtime.intake.collect import Collection
    from cqdt.runtime.intake.registry import UnitRegistry

__all__ = ["CollectionError", "collect_folder"]


class CollectionError(CqdtError):
    """Forms with problems: the diagnostics, and the status of every unit to show first."""

    def __init__(self, diagnostics: list[Diagnostic], collection: Collection):
        super().__init__(diagnostics)
        self.collection = collection


def collect_folder(
    fw,
    folder: Path,
    registry: UnitRegistry,
    *,
    progress: Callable[[Sequence[Any]], Iterable[Any]] | None = None,
) -> tuple[ReadData | None, Collection]:
    """Read every form in ``folder``; the answers read (``None`` if no form could be read)
    and every unit's status. Raises :class:`CollectionError` when a form has problems."""
    from cqdt.driver.pipeline import read_data
    from cqdt.runtime.intake.collect import form_files, form_unit, statuses

    read_by: dict[tuple[str, str], list[str]] = {}
    failed: dict[tuple[str, str], tuple[list[str], int]] = {}
    strays: list[tuple[str, int]] = []

    def on_file(path: Path, frame, problems: list[Diagnostic]) -> None:
        errors = sum(d.is_error for d in problems)
        if frame is not None:
            for key in frame.select("tier", "code").iter_rows():
                read_by.setdefault(key, []).append(path.name)
            return
        unit = form_unit(path)
        if unit is not None and registry.get(*unit) is not None:
            files, count = failed.get(unit, ([], 0))
            failed[unit] = ([*files, path.name], count + errors)
        else:
            strays.append((path.name, errors))

    files = form_files(folder)
    try:
        read = read_data(
            fw, files, registry, progress=progress, on_file=on_file, absent_allowed=True
        )
    except CqdtError as error:
        for key, names in read_by.items():
            if len(names) > 1:  # one unit in two files (E903)
                failed[key] = (names, 1)
        raise CollectionError(
            error.diagnostics, statuses(registry, fw.model.tier_ids, read_by, failed, strays)
        ) from None
    return read, statuses(registry, fw.model.tier_ids, read_by, failed, strays)
