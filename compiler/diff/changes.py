"""The records a framework diff is made of: one :class:`Change` per fact, gathered in a
:class:`FrameworkDiff`.

Kept apart from the comparison (:mod:`cqdt.compiler.diff.model_diff`) so renderers, messages
and the impact analysis can name the records without pulling in the walk over two models.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["Change", "ChangeKind", "Flag", "FrameworkDiff", "Value"]

#: A value carried by a change: plain data only, so a diff can be rendered and serialised as is.
Value = None | bool | int | float | str | tuple


class ChangeKind(enum.StrEnum):
    """What kind of fact a :class:`Change` states; the values are stable (JSON, tests)."""

    METADATA = "metadata"  # node_id names the field: id, title, year, …, decimals, total_label
    TIER_ADDED = "tier_added"
    TIER_REMOVED = "tier_removed"
    TIER_RELABELLED = "tier_relabelled"
    NODE_ADDED = "node_added"
    NODE_REMOVED = "node_removed"
    NODE_RENAMED = "node_renamed"  # old/new: the ids
    NODE_MOVED = "node_moved"  # old/new: the parent paths ("readiness › human")
    NODE_RELABELLED = "node_relabelled"
    DESCRIPTION = "description"
    REFERENCE = "reference"
    MAX = "max"  # one tier (Change.tier) whose maximum changed
    APPLICABILITY = "applicability"  # old/new: the tiers the node applies to
    WEIGHT = "weight"
    AGGREGATION = "aggregation"
    SCORED = "scored"
    ADJUSTMENT = "adjustment"  # old/new: "bonus", "penalty" or None (points inside the budget)
    RULE = "rule"  # old/new: canonical text of the rule (None: scored by its items)
    INPUT_TYPE = "input_type"
    INPUT_UNIT = "input_unit"
    INPUT_RANGE = "input_range"  # old/new: (minimum, maximum)
    INPUT_AT_MOST = "input_at_most"
    INPUT_CHOICES = "input_choices"
    INPUT_MISSING = "input_missing"
    INPUT_TIERS = "input_tiers"
    DERIVED_EXPR = "derived_expr"
    LEVELS_ADDED = "levels_added"
    LEVELS_REMOVED = "levels_removed"
    LEVEL_ADDED = "level_added"  # new: "label: conditions"
    LEVEL_REMOVED = "level_removed"
    LEVEL_CONDITIONS = "level_conditions"
    LEVEL_RELABELLED = "level_relabelled"
    LEVEL_ORDER = "level_order"  # old/new: level ids best first
    UNCLASSIFIED = "unclassified"  # old/new: "id: label" of the unclassified outcome
    TOTAL = "total"
    RANKING_ADDED = "ranking_added"
    RANKING_REMOVED = "ranking_removed"
    RANKING_MEASURE = "ranking_measure"
    RANKING_ORDER = "ranking_order"
    RANKING_TIES = "ranking_ties"
    RANKING_TIEBREAKS = "ranking_tiebreaks"
    RANKING_UNCLASSIFIED = "ranking_unclassified"
    INDEX_MEMBERS = "index_members"  # old/new: the member ids of an index
    GROWTH = "growth"  # old/new: "index − previous"
    NAMED_RANKING = "named_ranking"  # old/new: how a named ranking ranks


class Flag(enum.StrEnum):
    """Why a change deserves a second look."""

    BUDGET = "budget"  # shifts a category's maximum for some tier
    DATA_ENTRY = "data_entry"  # the old data-entry workbook no longer fits


@dataclass(frozen=True)
class Change:
    """One fact about the new version.

    ``path`` locates the node in the tree, ids from the category down to the node itself
    (``("readiness", "infrastructure", "pc_ratio")``), in the new framework when the node is
    still there; it is empty for framework-wide facts, inputs and derived values. ``node_kind``
    is one of ``category``, ``group``, ``indicator``, ``item``, ``input``, ``derived``,
    ``level``, ``tier`` (None for framework-wide facts).
    """

    kind: ChangeKind
    path: tuple[str, ...]
    node_id: str | None
    old: Value
    new: Value
    flags: tuple[Flag, ...] = ()
    tier: str | None = None
    node_kind: str | None = None


@dataclass(frozen=True)
class FrameworkDiff:
    """Every change from ``old`` to ``new``, plus what a renderer needs to name things.

    ``labels`` maps ids (nodes, levels, tiers) to their label, new version first.
    ``contract_changed`` says whether the input contract's fingerprint
    (:func:`cqdt.compiler.model.contract.contract_hash`) differs.
    """

    old_id: str
    new_id: str
    old_title: str
    new_title: str
    changes: tuple[Change, ...]
    labels: tuple[tuple[str, str], ...] = ()
    contract_changed: bool = False
    old_contract: str = ""
    new_contract: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.changes

    def label(self, node_id: str) -> str | None:
        return dict(self.labels).get(node_id)

    def flagged(self, flag: Flag) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if flag in c.flags)

    def counts(self) -> dict[str, int]:
        """Number of changes per kind, in :class:`ChangeKind` order (only kinds present)."""
        counts = {kind.value: 0 for kind in ChangeKind}
        for change in self.changes:
            counts[change.kind.value] += 1
        return {k: v for k, v in counts.items() if v}
