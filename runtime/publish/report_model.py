"""The report model: everything the annex shows, as plain frozen values.

Templates read these dataclasses and nothing else, so every format prints the same digits and
no template sees a Polars object or decides a rounding. ``report.build_report`` fills them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "GroupCell",
    "GroupColumn",
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
class GroupColumn:
    """A group (pillar) shown as its own column before its category's points."""

    id: str
    label: str
    max_text: str


@dataclass(frozen=True)
class GroupCell:
    group_id: str
    score: float | None
    score_text: str


@dataclass(frozen=True)
class CategoryColumn:
    """A category as columns of a tier's table: its groups (when asked for), points, level."""

    id: str
    label: str
    max: float | None
    max_text: str
    has_levels: bool
    groups: tuple[GroupColumn, ...] = ()

    @property
    def span(self) -> int:
        """How many table columns the category takes."""
        return len(self.groups) + 1 + (1 if self.has_levels else 0)


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
    groups: tuple[GroupCell, ...] = ()


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
    """The decision facts as printed, with dots where a fact is not known yet.

    ``neutral`` is the style of an index that is no Vietnamese decision: no national title and
    motto, no "PHỤ LỤC" or "Kèm theo" line unless their facts are given, no signer dots.
    """

    issuer: str  # "UBND tỉnh Bắc Kạn"
    issuer_caps: str  # "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN" (lines joined by "\n")
    #: The header's lines of the issuing body; no line breaks inside a place name.
    issuer_lines: tuple[str, ...]
    annex_title: str  # "PHỤ LỤC" or "PHỤ LỤC II"; "" in the neutral style without a number
    results_title: str  # "KẾT QUẢ ĐÁNH GIÁ, XẾP HẠNG …"
    attached_line: str  # "(Kèm theo Quyết định số … của UBND tỉnh Bắc Kạn)"; "" when neutral
    place_date: str  # "Bắc Kạn, ngày 21 tháng 02 năm 2019", "" when neither is known
    signer_title: str  # dots when not known (decision style)
    signer_name: str
    #: The signer's title as printed, one line per element ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH").
    signer_lines: tuple[str, ...]
    show_signer: bool
    number: str | None
    date_iso: str | None
    neutral: bool = False
    charts: bool = True
    provenance_page: bool = True


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
    #: Wide tables: the whole annex is printed A4 landscape (HTML/PDF and DOCX).
    wide: bool = False
    #: Any tier has a level summary (no empty "Tổng hợp mức đạt được" heading otherwise).
    has_summaries: bool = False
