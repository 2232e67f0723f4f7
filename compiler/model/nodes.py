"""The framework model: what a checked ``.cqdt`` file means.

This is the heart of cqdt. It is produced from the surface syntax by ``compiler.from_surface``
(names resolved, per-tier maxima and applicability worked out) and validated by the check passes.
Everything downstream reads it: the scoring plan and its backends, the data-entry contract, the
diff, the printer behind ``cqdt fmt``, the annex's methods note.

Conventions:

- Nodes are frozen dataclasses; collections are tuples, so models can be compared and hashed.
- Ids are ASCII and unique across the whole framework (inputs, derived values, indicators,
  sub-items, groups and categories share one namespace), so each is also the name of its
  column in the results frame. Level ids are values of ``<category>.level``, not columns: they
  need only be unique within their table (``muc_1`` appears in every category).
- Source spans and comments are kept for diagnostics and the printer and never take part in
  equality: a framework that only changed layout or comments is the same framework.
- Maxima are per tier (:class:`TierMax`): a node applies exactly to the tiers listed in its
  ``maxima``. A node that applies to no tier does not score.

Example (built by hand; normally it comes from the parser)::

    >>> from cqdt.dsl.expr import Ref, Binary, MaxPoints
    >>> pc = Indicator(id="pc_ratio", label="Tỷ lệ CBCC có máy tính",
    ...                maxima=TierMax.uniform(("province",), 10.0),
    ...                rule=Binary("*", Binary("/", Ref("pcs"), Ref("staff")), MaxPoints()))
    >>> pc.max_for("province"), pc.max_for("commune")
    (10.0, None)
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field

from cqdt.diagnostics import NO_SPAN, Span
from cqdt.dsl.expr import Expr

#: Points outside a parent's budget: the sign each kind gives its points in the parent's sum.
ADJUSTMENTS = {"bonus": 1.0, "penalty": -1.0}


def is_informational(category) -> bool:
    """A category whose groups are all ``not scored`` ("Thông tin chung"): shown, never
    counted; its max is 0 where its groups apply."""
    return bool(category.groups) and not any(g.scored for g in category.groups)


def counts_in_budget(node) -> bool:
    """Whether ``node``'s max is part of its parent's budget: scored and no bonus/penalty."""
    return node.scored and getattr(node, "adjustment", None) is None


class InputType(enum.Enum):
    """What a unit reports. Values in the results frame: NUMBER/COUNT/PERCENT → float
    (a percent is a fraction, 85% = 0.85), YESNO → bool, CHOICE/TEXT → str."""

    NUMBER = "number"
    COUNT = "count"  # a whole number ≥ 0
    PERCENT = "percent"
    YESNO = "yesno"
    CHOICE = "choice"
    TEXT = "text"  # informational only: never used in a rule


class MissingPolicy(enum.Enum):
    """What an empty answer means.

    ERROR: the data cannot be scored until the unit answers (reported by the reader).
    ZERO: counts as 0 / no (for a choice: no option, so a ``case`` takes ``otherwise``).
    UNCLASSIFIED: counts as 0 / no for the points, and every category whose score depends on
    the input gets the unclassified outcome for that unit.
    EMPTY: stays missing: arithmetic on it is missing, tier statistics skip it, and a rule says
    what it scores then (``is missing``, imputation by ``median``…); raw data of an index.
    """

    ERROR = "error"
    ZERO = "zero"
    UNCLASSIFIED = "unclassified"
    EMPTY = "empty"


class Aggregation(enum.Enum):
    """How a group or category combines its children's points (over the applicable ones).

    SUM: the sum; the parent's max must equal the sum of the children's maxima.
    MEAN: the plain mean; every child must have the parent's max.
    WEIGHTED: sum(weight × points) / sum(weight); every child must have the parent's max
    and a weight.
    """

    SUM = "sum"
    MEAN = "mean"
    WEIGHTED = "weighted"


class TiePolicy(enum.Enum):
    """How equal measures share ranks.

    COMPETITION: 1-2-2-4, as the Ministry publishes (the default).
    DENSE: 1-2-2-3.
    """

    COMPETITION = "competition"
    DENSE = "dense"


class UnclassifiedRanking(enum.Enum):
    """Where units unclassified in every category stand in the ranking.

    RANKED: ranked like everyone else (the default). LAST: ranked after all classified units.
    UNRANKED: given no rank.
    """

    RANKED = "ranked"
    LAST = "last"
    UNRANKED = "unranked"


@dataclass(frozen=True)
class TierMax:
    """Maximum points per tier, in the framework's tier order: ``(("province", 10.0), …)``."""

    entries: tuple[tuple[str, float], ...]

    @staticmethod
    def uniform(tiers: tuple[str, ...], value: float) -> TierMax:
        return TierMax(tuple((t, float(value)) for t in tiers))

    def get(self, tier: str) -> float | None:
        for t, v in self.entries:
            if t == tier:
                return v
        return None

    @property
    def tiers(self) -> tuple[str, ...]:
        return tuple(t for t, _ in self.entries)

    def is_uniform(self) -> bool:
        return len({v for _, v in self.entries}) <= 1


@dataclass(frozen=True)
class Tier:
    id: str
    label: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    comments: tuple[str, ...] = field(default=(), compare=False, repr=False)
    #: a comment at the end of the declaration's last line (layout only, kept by ``cqdt fmt``)
    end_comment: str | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Input:
    """A value each unit reports on its survey form; one workbook column.

    ``minimum``/``maximum`` are the valid range (for a percent, fractions: 0.0–1.0);
    ``at_most`` names another input this one cannot exceed (computers with antivirus ≤
    computers). ``tiers`` are the tiers whose form asks for it: those of the scoring nodes that
    use it (worked out by ``from_surface``).
    """

    id: str
    label: str
    type: InputType
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    at_most: str | None = None
    choices: tuple[str, ...] = ()
    missing: MissingPolicy = MissingPolicy.ERROR
    description: str | None = None
    tiers: tuple[str, ...] = ()
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    comments: tuple[str, ...] = field(default=(), compare=False, repr=False)
    #: a comment at the end of the declaration's last line (layout only, kept by ``cqdt fmt``)
    end_comment: str | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Derived:
    """A named value computed from inputs (and other derived values): ``value x = a / b``."""

    id: str
    label: str | None
    expr: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    comments: tuple[str, ...] = field(default=(), compare=False, repr=False)
    #: a comment at the end of the declaration's last line (layout only, kept by ``cqdt fmt``)
    end_comment: str | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Indicator:
    """A criterion (tiêu chí) scored for each unit, or a sub-item of one.

    Exactly one of ``rule`` and ``items`` is given: a leaf indicator has a rule giving its
    points; an indicator with sub-items scores the sum of its items (its max must equal theirs).
    ``scored=False`` marks an informational node: shown, never counted.
    """

    id: str
    label: str
    maxima: TierMax
    rule: Expr | None = None
    items: tuple[Indicator, ...] = ()
    weight: float | None = None
    scored: bool = True
    description: str | None = None
    reference: str | None = None  # legal reference, e.g. "Điều 5, khoản 2"
    #: ``not applicable when COND : POINTS`` was written: ``rule`` is then
    #: ``If(COND, POINTS, the points rule)`` (so every check and backend reads one rule) and
    #: the results say "không áp dụng" where COND holds (:func:`not_applicable_parts`)
    not_applicable: bool = False
    #: "bonus" (điểm cộng) or "penalty" (điểm trừ): outside the parent's budget, added to or
    #: deducted from its score, at most ``maxima`` (:data:`ADJUSTMENTS`); None: an ordinary node
    adjustment: str | None = None
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    comments: tuple[str, ...] = field(default=(), compare=False, repr=False)
    #: a comment at the end of the declaration's last line (layout only, kept by ``cqdt fmt``)
    end_comment: str | None = field(default=None, compare=False, repr=False)
    #: comments before the statements inside this node, by statement ("description",
    #: "reference", "points", …): layout only, kept by ``cqdt fmt``
    statement_comments: tuple[tuple[str, tuple[str, ...]], ...] = field(
        default=(), compare=False, repr=False
    )

    def max_for(self, tier: str) -> float | None:
        return self.maxima.get(tier)

    def applies_to(self, tier: str) -> bool:
        return self.maxima.get(tier) is not None


def not_applicable_parts(ind: Indicator) -> tuple[Expr, Expr, Expr] | None:
    """``(condition, points when not applicable, the points rule)`` of an indicator with a
    ``not applicable`` clause, else None."""
    from cqdt.dsl.expr import If

    if not ind.not_applicable or not isinstance(ind.rule, If):
        return None
    return ind.rule.cond, ind.rule.then, ind.rule.otherwise


@dataclass(frozen=True)
class Group:
    """A criteria group (nhóm tiêu chí)."""

    id: str
    label: str
    maxima: TierMax
    indicators: tuple[Indicator, ...]
    aggregation: Aggregation = Aggregation.SUM
    weight: float | None = None
    scored: bool = True
    #: as :attr:`Indicator.adjustment`
    adjustment: str | None = None
    description: str | None = None
    reference: str | None = None
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    comments: tuple[str, ...] = field(default=(), compare=False, repr=False)
    #: a comment at the end of the declaration's last line (layout only, kept by ``cqdt fmt``)
    end_comment: str | None = field(default=None, compare=False, repr=False)
    #: comments before the statements inside this node, by statement ("description",
    #: "reference", "points", …): layout only, kept by ``cqdt fmt``
    statement_comments: tuple[tuple[str, tuple[str, ...]], ...] = field(
        default=(), compare=False, repr=False
    )

    def max_for(self, tier: str) -> float | None:
        return self.maxima.get(tier)

    def applies_to(self, tier: str) -> bool:
        return self.maxima.get(tier) is not None


class Subject(enum.Enum):
    """What a level condition looks at."""

    SCORE = "score"  # the category's score
    GROUP = "group"  # one named group's score
    EACH_GROUP = "each_group"  # every applicable group of the category


@dataclass(frozen=True)
class Condition:
    """``score >= 90%``, ``group infrastructure >= 50%``, ``each group >= 70%``.

    ``percent=True``: the threshold is a fraction of the subject's max for the unit's tier;
    otherwise it is in points.
    """

    subject: Subject
    op: str  # ">=" or ">"
    threshold: float
    percent: bool
    group: str | None = None  # for Subject.GROUP
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Level:
    """One row of a level table: the unit gets this level when all conditions hold."""

    id: str
    label: str
    conditions: tuple[Condition, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    comments: tuple[str, ...] = field(default=(), compare=False, repr=False)
    #: a comment at the end of the declaration's last line (layout only, kept by ``cqdt fmt``)
    end_comment: str | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class LevelTable:
    """Ordered best first (Mức 1 … Mức 4); the first row that holds wins, else unclassified."""

    levels: tuple[Level, ...]
    unclassified_id: str = "unclassified"
    unclassified_label: str = "Không xếp loại"
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    comments: tuple[str, ...] = field(default=(), compare=False, repr=False)
    #: a comment at the end of the declaration's last line (layout only, kept by ``cqdt fmt``)
    end_comment: str | None = field(default=None, compare=False, repr=False)
    #: comments before the statements inside this node, by statement ("description",
    #: "reference", "points", …): layout only, kept by ``cqdt fmt``
    statement_comments: tuple[tuple[str, tuple[str, ...]], ...] = field(
        default=(), compare=False, repr=False
    )


@dataclass(frozen=True)
class Category:
    """A category (hạng mục), rated on its own level table."""

    id: str
    label: str
    maxima: TierMax
    groups: tuple[Group, ...]
    levels: LevelTable | None = None
    aggregation: Aggregation = Aggregation.SUM
    weight: float | None = None
    description: str | None = None
    reference: str | None = None
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    comments: tuple[str, ...] = field(default=(), compare=False, repr=False)
    #: a comment at the end of the declaration's last line (layout only, kept by ``cqdt fmt``)
    end_comment: str | None = field(default=None, compare=False, repr=False)
    #: comments before the statements inside this node, by statement ("description",
    #: "reference", "points", …): layout only, kept by ``cqdt fmt``
    statement_comments: tuple[tuple[str, tuple[str, ...]], ...] = field(
        default=(), compare=False, repr=False
    )

    def max_for(self, tier: str) -> float | None:
        return self.maxima.get(tier)


@dataclass(frozen=True)
class TieBreak:
    measure: Expr
    descending: bool = True


@dataclass(frozen=True)
class Ranking:
    """Rank within each tier by ``measure`` (usually ``total``), on unrounded values.

    Measures equal to within 1e-9 are ties (floating-point noise is not a difference); tie-breaks
    are tried in order before the tie policy applies.
    """

    measure: Expr
    descending: bool = True
    ties: TiePolicy = TiePolicy.COMPETITION
    tiebreaks: tuple[TieBreak, ...] = ()
    unclassified: UnclassifiedRanking = UnclassifiedRanking.RANKED
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    comments: tuple[str, ...] = field(default=(), compare=False, repr=False)
    #: a comment at the end of the declaration's last line (layout only, kept by ``cqdt fmt``)
    end_comment: str | None = field(default=None, compare=False, repr=False)
    #: comments before the statements inside this node, by statement ("description",
    #: "reference", "points", …): layout only, kept by ``cqdt fmt``
    statement_comments: tuple[tuple[str, tuple[str, ...]], ...] = field(
        default=(), compare=False, repr=False
    )


@dataclass(frozen=True)
class Metadata:
    title: str
    year: int | None = None
    period: str | None = None  # effective period, free text ("01/01/2018 – 31/12/2018")
    version: str | None = None
    basis: tuple[str, ...] = ()  # legal basis, one entry per document
    issuer: str | None = None  # the body that issues the decision ("UBND tỉnh Bắc Kạn")
    description: str | None = None


@dataclass(frozen=True)
class Framework:
    """A whole evaluation framework.

    ``inputs`` lists every input in declaration order (inputs may be declared at the top or
    inside a group/indicator; where they sit only decides their order on the form).
    ``total`` is the measure published as the total (default: sum of the categories);
    ``decimals`` is how many decimals are displayed (display only; ranks use unrounded values).
    """

    id: str
    meta: Metadata
    tiers: tuple[Tier, ...]
    inputs: tuple[Input, ...]
    derived: tuple[Derived, ...]
    categories: tuple[Category, ...]
    total: Expr
    total_label: str = "Tổng điểm"
    ranking: Ranking | None = None
    decimals: int = 2
    #: indexes, growths and named rankings (:mod:`cqdt.compiler.model.aggregates`), file order
    indexes: tuple = ()
    growths: tuple = ()
    rankings: tuple = ()
    #: ``points scale`` (thang điểm) per tier: what the categories' maxima must add up to
    scale: TierMax | None = None
    scale_span: Span = field(default=NO_SPAN, compare=False, repr=False)
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    comments: tuple[str, ...] = field(default=(), compare=False, repr=False)
    #: comments after the last declaration (printed at the end of the framework block)
    trailing_comments: tuple[str, ...] = field(default=(), compare=False, repr=False)
    #: comments before the statements inside this node, by statement ("description",
    #: "reference", "points", …): layout only, kept by ``cqdt fmt``
    statement_comments: tuple[tuple[str, tuple[str, ...]], ...] = field(
        default=(), compare=False, repr=False
    )

    # -- navigation helpers: read-only views used by every later stage ---------------------

    @property
    def tier_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.tiers)

    def tier(self, tier_id: str) -> Tier:
        return next(t for t in self.tiers if t.id == tier_id)

    def input(self, input_id: str) -> Input:
        return next(i for i in self.inputs if i.id == input_id)

    def groups(self) -> Iterator[tuple[Category, Group]]:
        for category in self.categories:
            for group in category.groups:
                yield category, group

    def indicators(self) -> Iterator[tuple[Category, Group, Indicator]]:
        """Every indicator and sub-item, parents before their items."""
        for category, group in self.groups():
            for indicator in group.indicators:
                yield category, group, indicator
                for item in indicator.items:
                    yield category, group, item

    def node(self, node_id: str):
        """The node (input, derived value, indicator, item, group, category) named ``node_id``."""
        for inp in self.inputs:
            if inp.id == node_id:
                return inp
        for d in self.derived:
            if d.id == node_id:
                return d
        for category in self.categories:
            if category.id == node_id:
                return category
            for group in category.groups:
                if group.id == node_id:
                    return group
        for _, _, ind in self.indicators():
            if ind.id == node_id:
                return ind
        raise KeyError(node_id)
