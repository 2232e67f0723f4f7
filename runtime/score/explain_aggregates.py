"""``cqdt explain`` for indexes, growths and named rankings: each index with the numbers in
it (its members' points over its scale), each growth with the two values it subtracts, each
named rank.

Read from the same results row as the rest of the explanation; shown after the total and the
rank, only when the framework declares them.
"""

from __future__ import annotations

from dataclasses import dataclass

from cqdt.compiler.model.nodes import Framework
from cqdt.compiler.plan.columns import missing_column
from cqdt.i18n import Message
from cqdt.number_format import format_number

__all__ = ["AggregateTraces", "GrowthTrace", "IndexTrace", "RankingTrace", "aggregate_traces"]

MESSAGES = {
    "index": Message(
        vi="{label} ({id}): {value} = {points} / {max} điểm",
        en="{label} ({id}): {value} = {points} / {max} points",
    ),
    "member": Message(vi="{label} ({id}): {points} / {max}", en="{label} ({id}): {points} / {max}"),
    "growth": Message(
        vi="{label} ({id}): {value} = {now} − {before}",
        en="{label} ({id}): {value} = {now} − {before}",
    ),
    "no_growth": Message(
        vi="{label} ({id}): không áp dụng (không có giá trị năm trước '{previous}')",
        en="{label} ({id}): not applicable (no previous value '{previous}')",
    ),
    "ranking": Message(vi="{label} ({id}): {rank}", en="{label} ({id}): {rank}"),
    "unranked": Message(vi="không xếp hạng", en="not ranked"),
}


@dataclass(frozen=True)
class IndexTrace:
    id: str
    label: str
    value: float | None
    points: float | None
    max: float | None
    #: (id, label, points, max) of each member that applies to the unit's tier
    members: tuple[tuple[str, str, float | None, float | None], ...]
    level: str | None = None  # the level label, when the index has a level table


@dataclass(frozen=True)
class GrowthTrace:
    id: str
    label: str
    value: float | None
    index: float | None
    previous: float | None  # None: last year's value was not given
    previous_id: str


@dataclass(frozen=True)
class RankingTrace:
    id: str
    label: str
    rank: int | None


@dataclass(frozen=True)
class AggregateTraces:
    indexes: tuple[IndexTrace, ...] = ()
    growths: tuple[GrowthTrace, ...] = ()
    rankings: tuple[RankingTrace, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.indexes or self.growths or self.rankings)

    def render(self, lang: str, decimals: int, add) -> None:
        """Lines through ``add(indent, text)``; indexes and growths with ``decimals`` + 2."""

        def num(value, places=decimals) -> str:
            return "—" if value is None else format_number(float(value), places, lang=lang)

        for ix in self.indexes:
            value = num(ix.value, decimals + 2)
            line = MESSAGES["index"].render(
                lang, label=ix.label, id=ix.id, value=value, points=num(ix.points), max=num(ix.max)
            )
            add(0, line + (f" — {ix.level}" if ix.level else ""))
            for member_id, label, points, maximum in ix.members:
                add(
                    1,
                    MESSAGES["member"].render(
                        lang, label=label, id=member_id, points=num(points), max=num(maximum)
                    ),
                )
        for g in self.growths:
            if g.value is None:
                add(
                    0,
                    MESSAGES["no_growth"].render(
                        lang, label=g.label, id=g.id, previous=g.previous_id
                    ),
                )
                continue
            value = format_number(g.value, decimals + 2, lang=lang, signed=True)
            add(
                0,
                MESSAGES["growth"].render(
                    lang,
                    label=g.label,
                    id=g.id,
                    value=value,
                    now=num(g.index, decimals + 2),
                    before=num(g.previous, decimals + 2),
                ),
            )
        for r in self.rankings:
            rank = str(r.rank) if r.rank is not None else MESSAGES["unranked"].render(lang)
            add(0, MESSAGES["ranking"].render(lang, label=r.label, id=r.id, rank=rank))


def _labels(fw: Framework) -> dict[str, str]:
    out = {c.id: c.label for c in fw.categories}
    out.update({g.id: g.label for _, g in fw.groups()})
    out.update({i.id: i.label for _, _, i in fw.indicators()})
    return out


def _maxima(fw: Framework, tier: str) -> dict[str, float | None]:
    out = {c.id: c.max_for(tier) for c in fw.categories}
    out.update({g.id: g.max_for(tier) for _, g in fw.groups()})
    out.update({i.id: i.max_for(tier) for _, _, i in fw.indicators()})
    return out


def _level_label(index, row: dict) -> str | None:
    if index.levels is None or row.get(index.level_column) is None:
        return None
    level = row[index.level_column]
    labels = {lv.id: lv.label for lv in index.levels.levels}
    return labels.get(level, index.levels.unclassified_label)


def aggregate_traces(fw: Framework, row: dict, tier: str) -> AggregateTraces:
    """The traces of one unit's row."""
    labels, maxima = _labels(fw), _maxima(fw, tier)
    indexes = tuple(
        IndexTrace(
            ix.id,
            ix.label,
            row.get(ix.id),
            row.get(ix.points_column),
            ix.max_for(tier),
            tuple(
                (m, labels.get(m, m), row.get(m), maxima.get(m))
                for m in ix.members
                if maxima.get(m) is not None
            ),
            _level_label(ix, row),
        )
        for ix in fw.indexes
        if ix.max_for(tier) is not None
    )
    growths = tuple(
        GrowthTrace(
            g.id,
            g.label,
            row.get(g.id),
            row.get(g.of),
            None if row.get(missing_column(g.previous)) else row.get(g.previous),
            g.previous,
        )
        for g in fw.growths
        if any(ix.id == g.of for ix in indexes)
    )
    rankings = tuple(RankingTrace(r.id, r.label, row.get(r.id)) for r in fw.rankings)
    return AggregateTraces(indexes, growths, rankings)
