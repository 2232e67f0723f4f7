"""The report model: everything the annex shows, as plain values, checked before rendering.

``build_report`` turns a framework and its results frame into frozen dataclasses holding both
the numbers (for charts) and their display text (rounded once, Vietnamese style), so every
format prints the same digits and templates never see a Polars object or decide a rounding.

It also refuses to publish numbers that do not add up (``report_sums``). The work is split by
job: ``report_model`` (the dataclasses), ``report_tiers`` (tables, level counts),
``report_sums`` (the sums check), ``report_decision`` (the header facts) and ``report_methods``
(the methods note); this module assembles them and re-exports the model.

Example (hand-built results; normally they come from ``runtime.run``)::

    report = build_report(fw, results, provenance, DecisionInfo(number="290/QĐ-UBND"))
    report.tiers[0].rows[0].name        # the best unit of the first tier
    report.tiers[0].summaries[0].counts  # how many units at each level, with shares
"""

from __future__ import annotations

from typing import Any

import polars as pl

from cqdt.compiler.model.nodes import Framework
from cqdt.compiler.plan.columns import IDENTITY, RANK, TOTAL, level_column, max_column
from cqdt.diagnostics import CqdtError, Diagnostic, diagnostic
from cqdt.i18n import language
from cqdt.runtime.publish.decision import DecisionInfo
from cqdt.runtime.publish.report_decision import decision_view
from cqdt.runtime.publish.report_messages import CATALOGUE  # noqa: F401 - registers the codes
from cqdt.runtime.publish.report_messages import labels as label_table
from cqdt.runtime.publish.report_methods import methods_note
from cqdt.runtime.publish.report_model import (
    CategoryCell,
    CategoryColumn,
    CategorySummary,
    DecisionView,
    LevelCount,
    LevelRule,
    MethodsNote,
    ProvenanceView,
    Report,
    TierSection,
    UnitRow,
)
from cqdt.runtime.publish.report_sums import check_sums
from cqdt.runtime.publish.report_tiers import tier_section, whole_percents

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
    info = decision or DecisionInfo()
    _require_columns(fw, results, info.group_columns)
    problems = _unknown_tiers(fw, results)
    sections = []
    for tier in fw.tiers:
        frame = results.filter(pl.col("tier") == tier.id)
        section = tier_section(fw, tier.id, tier.label, frame, words, lang, info.group_columns)
        problems += check_sums(fw, section, lang)
        sections.append(section)
    if problems:
        raise CqdtError(problems)
    view = decision_view(fw, info, words, lang)
    return Report(
        lang=lang,
        labels=words,
        framework_id=fw.id,
        title=fw.meta.title,
        subtitle=_subtitle(fw, words),
        year=fw.meta.year,
        decimals=fw.decimals,
        decision=view,
        tiers=tuple(sections),
        methods=methods_note(fw, words, lang),
        provenance=_provenance(provenance),
        total_label=fw.total_label,
        wide=any(_is_wide(section) for section in sections),
        has_summaries=any(section.summaries for section in sections),
    )


def _is_wide(section: TierSection) -> bool:
    """More than three categories, or group columns: print landscape."""
    return len(section.columns) > 3 or any(c.groups for c in section.columns)


def _subtitle(fw: Framework, words) -> str:
    title = fw.meta.title
    if fw.meta.year is None or str(fw.meta.year) in title:
        return title
    return f"{title} — {words['results_of'].format(year=fw.meta.year)}"


def _require_columns(fw: Framework, results: pl.DataFrame, group_columns: bool) -> None:
    needed = [*IDENTITY, TOTAL, RANK]
    for category in fw.categories:
        needed += [category.id, max_column(category.id)]
        if category.levels is not None:
            needed.append(level_column(category.id))
        if group_columns:
            needed += [g.id for g in category.groups if g.scored]
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
