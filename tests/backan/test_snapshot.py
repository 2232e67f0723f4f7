"""The whole 2018 result of the example, pinned: per unit, both categories' scores and levels,
the total and the rank, tier by tier in ranking order (read and judged plausible: departments
spread from Mức 1 to unclassified, the city ahead of the rural districts, communes weak)."""

from __future__ import annotations

import polars as pl

CATEGORIES = ("readiness", "results")


def results_table(fw, results: pl.DataFrame) -> str:
    """A plain-text table, the way the annex lays it out (without the Vietnamese decimal comma)."""
    labels = {}
    for category in fw.categories:
        table = category.levels
        labels[category.id] = {lv.id: lv.label for lv in table.levels}
        labels[category.id][table.unclassified_id] = table.unclassified_label
    lines = []
    for tier in fw.tiers:
        lines.append(f"== {tier.label}")
        rows = results.filter(pl.col("tier") == tier.id).sort("rank", "code")
        for row in rows.iter_rows(named=True):
            cells = [f"{row['rank']:>3}", f"{row['code']:<6}", f"{row['name'][:34]:<34}"]
            for c in CATEGORIES:
                cells.append(f"{row[c]:6.2f} {labels[c][row[c + '.level']]:<14}")
            cells.append(f"{row['total']:7.2f}")
            lines.append(" ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def test_whole_result(backan_framework, backan_results, snapshot):
    assert results_table(backan_framework, backan_results) == snapshot
