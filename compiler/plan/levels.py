"""The plan's level, classified and rank steps: level tables resolved per tier, ranking keys.

A level condition such as ``score >= 90%`` becomes, for each tier a category applies to, a
bound in points with the EPSILON tolerance already applied; an input with the ``unclassified``
policy that a category's score reads makes the unit unclassified there when it is left empty
(``fired_by``). Worked out once here so both backends and explanations read the same answer.
"""

from __future__ import annotations

from collections.abc import Iterator

from cqdt.compiler.model.contract import asks, derived_reach
from cqdt.compiler.model.nodes import (
    Category,
    Condition,
    Framework,
    Group,
    Indicator,
    Level,
    MissingPolicy,
    Ranking,
    Subject,
    UnclassifiedRanking,
)
from cqdt.compiler.plan.columns import (
    RANK,
    TOTAL,
    classified_column,
    level_column,
    missing_column,
)
from cqdt.compiler.plan.messages import plan_problem
from cqdt.compiler.plan.steps import (
    Check,
    ClassifiedStep,
    LevelRule,
    LevelStep,
    NodeKind,
    RankKey,
    RankStep,
    Step,
)
from cqdt.diagnostics import Diagnostic
from cqdt.dsl.expr import EPSILON, Expr, Ref, refs

__all__ = ["in_tier_order", "level_steps", "rank_step"]


def level_steps(fw: Framework, problems: list[Diagnostic]) -> Iterator[Step]:
    """``<category>.level`` then ``<category>.classified`` for every category, in order."""
    reads = _Reads(fw)
    for category in fw.categories:
        tiers = in_tier_order(category.maxima.tiers, fw.tier_ids)
        fired_by = tuple((t, reads.unclassified_inputs(category, t)) for t in tiers)
        fired_by = tuple((t, cols) for t, cols in fired_by if cols)
        flag_deps = tuple(sorted({c for _, cols in fired_by for c in cols}))
        table = category.levels
        rules = (
            tuple(level_rule(category, lv, tiers, problems) for lv in table.levels) if table else ()
        )
        unclassified_id = table.unclassified_id if table else "unclassified"
        level_col = level_column(category.id)
        deps = {category.id, *flag_deps}
        for rule in rules:
            for _, checks in rule.checks:
                deps.update(c.column for c in checks)
        yield LevelStep(
            level_col,
            NodeKind.LEVEL,
            tiers,
            tuple(sorted(deps)),
            "String",
            category=category.id,
            rules=rules,
            unclassified_id=unclassified_id,
            fired_by=fired_by,
        )
        yield ClassifiedStep(
            classified_column(category.id),
            NodeKind.CLASSIFIED,
            tiers,
            (level_col, *flag_deps),
            "Boolean",
            level_column=level_col,
            unclassified_id=unclassified_id,
            has_levels=table is not None,
            fired_by=fired_by,
        )


def level_rule(
    category: Category, level: Level, tiers: tuple[str, ...], problems: list[Diagnostic]
) -> LevelRule:
    per_tier = []
    groups = {g.id: g for g in category.groups}
    for t in tiers:
        checks: list[Check] = []
        for cond in level.conditions:
            if cond.subject is Subject.SCORE:
                checks.append(_check(category.id, cond, category.max_for(t)))
            elif cond.subject is Subject.GROUP:
                group = groups.get(cond.group or "")
                if group is None:
                    problems.append(
                        plan_problem(
                            "plan.unknown_group", cond.span, id=cond.group, cat=category.id
                        )
                    )
                elif group.applies_to(t):
                    checks.append(_check(group.id, cond, group.max_for(t)))
            else:  # EACH_GROUP: every applicable scored group (bonus/penalty groups aside)
                for group in category.groups:
                    if group.scored and group.adjustment is None and group.applies_to(t):
                        checks.append(_check(group.id, cond, group.max_for(t)))
        per_tier.append((t, tuple(checks)))
    return LevelRule(level.id, level.label, tuple(per_tier))


def _check(column: str, cond: Condition, subject_max: float | None) -> Check:
    threshold = cond.threshold * subject_max if cond.percent else cond.threshold
    if cond.percent and subject_max is None:
        threshold = cond.threshold
    bound = threshold - EPSILON if cond.op == ">=" else threshold + EPSILON
    return Check(column, cond.op, bound, threshold, cond)


class _Reads:
    """What a category's score reads for one tier, through scored, applicable nodes."""

    def __init__(self, fw: Framework):
        self.fw = fw
        self.inputs = {i.id: i for i in fw.inputs}
        self.derived = {d.id: d.expr for d in fw.derived}
        self.indicators: dict[str, Indicator] = {ind.id: ind for _, _, ind in fw.indicators()}
        self.categories = {c.id: c for c in fw.categories}
        self.groups: dict[str, Group] = {}
        for _, group in fw.groups():
            self.groups.setdefault(group.id, group)

    def unclassified_inputs(self, category: Category, tier: str) -> tuple[str, ...]:
        """``<input>.missing`` columns of unclassified-policy inputs the category's score reads
        for units of ``tier`` (through scored, applicable nodes, rules and derived values)."""
        self.tier = tier
        self.found: dict[str, None] = {}
        self.seen: set[str] = set()
        self._category(category)
        return tuple(self.found)

    def _expr(self, expr: Expr) -> None:
        for name in derived_reach(expr, self.derived):
            if name in self.seen:
                continue
            self.seen.add(name)
            inp = self.inputs.get(name)
            if inp is not None:
                if inp.missing is MissingPolicy.UNCLASSIFIED and asks(inp, self.tier):
                    self.found[missing_column(name)] = None
            elif name in self.derived:
                continue  # derived_reach walks what it reads
            elif name in self.indicators:
                self._indicator(self.indicators[name])
            elif name in self.categories:
                self._category(self.categories[name])
            elif name == TOTAL:
                self._expr(self.fw.total)
            elif name in self.groups:
                self._group(self.groups[name])

    def _indicator(self, ind: Indicator) -> None:
        if not ind.applies_to(self.tier):
            return
        if ind.rule is not None:
            self._expr(ind.rule)
        for item in ind.items:
            if item.scored:
                self._indicator(item)

    def _group(self, group: Group) -> None:
        if group.applies_to(self.tier):
            for ind in group.indicators:
                if ind.scored:
                    self._indicator(ind)

    def _category(self, cat: Category) -> None:
        for group in cat.groups:
            if group.scored:
                self._group(group)


def rank_step(fw: Framework, ranking: Ranking | None = None, column: str = RANK) -> RankStep:
    """``rank``: the ranking's keys, and per tier the classified columns it may look at (a
    named ranking passes its own ``ranking`` and ``column``)."""
    ranking = ranking or fw.ranking or Ranking(measure=Ref(TOTAL))
    keys = (RankKey(ranking.measure, ranking.descending),) + tuple(
        RankKey(tb.measure, tb.descending) for tb in ranking.tiebreaks
    )
    level_tables = []
    for t in fw.tier_ids:
        cols = tuple(
            classified_column(c.id)
            for c in fw.categories
            if c.levels is not None and c.max_for(t) is not None
        )
        level_tables.append((t, cols))
    deps: dict[str, None] = {}
    for key in keys:
        deps.update(dict.fromkeys(refs(key.measure)))
    if ranking.unclassified is not UnclassifiedRanking.RANKED:
        for _, cols in level_tables:
            deps.update(dict.fromkeys(cols))
    return RankStep(
        column,
        NodeKind.RANK,
        fw.tier_ids,
        tuple(deps),
        "Int64",
        keys=keys,
        ties=ranking.ties,
        unclassified=ranking.unclassified,
        level_tables=tuple(level_tables),
    )


def in_tier_order(tiers, all_tiers: tuple[str, ...]) -> tuple[str, ...]:
    """``tiers`` in the framework's order (the order of its ``tiers`` block)."""
    wanted = set(tiers)
    return tuple(t for t in all_tiers if t in wanted)
