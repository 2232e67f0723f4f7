"""Indexes over node scores, growth against last year, and rankings of their own.

Published frameworks report more than one total. The provincial DTI (QĐ 922/QĐ-BTTTT) counts
its foundation group in each of three pillars, publishes each pillar as points / scale on 0–1,
ranks every pillar separately and reports the change against the previous year. A node of the
hierarchy has one parent only, so these live beside it:

- :class:`Index` — ``index cqs "Chính quyền số" of nen_tang, hd_cq max 700``: the points of the
  named nodes added up, divided by their maximum for the unit's tier (the "chỉ số" of a decision's
  table). A node may count in any number of indexes.
- :class:`Growth` — ``growth dti_tang "…" on dti from dti_2021``: the index minus last year's
  value (an input); not applicable (empty) when last year's value was not given, never "growth
  equal to the whole index".
- :class:`NamedRanking` — ``ranking cqs_rank "…" { by cqs }``: a rank column of its own, ranked
  within each tier like the main ranking.

``Framework.indexes``, ``.growths`` and ``.rankings`` hold them, in file order.

>>> ix = Index("cqs", "Chính quyền số", ("nen_tang", "hd_cq"), TierMax.uniform(("province",), 700))
>>> ix.max_for("province"), ix.points_column, ix.max_column
(700.0, 'cqs.points', 'cqs.max')
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from cqdt.compiler.model.nodes import Category, Framework, LevelTable, Ranking, TierMax
from cqdt.diagnostics import NO_SPAN, Span
from cqdt.dsl.expr import Expr, Ref

__all__ = [
    "Growth",
    "Index",
    "NamedRanking",
    "index_members",
    "score_readers",
]


@dataclass(frozen=True)
class Index:
    """An index: the points of ``members`` added up (members that do not apply to a tier count
    nothing there), over ``maxima`` (per tier; checked to equal the members' maxima).

    It is shown with the framework's ``decimals`` + 2 (a share on 0–1 needs two more decimals
    than points do: 2 for points, 4 for the DTI's published indexes).
    """

    id: str
    label: str
    members: tuple[str, ...]
    maxima: TierMax
    #: a level table on the index's points (``score >= 85``) or share (``score >= 85%``)
    levels: LevelTable | None = None
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    #: where each member is written (for the markers of diagnostics)
    member_spans: tuple[Span, ...] = field(default=(), compare=False, repr=False)
    comments: tuple[str, ...] = field(default=(), compare=False, repr=False)
    end_comment: str | None = field(default=None, compare=False, repr=False)

    def max_for(self, tier: str) -> float | None:
        return self.maxima.get(tier)

    def decimals(self, fw: Framework) -> int:
        """Decimals shown for the index's value."""
        return min(fw.decimals + 2, 6)

    def as_category(self, column: str | None = None) -> Category:
        """The index seen as a category without groups whose score is its points: what the
        level checks read (named by the index's id) and the level plan reads (``column``:
        ``<id>.points``, the column a condition on ``score`` compares)."""
        return Category(
            column or self.id, self.label, self.maxima, (), levels=self.levels, span=self.span
        )

    @property
    def level_column(self) -> str:
        return self.id + ".level"

    @property
    def points_column(self) -> str:
        return self.id + ".points"

    @property
    def max_column(self) -> str:
        return self.id + ".max"


@dataclass(frozen=True)
class Growth:
    """``of`` (an index) minus ``previous`` (an input: last year's published value)."""

    id: str
    label: str
    of: str
    previous: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    comments: tuple[str, ...] = field(default=(), compare=False, repr=False)
    end_comment: str | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class NamedRanking:
    """A ranking with its own id (its column in the results) and label."""

    id: str
    label: str
    ranking: Ranking
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


def index_members(fw: Framework, index: Index) -> Iterator[tuple[str, object]]:
    """``(member id, node)`` of each member that names a node of the hierarchy."""
    nodes = {c.id: c for c in fw.categories}
    nodes.update({g.id: g for _, g in fw.groups()})
    nodes.update({i.id: i for _, _, i in fw.indicators()})
    for member in index.members:
        if member in nodes:
            yield member, nodes[member]


def score_readers(fw: Framework) -> Iterator[Expr]:
    """Expressions of these declarations that read inputs for every tier: last year's value of
    each growth, the measures of named rankings (for :func:`~cqdt.compiler.model.contract.readers`)."""
    for growth in fw.growths:
        yield Ref(growth.previous)
    for named in fw.rankings:
        yield named.ranking.measure
        yield from (t.measure for t in named.ranking.tiebreaks)
