"""The changes inside a category's level table and inside the ranking.

Both are small tables compared row by row (levels by id, the ranking field by field), apart
from the walk over the tree of nodes in :mod:`cqdt.compiler.diff.model_diff`.
"""

from __future__ import annotations

from collections.abc import Iterator

from cqdt.compiler.diff.canonical_text import conditions_text, expr_text
from cqdt.compiler.diff.changes import Change, ChangeKind
from cqdt.compiler.model.nodes import LevelTable, Ranking

__all__ = ["level_changes", "ranking_changes"]


def _level_row(level) -> str:
    return f"{level.label}: {conditions_text(level.conditions)}"


def level_changes(cat_id: str, old: LevelTable | None, new: LevelTable | None) -> Iterator[Change]:
    path = (cat_id,)
    if old is None and new is not None:
        rows = tuple(_level_row(lv) for lv in new.levels)
        yield Change(ChangeKind.LEVELS_ADDED, path, cat_id, None, rows, node_kind="category")
        return
    if new is None and old is not None:
        rows = tuple(_level_row(lv) for lv in old.levels)
        yield Change(ChangeKind.LEVELS_REMOVED, path, cat_id, rows, None, node_kind="category")
        return
    assert old is not None and new is not None
    before = {lv.id: lv for lv in old.levels}
    after = {lv.id: lv for lv in new.levels}
    for lv in new.levels:
        prev = before.get(lv.id)
        if prev is None:
            yield Change(
                ChangeKind.LEVEL_ADDED, path, lv.id, None, _level_row(lv), node_kind="level"
            )
            continue
        if prev.label != lv.label:
            yield Change(
                ChangeKind.LEVEL_RELABELLED, path, lv.id, prev.label, lv.label, node_kind="level"
            )
        if prev.conditions != lv.conditions:
            yield Change(
                ChangeKind.LEVEL_CONDITIONS,
                path,
                lv.id,
                conditions_text(prev.conditions),
                conditions_text(lv.conditions),
                node_kind="level",
            )
    for lv in old.levels:
        if lv.id not in after:
            yield Change(
                ChangeKind.LEVEL_REMOVED, path, lv.id, _level_row(lv), None, node_kind="level"
            )
    kept_old = tuple(lv.id for lv in old.levels if lv.id in after)
    kept_new = tuple(lv.id for lv in new.levels if lv.id in before)
    if kept_old != kept_new:
        yield Change(ChangeKind.LEVEL_ORDER, path, cat_id, kept_old, kept_new, node_kind="category")
    if (old.unclassified_id, old.unclassified_label) != (
        new.unclassified_id,
        new.unclassified_label,
    ):
        yield Change(
            ChangeKind.UNCLASSIFIED,
            path,
            new.unclassified_id,
            f"{old.unclassified_id}: {old.unclassified_label}",
            f"{new.unclassified_id}: {new.unclassified_label}",
            node_kind="level",
        )


def _order(descending: bool) -> str:
    return "descending" if descending else "ascending"


def _tiebreaks(ranking: Ranking) -> tuple[str, ...]:
    return tuple(f"{expr_text(tb.measure)} {_order(tb.descending)}" for tb in ranking.tiebreaks)


def _ranking_summary(ranking: Ranking) -> str:
    return (
        f"by {expr_text(ranking.measure)} {_order(ranking.descending)}, ties {ranking.ties.value}"
    )


def ranking_changes(old: Ranking | None, new: Ranking | None) -> Iterator[Change]:
    if old == new:
        return
    if old is None and new is not None:
        yield Change(ChangeKind.RANKING_ADDED, (), "ranking", None, _ranking_summary(new))
        return
    if new is None and old is not None:
        yield Change(ChangeKind.RANKING_REMOVED, (), "ranking", _ranking_summary(old), None)
        return
    assert old is not None and new is not None
    if old.measure != new.measure:
        yield Change(
            ChangeKind.RANKING_MEASURE,
            (),
            "ranking",
            expr_text(old.measure),
            expr_text(new.measure),
        )
    if old.descending != new.descending:
        yield Change(
            ChangeKind.RANKING_ORDER, (), "ranking", _order(old.descending), _order(new.descending)
        )
    if old.ties != new.ties:
        yield Change(ChangeKind.RANKING_TIES, (), "ranking", old.ties.value, new.ties.value)
    if old.tiebreaks != new.tiebreaks:
        yield Change(ChangeKind.RANKING_TIEBREAKS, (), "ranking", _tiebreaks(old), _tiebreaks(new))
    if old.unclassified != new.unclassified:
        yield Change(
            ChangeKind.RANKING_UNCLASSIFIED,
            (),
            "ranking",
            old.unclassified.value,
            new.unclassified.value,
        )
