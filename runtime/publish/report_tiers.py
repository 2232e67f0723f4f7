"""A tier's section of the annex: its ranking table rows, level counts and chart fractions.

Units come by rank then code (unranked last); every number is rounded once here, with the
framework's decimals, so the table, the summaries and the charts agree.
"""

from __future__ import annotations

import polars as pl

from cqdt.compiler.model.nodes import Category, Framework, Group
from cqdt.compiler.plan.columns import RANK, TOTAL, classified_column, level_column, max_column
from cqdt.number_format import format_number, format_percent, needed_decimals
from cqdt.runtime.publish.report_model import (
    CategoryCell,
    CategoryColumn,
    CategorySummary,
    GroupCell,
    GroupColumn,
    LevelCount,
    TierSection,
    UnitRow,
)
from cqdt.runtime.publish.report_sums import summed_categories

__all__ = ["plain_decimals", "shown_groups", "tier_section", "whole_percents"]


def shown_groups(category: Category, tier_id: str) -> list[Group]:
    """The groups of ``category`` a tier's table can show as columns (scored, with a maximum)."""
    return [g for g in category.groups if g.scored and g.max_for(tier_id) is not None]


def _columns(
    categories: list[Category], tier_id: str, group_columns: bool, lang: str
) -> tuple[CategoryColumn, ...]:
    def maximum(value: float | None) -> str:
        return format_number(value, plain_decimals(value), lang)

    return tuple(
        CategoryColumn(
            id=c.id,
            label=c.label,
            max=c.max_for(tier_id),
            max_text=maximum(c.max_for(tier_id)),
            has_levels=c.levels is not None,
            groups=tuple(
                GroupColumn(id=g.id, label=g.label, max_text=maximum(g.max_for(tier_id)))
                for g in shown_groups(c, tier_id)
            )
            if group_columns
            else (),
        )
        for c in categories
    )


def tier_section(
    fw: Framework,
    tier_id: str,
    tier_label: str,
    frame: pl.DataFrame,
    words,
    lang: str,
    group_columns: bool = False,
) -> TierSection:
    """One tier's table, summaries and chart data; ``group_columns`` adds each group's points."""
    decimals = fw.decimals
    categories = [c for c in fw.categories if c.max_for(tier_id) is not None]
    columns = _columns(categories, tier_id, group_columns, lang)
    parts = summed_categories(fw)
    total_max = None
    if parts is not None and all(fw_cat.max_for(tier_id) is not None for fw_cat in parts):
        total_max = sum(c.max_for(tier_id) for c in parts)
    records = frame.sort(
        [pl.col(RANK), pl.col("code")], nulls_last=True, maintain_order=True
    ).to_dicts()
    scale = total_max or max((r[TOTAL] or 0.0 for r in records), default=0.0) or 1.0
    rows = []
    for stt, record in enumerate(records, start=1):
        cells = tuple(
            _cell(c, col, record, decimals, lang)
            for c, col in zip(categories, columns, strict=True)
        )
        total = record[TOTAL]
        rank = record[RANK]
        absent = record.get("submission") == "not_submitted"
        status = words["not_submitted"] if absent else ""
        rows.append(
            UnitRow(
                stt=stt,
                code=str(record["code"]),
                name=str(record["name"]),
                cells=cells,
                total=total,
                total_text=format_number(total, decimals, lang) or words["not_applicable"],
                rank=rank,
                rank_text=str(rank) if rank is not None else (status or words["not_ranked"]),
                total_fraction=_clip((total or 0.0) / scale),
                status=status,
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
        total_max_text=format_number(total_max, plain_decimals(total_max), lang)
        if total_max is not None
        else "",
    )


def _cell(
    category: Category, column: CategoryColumn, record: dict, decimals: int, lang: str
) -> CategoryCell:
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
        groups=tuple(
            GroupCell(
                group_id=g.id,
                score=record.get(g.id),
                score_text=format_number(record.get(g.id), decimals, lang) or "—",
            )
            for g in column.groups
        ),
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


def plain_decimals(value: float | None) -> int:
    """Decimals needed to show a maximum exactly (100 → 0, 12.5 → 1), at most 3."""
    return 0 if value is None else needed_decimals(value, 3, within=1e-9)
