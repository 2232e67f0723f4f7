"""Changes of indexes, growths and named rankings between two versions of a framework.

Keyed by id like the hierarchy; each fact is one :class:`Change` (``node_kind`` ``index``,
``growth`` or ``ranking``): added, removed, relabelled, the members of an index, its scale per
tier, what a growth compares, how a named ranking ranks.
"""

from __future__ import annotations

from collections.abc import Iterator

from cqdt.compiler.diff.canonical_text import expr_text
from cqdt.compiler.diff.changes import Change, ChangeKind
from cqdt.compiler.diff.levels_and_ranking import level_changes
from cqdt.compiler.model.nodes import Framework, Ranking


def _ranking_text(r: Ranking) -> str:
    order = "descending" if r.descending else "ascending"
    parts = [f"by {expr_text(r.measure)} {order}", f"ties {r.ties.value}"]
    for tb in r.tiebreaks:
        parts.append(
            f"then by {expr_text(tb.measure)} {'descending' if tb.descending else 'ascending'}"
        )
    parts.append(f"unclassified {r.unclassified.value}")
    return ", ".join(parts)


def _growth_text(g) -> str:
    return f"{g.of} − {g.previous}"


def _lifecycle(kind: str, old: dict, new: dict) -> Iterator[Change]:
    for node_id, node in new.items():
        if node_id not in old:
            yield Change(ChangeKind.NODE_ADDED, (), node_id, None, node.label, node_kind=kind)
        elif old[node_id].label != node.label:
            yield Change(
                ChangeKind.NODE_RELABELLED,
                (),
                node_id,
                old[node_id].label,
                node.label,
                node_kind=kind,
            )
    for node_id, node in old.items():
        if node_id not in new:
            yield Change(ChangeKind.NODE_REMOVED, (), node_id, node.label, None, node_kind=kind)


def aggregate_changes(old: Framework, new: Framework) -> Iterator[Change]:
    """Every change of the indexes, then the growths, then the named rankings."""
    old_ix, new_ix = {i.id: i for i in old.indexes}, {i.id: i for i in new.indexes}
    yield from _lifecycle("index", old_ix, new_ix)
    for node_id, index in new_ix.items():
        before = old_ix.get(node_id)
        if before is None:
            continue
        if before.members != index.members:
            yield Change(
                ChangeKind.INDEX_MEMBERS,
                (),
                node_id,
                before.members,
                index.members,
                node_kind="index",
            )
        if before.levels != index.levels:
            yield from level_changes(node_id, before.levels, index.levels)
        for tier in new.tier_ids:
            if before.max_for(tier) != index.max_for(tier):
                yield Change(
                    ChangeKind.MAX,
                    (),
                    node_id,
                    before.max_for(tier),
                    index.max_for(tier),
                    tier=tier,
                    node_kind="index",
                )
    old_g, new_g = {g.id: g for g in old.growths}, {g.id: g for g in new.growths}
    yield from _lifecycle("growth", old_g, new_g)
    for node_id, growth in new_g.items():
        before = old_g.get(node_id)
        if before is not None and _growth_text(before) != _growth_text(growth):
            yield Change(
                ChangeKind.GROWTH,
                (),
                node_id,
                _growth_text(before),
                _growth_text(growth),
                node_kind="growth",
            )
    old_r, new_r = {r.id: r for r in old.rankings}, {r.id: r for r in new.rankings}
    yield from _lifecycle("ranking", old_r, new_r)
    for node_id, named in new_r.items():
        before = old_r.get(node_id)
        if before is not None and before.ranking != named.ranking:
            yield Change(
                ChangeKind.NAMED_RANKING,
                (),
                node_id,
                _ranking_text(before.ranking),
                _ranking_text(named.ranking),
                node_kind="ranking",
            )
