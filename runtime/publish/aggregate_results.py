"""The indexes, growths and named rankings of one unit, for results.json.

Added to a unit's entry only when the framework declares them (a framework without them
publishes exactly the document it did before). Numbers go through the same clean-number
function as every other score of the document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cqdt.compiler.model.nodes import Framework
from cqdt.compiler.plan.columns import missing_column


def aggregate_entries(
    fw: Framework, row: dict[str, Any], number: Callable[[Any], float | None]
) -> dict[str, Any]:
    """``{"indexes": …, "growths": …, "rankings": …}`` for one results row (only the keys the
    framework has; an index or growth not applicable to the unit's tier is left out)."""
    tier = row["tier"]
    out: dict[str, Any] = {}
    if fw.indexes:
        out["indexes"] = {
            index.id: {
                "label": index.label,
                "value": number(row.get(index.id)),
                "points": number(row.get(index.points_column)),
                "max": number(index.max_for(tier)),
                "members": list(index.members),
                **_level(index, row),
            }
            for index in fw.indexes
            if index.max_for(tier) is not None
        }
    if fw.growths:
        indexes = {i.id: i for i in fw.indexes}
        out["growths"] = {
            growth.id: {
                "label": growth.label,
                "of": growth.of,
                "previous": None
                if row.get(missing_column(growth.previous))
                else number(row.get(growth.previous)),
                "value": number(row.get(growth.id)),
            }
            for growth in fw.growths
            if growth.of in indexes and indexes[growth.of].max_for(tier) is not None
        }
    if fw.rankings:
        out["rankings"] = {
            named.id: {
                "label": named.label,
                "rank": None if row.get(named.id) is None else int(row[named.id]),
            }
            for named in fw.rankings
        }
    return out


def _level(index, row: dict[str, Any]) -> dict[str, Any]:
    """``level`` and ``level_label`` of an index with a level table (nothing otherwise)."""
    if index.levels is None:
        return {}
    labels = {level.id: level.label for level in index.levels.levels}
    labels[index.levels.unclassified_id] = index.levels.unclassified_label
    level = row.get(index.level_column)
    return {"level": level, "level_label": labels.get(level) if level else None}
