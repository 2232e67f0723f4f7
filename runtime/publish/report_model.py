"""The report model: everything the annex shows, as plain frozen values.

Templates read these dataclasses and nothing else, so every format prints the same digits and
no template sees a Polars object or decides a rounding. ``report.build_report`` fills them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "CategoryCell",
    "CategoryColumn",
    "CategorySummary",
    "DecisionView",
    "LevelCount",
    "LevelRule",
    "MethodsNote",
    "ProvenanceView",
    "Report",
    "TierSection",
    "UnitRow",
]


@dataclass(frozen=True)
class CategoryColumn:
    """A category as a column pair (points, level) of a tier's table."""

    id: str
    label: str
    max: float | None
    max_text: str
    has_levels: bool


@dataclass(frozen=True)
class CategoryCell:
    """One unit's result in one category."""

    category_id: str
    score: float | None
    score_text: str
    max: float | None
    level_id: str | None
    level_label: str
    classified: bool | None
    fraction: float  # score / max, 0–1, for bars


@dataclass(frozen=True)
class UnitRow:
    stt: int
    code: str
    name: str
    cells: tuple[CategoryCell, ...]
    total: float | None
    total_text: str
    rank: int | None
    rank_text: str
    total_fraction: float  # total / tier's total max (or / best total), 0–1, for bars
    status: str = ""  # why the unit has no result ("chưa gửi phiếu"), empty when it has one


@dataclass(frozen=True)
class LevelCount:
    """How many units of a tier reached one level of a category, and their share."""

    level_id: str
    label: str
    count: int
    share: float
    share_text: str
    unclassified: bool


@dataclass(frozen=True)
class CategorySummary:
    category_id: str
    label: str
    units: int
    counts: tuple[LevelCount, ...]


@dataclass(frozen=True)
class TierSection:
    """One tier's ranking table, level summary and chart data."""

    id: str
    label: str
    columns: tuple[CategoryColumn, ...]
    rows: tuple[UnitRow, ...]
    summaries: tuple[CategorySummary, ...]
    summary_uniform: bool  # every category has the same level labels: one wide table
    units: int
    unclassified_everywhere: int
    unclassified_everywhere_text: str  # share, e.g. "60%"
    total_max: float | None
    total_max_text: str


@dataclass(frozen=True)
class LevelRule:
    """A level row in words: ``Mức 1`` — ``điểm ≥ 90% điểm tối đa và mỗi nhóm ≥ 70% …``."""

    label: str
    rule: str


@dataclass(frozen=True)
class MethodsNote:
    title: str
    basis: tuple[str, ...]
    levels: tuple[tuple[str, tuple[LevelRule, ...]], ...]  # (category label, rows)
    ranking: tuple[str, ...]  # sentences
    rounding: str


@dataclass(frozen=True)
class ProvenanceView:
    framework_id: str
    framework_path: str
    framework_sha256: str
    inputs: tuple[tuple[str, str], ...]
    tool_version: str


@dataclass(frozen=True)
class DecisionView:
    """The decision facts as printed, with dots where a fact is not known yet."""

    issuer: str  # "UBND tỉnh Bắc Kạn"
    issuer_caps: str  # "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN"
    annex_title: str  # "PHỤ LỤC" or "PHỤ LỤC II"
    attached_line: str  # "(Kèm theo Quyết định số … của UBND tỉnh Bắc Kạn)"
    place_date: str  # "Bắc Kạn, ngày 21 tháng 02 năm 2019", "" when neither is known
    signer_title: str
    signer_name: str
    number: str | None
    date_iso: str | None


@dataclass(frozen=True)
class Report:
    """Everything the annex shows. Plain values only; templates read nothing else."""

    lang: str
    labels: Mapping[str, str] = field(hash=False)
    framework_id: str
    title: str
    subtitle: str  # the title, with "Kết quả đánh giá năm 2018" unless it already names the year
    year: int | None
    decimals: int
    decision: DecisionView
    tiers: tuple[TierSection, ...]
    methods: MethodsNote
    provenance: ProvenanceView | None
    total_label: str
