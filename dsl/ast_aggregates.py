"""Surface syntax of the declarations that read node scores: indexes, growth, named rankings.

Kept apart from :mod:`cqdt.dsl.ast` (the hierarchy) because they stand outside the tree of
categories: an index names the nodes it counts (a node may count in several indexes, as the
foundation group of the provincial DTI counts in all three pillars), a growth compares an index
with last year's value, a named ranking ranks by any score. Lowered by
:mod:`cqdt.compiler.model.aggregates`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cqdt.diagnostics import NO_SPAN, Span
from cqdt.dsl.ast import Name, SurfaceLevels, SurfaceMax, SurfaceRanking


@dataclass(frozen=True)
class SurfaceIndex:
    """``index cqs "Chính quyền số" of nen_tang, hd_cq max 700``."""

    name: Name
    label: str
    members: tuple[Name, ...]
    max: SurfaceMax | None = None
    levels: SurfaceLevels | None = None
    span: Span = field(default=NO_SPAN, compare=False)
    comments: tuple[str, ...] = field(default=(), compare=False)
    end_comment: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SurfaceGrowth:
    """``growth dti_tang "Tăng so với năm trước" on dti from dti_2021``."""

    name: Name
    label: str
    of: Name
    previous: Name
    span: Span = field(default=NO_SPAN, compare=False)
    comments: tuple[str, ...] = field(default=(), compare=False)
    end_comment: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SurfaceNamedRanking:
    """``ranking cqs_rank "Xếp hạng Chính quyền số" { by cqs … }``: a rank of its own."""

    name: Name
    label: str
    ranking: SurfaceRanking
