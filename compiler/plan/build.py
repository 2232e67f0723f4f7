"""The scoring plan: every value cqdt computes, named, resolved and put in dependency stages.

A :class:`Plan` is built once from a checked :class:`~cqdt.compiler.model.nodes.Framework` and read by
both backends (:mod:`cqdt.compiler.plan.to_polars`, :mod:`cqdt.compiler.plan.to_reference`), by
``cqdt compile`` (:mod:`cqdt.compiler.plan.show`) and by ``cqdt explain``. Everything a backend would
otherwise have to work out from the model is worked out here, in one place, so the two backends
cannot disagree about it:

- where each node applies (its tiers; the node is null for units of other tiers),
- per-tier maxima, the divisors of means, level thresholds already turned into points for each
  tier (``score >= 90%`` of a 40-point category is the bound ``36 - 1e-9``),
- which inputs with the ``unclassified`` missing policy a category depends on, per tier.

Each step is one column of the results frame. Stages follow the dependencies: inputs (missing
policy applied) → derived values → indicator/item points → groups → categories → levels →
total → rank, but the stage number of a step is simply one more than the deepest step it reads,
so a rule that reads another indicator lands in a later stage automatically.

>>> from cqdt.compiler.model.nodes import *
>>> from cqdt.dsl.expr import Binary, MaxPoints, Ref
>>> fw = Framework(id="demo", meta=Metadata(title="Demo"), tiers=(Tier("t", "T"),),
...     inputs=(Input("a", "A", InputType.PERCENT),), derived=(),
...     categories=(Category("c", "C", TierMax.uniform(("t",), 10.0), groups=(
...         Group("g", "G", TierMax.uniform(("t",), 10.0), indicators=(
...             Indicator("i", "I", TierMax.uniform(("t",), 10.0),
...                       rule=Binary("*", Ref("a"), MaxPoints())),)),)),),
...     total=Ref("c"))
>>> [[s.column for s in stage] for stage in build_plan(fw).stages]
[['a', 'c.max'], ['i'], ['g'], ['c'], ['total', 'c.level'], ['c.classified', 'rank']]
"""

from __future__ import annotations

import enum
import gc
from collections.abc import Iterator
from dataclasses import dataclass, replace

from cqdt.compiler.model.contract import asks
from cqdt.compiler.model.nodes import (
    Aggregation,
    Category,
    Condition,
    Derived,
    Framework,
    Indicator,
    InputType,
    MissingPolicy,
    Ranking,
    Subject,
    TiePolicy,
    UnclassifiedRanking,
)
from cqdt.compiler.model.types import DTYPE_OF_KIND, ValueKind, value_kind
from cqdt.compiler.plan.columns import (
    IDENTITY,
    RANK,
    TOTAL,
    classified_column,
    level_column,
    max_column,
    missing_column,
)
from cqdt.compiler.plan.messages import MESSAGES
from cqdt.diagnostics import Diagnostic, InternalError, Severity
from cqdt.dsl.expr import (
    COMPARISON_OPS,
    EPSILON,
    LOGICAL_OPS,
    Binary,
    Bool,
    Call,
    Case,
    Expr,
    If,
    Ladder,
    Ref,
    Str,
    Unary,
    refs,
)

__all__ = [
    "AggregateStep",
    "Check",
    "ClassifiedStep",
    "ComputeStep",
    "InputStep",
    "LevelRule",
    "LevelStep",
    "MaxStep",
    "MissingStep",
    "NodeKind",
    "Plan",
    "RankKey",
    "RankStep",
    "Step",
    "ValueKind",
    "build_plan",
    "expr_kind",
    "missing_column",
]


class NodeKind(enum.Enum):
    """What a column of the results frame holds."""

    INPUT = "input"
    MISSING = "missing"
    DERIVED = "derived"
    INDICATOR = "indicator"
    ITEM = "item"
    GROUP = "group"
    CATEGORY = "category"
    CATEGORY_MAX = "category_max"
    LEVEL = "level"
    CLASSIFIED = "classified"
    TOTAL = "total"
    RANK = "rank"


#: Kinds whose values are points or scores: a reference to one of them reads 0 where the node
#: does not apply to the unit's tier (it contributes nothing), so ``readiness + results`` is the
#: readiness score for a tier that has no results category.
SCORING_KINDS = frozenset(
    {NodeKind.INDICATOR, NodeKind.ITEM, NodeKind.GROUP, NodeKind.CATEGORY, NodeKind.TOTAL}
)


# -- steps -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One column of the results frame.

    ``tiers`` are the tiers the node applies to (null for units of other tiers); ``deps`` the
    columns it reads; ``stage`` is filled in by :func:`build_plan`.
    """

    column: str
    kind: NodeKind
    tiers: tuple[str, ...]
    deps: tuple[str, ...]
    dtype: str
    stage: int = 0


@dataclass(frozen=True)
class InputStep(Step):
    """The effective value of an input: the answer, or 0/no where the missing policy says so.

    ``fill`` is what an empty answer becomes (None: stays empty, e.g. a choice with policy
    ``zero`` — no option chosen, so a ``case`` takes ``otherwise``).
    """

    input_type: InputType = InputType.NUMBER
    policy: MissingPolicy = MissingPolicy.ERROR
    fill: float | bool | None = None


@dataclass(frozen=True)
class MissingStep(Step):
    """``<input>.missing``: the unit left the input empty (for policies zero/unclassified)."""

    input_id: str = ""


@dataclass(frozen=True)
class ComputeStep(Step):
    """A value given by an expression: derived values, leaf indicators and items, the total.

    ``maxima`` is what ``max`` means in the expression, per tier (empty outside indicators).
    """

    expr: Expr | None = None
    maxima: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class AggregateStep(Step):
    """A node scoring the combination of its children: an indicator with sub-items, a group,
    a category.

    ``children`` are the scored children in declaration order; ``child_tiers`` says where each
    applies (a child that does not apply to the unit's tier counts 0 and is left out of the
    divisor). ``weights`` are 1.0 unless the method is WEIGHTED. ``divisors`` is per tier:
    1.0 for SUM, the number of applicable children for MEAN, the sum of their weights (a left
    fold in declaration order) for WEIGHTED.
    """

    method: Aggregation = Aggregation.SUM
    children: tuple[str, ...] = ()
    child_tiers: tuple[tuple[str, ...], ...] = ()
    weights: tuple[float, ...] = ()
    divisors: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class MaxStep(Step):
    """``<category>.max``: the category's maximum for the unit's tier."""

    values: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Check:
    """One level condition resolved for one tier: ``column op bound`` with ``op`` ``>=``/``>``.

    ``bound`` already carries the EPSILON tolerance (``>= 36`` is ``>= 36 - 1e-9``);
    ``threshold`` is the points the condition asks for, without it (for explanations).
    """

    column: str
    op: str
    bound: float
    threshold: float
    condition: Condition

    def holds(self, value: float | None) -> bool:
        if value is None:
            return False
        return value >= self.bound if self.op == ">=" else value > self.bound


@dataclass(frozen=True)
class LevelRule:
    """One row of a level table with its conditions resolved for every tier it can apply to."""

    level_id: str
    label: str
    checks: tuple[tuple[str, tuple[Check, ...]], ...]

    def checks_for(self, tier: str) -> tuple[Check, ...]:
        for t, checks in self.checks:
            if t == tier:
                return checks
        return ()


@dataclass(frozen=True)
class LevelStep(Step):
    """``<category>.level``: the first level row that holds, else the unclassified id.

    ``fired_by`` lists, per tier, the ``<input>.missing`` columns of unclassified-policy inputs
    the category depends on: if any is true, the unit is unclassified whatever its score.
    ``rules`` is empty when the category has no level table (the column is then null).
    """

    category: str = ""
    rules: tuple[LevelRule, ...] = ()
    unclassified_id: str = "unclassified"
    fired_by: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class ClassifiedStep(Step):
    """``<category>.classified``: false for the unclassified outcome.

    Without a level table the category is classified unless an unclassified-policy input it
    depends on is missing (``fired_by``).
    """

    level_column: str = ""
    unclassified_id: str = "unclassified"
    has_levels: bool = True
    fired_by: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class RankKey:
    measure: Expr
    descending: bool = True


@dataclass(frozen=True)
class RankStep(Step):
    """``rank`` within each tier: by the keys (measure then tie-breaks), quantised to 1e-9.

    ``level_tables`` lists, per tier, the ``<category>.classified`` columns of the categories
    that apply to the tier and have a level table: a unit false in all of them is
    "unclassified" for :class:`UnclassifiedRanking`.
    """

    keys: tuple[RankKey, ...] = ()
    ties: TiePolicy = TiePolicy.COMPETITION
    unclassified: UnclassifiedRanking = UnclassifiedRanking.RANKED
    level_tables: tuple[tuple[str, tuple[str, ...]], ...] = ()


# -- the plan ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """The steps of a framework in dependency stages, and the results frame's column order."""

    framework: Framework
    stages: tuple[tuple[Step, ...], ...]
    columns: tuple[str, ...]
    kinds: tuple[tuple[str, ValueKind], ...]

    @property
    def tier_ids(self) -> tuple[str, ...]:
        return self.framework.tier_ids

    def steps(self) -> Iterator[Step]:
        for stage in self.stages:
            yield from stage

    def step(self, column: str) -> Step:
        for step in self.steps():
            if step.column == column:
                return step
        raise KeyError(column)

    def value_kinds(self) -> dict[str, ValueKind]:
        """The type of every id an expression may refer to."""
        return dict(self.kinds)

    def node_kinds(self) -> dict[str, NodeKind]:
        return {step.column: step.kind for step in self.steps()}

    def schema(self) -> dict[str, str]:
        """Results-frame columns → Polars dtype name, in column order."""
        dtypes = {"tier": "String", "code": "String", "name": "String"}
        dtypes.update({step.column: step.dtype for step in self.steps()})
        return {c: dtypes[c] for c in self.columns}


def expr_kind(expr: Expr, kinds: dict[str, ValueKind]) -> ValueKind:
    """The static type of ``expr`` given the types of the names it uses.

    Backends need it to compare numbers with EPSILON but texts and yes/no values exactly.
    """
    match expr:
        case Str():
            return ValueKind.TEXT
        case Bool():
            return ValueKind.BOOL
        case Ref(id=name):
            return kinds.get(name, ValueKind.NUMBER)
        case Unary(op="not"):
            return ValueKind.BOOL
        case Binary(op=op) if op in LOGICAL_OPS or op in COMPARISON_OPS:
            return ValueKind.BOOL
        case If(then=then):
            return expr_kind(then, kinds)
        case Ladder(steps=steps, otherwise=otherwise):
            return expr_kind(steps[0].value if steps else otherwise, kinds)
        case Case(branches=branches, otherwise=otherwise):
            return expr_kind(branches[0].value if branches else otherwise, kinds)
        case Call(func="min" | "max", args=args) if args:
            return expr_kind(args[0], kinds)
    return ValueKind.NUMBER


def _fill(t: InputType, policy: MissingPolicy) -> float | bool | None:
    if policy is MissingPolicy.ERROR or t in (InputType.CHOICE, InputType.TEXT):
        return None
    return False if t is InputType.YESNO else 0.0


def _ordered(tiers, all_tiers: tuple[str, ...]) -> tuple[str, ...]:
    wanted = set(tiers)
    return tuple(t for t in all_tiers if t in wanted)


def _dependency_order(derived: tuple[Derived, ...]) -> list[Derived]:
    """Derived values ordered so each comes after the derived values it reads (declaration
    order otherwise; a cycle, which the checks refuse, is broken where it is met)."""
    by_id = {d.id: d for d in derived}
    done: set[str] = set()
    order: list[Derived] = []
    for root in derived:
        if root.id in done:
            continue
        done.add(root.id)
        stack = [(root, iter(refs(root.expr)))]
        while stack:
            node, pending = stack[-1]
            for name in pending:
                if name in by_id and name not in done:
                    done.add(name)
                    stack.append((by_id[name], iter(refs(by_id[name].expr))))
                    break
            else:
                stack.pop()
                order.append(node)
    return order


class _Builder:
    """Walks the framework once, collecting steps; then orders them into stages."""

    def __init__(self, fw: Framework):
        self.fw = fw
        self.all_tiers = fw.tier_ids
        self.steps: dict[str, Step] = {}
        self.kinds: dict[str, ValueKind] = {}
        self.problems: list[Diagnostic] = []
        self.indicators: dict[str, Indicator] = {}
        self.categories: dict[str, Category] = {c.id: c for c in fw.categories}

    # columns -------------------------------------------------------------------------------

    def build(self) -> Plan:
        self._inputs()
        self._derived()
        for category in self.fw.categories:
            self._category(category)
        self._total()
        self._levels()
        self._rank()
        self._check_refs()
        if self.problems:
            raise InternalError(
                "the checks let through a model that cannot be planned", self.problems
            )
        stages = self._stages()
        return Plan(self.fw, stages, self._columns(), tuple(self.kinds.items()))

    def add(self, step: Step) -> None:
        self.steps[step.column] = step

    def _inputs(self) -> None:
        for inp in self.fw.inputs:
            tiers = _ordered(inp.tiers, self.all_tiers)
            kind = value_kind(inp.type)
            self.kinds[inp.id] = kind
            self.add(
                InputStep(
                    inp.id,
                    NodeKind.INPUT,
                    tiers,
                    (),
                    DTYPE_OF_KIND[kind],
                    input_type=inp.type,
                    policy=inp.missing,
                    fill=_fill(inp.type, inp.missing),
                )
            )
            if inp.missing is not MissingPolicy.ERROR:
                self.add(
                    MissingStep(
                        missing_column(inp.id),
                        NodeKind.MISSING,
                        tiers,
                        (),
                        "Boolean",
                        input_id=inp.id,
                    )
                )

    def _derived(self) -> None:
        for d in self.fw.derived:
            self.kinds[d.id] = ValueKind.NUMBER  # settled below once every name is known
        # a value may read one declared after it: type them in dependency order, repeating until
        # a pass changes nothing (one pass plus a check unless the checks missed a cycle; the
        # cap keeps the old bound of one pass per value)
        in_order = _dependency_order(self.fw.derived)
        for _ in self.fw.derived:
            changed = False
            for d in in_order:
                kind = expr_kind(d.expr, self.kinds)
                if kind is not self.kinds[d.id]:
                    self.kinds[d.id] = kind
                    changed = True
            if not changed:
                break
        # a derived value applies where every input it reads (directly or through other
        # derived values) is asked; references to scoring nodes do not restrict it
        derived = {d.id: d for d in self.fw.derived}
        inputs = {i.id: i for i in self.fw.inputs}
        memo: dict[str, tuple[str, ...]] = {}

        def tiers_of(name: str, seen: frozenset[str]) -> tuple[str, ...]:
            if name in memo:
                return memo[name]
            if name in inputs:
                inp = inputs[name]
                return _ordered(inp.tiers, self.all_tiers)
            if name not in derived or name in seen:
                return self.all_tiers
            allowed = set(self.all_tiers)
            for r in refs(derived[name].expr):
                allowed &= set(tiers_of(r, seen | {name}))
            memo[name] = _ordered(allowed, self.all_tiers)
            return memo[name]

        for d in self.fw.derived:
            kind = self.kinds[d.id]
            self.add(
                ComputeStep(
                    d.id,
                    NodeKind.DERIVED,
                    tiers_of(d.id, frozenset()),
                    tuple(refs(d.expr)),
                    DTYPE_OF_KIND[kind],
                    expr=d.expr,
                )
            )

    def _indicator(self, ind: Indicator, kind: NodeKind) -> None:
        self.indicators[ind.id] = ind
        self.kinds[ind.id] = ValueKind.NUMBER
        tiers = _ordered(ind.maxima.tiers, self.all_tiers)
        if ind.items:
            for item in ind.items:
                self._indicator(item, NodeKind.ITEM)
            self.add(self._aggregate(ind.id, kind, tiers, ind.items, Aggregation.SUM))
        else:
            rule = ind.rule if ind.rule is not None else Bool(False)
            if ind.rule is None:
                self.problems.append(_diag("plan.no_rule", ind.span, id=ind.id))
            self.add(
                ComputeStep(
                    ind.id,
                    kind,
                    tiers,
                    tuple(refs(rule)),
                    "Float64",
                    expr=rule,
                    maxima=tuple((t, ind.maxima.get(t)) for t in tiers),
                )
            )

    def _aggregate(self, column, kind, tiers, children, method) -> AggregateStep:
        scored = [c for c in children if c.scored]
        child_tiers = tuple(_ordered(c.maxima.tiers, self.all_tiers) for c in scored)
        if method is Aggregation.WEIGHTED:
            weights = tuple(1.0 if c.weight is None else float(c.weight) for c in scored)
        else:
            weights = tuple(1.0 for _ in scored)
        divisors = []
        for t in tiers:
            if method is Aggregation.SUM:
                divisors.append((t, 1.0))
                continue
            total = 0.0
            for w, ct in zip(weights, child_tiers, strict=True):
                if t in ct:
                    total = total + w
            divisors.append((t, total))
        return AggregateStep(
            column,
            kind,
            tiers,
            tuple(c.id for c in scored),
            "Float64",
            method=method,
            children=tuple(c.id for c in scored),
            child_tiers=child_tiers,
            weights=weights,
            divisors=tuple(divisors),
        )

    def _category(self, category: Category) -> None:
        for group in category.groups:
            for ind in group.indicators:
                self._indicator(ind, NodeKind.INDICATOR)
            self.kinds[group.id] = ValueKind.NUMBER
            tiers = _ordered(group.maxima.tiers, self.all_tiers)
            self.add(
                self._aggregate(
                    group.id, NodeKind.GROUP, tiers, group.indicators, group.aggregation
                )
            )
        self.kinds[category.id] = ValueKind.NUMBER
        tiers = _ordered(category.maxima.tiers, self.all_tiers)
        self.add(
            self._aggregate(
                category.id, NodeKind.CATEGORY, tiers, category.groups, category.aggregation
            )
        )
        self.add(
            MaxStep(
                max_column(category.id),
                NodeKind.CATEGORY_MAX,
                tiers,
                (),
                "Float64",
                values=tuple((t, category.max_for(t)) for t in tiers),
            )
        )

    def _total(self) -> None:
        self.kinds[TOTAL] = ValueKind.NUMBER
        self.add(
            ComputeStep(
                TOTAL,
                NodeKind.TOTAL,
                self.all_tiers,
                tuple(refs(self.fw.total)),
                "Float64",
                expr=self.fw.total,
            )
        )

    # levels --------------------------------------------------------------------------------

    def _levels(self) -> None:
        for category in self.fw.categories:
            tiers = _ordered(category.maxima.tiers, self.all_tiers)
            fired_by = tuple((t, self._unclassified_inputs(category, t)) for t in tiers)
            fired_by = tuple((t, cols) for t, cols in fired_by if cols)
            flag_deps = tuple(sorted({c for _, cols in fired_by for c in cols}))
            table = category.levels
            rules = (
                tuple(self._level_rule(category, lv, tiers) for lv in table.levels) if table else ()
            )
            unclassified_id = table.unclassified_id if table else "unclassified"
            level_col = level_column(category.id)
            deps = {category.id, *flag_deps}
            for rule in rules:
                for _, checks in rule.checks:
                    deps.update(c.column for c in checks)
            self.add(
                LevelStep(
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
            )
            self.add(
                ClassifiedStep(
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
            )

    def _level_rule(self, category: Category, level, tiers) -> LevelRule:
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
                        self.problems.append(
                            _diag("plan.unknown_group", cond.span, id=cond.group, cat=category.id)
                        )
                    elif group.applies_to(t):
                        checks.append(_check(group.id, cond, group.max_for(t)))
                else:  # EACH_GROUP: every applicable scored group
                    for group in category.groups:
                        if group.scored and group.applies_to(t):
                            checks.append(_check(group.id, cond, group.max_for(t)))
            per_tier.append((t, tuple(checks)))
        return LevelRule(level.id, level.label, tuple(per_tier))

    def _unclassified_inputs(self, category: Category, tier: str) -> tuple[str, ...]:
        """``<input>.missing`` columns of unclassified-policy inputs the category's score reads
        for units of ``tier`` (through scored, applicable nodes, rules and derived values)."""
        inputs = {i.id: i for i in self.fw.inputs}
        derived = {d.id: d for d in self.fw.derived}
        found: dict[str, None] = {}
        seen: set[str] = set()

        def visit_expr(expr: Expr) -> None:
            for name in refs(expr):
                visit_name(name)

        def visit_name(name: str) -> None:
            if name in seen:
                return
            seen.add(name)
            if name in inputs:
                inp = inputs[name]
                asked = asks(inp, tier)
                if inp.missing is MissingPolicy.UNCLASSIFIED and asked:
                    found[missing_column(name)] = None
            elif name in derived:
                visit_expr(derived[name].expr)
            elif name in self.indicators:
                visit_indicator(self.indicators[name])
            elif name in self.categories:
                visit_category(self.categories[name])
            elif name == TOTAL:
                visit_expr(self.fw.total)
            else:
                for cat in self.fw.categories:
                    for group in cat.groups:
                        if group.id == name:
                            visit_group(group)

        def visit_indicator(ind: Indicator) -> None:
            if not ind.applies_to(tier):
                return
            if ind.rule is not None:
                visit_expr(ind.rule)
            for item in ind.items:
                if item.scored:
                    visit_indicator(item)

        def visit_group(group) -> None:
            if group.applies_to(tier):
                for ind in group.indicators:
                    if ind.scored:
                        visit_indicator(ind)

        def visit_category(cat: Category) -> None:
            for group in cat.groups:
                if group.scored:
                    visit_group(group)

        visit_category(category)
        return tuple(found)

    # ranking -------------------------------------------------------------------------------

    def _rank(self) -> None:
        ranking = self.fw.ranking or Ranking(measure=Ref(TOTAL))
        keys = (RankKey(ranking.measure, ranking.descending),) + tuple(
            RankKey(tb.measure, tb.descending) for tb in ranking.tiebreaks
        )
        level_tables = []
        for t in self.all_tiers:
            cols = tuple(
                classified_column(c.id)
                for c in self.fw.categories
                if c.levels is not None and c.max_for(t) is not None
            )
            level_tables.append((t, cols))
        deps: dict[str, None] = {}
        for key in keys:
            deps.update(dict.fromkeys(refs(key.measure)))
        if ranking.unclassified is not UnclassifiedRanking.RANKED:
            for _, cols in level_tables:
                deps.update(dict.fromkeys(cols))
        self.add(
            RankStep(
                RANK,
                NodeKind.RANK,
                self.all_tiers,
                tuple(deps),
                "Int64",
                keys=keys,
                ties=ranking.ties,
                unclassified=ranking.unclassified,
                level_tables=tuple(level_tables),
            )
        )

    # ordering ------------------------------------------------------------------------------

    def _check_refs(self) -> None:
        for step in self.steps.values():
            for dep in step.deps:
                if dep not in self.steps:
                    self.problems.append(_diag("plan.unknown_name", None, id=dep, node=step.column))

    def _stages(self) -> tuple[tuple[Step, ...], ...]:
        depth: dict[str, int] = {}
        visiting: list[str] = []

        def stage_of(column: str) -> int:
            if column in depth:
                return depth[column]
            if column in visiting:
                cycle = visiting[visiting.index(column) :] + [column]
                raise InternalError(
                    "a cycle the checks missed",
                    [_diag("plan.cycle", None, cycle=" → ".join(cycle))],
                )
            visiting.append(column)
            step = self.steps[column]
            d = 0 if not step.deps else 1 + max(stage_of(dep) for dep in step.deps)
            visiting.pop()
            depth[column] = d
            return d

        staged: dict[int, list[Step]] = {}
        for column, step in self.steps.items():
            d = stage_of(column)
            staged.setdefault(d, []).append(_with_stage(step, d))
        return tuple(tuple(staged[d]) for d in sorted(staged))

    def _columns(self) -> tuple[str, ...]:
        cols = list(IDENTITY)
        for inp in self.fw.inputs:
            cols.append(inp.id)
            if missing_column(inp.id) in self.steps:
                cols.append(missing_column(inp.id))
        cols += [d.id for d in self.fw.derived]
        cols += [ind.id for _, _, ind in self.fw.indicators()]
        cols += [g.id for _, g in self.fw.groups()]
        for c in self.fw.categories:
            cols += [c.id, max_column(c.id), level_column(c.id), classified_column(c.id)]
        return (*cols, TOTAL, RANK)


def _with_stage(step: Step, stage: int) -> Step:
    return replace(step, stage=stage)


def _check(column: str, cond: Condition, subject_max: float | None) -> Check:
    threshold = cond.threshold * subject_max if cond.percent else cond.threshold
    if cond.percent and subject_max is None:
        threshold = cond.threshold
    bound = threshold - EPSILON if cond.op == ">=" else threshold + EPSILON
    return Check(column, cond.op, bound, threshold, cond)


def _diag(code: str, where, **fields) -> Diagnostic:
    return Diagnostic(
        code=code,
        severity=Severity.ERROR,
        message=MESSAGES[code].render(**fields),
        where=where if where is not None and where.line else None,
    )


def build_plan(fw: Framework) -> Plan:
    """The scoring plan of a checked framework.

    Raises :class:`~cqdt.diagnostics.InternalError` for models the checks should have
    refused (an unknown name, a cycle, an indicator without a rule): reaching the plan with
    one is a bug in cqdt, not a mistake of the user.

    The garbage collector is paused meanwhile: building makes many small objects that all
    stay alive, and the collector walking the large model cost ~45 % of the build at 10,000
    indicators (docs/performance.md); nothing here makes reference cycles that need it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _Builder(fw).build()
    finally:
        if was_enabled:
            gc.enable()
