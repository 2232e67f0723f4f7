"""The forms the units sent back, as the office collects them: one folder, one file a unit.

The collector answers the questions the office asks before any score: who has sent a form,
who has not, and whose form has problems. A unit's form says in its hidden ``_cqdt`` sheet
which unit it is for (:mod:`cqdt.runtime.intake.form_units`), so a file is attributed to its
unit whatever it was renamed to by the mail client; a file without that record is attributed
by the unit codes it holds.

Units without a form are not an error: their outcome is "chưa gửi phiếu" (not submitted):
they are listed with that reason in the results and the annex, unranked. A form with problems
stops the run (publication is all or nothing), after one status line per unit.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cqdt.i18n import text
from cqdt.runtime.intake.registry import UnitRegistry

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

__all__ = [
    "FORM_SUFFIXES",
    "NOT_SUBMITTED",
    "PROBLEMS",
    "SUBMITTED",
    "SUBMISSION",
    "Collection",
    "UnitStatus",
    "form_files",
    "form_unit",
    "not_submitted_reason",
    "statuses",
    "with_not_submitted",
]

#: The results column saying whether a unit's answers were received (folder runs only).
SUBMISSION = "submission"

SUBMITTED, NOT_SUBMITTED, PROBLEMS = "submitted", "not_submitted", "problems"
#: Files of a folder read as forms (anything else — a scanned PDF, a note — is left alone).
FORM_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".parquet")


def not_submitted_reason() -> str:
    """The reason printed for a unit without a form (results.json, the annex, the status)."""
    return text("chưa gửi phiếu", "form not submitted")


@dataclass(frozen=True)
class UnitStatus:
    """One registered unit's collection status and the files that are its forms."""

    tier: str
    code: str
    name: str
    status: str
    files: tuple[str, ...] = ()
    problems: int = 0


@dataclass(frozen=True)
class Collection:
    """Every registered unit's status, in registry order, and the files no unit claims."""

    units: tuple[UnitStatus, ...]
    strays: tuple[tuple[str, int], ...] = ()

    def count(self, status: str) -> int:
        return sum(u.status == status for u in self.units)

    @property
    def absent(self) -> tuple[tuple[str, str], ...]:
        return tuple((u.tier, u.code) for u in self.units if u.status == NOT_SUBMITTED)

    def render(self) -> str:
        """One line per unit, then one per unclaimed file, then the counts."""
        words = {
            SUBMITTED: text("đã gửi", "submitted"),
            NOT_SUBMITTED: not_submitted_reason(),
            PROBLEMS: text("phiếu có lỗi", "form has problems"),
        }
        width = max((len(u.code) for u in self.units), default=4)
        lines = []
        for u in self.units:
            state = words[u.status]
            if u.problems:
                state += text(f" ({u.problems} lỗi)", f" ({u.problems} problems)")
            where = ", ".join(u.files)
            lines.append(f"{u.code:<{width}}  {u.name[:40]:<40}  {state}  {where}".rstrip())
        for name, problems in self.strays:
            lines.append(
                text(
                    f"{name}: không thuộc đơn vị nào trong danh sách ({problems} lỗi)",
                    f"{name}: belongs to no registered unit ({problems} problems)",
                )
            )
        n, sent = len(self.units), self.count(SUBMITTED)
        absent, bad = self.count(NOT_SUBMITTED), self.count(PROBLEMS)
        lines.append(
            text(
                f"{n} đơn vị: {sent} đã gửi, {absent} chưa gửi phiếu, {bad} phiếu có lỗi",
                f"{n} units: {sent} submitted, {absent} not submitted, {bad} with problems",
            )
        )
        return "\n".join(lines)


def form_files(folder: str | os.PathLike[str]) -> list[Path]:
    """The forms in ``folder``, sorted by name; office lock files (``~$P01.xlsx``,
    ``.~lock.P01.xlsx#``) and hidden files are not forms."""
    found = []
    for path in sorted(Path(folder).iterdir(), key=lambda p: p.name):
        if path.name.startswith(("~$", ".")) or not path.is_file():
            continue
        if path.suffix.lower() in FORM_SUFFIXES:
            found.append(path)
    return found


def form_unit(path: Path) -> tuple[str, str] | None:
    """``(tier, code)`` a unit's form was written for, from its hidden sheet (``None`` for a
    form of every unit, a CSV, or a file that cannot be opened: attributed by its rows)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    try:
        import fastexcel

        from cqdt.runtime.intake.form import META_SHEET

        reader = fastexcel.read_excel(str(path))
        if META_SHEET not in reader.sheet_names:
            return None
        sheet = reader.load_sheet(META_SHEET, header_row=None, dtypes="string").to_polars()
    except Exception:  # noqa: BLE001 - an unreadable file is reported by the reader itself
        return None
    for row in sheet.iter_rows():
        if len(row) > 2 and row[0] == "unit" and row[1] and row[2]:
            return (row[2], row[1])
    return None


def statuses(
    registry: UnitRegistry,
    tiers: Iterable[str],
    read: dict[tuple[str, str], list[str]],
    failed: dict[tuple[str, str], tuple[list[str], int]],
    strays: list[tuple[str, int]],
) -> Collection:
    """The collection: ``read`` maps units to the files their answers were read from,
    ``failed`` units to the files with problems and how many."""
    known = set(tiers)
    units = []
    for u in registry.units:
        if u.tier not in known:
            continue
        key = (u.tier, u.code)
        if key in failed:
            files, count = failed[key]
            units.append(UnitStatus(u.tier, u.code, u.name, PROBLEMS, tuple(files), count))
        elif key in read:
            units.append(UnitStatus(u.tier, u.code, u.name, SUBMITTED, tuple(read[key])))
        else:
            units.append(UnitStatus(u.tier, u.code, u.name, NOT_SUBMITTED))
    return Collection(tuple(units), tuple(strays))


def with_not_submitted(
    model, registry: UnitRegistry, results: pl.DataFrame, absent: Sequence[tuple[str, str]]
) -> pl.DataFrame:
    """``results`` with a row for every unit in ``absent`` (no score, unclassified, unranked)
    and the :data:`SUBMISSION` column, in registry order."""
    import polars as pl

    from cqdt.compiler.plan.columns import classified_column, level_column, max_column

    rows = []
    for tier, code in absent:
        unit = registry.get(tier, code)
        row: dict[str, Any] = {"tier": tier, "code": code, "name": unit.name if unit else code}
        for category in model.categories:
            if category.levels is not None:
                row[level_column(category.id)] = category.levels.unclassified_id
                row[classified_column(category.id)] = False
            if max_column(category.id) in results.columns:
                row[max_column(category.id)] = category.max_for(tier)
        rows.append(row)
    results = results.with_columns(pl.lit(SUBMITTED).alias(SUBMISSION))
    if rows:
        extra = pl.DataFrame(rows, infer_schema_length=None).with_columns(
            pl.lit(NOT_SUBMITTED).alias(SUBMISSION)
        )
        extra = extra.cast({c: results.schema[c] for c in extra.columns})
        results = pl.concat([results, extra], how="diagonal")
    tiers = {tier: i for i, tier in enumerate(model.tier_ids)}
    order = {(u.tier, u.code): i for i, u in enumerate(registry.units)}
    position = [
        tiers.get(key[0], len(tiers)) * (len(order) + 1) + order.get(key, len(order))
        for key in results.select("tier", "code").iter_rows()
    ]
    return (
        results.with_columns(pl.Series("unit.order", position))
        .sort("unit.order", maintain_order=True)
        .drop("unit.order")
    )
