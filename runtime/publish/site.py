"""The results site: a static, self-contained folder anyone can open from a USB stick.

``cqdt score … --formats site`` writes ``site/``: ``index.html`` (the ranking of every tier,
sortable, filterable by level, charts as inline SVG), ``units/<tier>-<code>.html`` (each unit's
report card, :mod:`cqdt.runtime.publish.report_card`), ``framework.html`` (every indicator with
its rule and maximum) and, when earlier editions are given, ``history.html``. Every page
carries its CSS (and the index its few lines of JavaScript) inline and links only to pages of
the folder by relative paths: no server, no request to anywhere, the same from ``file://`` as
from the province's portal. Without JavaScript the ranking is a plain table in rank order.

The pages are rendered from the annex's report model and the cards (no number is formatted
here that those did not format), in the one sandboxed template environment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cqdt.number_format import format_number, needed_decimals
from cqdt.runtime.publish.report_card import card_stem
from cqdt.runtime.publish.site_framework import framework_document
from cqdt.runtime.publish.site_history import history_view
from cqdt.runtime.publish.site_labels import labels as label_table
from cqdt.runtime.publish.site_page import SitePage

__all__ = ["Band", "render_site", "total_bands"]

#: How many bands the distribution of totals has.
BANDS = 10


@dataclass(frozen=True)
class Band:
    """One band of the totals chart: ``lower``–``upper`` points, ``count`` units."""

    label: str
    count: int


def total_bands(totals: list[float], top: float, lang: str) -> tuple[Band, ...]:
    """Units per tenth of ``top`` (the tier's maximum total, else its best); the last band
    includes ``top`` itself.

    >>> [b.count for b in total_bands([0.0, 5.0, 9.99, 10.0], 10.0, "vi")][-2:]
    [0, 2]
    """
    if top <= 0:
        top = 1.0
    width = top / BANDS
    counts = [0] * BANDS
    for total in totals:
        counts[min(int(max(total, 0.0) / width), BANDS - 1)] += 1
    places = needed_decimals(width, 2, within=1e-9)
    return tuple(
        Band(
            f"{format_number(i * width, places, lang)}–{format_number((i + 1) * width, places, lang)}",
            counts[i],
        )
        for i in range(BANDS)
    )


def render_site(job: Any) -> dict[str, bytes]:
    """Every page of the site, keyed by its path inside ``site/``."""
    from cqdt.runtime.publish.sandbox import make_environment, render_template

    report = job.report()
    cards = job.cards()
    words = label_table(report.lang)
    env = make_environment(job.templates, autoescape=True)
    history = job.history
    version = report.provenance.tool_version if report.provenance is not None else ""
    stems = {(c.tier, c.code): c.stem for c in cards}
    bands = {
        tier.id: total_bands(
            [row.total for row in tier.rows if row.total is not None],
            tier.total_max or max((row.total or 0.0 for row in tier.rows), default=0.0),
            report.lang,
        )
        for tier in report.tiers
    }

    def page(name: str, root: str, current: str, title: str, **context) -> bytes:
        nav = SitePage(root, current, history is not None, title, report.lang, version)
        values = {"report": report, "L": words, "page": nav, **context}
        return render_template(env, name, values).encode("utf-8")

    files = {
        "index.html": page(
            "site/index.html.j2",
            "",
            "index",
            report.subtitle,
            stems=stems,
            bands=bands,
            stem_of=card_stem,
        ),
        "framework.html": page(
            "site/framework.html.j2",
            "",
            "framework",
            report.title,
            doc=framework_document(job.fw, report.lang),
        ),
    }
    if history is not None:
        files["history.html"] = page(
            "site/history.html.j2",
            "",
            "history",
            words["history_title"],
            history=history_view(history, report.lang),
        )
    tier_labels = {t.id: t.label for t in report.tiers}
    for card in cards:
        files[f"units/{card.stem}.html"] = page(
            "site/unit.html.j2",
            "../",
            "unit",
            f"{card.name} — {words['card_title']}",
            card=card,
            tier_label=tier_labels.get(card.tier, card.tier),
        )
    return files
