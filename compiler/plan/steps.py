"""The steps of a scoring plan and the plan itself: what each column of the results frame is.

These are the records :func:`cqdt.compiler.plan.build.build_plan` fills in and every reader of
a plan walks (the two backends, ``cqdt compile``, explanations). They hold everything resolved:
tiers, maxima, divisors, level thresholds in points, so no reader works anything out again.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass

from cqdt.compiler.model.nodes import (
    Aggregation,
    Condition,
    Framework,
    InputType,
    MissingPolicy,
    TiePolicy,
    UnclassifiedRanking,
)
from cqdt.compiler.model.types import ValueKind
from cqdt.dsl.expr import (
    COMPARISON_OPS,
    LOGICAL_OPS,
    Binary,
    Bool,
    Call,
    Case,
    Expr,
    If,
    IsMissing,
    Ladder,
    Ref,
    Str,
    Unary,
)

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
    "ValueKind",
    "expr_kind",
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
    NOT_APPLICABLE = "not_applicable"  # an indicator's ``not applicable`` condition held
    LEVEL = "level"
    CLASSIFIED = "classified"
    TOTAL = "total"
    RANK = "rank"
    INDEX = "index"  # points / max of an index (compiler/plan/aggregates.py)
    INDEX_POINTS = "index_points"
    GROWTH = "growth"


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
    #: per child, 1.0 or -1.0 (a penalty: its points are deducted); empty: all added
    signs: tuple[float, ...] = ()


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
        case Unary(op="not") | IsMissing():
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
