"""What a new version of a framework MEANS, compared with the old one.

A reviewer of next year's criteria does not want to know which lines of the ``.cqdt`` file
moved; they want to know which points, thresholds and rules changed. :func:`diff_frameworks`
compares two checked models (:mod:`cqdt.compiler.model.nodes`) node by node, keyed by id, and returns
a :class:`FrameworkDiff`: a flat tuple of :class:`Change` values, each one fact ("the max of
``pc_ratio`` for communes went from 12 to 10"), in the order of the new framework.

Layout, comments and spans never show up (the model ignores them). A node whose id changed but
whose content did not is reported once as a rename, when that is unambiguous (exactly one
removed and one added node of the same kind with equal content apart from id and label).

Two flags help the review:

- ``budget``: a change of maximum points that shifts a category's maximum for some tier (the
  published totals are no longer comparable with last year's);
- ``data_entry``: the data-entry workbook made for the old version no longer fits (an input
  added, removed, renamed or retyped, a range narrowed, an option removed, a stricter rule for
  empty answers, a new tier).

>>> from cqdt.compiler.model.nodes import Metadata, Framework
>>> from cqdt.dsl.expr import Num
>>> a = Framework(id="f", meta=Metadata(title="A"), tiers=(), inputs=(), derived=(),
...               categories=(), total=Num(0.0))
>>> diff_frameworks(a, a).is_empty
True
>>> [(c.kind.value, c.old, c.new) for c in diff_frameworks(a, Framework(**{**a.__dict__,
...     "meta": Metadata(title="B")})).changes]
[('metadata', 'A', 'B')]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cqdt.compiler.diff.aggregate_changes import aggregate_changes
from cqdt.compiler.diff.canonical_text import expr_text, rule_text
from cqdt.compiler.diff.changes import Change, ChangeKind, Flag, FrameworkDiff, Value
from cqdt.compiler.diff.levels_and_ranking import level_changes, ranking_changes
from cqdt.compiler.model.nodes import (
    Category,
    Derived,
    Framework,
    Group,
    Indicator,
    Input,
    MissingPolicy,
    TierMax,
)

__all__ = ["Change", "ChangeKind", "Flag", "FrameworkDiff", "diff_frameworks", "expr_text"]


# -- an index of the nodes of one framework ----------------------------------------------------


@dataclass(frozen=True)
class _Located:
    kind: str  # category, group, indicator, item, input, derived
    node: Any  # Category, Group, Indicator, Input or Derived
    path: tuple[str, ...]  # ids from the category down to the node; (id,) for inputs/derived
    position: tuple[int, ...]  # indices in declaration order


def _index(fw: Framework) -> dict[str, _Located]:
    out: dict[str, _Located] = {}
    for i, inp in enumerate(fw.inputs):
        out[inp.id] = _Located("input", inp, (inp.id,), (i,))
    for i, d in enumerate(fw.derived):
        out[d.id] = _Located("derived", d, (d.id,), (i,))
    for ci, cat in enumerate(fw.categories):
        out[cat.id] = _Located("category", cat, (cat.id,), (ci,))
        for gi, grp in enumerate(cat.groups):
            out[grp.id] = _Located("group", grp, (cat.id, grp.id), (ci, gi))
            for ii, ind in enumerate(grp.indicators):
                path = (cat.id, grp.id, ind.id)
                out[ind.id] = _Located("indicator", ind, path, (ci, gi, ii))
                for ti, item in enumerate(ind.items):
                    out[item.id] = _Located("item", item, (*path, item.id), (ci, gi, ii, ti))
    return out


def _content(node: Any) -> Any:
    """A node with id and label blanked: what must be equal for a rename."""
    return dataclasses.replace(node, id="", label="")


def _renames(old: dict[str, _Located], new: dict[str, _Located]) -> dict[str, str]:
    """old id → new id for every unambiguous rename."""
    removed = [i for i in old if i not in new]
    added = [i for i in new if i not in old]
    pairs: dict[str, str] = {}
    for rid in removed:
        candidates = [
            aid
            for aid in added
            if new[aid].kind == old[rid].kind and _content(new[aid].node) == _content(old[rid].node)
        ]
        if len(candidates) != 1:
            continue
        back = [
            r
            for r in removed
            if old[r].kind == old[rid].kind
            and _content(old[r].node) == _content(new[candidates[0]].node)
        ]
        if back == [rid]:
            pairs[rid] = candidates[0]
    return pairs


# -- the diff ----------------------------------------------------------------------------------

_SECTIONS = {
    "meta": 0,
    "tier": 1,
    "input": 2,
    "derived": 3,
    "tree": 4,
    "total": 5,
    "ranking": 6,
    "aggregates": 7,
}
_KIND_ORDER = {kind: i for i, kind in enumerate(ChangeKind)}


class _Differ:
    """Walks both frameworks once and collects changes with a sort key."""

    def __init__(self, old: Framework, new: Framework):
        self.old, self.new = old, new
        self.old_ix, self.new_ix = _index(old), _index(new)
        self.renamed = _renames(self.old_ix, self.new_ix)  # old id → new id
        self.found: list[tuple[tuple, Change]] = []
        self.shifted = self._shifted_category_tiers()

    # ---- helpers ----

    def add(self, section: str, position: tuple, change: Change) -> None:
        tier_pos = self.new.tier_ids.index(change.tier) if change.tier in self.new.tier_ids else 0
        key = (_SECTIONS[section], position, _KIND_ORDER[change.kind], tier_pos)
        self.found.append((key, change))

    def to_new(self, old_id: str) -> str:
        return self.renamed.get(old_id, old_id)

    def new_path_of_old(self, path: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(self.to_new(p) for p in path)

    def _shifted_category_tiers(self) -> dict[str, set[str]]:
        """category id (new, or old when removed) → tiers whose category max changed."""
        out: dict[str, set[str]] = {}
        new_cats = {c.id: c for c in self.new.categories}
        seen: set[str] = set()
        for cat in self.old.categories:
            new_cat = new_cats.get(self.to_new(cat.id))
            if new_cat is None:
                out[cat.id] = set(cat.maxima.tiers)
                continue
            seen.add(new_cat.id)
            tiers = set(cat.maxima.tiers) | set(new_cat.maxima.tiers)
            out[new_cat.id] = {t for t in tiers if cat.max_for(t) != new_cat.max_for(t)}
        for cat in self.new.categories:
            if cat.id not in seen:
                out[cat.id] = set(cat.maxima.tiers)
        return out

    def budget_flag(self, categories: Iterable[str], tiers: Iterable[str]) -> tuple[Flag, ...]:
        tiers = set(tiers)
        for cat in categories:
            if self.shifted.get(cat, set()) & tiers:
                return (Flag.BUDGET,)
        return ()

    # ---- sections ----

    def run(self) -> list[Change]:
        self.metadata()
        self.tiers()
        self.nodes()
        self.levels()
        self.total_and_ranking()
        for i, change in enumerate(aggregate_changes(self.old, self.new)):
            self.add("aggregates", (i,), change)
        return [change for _, change in sorted(self.found, key=lambda kc: kc[0])]

    def metadata(self) -> None:
        o, n = self.old, self.new
        fields = [
            ("id", o.id, n.id),
            ("title", o.meta.title, n.meta.title),
            ("year", o.meta.year, n.meta.year),
            ("period", o.meta.period, n.meta.period),
            ("version", o.meta.version, n.meta.version),
            ("basis", o.meta.basis, n.meta.basis),
            ("issuer", o.meta.issuer, n.meta.issuer),
            ("description", o.meta.description, n.meta.description),
            ("decimals", o.decimals, n.decimals),
            ("total_label", o.total_label, n.total_label),
            ("scale", _scale_text(o), _scale_text(n)),
        ]
        for i, (name, old, new) in enumerate(fields):
            if old != new:
                self.add("meta", (i,), Change(ChangeKind.METADATA, (), name, old, new))

    def tiers(self) -> None:
        old = {t.id: t for t in self.old.tiers}
        new = {t.id: t for t in self.new.tiers}
        for i, tier in enumerate(self.new.tiers):
            before = old.get(tier.id)
            if before is None:
                change = Change(
                    ChangeKind.TIER_ADDED, (), tier.id, None, tier.label, (Flag.DATA_ENTRY,)
                )
            elif before.label != tier.label:
                change = Change(ChangeKind.TIER_RELABELLED, (), tier.id, before.label, tier.label)
            else:
                continue
            self.add("tier", (i,), dataclasses.replace(change, node_kind="tier"))
        for i, tier in enumerate(self.old.tiers):
            if tier.id not in new:
                change = Change(
                    ChangeKind.TIER_REMOVED,
                    (),
                    tier.id,
                    tier.label,
                    None,
                    (Flag.DATA_ENTRY,),
                    node_kind="tier",
                )
                self.add("tier", (1000 + i,), change)

    def nodes(self) -> None:
        new_of_old = {self.to_new(i): i for i in self.old_ix}
        for node_id, here in self.new_ix.items():
            old_id = new_of_old.get(node_id)
            if old_id is None or not self.same_class(old_id):
                self.added(here)
            else:
                self.compare(self.old_ix[old_id], here)
        for node_id, there in self.old_ix.items():
            if self.to_new(node_id) not in self.new_ix or not self.same_class(node_id):
                self.removed(there)

    def same_class(self, old_id: str) -> bool:
        """Whether an id names the same sort of node in both versions (an indicator may become
        a sub-item and back; an input that became an indicator is another node)."""
        return type(self.old_ix[old_id].node) is type(self.new_ix[self.to_new(old_id)].node)

    def _place(self, here: _Located, new_side: bool) -> tuple[str, tuple, tuple[str, ...]]:
        """(section, position, path) of a node for sorting and display."""
        section = here.kind if here.kind in ("input", "derived") else "tree"
        path = () if section != "tree" else here.path
        if new_side:
            return section, here.position, path
        # a removed node sits after its surviving siblings, under its parent's new position
        parent = self.new_path_of_old(here.path[:-1])
        parent_pos: tuple = ()
        if parent and parent[-1] in self.new_ix and section == "tree":
            parent_pos = self.new_ix[parent[-1]].position
        elif section == "tree":
            parent_pos = tuple(1000 + p for p in here.position[:-1])
        return section, (*parent_pos, 1000 + here.position[-1]), self.new_path_of_old(path)

    def added(self, here: _Located) -> None:
        section, pos, path = self._place(here, True)
        node = here.node
        flags: tuple[Flag, ...] = ()
        if here.kind == "input":
            flags = (Flag.DATA_ENTRY,)
        elif here.kind != "derived":
            flags = self.budget_flag([here.path[0]], node.maxima.tiers)
        label = getattr(node, "label", None)
        change = Change(ChangeKind.NODE_ADDED, path, node.id, None, label, flags)
        self.add(section, pos, dataclasses.replace(change, node_kind=here.kind))

    def removed(self, there: _Located) -> None:
        section, pos, path = self._place(there, False)
        node = there.node
        flags: tuple[Flag, ...] = ()
        if there.kind == "input":
            flags = (Flag.DATA_ENTRY,)
        elif there.kind != "derived":
            cats = [self.to_new(there.path[0])]
            flags = self.budget_flag(cats, node.maxima.tiers)
        label = getattr(node, "label", None)
        change = Change(ChangeKind.NODE_REMOVED, path, node.id, label, None, flags)
        self.add(section, pos, dataclasses.replace(change, node_kind=there.kind))

    def compare(self, there: _Located, here: _Located) -> None:
        section, pos, path = self._place(here, True)
        o, n = there.node, here.node
        node_id = n.id
        facts: list[Change] = []

        def fact(kind: ChangeKind, old: Value, new: Value, flags=(), tier=None) -> None:
            facts.append(Change(kind, path, node_id, old, new, tuple(flags), tier, here.kind))

        if o.id != n.id:
            flags = (Flag.DATA_ENTRY,) if here.kind == "input" else ()
            fact(ChangeKind.NODE_RENAMED, o.id, n.id, flags)
        if section == "tree":
            old_parent = self.new_path_of_old(there.path[:-1])
            if old_parent != here.path[:-1] or there.kind != here.kind:
                cats = {self.to_new(there.path[0]), here.path[0]}
                flags = ()
                if cats != {here.path[0]}:
                    flags = self.budget_flag(cats, n.maxima.tiers)
                fact(
                    ChangeKind.NODE_MOVED, " › ".join(old_parent), " › ".join(here.path[:-1]), flags
                )
        if o.label != n.label:
            fact(ChangeKind.NODE_RELABELLED, o.label, n.label)
        if getattr(o, "description", None) != getattr(n, "description", None):
            fact(ChangeKind.DESCRIPTION, o.description, n.description)
        if hasattr(n, "reference") and o.reference != n.reference:
            fact(ChangeKind.REFERENCE, o.reference, n.reference)

        if isinstance(n, Input) and isinstance(o, Input):
            self._input_facts(o, n, fact)
        elif isinstance(n, Derived) and isinstance(o, Derived):
            if o.expr != n.expr:
                fact(ChangeKind.DERIVED_EXPR, expr_text(o.expr), expr_text(n.expr))
        else:
            self._scoring_facts(o, n, here, fact)
        for change in facts:
            self.add(section, pos, change)

    def _input_facts(self, o: Input, n: Input, fact) -> None:
        if o.type != n.type:
            fact(ChangeKind.INPUT_TYPE, o.type.value, n.type.value, [Flag.DATA_ENTRY])
        if o.unit != n.unit:
            fact(ChangeKind.INPUT_UNIT, o.unit, n.unit)
        if (o.minimum, o.maximum) != (n.minimum, n.maximum):
            narrowed = _narrower(o.minimum, n.minimum, low=True) or _narrower(
                o.maximum, n.maximum, low=False
            )
            fact(
                ChangeKind.INPUT_RANGE,
                (o.minimum, o.maximum),
                (n.minimum, n.maximum),
                [Flag.DATA_ENTRY] if narrowed else [],
            )
        if o.at_most != n.at_most:
            flags = [Flag.DATA_ENTRY] if n.at_most is not None else []
            fact(ChangeKind.INPUT_AT_MOST, o.at_most, n.at_most, flags)
        if o.choices != n.choices:
            lost = set(o.choices) - set(n.choices)
            fact(ChangeKind.INPUT_CHOICES, o.choices, n.choices, [Flag.DATA_ENTRY] if lost else [])
        if o.missing != n.missing:
            stricter = n.missing is MissingPolicy.ERROR
            flags = [Flag.DATA_ENTRY] if stricter else []
            fact(ChangeKind.INPUT_MISSING, o.missing.value, n.missing.value, flags)
        if o.tiers != n.tiers:
            gained = set(n.tiers) - set(o.tiers)
            fact(ChangeKind.INPUT_TIERS, o.tiers, n.tiers, [Flag.DATA_ENTRY] if gained else [])

    def _scoring_facts(self, o, n, here: _Located, fact) -> None:
        cats = [here.path[0]]
        self._maxima_facts(o.maxima, n.maxima, cats, here.kind == "category", fact)
        if o.weight != n.weight:
            fact(ChangeKind.WEIGHT, o.weight, n.weight)
        if isinstance(n, Group | Category) and o.aggregation != n.aggregation:
            fact(ChangeKind.AGGREGATION, o.aggregation.value, n.aggregation.value)
        if isinstance(n, Group | Indicator) and o.scored != n.scored:
            fact(ChangeKind.SCORED, o.scored, n.scored, self.budget_flag(cats, n.maxima.tiers))
        if isinstance(n, Group | Indicator) and o.adjustment != n.adjustment:
            flags = self.budget_flag(cats, n.maxima.tiers)
            fact(ChangeKind.ADJUSTMENT, o.adjustment, n.adjustment, flags)
        if (
            isinstance(n, Indicator)
            and isinstance(o, Indicator)
            and (o.rule != n.rule or o.not_applicable != n.not_applicable)
        ):
            fact(ChangeKind.RULE, rule_text(o), rule_text(n))

    def _maxima_facts(self, old: TierMax, new: TierMax, cats, is_category: bool, fact) -> None:
        if old.tiers != new.tiers and set(old.tiers) != set(new.tiers):
            moved = set(old.tiers) ^ set(new.tiers)
            flags = (Flag.BUDGET,) if is_category else self.budget_flag(cats, moved)
            fact(ChangeKind.APPLICABILITY, old.tiers, new.tiers, flags)
        for tier in new.tiers:
            before, after = old.get(tier), new.get(tier)
            if before is not None and after is not None and before != after:
                flags = (Flag.BUDGET,) if is_category else self.budget_flag(cats, [tier])
                fact(ChangeKind.MAX, before, after, flags, tier)

    def levels(self) -> None:
        old_cats = {self.to_new(c.id): c for c in self.old.categories}
        for cat in self.new.categories:
            before = old_cats.get(cat.id)
            if before is None or before.levels == cat.levels:
                continue
            pos = (*self.new_ix[cat.id].position, 2000)
            for change in level_changes(cat.id, before.levels, cat.levels):
                self.add("tree", pos, change)

    def total_and_ranking(self) -> None:
        o, n = self.old, self.new
        if o.total != n.total:
            self.add(
                "total",
                (0,),
                Change(ChangeKind.TOTAL, (), "total", expr_text(o.total), expr_text(n.total)),
            )
        for i, change in enumerate(ranking_changes(o.ranking, n.ranking)):
            self.add("ranking", (i,), change)


def _scale_text(fw: Framework) -> str | None:
    """The declared ``points scale`` as written in the file, ``tier N  …`` (None: none)."""
    from cqdt.dsl.printer import literal

    if fw.scale is None:
        return None
    return "  ".join(f"{t} {literal(v)}" for t, v in fw.scale.entries)


def _narrower(old: float | None, new: float | None, *, low: bool) -> bool:
    """Whether a range bound got tighter (an answer valid before may now be refused)."""
    if new is None:
        return False
    if old is None:
        return True
    return new > old if low else new < old


def _labels(old: Framework, new: Framework) -> tuple[tuple[str, str], ...]:
    out: dict[str, str] = {}
    for fw in (old, new):  # the new version wins
        for tier in fw.tiers:
            out[tier.id] = tier.label
        for node_id, located in _index(fw).items():
            label = getattr(located.node, "label", None)
            if label:
                out[node_id] = label
        for cat in fw.categories:
            if cat.levels is not None:
                for lv in cat.levels.levels:
                    out[lv.id] = lv.label
        for node in (*fw.indexes, *fw.growths, *fw.rankings):
            out[node.id] = node.label
    return tuple(sorted(out.items()))


def _contract(fw: Framework) -> str:
    try:
        from cqdt.compiler.model.contract import contract_hash
    except ImportError:  # pragma: no cover - the contract ships with cqdt
        return ""
    return contract_hash(fw)


def diff_frameworks(old: Framework, new: Framework) -> FrameworkDiff:
    """Every change from ``old`` to ``new`` (empty when they mean the same framework)."""
    changes = tuple(_Differ(old, new).run())
    old_contract, new_contract = _contract(old), _contract(new)
    return FrameworkDiff(
        old_id=old.id,
        new_id=new.id,
        old_title=old.meta.title,
        new_title=new.meta.title,
        changes=changes,
        labels=_labels(old, new),
        contract_changed=old_contract != new_contract,
        old_contract=old_contract,
        new_contract=new_contract,
    )
