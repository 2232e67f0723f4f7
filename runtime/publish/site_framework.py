"""The framework as a readable document for the site: every indicator, its rule and maximum.

A unit that lost points wants to read the rule it was scored by; the framework file is code.
This lays it out as the site prints it: categories, groups, indicators (and sub-items) with
their maximum per tier, the rule in the language's own syntax, the description and legal
reference, and each category's level rows in words (the annex's methods note).
"""

from __future__ import annotations

from dataclasses import dataclass

from cqdt.compiler.model.nodes import Framework, Indicator
from cqdt.compiler.plan.show import rule_text
from cqdt.number_format import format_number, needed_decimals
from cqdt.runtime.publish.report_messages import labels as annex_labels
from cqdt.runtime.publish.report_methods import methods_note

__all__ = ["DocCategory", "DocGroup", "DocIndicator", "FrameworkDoc", "framework_document"]


@dataclass(frozen=True)
class DocIndicator:
    id: str
    label: str
    depth: int
    maxima: tuple[str, ...]  # per tier, in tier order ("" where the tier is not scored on it)
    rule: str | None
    description: str | None
    reference: str | None
    scored: bool


@dataclass(frozen=True)
class DocGroup:
    id: str
    label: str
    maxima: tuple[str, ...]
    indicators: tuple[DocIndicator, ...]


@dataclass(frozen=True)
class DocCategory:
    id: str
    label: str
    maxima: tuple[str, ...]
    description: str | None
    groups: tuple[DocGroup, ...]
    levels: tuple[tuple[str, str], ...]  # (level label, rule in words)


@dataclass(frozen=True)
class FrameworkDoc:
    title: str
    year: int | None
    basis: tuple[str, ...]
    tiers: tuple[str, ...]  # tier labels, the columns of the maxima
    categories: tuple[DocCategory, ...]
    ranking: tuple[str, ...]


def _maxima(node, tiers: tuple[str, ...], lang: str) -> tuple[str, ...]:
    out = []
    for tier in tiers:
        value = node.max_for(tier)
        places = 0 if value is None else needed_decimals(value, 3, within=1e-9)
        out.append("" if value is None else format_number(value, places, lang))
    return tuple(out)


def _indicators(ind: Indicator, depth: int, tiers, lang) -> list[DocIndicator]:
    rows = [
        DocIndicator(
            id=ind.id,
            label=ind.label,
            depth=depth,
            maxima=_maxima(ind, tiers, lang),
            rule=rule_text(ind.rule) if ind.rule is not None else None,
            description=ind.description,
            reference=ind.reference,
            scored=ind.scored,
        )
    ]
    for item in ind.items:
        rows += _indicators(item, depth + 1, tiers, lang)
    return rows


def framework_document(fw: Framework, lang: str) -> FrameworkDoc:
    """The readable document of ``fw`` in ``lang``."""
    tiers = fw.tier_ids
    methods = methods_note(fw, annex_labels(lang), lang)
    rules = {label: tuple((r.label, r.rule) for r in rows) for label, rows in methods.levels}
    categories = tuple(
        DocCategory(
            id=c.id,
            label=c.label,
            maxima=_maxima(c, tiers, lang),
            description=c.description,
            groups=tuple(
                DocGroup(
                    id=g.id,
                    label=g.label,
                    maxima=_maxima(g, tiers, lang),
                    indicators=tuple(
                        row for ind in g.indicators for row in _indicators(ind, 0, tiers, lang)
                    ),
                )
                for g in c.groups
            ),
            levels=rules.get(c.label, ()),
        )
        for c in fw.categories
    )
    return FrameworkDoc(
        title=fw.meta.title,
        year=fw.meta.year,
        basis=fw.meta.basis,
        tiers=tuple(t.label for t in fw.tiers),
        categories=categories,
        ranking=methods.ranking,
    )
