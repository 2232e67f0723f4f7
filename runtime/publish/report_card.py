"""The report card of each unit (phiếu kết quả đánh giá): what it earned, lost, and needs.

The annex ranks; a card tells one unit where it stands: its points per indicator against the
maximum and against its tier's best and mean, where it lost most, every level condition met or
not, how far the next level and the next rank are, and how each indicator below its maximum
was computed from the unit's own numbers. It is built from the same trace as ``cqdt explain``
(:func:`cqdt.runtime.score.explain.explain_record`), every number rounded once here through
:mod:`cqdt.number_format`, so the HTML and PDF cards and the site print the same digits.

Cards are plain frozen values (templates see nothing else) and are named by tier and a
file-safe spelling of the code (codes are unique only within a tier).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from cqdt.compiler.model.nodes import Framework
from cqdt.compiler.plan.build import build_plan
from cqdt.compiler.plan.columns import RANK, TOTAL
from cqdt.dsl.expr import refs
from cqdt.i18n import language
from cqdt.number_format import format_number, format_percent
from cqdt.runtime.publish.report_sums import summed_categories
from cqdt.runtime.publish.site_labels import labels as label_table
from cqdt.runtime.score.explain import (
    CategoryTrace,
    Explanation,
    IndicatorTrace,
    explain_record,
    row_values,
)

__all__ = [
    "CardCategory",
    "CardCondition",
    "CardLevel",
    "CardRow",
    "ReportCard",
    "build_cards",
    "card_stem",
]

#: How many indicators the "where most points were lost" table lists.
TOP_LOSSES = 8


@dataclass(frozen=True)
class CardRow:
    """A group or indicator line of a category table (``depth`` 0 group, 1 indicator, 2 item)."""

    id: str
    label: str
    depth: int
    points_text: str
    max_text: str
    best_text: str
    mean_text: str
    lost_text: str
    lost: float
    fraction: float  # points / max, 0–1
    scored: bool
    rule: str | None
    values: tuple[tuple[str, str], ...]  # (name, value) the rule reads, as the unit reported


@dataclass(frozen=True)
class CardCondition:
    text: str  # "Điểm hạng mục: 71,85 ≥ 60,00"
    passed: bool


@dataclass(frozen=True)
class CardLevel:
    label: str
    passed: bool
    reached: bool  # the level the unit got
    conditions: tuple[CardCondition, ...]


@dataclass(frozen=True)
class CardCategory:
    id: str
    label: str
    heading: str
    score_text: str
    max_text: str
    best_text: str
    mean_text: str
    level_label: str | None
    classified: bool | None
    rows: tuple[CardRow, ...]
    levels: tuple[CardLevel, ...]
    gaps: tuple[str, ...]  # sentences: what the next level up needs


@dataclass(frozen=True)
class ReportCard:
    """One unit's card. ``stem`` names its files (``province-P01``)."""

    lang: str
    labels: Mapping[str, str] = field(hash=False)
    stem: str
    tier: str
    tier_label: str
    code: str
    name: str
    framework_title: str
    year: int | None
    total: float | None
    total_text: str
    total_max_text: str
    best_total_text: str
    mean_total_text: str
    rank: int | None
    rank_text: str
    rank_gap: str
    categories: tuple[CardCategory, ...]
    losses: tuple[CardRow, ...]
    formulas: tuple[CardRow, ...]
    footer: str


_UNSAFE = re.compile(r"[^0-9A-Za-z_-]")


def card_stem(tier: str, code: str) -> str:
    """A file name for a unit's card that no code can break out of, unique per (tier, code).

    Every character but letters, digits, ``_`` and ``-`` is spelled ``~<hex>~``, so ``../x``
    cannot name another folder and two codes never share a file.

    >>> card_stem("district", "058"), card_stem("commune", "../x y")
    ('district-058', 'commune-~2e~~2e~~2f~x~20~y')
    """
    safe = _UNSAFE.sub(lambda m: f"~{ord(m.group()):x}~", code)
    return f"{_UNSAFE.sub(lambda m: f'~{ord(m.group()):x}~', tier)}-{safe}"


class _Numbers:
    """Formatting in one place for a card: the framework's decimals, the card's language."""

    def __init__(self, decimals: int, lang: str, words: Mapping[str, str]):
        self.decimals, self.lang, self.words = decimals, lang, words

    def points(self, value) -> str:
        return "—" if value is None else format_number(float(value), self.decimals, self.lang)

    def answer(self, value, percent: bool = False) -> str:
        if value is None:
            return self.words["empty"]
        if isinstance(value, bool):
            return self.words["yes"] if value else self.words["no"]
        if isinstance(value, int | float):
            if percent:
                return format_percent(float(value), 2, self.lang, trim=True)
            return format_number(float(value), max(self.decimals, 4), self.lang, trim=True)
        return str(value)


def _tier_stats(fw: Framework, results: pl.DataFrame) -> dict[str, dict[str, tuple]]:
    """tier → column → (best, mean) over the tier's units, for every scored node and the total."""
    columns = [TOTAL] + [c.id for c in fw.categories]
    columns += [g.id for _, g in fw.groups()] + [i.id for _, _, i in fw.indicators()]
    columns = [c for c in dict.fromkeys(columns) if c in results.columns]
    stats: dict[str, dict[str, tuple]] = {}
    for tier in fw.tier_ids:
        frame = results.filter(pl.col("tier") == tier)
        if frame.height == 0:
            continue
        best = frame.select(pl.col(columns).cast(pl.Float64).max()).row(0)
        mean = frame.select(pl.col(columns).cast(pl.Float64).mean()).row(0)
        stats[tier] = {c: (b, m) for c, b, m in zip(columns, best, mean, strict=True)}
    return stats


def build_cards(fw: Framework, results: pl.DataFrame, provenance=None) -> tuple[ReportCard, ...]:
    """A card for every unit of ``results``, in tier order then by rank and code."""
    lang = language()
    words = label_table(lang)
    plan = build_plan(fw)
    values = row_values(plan, results)
    position = {(r["tier"], r["code"]): i for i, r in enumerate(results.iter_rows(named=True))}
    stats = _tier_stats(fw, results)
    version = getattr(provenance, "tool_version", "") or ""
    framework_name = getattr(provenance, "framework_path", "") or fw.id
    cards = []
    for tier in fw.tiers:
        frame = results.filter(pl.col("tier") == tier.id).sort(
            [pl.col(RANK), pl.col("code")], nulls_last=True, maintain_order=True
        )
        records = frame.to_dicts()
        for record in records:
            trace = explain_record(
                fw, plan, record, values(position[(record["tier"], record["code"])])
            )
            cards.append(
                _card(fw, trace, records, stats[tier.id], words, lang, version, framework_name)
            )
    return tuple(cards)


def _card(fw, trace: Explanation, records, stats, words, lang, version, framework_name):
    num = _Numbers(fw.decimals, lang, words)
    answers = {i.id: (i.value, i.percent) for i in trace.inputs if i.asked}
    answers.update({d_id: (value, False) for d_id, _, value in trace.derived})
    categories = tuple(_category(fw, cat, stats, answers, num) for cat in trace.categories)
    rows = [r for cat in categories for r in cat.rows if r.depth > 0 and r.scored]
    leaves = [r for r in rows if r.rule is not None]
    losses = sorted((r for r in leaves if r.lost > 1e-9), key=lambda r: -r.lost)
    parts = summed_categories(fw)
    total_max = None
    if parts is not None and all(p.max_for(trace.tier) is not None for p in parts):
        total_max = sum(p.max_for(trace.tier) for p in parts)
    best, mean = stats.get(TOTAL, (None, None))
    rank_text = words["not_ranked"]
    if trace.rank is not None:
        rank_text = words["rank_of"].format(rank=trace.rank, units=len(records))
    return ReportCard(
        lang=lang,
        labels=words,
        stem=card_stem(trace.tier, trace.code),
        tier=trace.tier,
        tier_label=trace.tier_label,
        code=trace.code,
        name=trace.name,
        framework_title=fw.meta.title,
        year=fw.meta.year,
        total=trace.total,
        total_text=num.points(trace.total),
        total_max_text=num.points(total_max) if total_max is not None else "",
        best_total_text=num.points(best),
        mean_total_text=num.points(mean),
        rank=trace.rank,
        rank_text=rank_text,
        rank_gap=_rank_gap(trace, records, num, words),
        categories=categories,
        losses=tuple(losses[:TOP_LOSSES]),
        formulas=tuple(losses),
        footer=words["footer"].format(version=version, framework=framework_name),
    )


def _rank_gap(trace: Explanation, records: list[dict], num: _Numbers, words) -> str:
    """Points to equal the nearest unit ranked above (the total is what ranks, by default)."""
    if trace.rank is None or trace.total is None:
        return ""
    above = [r for r in records if r[RANK] is not None and r[RANK] < trace.rank]
    if not above:
        return words["gap_rank_top"]
    nearest = max(above, key=lambda r: (r[RANK], -(r[TOTAL] or 0.0)))
    points = (nearest[TOTAL] or 0.0) - trace.total
    return words["gap_rank"].format(
        points=num.points(max(points, 0.0)), unit=nearest["name"], rank=nearest[RANK]
    )


def _category(fw, cat: CategoryTrace, stats, answers, num: _Numbers) -> CardCategory:
    words = num.words
    rows: list[CardRow] = []
    for group in cat.groups:
        rows.append(
            _row(group.id, group.label, 0, group.score, group.max, group.scored, stats, num)
        )
        for ind in group.indicators:
            _indicator_rows(fw, ind, 1, stats, answers, num, rows)
    best, mean = stats.get(cat.id, (None, None))
    score, maximum = num.points(cat.score), num.points(cat.max)
    if cat.level_label:
        heading = words["category_table"].format(
            label=cat.label, score=score, max=maximum, level=cat.level_label
        )
    else:
        heading = words["category_table_plain"].format(label=cat.label, score=score, max=maximum)
    groups = {g.id: g.label for g in cat.groups}
    levels = tuple(
        CardLevel(
            label=level.label,
            passed=level.passed,
            reached=level.id == cat.level,
            conditions=tuple(
                CardCondition(
                    words["condition"].format(
                        subject=_subject(check.subject, groups, words),
                        value=num.points(check.value),
                        op="≥" if check.op == ">=" else ">",
                        threshold=num.points(check.threshold),
                    ),
                    check.passed,
                )
                for check in level.checks
            ),
        )
        for level in cat.levels
    )
    return CardCategory(
        id=cat.id,
        label=cat.label,
        heading=heading,
        score_text=score,
        max_text=maximum,
        best_text=num.points(best),
        mean_text=num.points(mean),
        level_label=cat.level_label,
        classified=cat.classified,
        rows=tuple(rows),
        levels=levels,
        gaps=_gap_sentences(cat, groups, num),
    )


def _subject(subject: str, groups: Mapping[str, str], words) -> str:
    if subject == "score":
        return words["condition_score"]
    return words["condition_group"].format(group=groups.get(subject, subject))


def _gap_sentences(cat: CategoryTrace, groups, num: _Numbers) -> tuple[str, ...]:
    words = num.words
    if not cat.levels:
        return ()
    out = []
    if cat.unclassified_by:
        out.append(words["unclassified_by"].format(inputs=", ".join(cat.unclassified_by)))
    if not cat.gaps and cat.level == cat.levels[0].id:
        out.append(words["gap_best"])
    for gap in cat.gaps:
        out.append(
            words["gap_level"].format(
                level=gap.label,
                points=num.points(max(gap.points, 0.0)),
                subject=_subject(gap.subject, groups, words).lower()
                if gap.subject == "score"
                else _subject(gap.subject, groups, words),
                strict=words["gap_strict"] if gap.strictly else "",
            )
        )
    return tuple(out)


def _indicator_rows(fw, ind: IndicatorTrace, depth, stats, answers, num, rows: list) -> None:
    values: tuple[tuple[str, str], ...] = ()
    node = fw.node(ind.id)
    if node.rule is not None:
        named = []
        for name in refs(node.rule):
            if name in answers:
                value, percent = answers[name]
                named.append((name, num.answer(value, percent)))
        if ind.max is not None:
            named.append(("max", num.points(ind.max)))
        values = tuple(named)
    rows.append(
        _row(
            ind.id, ind.label, depth, ind.points, ind.max, ind.scored, stats, num, ind.rule, values
        )
    )
    for item in ind.items:
        _indicator_rows(fw, item, depth + 1, stats, answers, num, rows)


def _row(node_id, label, depth, points, maximum, scored, stats, num, rule=None, values=()):
    best, mean = stats.get(node_id, (None, None))
    lost = max((maximum or 0.0) - (points or 0.0), 0.0) if maximum is not None else 0.0
    return CardRow(
        id=node_id,
        label=label,
        depth=depth,
        points_text=num.points(points),
        max_text=num.points(maximum),
        best_text=num.points(best),
        mean_text=num.points(mean),
        lost_text=num.points(lost) if lost > 1e-9 else "",
        lost=lost,
        fraction=max(0.0, min(1.0, (points or 0.0) / maximum)) if maximum else 0.0,
        scored=scored,
        rule=rule,
        values=values,
    )


# -- rendering ---------------------------------------------------------------------------------


def render_card_html(card: ReportCard, templates_dir=None) -> str:
    """One card as a self-contained, print-ready HTML page (``card.html.j2``, sandboxed)."""
    from cqdt.runtime.publish.sandbox import make_environment, render_template

    env = make_environment(templates_dir, autoescape=True)
    return render_template(env, "card.html.j2", {"card": card})


def render_card_pdf(card: ReportCard, templates_dir=None) -> bytes:
    """The HTML card printed by WeasyPrint with fixed metadata (byte-identical reruns)."""
    return html_to_pdf(
        render_card_html(card, templates_dir), templates_dir, "card.html.j2", card.stem
    )


def html_to_pdf(html: str, templates_dir, template_name: str, identifier: str) -> bytes:
    """Print ``html`` to PDF; only files of the templates folders may be loaded (E927)."""
    from pathlib import Path

    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    from cqdt.diagnostics import CqdtError
    from cqdt.runtime.publish.fetcher import confined_fetcher, refused_diagnostic
    from cqdt.runtime.publish.sandbox import builtin_folder

    base = Path(templates_dir).resolve() if templates_dir is not None else builtin_folder()
    refused: list[str] = []
    fetcher = confined_fetcher((base, builtin_folder()), refused)
    document = HTML(string=html, base_url=base.as_uri() + "/", url_fetcher=fetcher)
    try:
        return document.write_pdf(pdf_identifier=b"cqdt-" + identifier.encode("utf-8"))
    except FatalURLFetchingError:
        if not refused:
            raise
        template = str(base / template_name)
        raise CqdtError([refused_diagnostic(url, template) for url in refused]) from None
