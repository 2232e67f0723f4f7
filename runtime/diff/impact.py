"""Whom a framework change affects: the same answers scored under both versions.

A reviewer of next year's criteria asks "which units would change level or rank, and why?".
:func:`measure_impact` scores one inputs frame under the old and the new framework and
:func:`compare_results` lines the two results frames up unit by unit (joined on tier and code):
per tier, the units whose total, level (in any category) or rank changes, each with the
per-indicator point differences that explain the change, largest first.

Inputs the new version asks for but the data does not hold (a new indicator's answers have not
been collected yet) are taken as empty — the scorer applies their missing-value policy — and
listed in :attr:`ImpactReport.assumed_inputs`, so the report never hides that assumption.
Renamed nodes (see :mod:`cqdt.compiler.diff.model_diff`) are followed: a renamed input keeps its answers,
a renamed indicator is compared with itself.

Example on results frames built by hand (normally they come from ``runtime.run.score``)::

    >>> import polars as pl
    >>> from cqdt.compiler.model.nodes import Framework, Metadata, Tier
    >>> from cqdt.dsl.expr import Num
    >>> fw = Framework(id="f", meta=Metadata(title="F"), tiers=(Tier("t", "T"),), inputs=(),
    ...                derived=(), categories=(), total=Num(0.0))
    >>> old = pl.DataFrame({"tier": ["t", "t"], "code": ["a", "b"], "name": ["A", "B"],
    ...                     "total": [10.0, 8.0], "rank": [1, 2]})
    >>> new = old.with_columns(total=pl.Series([10.0, 11.0]), rank=pl.Series([2, 1]))
    >>> report = compare_results(fw, fw, old, new)
    >>> report.summary()["rank_changed"], [u.code for u in report.tiers[0].changed]
    (2, ['b', 'a'])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from cqdt.compiler.model.nodes import Category, Framework
from cqdt.compiler.plan.columns import RANK, TOTAL, level_column
from cqdt.dsl.expr import EPSILON

__all__ = [
    "Contribution",
    "ImpactReport",
    "LevelShift",
    "TierImpact",
    "UnitImpact",
    "adapt_inputs",
    "compare_results",
    "measure_impact",
]

#: Where "unclassified" stands when levels are compared (below every level of any table).
_UNCLASSIFIED_POSITION = 10_000


@dataclass(frozen=True)
class Contribution:
    """One indicator's share of a unit's change: points under each version (None: absent)."""

    indicator: str
    label: str
    old: float | None
    new: float | None

    @property
    def delta(self) -> float:
        return (self.new or 0.0) - (self.old or 0.0)


@dataclass(frozen=True)
class LevelShift:
    """A category whose level differs; ``direction`` +1 better, -1 worse, 0 renamed only."""

    category: str
    old: str | None
    new: str | None
    old_label: str | None
    new_label: str | None
    direction: int


@dataclass(frozen=True)
class UnitImpact:
    tier: str
    code: str
    name: str
    old_total: float | None
    new_total: float | None
    old_rank: int | None
    new_rank: int | None
    levels: tuple[LevelShift, ...]
    contributions: tuple[Contribution, ...]

    @property
    def total_changed(self) -> bool:
        return _differs(self.old_total, self.new_total)

    @property
    def rank_changed(self) -> bool:
        return self.old_rank != self.new_rank

    @property
    def level_changed(self) -> bool:
        return bool(self.levels)

    @property
    def total_delta(self) -> float:
        return (self.new_total or 0.0) - (self.old_total or 0.0)


@dataclass(frozen=True)
class TierImpact:
    """One tier: how many units were compared, and those whose total, level or rank changes."""

    tier: str
    label: str
    units: int
    changed: tuple[UnitImpact, ...]

    def counts(self) -> dict[str, int]:
        shifts = [s for u in self.changed for s in u.levels]
        return {
            "units": self.units,
            "changed": len(self.changed),
            "total_changed": sum(u.total_changed for u in self.changed),
            "level_changed": sum(u.level_changed for u in self.changed),
            "level_up": sum(s.direction > 0 for s in shifts),
            "level_down": sum(s.direction < 0 for s in shifts),
            "rank_changed": sum(u.rank_changed for u in self.changed),
        }


@dataclass(frozen=True)
class ImpactReport:
    """Per tier, the units a change affects; ``assumed_inputs`` were filled as empty."""

    tiers: tuple[TierImpact, ...]
    assumed_inputs: tuple[str, ...] = ()
    data_path: str | None = None
    data_sha256: str | None = None
    decimals: int = 2  # how the new framework displays points

    def summary(self) -> dict[str, int]:
        """Counts over all tiers: units, changed, total/level/rank changed, level up/down.

        ``level_changed`` counts units; ``level_up``/``level_down`` count (unit, category)
        shifts.
        """
        total: dict[str, int] = {}
        for tier in self.tiers:
            for key, value in tier.counts().items():
                total[key] = total.get(key, 0) + value
        if not total:
            keys = ("units", "changed", "total_changed", "level_changed", "level_up")
            total = dict.fromkeys((*keys, "level_down", "rank_changed"), 0)
        return total


def _differs(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return (a is None) != (b is None)
    return abs(a - b) > EPSILON


# -- preparing the answers for the other version ------------------------------------------------


def adapt_inputs(
    frame: pl.DataFrame, fw: Framework, renames: Mapping[str, str] | None = None
) -> tuple[pl.DataFrame, tuple[str, ...]]:
    """The inputs frame ``frame`` reshaped for ``fw``: renamed columns followed, columns ``fw``
    does not know dropped, its inputs missing from ``frame`` added as empty (null).

    Returns the frame and the ids of the inputs added as empty.
    """
    from cqdt.runtime.intake.validate import dtype_of

    renames = {old: new for old, new in (renames or {}).items() if old in frame.columns}
    frame = frame.rename(renames)
    columns: list[pl.Expr] = [pl.col("tier"), pl.col("code"), pl.col("name")]
    assumed: list[str] = []
    for inp in fw.inputs:
        dtype = dtype_of(inp)
        if inp.id in frame.columns:
            columns.append(pl.col(inp.id).cast(dtype, strict=False))
        else:
            columns.append(pl.lit(None, dtype).alias(inp.id))
            assumed.append(inp.id)
    return frame.select(columns), tuple(assumed)


def measure_impact(
    old_fw: Framework,
    new_fw: Framework,
    old_inputs: pl.DataFrame,
    new_inputs: pl.DataFrame | None = None,
    *,
    renames: Mapping[str, str] | None = None,
    data_path: str | None = None,
    data_sha256: str | None = None,
) -> ImpactReport:
    """Score the answers under both versions and compare (see :func:`compare_results`).

    ``old_inputs`` fits ``old_fw``; ``new_inputs`` fits ``new_fw`` when the data holds the new
    version's inputs too, else it is made from ``old_inputs`` by :func:`adapt_inputs`.
    ``renames`` maps old ids to new ids (``FrameworkDiff`` renames).
    """
    from cqdt.runtime.score.run import score

    assumed: tuple[str, ...] = ()
    if new_inputs is None:
        new_inputs, assumed = adapt_inputs(old_inputs, new_fw, renames)
    old_results = score(old_fw, old_inputs)
    new_results = score(new_fw, new_inputs)
    report = compare_results(old_fw, new_fw, old_results, new_results, renames=renames)
    return ImpactReport(
        tiers=report.tiers,
        assumed_inputs=assumed,
        data_path=data_path,
        data_sha256=data_sha256,
        decimals=new_fw.decimals,
    )


# -- comparing two results frames --------------------------------------------------------------


def _level_positions(category: Category | None) -> dict[str, tuple[int, str]]:
    """level id and label → (position best first, label); unclassified last."""
    out: dict[str, tuple[int, str]] = {}
    if category is None or category.levels is None:
        return out
    table = category.levels
    for i, level in enumerate(table.levels):
        out[level.id] = (i, level.label)
        out.setdefault(level.label, (i, level.label))
    unclassified = (_UNCLASSIFIED_POSITION, table.unclassified_label)
    out[table.unclassified_id] = unclassified
    out.setdefault(table.unclassified_label, unclassified)
    return out


def _top_indicators(fw: Framework) -> dict[str, str]:
    """id → label of every indicator directly under a group, in framework order."""
    return {ind.id: ind.label for _, grp in fw.groups() for ind in grp.indicators}


def compare_results(
    old_fw: Framework,
    new_fw: Framework,
    old_results: pl.DataFrame,
    new_results: pl.DataFrame,
    *,
    renames: Mapping[str, str] | None = None,
) -> ImpactReport:
    """Units whose total, level or rank differs between two results frames of the same units.

    Frames have the columns of ``runtime.run.score``: ``tier``, ``code``, ``name``, one per node
    id, ``<category>.level``, ``total``, ``rank`` (missing columns count as absent). Units are
    matched on (tier, code); each changed unit lists the indicators whose points differ.
    Within a tier, changed units come by new rank, then code.
    """
    renames = dict(renames or {})
    old_ids = _top_indicators(old_fw)
    new_ids = _top_indicators(new_fw)
    # (column in the old frame, column in the new frame, label) for every indicator
    pairs: list[tuple[str | None, str | None, str]] = []
    new_of_old = {renames.get(i, i): i for i in old_ids}
    for ind_id, label in new_ids.items():
        pairs.append((new_of_old.get(ind_id), ind_id, label))
    for ind_id, label in old_ids.items():
        if renames.get(ind_id, ind_id) not in new_ids:
            pairs.append((ind_id, None, label))

    old_cats = {renames.get(c.id, c.id): c for c in old_fw.categories}
    categories = [(old_cats.get(c.id), c) for c in new_fw.categories]

    old_rows = {(r["tier"], r["code"]): r for r in old_results.iter_rows(named=True)}
    tiers: list[TierImpact] = []
    for tier in new_fw.tiers:
        rows = [r for r in new_results.iter_rows(named=True) if r["tier"] == tier.id]
        changed = []
        for row in rows:
            before = old_rows.get((tier.id, row["code"]), {})
            unit = _unit_impact(tier.id, row, before, pairs, categories)
            if unit.total_changed or unit.level_changed or unit.rank_changed:
                changed.append(unit)
        changed.sort(key=lambda u: (u.new_rank is None, u.new_rank or 0, u.code))
        tiers.append(TierImpact(tier.id, tier.label, len(rows), tuple(changed)))
    return ImpactReport(tiers=tuple(tiers), decimals=new_fw.decimals)


def _float(row: Mapping, column: str | None) -> float | None:
    if column is None:
        return None
    value = row.get(column)
    return None if value is None else float(value)


def _unit_impact(tier: str, row, before, pairs, categories) -> UnitImpact:
    contributions = []
    for old_col, new_col, label in pairs:
        old, new = _float(before, old_col), _float(row, new_col)
        if _differs(old or 0.0, new or 0.0):
            contributions.append(Contribution(new_col or old_col or "", label, old, new))
    contributions.sort(key=lambda c: -abs(c.delta))
    levels = []
    for old_cat, new_cat in categories:
        old_col = level_column(old_cat.id) if old_cat is not None else None
        old_level, new_level = (
            before.get(old_col) if old_col else None,
            row.get(level_column(new_cat.id)),
        )
        if old_level is None and new_level is None:
            continue
        old_pos = _level_positions(old_cat).get(old_level or "", (_UNCLASSIFIED_POSITION, None))
        new_pos = _level_positions(new_cat).get(new_level or "", (_UNCLASSIFIED_POSITION, None))
        if (old_level, old_pos[1]) == (new_level, new_pos[1]):
            continue
        direction = (old_pos[0] > new_pos[0]) - (old_pos[0] < new_pos[0])
        levels.append(
            LevelShift(new_cat.id, old_level, new_level, old_pos[1], new_pos[1], direction)
        )
    rank_old, rank_new = before.get(RANK), row.get(RANK)
    return UnitImpact(
        tier=tier,
        code=row["code"],
        name=row.get("name") or before.get("name") or "",
        old_total=_float(before, TOTAL),
        new_total=_float(row, TOTAL),
        old_rank=None if rank_old is None else int(rank_old),
        new_rank=None if rank_new is None else int(rank_new),
        levels=tuple(levels),
        contributions=tuple(contributions),
    )
