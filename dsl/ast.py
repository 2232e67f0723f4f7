"""Surface syntax tree: what the file says, with a span on everything, before names are resolved.

The parser builds these nodes; :mod:`cqdt.compiler.model.from_surface` lowers them into the framework
model (:mod:`cqdt.compiler.model.nodes`) where per-tier maxima, applicability and input tiers are
worked out. Keeping the two apart means an unresolved name or an unknown tier can never reach a
backend. Expressions are already :mod:`cqdt.dsl.expr` nodes (their names are checked later).

Statements inside a block may come in any order; the lists below keep declaration order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cqdt.diagnostics import NO_SPAN, Span
from cqdt.dsl.expr import Expr


@dataclass(frozen=True)
class Name:
    """An id as written, with its own span (for "unknown name" and "duplicate id" markers)."""

    text: str
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class SurfaceMax:
    """``max 10`` (``uniform``) or ``max { province 10 district 8 }`` (``per_tier``)."""

    uniform: float | None = None
    per_tier: tuple[tuple[Name, float], ...] = ()
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class SurfaceTier:
    name: Name
    label: str
    span: Span = field(default=NO_SPAN, compare=False)
    comments: tuple[str, ...] = field(default=(), compare=False)
    end_comment: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SurfaceInput:
    name: Name
    label: str | None
    type: str  # an InputType value: "number", "count", …
    choices: tuple[str, ...] = ()
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    at_most: Name | None = None
    missing: str | None = None  # a MissingPolicy value
    description: str | None = None
    span: Span = field(default=NO_SPAN, compare=False)
    comments: tuple[str, ...] = field(default=(), compare=False)
    end_comment: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SurfaceValue:
    name: Name
    label: str | None
    expr: Expr
    span: Span = field(default=NO_SPAN, compare=False)
    comments: tuple[str, ...] = field(default=(), compare=False)
    end_comment: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SurfaceIndicator:
    """An ``indicator`` or (``is_item``) an ``item``."""

    name: Name
    label: str
    max: SurfaceMax | None
    for_tiers: tuple[Name, ...] | None
    scored: bool
    is_item: bool
    description: str | None = None
    reference: str | None = None
    weight: float | None = None
    inputs: tuple[SurfaceInput, ...] = ()
    values: tuple[SurfaceValue, ...] = ()
    rules: tuple[tuple[Expr, Span], ...] = ()  # normally one; more is a diagnostic
    items: tuple[SurfaceIndicator, ...] = ()
    #: ``bonus points`` / ``penalty points`` on the header: "bonus", "penalty" or None
    adjustment: str | None = None
    #: ``not applicable when COND : POINTS``: ((COND, POINTS), span); normally at most one
    not_applicable: tuple[tuple[tuple[Expr, Expr], Span], ...] = ()
    span: Span = field(default=NO_SPAN, compare=False)
    comments: tuple[str, ...] = field(default=(), compare=False)
    end_comment: str | None = field(default=None, compare=False)
    statement_comments: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class SurfaceGroup:
    name: Name
    label: str
    max: SurfaceMax | None
    for_tiers: tuple[Name, ...] | None
    scored: bool
    #: ``bonus points`` / ``penalty points`` on the header: "bonus", "penalty" or None
    adjustment: str | None = None
    description: str | None = None
    reference: str | None = None
    weight: float | None = None
    aggregation: str | None = None  # an Aggregation value
    inputs: tuple[SurfaceInput, ...] = ()
    values: tuple[SurfaceValue, ...] = ()
    indicators: tuple[SurfaceIndicator, ...] = ()
    span: Span = field(default=NO_SPAN, compare=False)
    comments: tuple[str, ...] = field(default=(), compare=False)
    end_comment: str | None = field(default=None, compare=False)
    statement_comments: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class SurfaceCondition:
    subject: str  # a Subject value
    op: str
    threshold: float
    percent: bool
    group: Name | None = None
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class SurfaceLevel:
    name: Name
    label: str
    conditions: tuple[SurfaceCondition, ...]
    span: Span = field(default=NO_SPAN, compare=False)
    comments: tuple[str, ...] = field(default=(), compare=False)
    end_comment: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SurfaceLevels:
    levels: tuple[SurfaceLevel, ...]
    otherwise: tuple[Name, str] | None = None
    span: Span = field(default=NO_SPAN, compare=False)
    comments: tuple[str, ...] = field(default=(), compare=False)
    end_comment: str | None = field(default=None, compare=False)
    statement_comments: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class SurfaceCategory:
    name: Name
    label: str
    max: SurfaceMax | None
    #: ``for TIERS`` on the header: the tiers its groups apply to by default (None: not written)
    for_tiers: tuple[Name, ...] | None = None
    description: str | None = None
    reference: str | None = None
    weight: float | None = None
    aggregation: str | None = None
    inputs: tuple[SurfaceInput, ...] = ()
    values: tuple[SurfaceValue, ...] = ()
    groups: tuple[SurfaceGroup, ...] = ()
    levels: tuple[SurfaceLevels, ...] = ()  # normally at most one
    span: Span = field(default=NO_SPAN, compare=False)
    comments: tuple[str, ...] = field(default=(), compare=False)
    end_comment: str | None = field(default=None, compare=False)
    statement_comments: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class SurfaceTieBreak:
    measure: Expr
    descending: bool = True
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class SurfaceRanking:
    measure: Expr
    descending: bool = True
    ties: str | None = None  # a TiePolicy value
    tiebreaks: tuple[SurfaceTieBreak, ...] = ()
    unclassified: str | None = None  # an UnclassifiedRanking value
    span: Span = field(default=NO_SPAN, compare=False)
    comments: tuple[str, ...] = field(default=(), compare=False)
    end_comment: str | None = field(default=None, compare=False)
    statement_comments: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class SurfaceTotal:
    label: str | None
    expr: Expr
    span: Span = field(default=NO_SPAN, compare=False)
    comments: tuple[str, ...] = field(default=(), compare=False)
    end_comment: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SurfaceFramework:
    """A whole file. Single-valued statements (``year``, ``total`` …) are kept as tuples so a
    repeated one can be reported instead of silently overwritten."""

    name: Name
    title: str
    years: tuple[tuple[int, Span], ...] = ()
    periods: tuple[tuple[str, Span], ...] = ()
    versions: tuple[tuple[str, Span], ...] = ()
    basis: tuple[str, ...] = ()
    issuers: tuple[tuple[str, Span], ...] = ()
    descriptions: tuple[tuple[str, Span], ...] = ()
    decimals: tuple[tuple[int, Span], ...] = ()
    #: ``points scale N`` / ``{ tier N … }``: (SurfaceMax, span); normally at most one
    scales: tuple[tuple[SurfaceMax, Span], ...] = ()
    tiers: tuple[SurfaceTier, ...] = ()
    tier_blocks: int = 0
    inputs: tuple[SurfaceInput, ...] = ()
    values: tuple[SurfaceValue, ...] = ()
    categories: tuple[SurfaceCategory, ...] = ()
    totals: tuple[SurfaceTotal, ...] = ()
    rankings: tuple[SurfaceRanking, ...] = ()
    #: indexes, growths and named rankings (:mod:`cqdt.dsl.ast_aggregates`), in file order
    indexes: tuple = ()
    growths: tuple = ()
    named_rankings: tuple = ()
    span: Span = field(default=NO_SPAN, compare=False)
    comments: tuple[str, ...] = field(default=(), compare=False)
    trailing_comments: tuple[str, ...] = field(default=(), compare=False)
    statement_comments: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), compare=False)
