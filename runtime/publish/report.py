"""The report model: everything the annex shows, as plain values, checked before rendering.

``build_report`` turns a framework and its results frame into frozen dataclasses holding both
the numbers (for charts) and their display text (rounded once, Vietnamese style), so every
format prints the same digits and templates never see a Polars object or decide a rounding.

It also refuses to publish numbers that do not add up: when the published total is the sum of
the categories, each unit's displayed category scores must add up to its displayed total under
the declared rounding (87,61 + 10,00 = 97,61). If rounding makes them disagree the build stops
with a diagnostic naming the unit and the numbers, because a signed annex cannot be corrected.

Example (hand-built results; normally they come from ``runtime.run``)::

    report = build_report(fw, results, provenance, DecisionInfo(number="290/QĐ-UBND"))
    report.tiers[0].rows[0].name        # the best unit of the first tier
    report.tiers[0].summaries[0].counts  # how many units at each level, with shares
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl

from cqdt.compiler.model.nodes import (
    Category,
    Condition,
    Framework,
    Subject,
    TiePolicy,
    UnclassifiedRanking,
)
from cqdt.compiler.plan.columns import (
    IDENTITY,
    RANK,
    TOTAL,
    classified_column,
    level_column,
    max_column,
)
from cqdt.diagnostics import CqdtError, Diagnostic, diagnostic
from cqdt.dsl.expr import Binary, Expr, Ref
from cqdt.i18n import language
from cqdt.number_format import (
    format_decimal,
    format_number,
    format_percent,
    needed_decimals,
    round_display,
    to_roman,
)
from cqdt.runtime.publish.decision import DecisionInfo
from cqdt.runtime.publish.report_messages import CATALOGUE  # noqa: F401 - registers the codes
from cqdt.runtime.publish.report_messages import labels as label_table

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
    "build_report",
    "whole_percents",
]


# -- the model ------------------------------------------------------------------------------


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


# -- building ---------------------------------------------------------------------------------


def build_report(
    fw: Framework,
    results: pl.DataFrame,
    provenance: Any,
    decision: DecisionInfo | None = None,
) -> Report:
    """The report model of ``results`` (one row per unit) under ``fw``.

    Tiers come in framework order, units by rank then code (unranked last). Raises
    :class:`CqdtError` when a column the annex needs is missing or when a unit's displayed
    category scores do not add up to its displayed total.
    """
    lang = language()
    words = label_table(lang)
    _require_columns(fw, results)
    problems = _unknown_tiers(fw, results)
    sections = []
    for tier in fw.tiers:
        frame = results.filter(pl.col("tier") == tier.id)
        section = _tier_section(fw, tier.id, tier.label, frame, words, lang)
        problems += _check_sums(fw, section, lang)
        sections.append(section)
    if problems:
        raise CqdtError(problems)
    decision_view = _decision_view(fw, decision or DecisionInfo(), words)
    return Report(
        lang=lang,
        labels=words,
        framework_id=fw.id,
        title=fw.meta.title,
        subtitle=_subtitle(fw, words),
        year=fw.meta.year,
        decimals=fw.decimals,
        decision=decision_view,
        tiers=tuple(sections),
        methods=_methods(fw, words, lang),
        provenance=_provenance(provenance),
        total_label=fw.total_label,
    )


def _subtitle(fw: Framework, words) -> str:
    title = fw.meta.title
    if fw.meta.year is None or str(fw.meta.year) in title:
        return title
    return f"{title} — {words['results_of'].format(year=fw.meta.year)}"


def _require_columns(fw: Framework, results: pl.DataFrame) -> None:
    needed = [*IDENTITY, TOTAL, RANK]
    for category in fw.categories:
        needed += [category.id, max_column(category.id)]
        if category.levels is not None:
            needed.append(level_column(category.id))
    missing = [c for c in needed if c not in results.columns]
    if missing:
        raise CqdtError([diagnostic("annex-column", column=column) for column in missing])


def _unknown_tiers(fw: Framework, results: pl.DataFrame) -> list[Diagnostic]:
    """Units whose tier the framework does not know would vanish from the annex: refuse."""
    known = set(fw.tier_ids)
    strays = results.filter(~pl.col("tier").is_in(list(known)) | pl.col("tier").is_null())
    return [
        diagnostic(
            "annex-tier", code=str(row["code"]), tier=str(row["tier"]), tiers=", ".join(fw.tier_ids)
        )
        for row in strays.select("code", "tier").to_dicts()
    ]


def _tier_section(
    fw: Framework, tier_id: str, tier_label: str, frame: pl.DataFrame, words, lang: str
) -> TierSection:
    decimals = fw.decimals
    categories = [c for c in fw.categories if c.max_for(tier_id) is not None]
    columns = tuple(
        CategoryColumn(
            id=c.id,
            label=c.label,
            max=c.max_for(tier_id),
            max_text=format_number(c.max_for(tier_id), _plain_decimals(c.max_for(tier_id)), lang),
            has_levels=c.levels is not None,
        )
        for c in categories
    )
    parts = _summed_categories(fw)
    total_max = None
    if parts is not None and all(fw_cat.max_for(tier_id) is not None for fw_cat in parts):
        total_max = sum(c.max_for(tier_id) for c in parts)
    records = frame.sort(
        [pl.col(RANK), pl.col("code")], nulls_last=True, maintain_order=True
    ).to_dicts()
    scale = total_max or max((r[TOTAL] or 0.0 for r in records), default=0.0) or 1.0
    rows = []
    for stt, record in enumerate(records, start=1):
        cells = tuple(_cell(c, record, decimals, lang) for c in categories)
        total = record[TOTAL]
        rank = record[RANK]
        rows.append(
            UnitRow(
                stt=stt,
                code=str(record["code"]),
                name=str(record["name"]),
                cells=cells,
                total=total,
                total_text=format_number(total, decimals, lang) or words["not_applicable"],
                rank=rank,
                rank_text=str(rank) if rank is not None else words["not_ranked"],
                total_fraction=_clip((total or 0.0) / scale),
            )
        )
    summaries = tuple(_summary(c, rows, lang) for c in categories if c.levels is not None)
    everywhere = sum(
        1
        for row in rows
        if row.cells
        and all(cell.classified is False for cell in row.cells if cell.level_id is not None)
        and any(cell.level_id is not None for cell in row.cells)
    )
    n = len(rows)
    return TierSection(
        id=tier_id,
        label=tier_label,
        columns=columns,
        rows=tuple(rows),
        summaries=summaries,
        summary_uniform=len({tuple(c.label for c in s.counts) for s in summaries}) <= 1,
        units=n,
        unclassified_everywhere=everywhere,
        unclassified_everywhere_text=format_percent(everywhere / n if n else 0.0, 0, lang),
        total_max=total_max,
        total_max_text=format_number(total_max, _plain_decimals(total_max), lang)
        if total_max is not None
        else "",
    )


def _cell(category: Category, record: dict, decimals: int, lang: str) -> CategoryCell:
    score = record.get(category.id)
    cat_max = record.get(max_column(category.id))
    if cat_max is None:
        cat_max = category.max_for(record["tier"])
    level_id = record.get(level_column(category.id))
    table = category.levels
    label = ""
    classified = record.get(classified_column(category.id))
    if table is not None and level_id is not None:
        names = {lv.id: lv.label for lv in table.levels}
        names[table.unclassified_id] = table.unclassified_label
        label = names.get(level_id, level_id)
        if classified is None:
            classified = level_id != table.unclassified_id
    return CategoryCell(
        category_id=category.id,
        score=score,
        score_text=format_number(score, decimals, lang) or "—",
        max=cat_max,
        level_id=level_id,
        level_label=label or ("—" if table is not None else ""),
        classified=classified,
        fraction=_clip((score or 0.0) / cat_max) if cat_max else 0.0,
    )


def _summary(category: Category, rows: list[UnitRow], lang: str) -> CategorySummary:
    table = category.levels
    assert table is not None
    cells = [cell for row in rows for cell in row.cells if cell.category_id == category.id]
    n = len(cells)
    entries = [(lv.id, lv.label, False) for lv in table.levels]
    entries.append((table.unclassified_id, table.unclassified_label, True))
    tallies = [sum(1 for cell in cells if cell.level_id == e[0]) for e in entries]
    percents = whole_percents(tallies)
    counts = [
        LevelCount(
            level_id=level_id,
            label=label,
            count=count,
            share=count / n if n else 0.0,
            share_text=f"{percent}%",
            unclassified=unclassified,
        )
        for (level_id, label, unclassified), count, percent in zip(
            entries, tallies, percents, strict=True
        )
    ]
    return CategorySummary(
        category_id=category.id, label=category.label, units=n, counts=tuple(counts)
    )


def whole_percents(counts: list[int]) -> list[int]:
    """Whole percentages of ``counts`` that add up to exactly 100 (largest remainder method).

    Rounding each share on its own can print 25% + 25% + 13% + 13% + 25% = 101%. Each share
    is first rounded down, then the points still missing go to the largest remainders; equal
    remainders favour the larger count, then the earlier level, so 7 of 8 still reads 88%.

    >>> whole_percents([7, 1])
    [88, 12]
    >>> whole_percents([2, 2, 1, 1, 2])
    [25, 25, 13, 12, 25]
    """
    n = sum(counts)
    if n == 0:
        return [0 for _ in counts]
    floors = [c * 100 // n for c in counts]
    remainders = [c * 100 % n for c in counts]
    missing = 100 - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (-remainders[i], -counts[i], i))
    for i in order[:missing]:
        floors[i] += 1
    return floors


def _clip(x: float) -> float:
    return max(0.0, min(1.0, x))


def _plain_decimals(value: float | None) -> int:
    """Decimals needed to show a maximum exactly (100 → 0, 12.5 → 1), at most 3."""
    return 0 if value is None else needed_decimals(value, 3, within=1e-9)


# -- the sums check ---------------------------------------------------------------------------


def _summed_categories(fw: Framework) -> list[Category] | None:
    """The categories whose plain sum is the published total, or ``None`` when it is not one."""
    terms: list[Expr] = []

    def flatten(expr: Expr) -> bool:
        if isinstance(expr, Binary) and expr.op == "+":
            return flatten(expr.left) and flatten(expr.right)
        if isinstance(expr, Ref):
            terms.append(expr)
            return True
        return False

    if not flatten(fw.total):
        return None
    by_id = {c.id: c for c in fw.categories}
    if not all(isinstance(t, Ref) and t.id in by_id for t in terms):
        return None
    return [by_id[t.id] for t in terms if isinstance(t, Ref)]


def _check_sums(fw: Framework, section: TierSection, lang: str) -> list[Diagnostic]:
    """Each unit's displayed categories must add up to its displayed total."""
    parts = _summed_categories(fw)
    if parts is None:
        return []
    ids = [c.id for c in parts]
    problems = []
    for row in section.rows:
        if row.total is None:
            continue
        cells = {cell.category_id: cell for cell in row.cells}
        shown = [cells[i] for i in ids if i in cells and cells[i].score is not None]
        if len(shown) != len(ids):
            continue
        rounded = [round_display(cell.score, fw.decimals) for cell in shown]
        total = round_display(row.total, fw.decimals)
        added = sum(rounded, Decimal(0))
        if added != total:
            problems.append(
                diagnostic(
                    "annex-sum",
                    lang=lang,
                    unit=row.name,
                    code=row.code,
                    total=format_decimal(total, lang),
                    parts=" + ".join(format_decimal(r, lang) for r in rounded),
                    sum=format_decimal(added, lang),
                    decimals=fw.decimals,
                    path=f"{section.label} › {row.code}",
                    value=format_decimal(total, lang),
                    expected=format_decimal(added, lang),
                )
            )
    return problems


# -- decision, methods, provenance ------------------------------------------------------------


def _decision_view(fw: Framework, info: DecisionInfo, words) -> DecisionView:
    issuer = info.issuer or fw.meta.issuer or ""
    dots = words["placeholder"]
    if info.date is not None:
        day, month, year = f"{info.date.day:02d}", f"{info.date.month:02d}", str(info.date.year)
    else:
        day = month = year = dots
    annex = words["annex"]
    if info.annex_number is not None:
        annex = f"{annex} {to_roman(info.annex_number)}"
    attached = words["attached"].format(
        number=info.number or words["placeholder_number"],
        day=day,
        month=month,
        year=year,
        issuer=issuer or dots,
    )
    place_date = ""
    if info.place or info.date:
        place_date = words["place_date"].format(
            place=info.place or dots, day=day, month=month, year=year
        )
    return DecisionView(
        issuer=issuer,
        issuer_caps=(info.issuing_body or _expand_issuer(issuer)).upper(),
        annex_title=annex,
        attached_line=attached,
        place_date=place_date,
        signer_title=info.signer_title or "",
        signer_name=info.signer_name or "",
        number=info.number,
        date_iso=info.date.isoformat() if info.date else None,
    )


def _expand_issuer(issuer: str) -> str:
    """The issuing body spelled out, as the header prints it: UBND → Ủy ban nhân dân."""
    expansions = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân"}
    words = [expansions.get(w, w) for w in issuer.split()]
    return " ".join(words)


def _methods(fw: Framework, words, lang: str) -> MethodsNote:
    levels = []
    for category in fw.categories:
        table = category.levels
        if table is None:
            continue
        rows = tuple(
            LevelRule(
                label=lv.label, rule=_conditions_text(fw, category, lv.conditions, words, lang)
            )
            for lv in table.levels
        )
        rows += (LevelRule(label=table.unclassified_label, rule=words["otherwise"]),)
        levels.append((category.label, rows))
    return MethodsNote(
        title=fw.meta.title,
        basis=fw.meta.basis,
        levels=tuple(levels),
        ranking=_ranking_text(fw, words),
        rounding=words["rounding_rule"].format(decimals=fw.decimals),
    )


def _conditions_text(
    fw: Framework, category: Category, conditions: tuple[Condition, ...], words, lang
) -> str:
    parts = []
    for cond in conditions:
        op = "≥" if cond.op == ">=" else ">"
        if cond.percent:
            value = words["cond_percent"].format(value=format_percent(cond.threshold, 0, lang))
        else:
            value = words["cond_points"].format(
                value=format_number(cond.threshold, _plain_decimals(cond.threshold), lang)
            )
        if cond.subject is Subject.SCORE:
            parts.append(words["cond_score"].format(op=op, value=value))
        elif cond.subject is Subject.EACH_GROUP:
            parts.append(words["cond_each_group"].format(op=op, value=value))
        else:
            group = next((g.label for g in category.groups if g.id == cond.group), cond.group)
            parts.append(words["cond_group"].format(group=group, op=op, value=value))
    return words["cond_and"].join(parts)


def _measure_text(fw: Framework, expr: Expr) -> str:
    """A ranking measure in words: ``Tổng điểm``, ``Điều kiện sẵn sàng + Kết quả …``."""
    if isinstance(expr, Ref):
        if expr.id == TOTAL:
            return fw.total_label
        try:
            node = fw.node(expr.id)
        except KeyError:
            return expr.id
        return getattr(node, "label", None) or expr.id
    if isinstance(expr, Binary) and expr.op in ("+", "-"):
        return f"{_measure_text(fw, expr.left)} {expr.op} {_measure_text(fw, expr.right)}"
    return fw.total_label  # any other measure: the published total is what it ranks by


def _ranking_text(fw: Framework, words) -> tuple[str, ...]:
    ranking = fw.ranking
    if ranking is None:
        return (words["no_ranking"],)
    measure = _measure_text(fw, ranking.measure)
    key = "ties_dense" if ranking.ties is TiePolicy.DENSE else "ties_competition"
    sentences = [words[key].format(measure=measure)]
    if not ranking.descending:
        sentences.append(words["ties_ascending"])
    if ranking.tiebreaks:
        names = ", ".join(_measure_text(fw, tb.measure) for tb in ranking.tiebreaks)
        sentences.append(words["tiebreaks"].format(measures=names))
    policy = {
        UnclassifiedRanking.RANKED: "unranked_ranked",
        UnclassifiedRanking.LAST: "unranked_last",
        UnclassifiedRanking.UNRANKED: "unranked_unranked",
    }[ranking.unclassified]
    sentences.append(words[policy])
    return tuple(sentences)


def _provenance(provenance: Any) -> ProvenanceView | None:
    if provenance is None:
        return None
    return ProvenanceView(
        framework_id=str(provenance.framework_id),
        framework_path=str(provenance.framework_path),
        framework_sha256=str(provenance.framework_sha256),
        inputs=tuple((str(p), str(h)) for p, h in provenance.inputs),
        tool_version=str(provenance.tool_version),
    )
