"""History: several editions' ``results.json`` lined up into a trend per unit and per tier.

A province publishes every year; a unit asks "are we better than last year?", the province
"is the tier moving?". :func:`build_history` reads the published documents (never re-scores)
and follows each unit across editions by its tier and code. Registries change (communes are
merged): a ``successors`` mapping ``(tier, old code) → new code`` (what the unit registry says
became of a unit) carries an old unit's line on under its successor; when two old units merge
into one, each keeps its own line up to the merger, marked as merged into the new one.
Indicators are followed by id, and across the renames given in ``renames`` (old id → new id,
as ``cqdt diff`` finds them between two frameworks).

The model holds numbers only (no display text): the site and the workbook format them.

>>> doc = {"framework": {"id": "f", "title": "F", "year": 2018}, "decimals": 2,
...        "tiers": [{"id": "t", "label": "T", "units": 1}],
...        "units": [{"tier": "t", "code": "a", "name": "A", "total": 10.0, "rank": 1,
...                   "categories": {}, "indicators": {"x": 1.0}}]}
>>> later = {**doc, "framework": {"id": "f", "title": "F", "year": 2019}, "units": [
...     {**doc["units"][0], "total": 12.5, "indicators": {"y": 2.0}}]}
>>> h = build_history([later, doc], renames={"x": "y"})
>>> [e.year for e in h.editions], h.units[0].totals, h.tiers[0].indicators[0].means
([2018, 2019], (10.0, 12.5), (1.0, 2.0))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "Edition",
    "History",
    "IndicatorTrend",
    "TierTrend",
    "UnitTrend",
    "build_history",
]


@dataclass(frozen=True)
class Edition:
    """One published results.json: its framework and where it came from."""

    framework_id: str
    title: str
    year: int | None
    version: str | None
    source: str
    decimals: int

    @property
    def label(self) -> str:
        return str(self.year) if self.year is not None else (self.version or self.framework_id)


@dataclass(frozen=True)
class IndicatorTrend:
    """A tier's mean points on one indicator per edition (None: not in that edition)."""

    id: str
    ids: tuple[str | None, ...]  # its id in each edition (a renamed indicator differs)
    means: tuple[float | None, ...]


@dataclass(frozen=True)
class TierTrend:
    id: str
    label: str
    units: tuple[int, ...]
    means: tuple[float | None, ...]
    best: tuple[float | None, ...]
    lowest: tuple[float | None, ...]
    indicators: tuple[IndicatorTrend, ...]


@dataclass(frozen=True)
class UnitTrend:
    """One unit's line: its code and name in the latest edition it appears in."""

    tier: str
    code: str
    name: str
    codes: tuple[str | None, ...]  # its code in each edition (None: absent)
    totals: tuple[float | None, ...]
    ranks: tuple[int | None, ...]
    levels: tuple[tuple[str, ...], ...]  # per edition, its level label in each category
    merged_into: str | None  # the code it merged into (its line stops at the merger)


@dataclass(frozen=True)
class History:
    editions: tuple[Edition, ...]
    tiers: tuple[TierTrend, ...]
    units: tuple[UnitTrend, ...]
    successors: tuple[tuple[str, str, str], ...]  # (tier, old code, new code) followed
    renames: tuple[tuple[str, str], ...]  # (old id, new id) of indicators followed

    def tier_units(self, tier: str) -> tuple[UnitTrend, ...]:
        return tuple(u for u in self.units if u.tier == tier)


def _edition(doc: Mapping, source: str) -> Edition:
    fw = doc.get("framework") or {}
    return Edition(
        framework_id=str(fw.get("id", "")),
        title=str(fw.get("title", "")),
        year=fw.get("year"),
        version=fw.get("version"),
        source=source,
        decimals=int(doc.get("decimals", 2)),
    )


def _final(tier: str, code: str, successors: Mapping[tuple[str, str], str]) -> str:
    """Follow ``successors`` from ``code`` to the last unit it became (stops on a loop)."""
    seen = {code}
    while (tier, code) in successors and successors[(tier, code)] not in seen:
        code = successors[(tier, code)]
        seen.add(code)
    return code


def build_history(
    documents: Sequence[Mapping],
    *,
    sources: Sequence[str] | None = None,
    successors: Mapping[tuple[str, str], str] | None = None,
    renames: Mapping[str, str] | None = None,
) -> History:
    """The trends of ``documents`` (parsed results.json), oldest edition first.

    Editions are ordered by framework year (then as given); ``sources`` names each document
    (its file) for the notes.
    """
    successors = dict(successors or {})
    renames = dict(renames or {})
    names = list(sources or [f"#{i + 1}" for i in range(len(documents))])
    order = sorted(range(len(documents)), key=lambda i: (_year_key(documents[i]), i))
    docs = [documents[i] for i in order]
    editions = tuple(_edition(docs[k], names[i]) for k, i in enumerate(order))
    n = len(docs)
    lines: dict[tuple[str, str], dict] = {}
    followed: set[tuple[str, str, str]] = set()
    for e, doc in enumerate(docs):
        finals: dict[tuple[str, str], int] = {}
        for unit in doc.get("units", []):
            key = (str(unit["tier"]), _final(str(unit["tier"]), str(unit["code"]), successors))
            finals[key] = finals.get(key, 0) + 1
        for unit in doc.get("units", []):
            tier, code = str(unit["tier"]), str(unit["code"])
            final = _final(tier, code, successors)
            merged = finals[(tier, final)] > 1 and final != code
            key = (tier, code if merged else final)
            if final != code and not merged:
                followed.add((tier, code, final))
            line = lines.setdefault(key, _empty_line(tier, n))
            line["code"], line["name"] = code, str(unit.get("name", code))
            line["codes"][e] = code
            line["totals"][e] = unit.get("total")
            line["ranks"][e] = unit.get("rank")
            line["levels"][e] = tuple(
                str(c.get("level_label") or "") for c in (unit.get("categories") or {}).values()
            )
            if merged:
                line["merged_into"] = final
    units = tuple(
        UnitTrend(
            tier=tier,
            code=line["code"],
            name=line["name"],
            codes=tuple(line["codes"]),
            totals=tuple(line["totals"]),
            ranks=tuple(line["ranks"]),
            levels=tuple(line["levels"]),
            merged_into=line["merged_into"],
        )
        for (tier, _), line in sorted(lines.items(), key=lambda kv: _unit_order(kv, docs))
    )
    return History(
        editions=editions,
        tiers=_tiers(docs, renames),
        units=units,
        successors=tuple(sorted(followed)),
        renames=tuple(sorted(renames.items())),
    )


def _year_key(doc: Mapping) -> int:
    year = (doc.get("framework") or {}).get("year")
    return year if isinstance(year, int) else 0


def _empty_line(tier: str, n: int) -> dict:
    return {
        "tier": tier,
        "code": "",
        "name": "",
        "codes": [None] * n,
        "totals": [None] * n,
        "ranks": [None] * n,
        "levels": [()] * n,
        "merged_into": None,
    }


def _unit_order(item, docs) -> tuple:
    """Tiers in the latest edition's order, then by the latest rank held, then by code."""
    (tier, code), line = item
    tiers = [t["id"] for doc in reversed(docs) for t in doc.get("tiers", [])]
    position = tiers.index(tier) if tier in tiers else len(tiers)
    last_rank = next((r for r in reversed(line["ranks"]) if r is not None), None)
    absent_last = sum(1 for t in reversed(line["totals"]) if t is None)
    return (position, absent_last, last_rank is None, last_rank or 0, code)


def _tiers(docs: list[Mapping], renames: Mapping[str, str]) -> tuple[TierTrend, ...]:
    labels: dict[str, str] = {}
    for doc in docs:  # the latest edition's label wins
        for tier in doc.get("tiers", []):
            labels[str(tier["id"])] = str(tier.get("label", tier["id"]))
    out = []
    for tier, label in labels.items():
        per_edition = [[u for u in doc.get("units", []) if u.get("tier") == tier] for doc in docs]
        totals = [
            [u["total"] for u in units if u.get("total") is not None] for units in per_edition
        ]
        out.append(
            TierTrend(
                id=tier,
                label=label,
                units=tuple(len(units) for units in per_edition),
                means=tuple(sum(t) / len(t) if t else None for t in totals),
                best=tuple(max(t) if t else None for t in totals),
                lowest=tuple(min(t) if t else None for t in totals),
                indicators=_indicator_trends(per_edition, renames),
            )
        )
    return tuple(out)


def _indicator_trends(per_edition: list[list[Mapping]], renames: Mapping[str, str]):
    """Mean points per indicator and edition; an old id is carried on under its new id."""
    n = len(per_edition)
    ids: dict[str, list[str | None]] = {}
    means: dict[str, list[float | None]] = {}
    for e, units in enumerate(per_edition):
        seen: dict[str, list[float]] = {}
        for unit in units:
            for node, points in (unit.get("indicators") or {}).items():
                if points is not None:
                    seen.setdefault(node, []).append(float(points))
        for node, values in seen.items():
            key = _renamed(node, renames)
            ids.setdefault(key, [None] * n)[e] = node
            means.setdefault(key, [None] * n)[e] = sum(values) / len(values)
    return tuple(IndicatorTrend(key, tuple(ids[key]), tuple(means[key])) for key in means)


def _renamed(node: str, renames: Mapping[str, str]) -> str:
    seen = {node}
    while node in renames and renames[node] not in seen:
        node = renames[node]
        seen.add(node)
    return node
