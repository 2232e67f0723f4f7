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

This module walks the model and makes the value steps (inputs, derived values, the tree, the
total); :mod:`~cqdt.compiler.plan.levels` makes the level, classified and rank steps,
:mod:`~cqdt.compiler.plan.staging` orders them, :mod:`~cqdt.compiler.plan.steps` holds the
records (all importable from here), :mod:`~cqdt.compiler.plan.columns` names the columns.

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

import gc

from cqdt.compiler.model.contract import derived_reach
from cqdt.compiler.model.nodes import (
    ADJUSTMENTS,
    Aggregation,
    Category,
    Derived,
    Framework,
    Indicator,
    InputType,
    MissingPolicy,
    TiePolicy,
    UnclassifiedRanking,
    not_applicable_parts,
)
from cqdt.compiler.model.types import DTYPE_OF_KIND, ValueKind, value_kind
from cqdt.compiler.plan.aggregates import aggregate_steps
from cqdt.compiler.plan.columns import TOTAL, max_column, missing_column, not_applicable_column
from cqdt.compiler.plan.levels import in_tier_order, level_steps, rank_step
from cqdt.compiler.plan.messages import plan_problem
from cqdt.compiler.plan.staging import frame_columns, in_stages, unknown_names
from cqdt.compiler.plan.steps import (
    SCORING_KINDS,
    AggregateStep,
    Check,
    ClassifiedStep,
    ComputeStep,
    InputStep,
    LevelRule,
    LevelStep,
    MaxStep,
    MissingStep,
    NodeKind,
    Plan,
    RankKey,
    RankStep,
    Step,
    expr_kind,
)
from cqdt.diagnostics import Diagnostic, InternalError
from cqdt.dsl.expr import Bool, refs

__all__ = [
    "SCORING_KINDS",
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
    "TiePolicy",
    "UnclassifiedRanking",
    "ValueKind",
    "build_plan",
    "expr_kind",
    "missing_column",
]


def _fill(t: InputType, policy: MissingPolicy) -> float | bool | None:
    if policy in (MissingPolicy.ERROR, MissingPolicy.EMPTY) or t in (
        InputType.CHOICE,
        InputType.TEXT,
    ):
        return None
    return False if t is InputType.YESNO else 0.0


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


def adjustment_signs(children) -> tuple[float, ...]:
    """1.0 or -1.0 per child (:data:`ADJUSTMENTS`); empty when nothing is deducted, so plans
    without penalties are what they were."""
    signs = tuple(ADJUSTMENTS.get(getattr(c, "adjustment", None) or "", 1.0) for c in children)
    return signs if any(s < 0 for s in signs) else ()


class _Builder:
    """Walks the framework once, collecting steps; then orders them into stages."""

    def __init__(self, fw: Framework):
        self.fw = fw
        self.all_tiers = fw.tier_ids
        self.steps: dict[str, Step] = {}
        self.kinds: dict[str, ValueKind] = {}
        self.problems: list[Diagnostic] = []

    # columns -------------------------------------------------------------------------------

    def build(self) -> Plan:
        self._inputs()
        self._derived()
        for category in self.fw.categories:
            self._category(category)
        self._total()
        for step in level_steps(self.fw, self.problems):
            self.add(step)
        self.add(rank_step(self.fw))
        for step in aggregate_steps(self.fw, self.problems):
            self.kinds[step.column] = ValueKind.NUMBER if step.dtype != "String" else ValueKind.TEXT
            self.add(step)
        self.problems += unknown_names(self.steps)
        if self.problems:
            raise InternalError(
                "the checks let through a model that cannot be planned", self.problems
            )
        stages = in_stages(self.steps)
        return Plan(self.fw, stages, frame_columns(self.fw, self.steps), tuple(self.kinds.items()))

    def add(self, step: Step) -> None:
        self.steps[step.column] = step

    def _inputs(self) -> None:
        for inp in self.fw.inputs:
            tiers = in_tier_order(inp.tiers, self.all_tiers)
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
        derived = {d.id: d.expr for d in self.fw.derived}
        inputs = {i.id: i for i in self.fw.inputs}

        def tiers_of(d: Derived) -> tuple[str, ...]:
            allowed = set(self.all_tiers)
            for name in derived_reach(d.expr, derived):
                if name in inputs:
                    allowed &= set(inputs[name].tiers)
            return in_tier_order(allowed, self.all_tiers)

        for d in self.fw.derived:
            kind = self.kinds[d.id]
            self.add(
                ComputeStep(
                    d.id,
                    NodeKind.DERIVED,
                    tiers_of(d),
                    tuple(refs(d.expr)),
                    DTYPE_OF_KIND[kind],
                    expr=d.expr,
                )
            )

    def _indicator(self, ind: Indicator, kind: NodeKind) -> None:
        self.kinds[ind.id] = ValueKind.NUMBER
        tiers = in_tier_order(ind.maxima.tiers, self.all_tiers)
        if ind.items:
            for item in ind.items:
                self._indicator(item, NodeKind.ITEM)
            self.add(self._aggregate(ind.id, kind, tiers, ind.items, Aggregation.SUM))
        else:
            rule = ind.rule if ind.rule is not None else Bool(False)
            if ind.rule is None:
                self.problems.append(plan_problem("plan.no_rule", ind.span, id=ind.id))
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
            self._not_applicable(ind, tiers)

    def _not_applicable(self, ind: Indicator, tiers: tuple[str, ...]) -> None:
        """``<indicator>.not_applicable``: whether the unit met the indicator's ``not
        applicable`` condition (what explain and results.json call "không áp dụng")."""
        parts = not_applicable_parts(ind)
        if parts is None:
            return
        column = not_applicable_column(ind.id)
        self.kinds[column] = ValueKind.BOOL
        self.add(
            ComputeStep(
                column,
                NodeKind.NOT_APPLICABLE,
                tiers,
                tuple(refs(parts[0])),
                "Boolean",
                expr=parts[0],
            )
        )

    def _aggregate(self, column, kind, tiers, children, method) -> AggregateStep:
        """The step combining ``children``; bonus/penalty children are added/deducted
        (compiler/checks/adjustments.py keeps them to sums)."""
        scored = [c for c in children if c.scored]
        child_tiers = tuple(in_tier_order(c.maxima.tiers, self.all_tiers) for c in scored)
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
            signs=adjustment_signs(scored),
        )

    def _category(self, category: Category) -> None:
        for group in category.groups:
            for ind in group.indicators:
                self._indicator(ind, NodeKind.INDICATOR)
            self.kinds[group.id] = ValueKind.NUMBER
            tiers = in_tier_order(group.maxima.tiers, self.all_tiers)
            self.add(
                self._aggregate(
                    group.id, NodeKind.GROUP, tiers, group.indicators, group.aggregation
                )
            )
        self.kinds[category.id] = ValueKind.NUMBER
        tiers = in_tier_order(category.maxima.tiers, self.all_tiers)
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
