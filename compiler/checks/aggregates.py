"""Indexes, growths and named rankings: members known and scored, scales that add up, growth
on an index from a number input, named ranking measures that name a score.

One mistake gives one message: an unknown member is E202 (with "did you mean"), and the scale
of an index with an unknown member is not compared with its declared max.
"""

from __future__ import annotations

from cqdt.compiler.checks import TOLERANCE, fmt_points
from cqdt.compiler.checks.levels import table_problems
from cqdt.compiler.checks.names import kinds
from cqdt.compiler.checks.types import TypeChecker
from cqdt.compiler.messages import make, word
from cqdt.compiler.model.aggregates import Growth, Index
from cqdt.compiler.model.lower_aggregates import member_maxima
from cqdt.compiler.model.nodes import Framework, InputType
from cqdt.diagnostics import Diagnostic
from cqdt.dsl.expr import refs
from cqdt.suggest import suggest_id

#: Kinds of node an index may count.
MEMBER_KINDS = frozenset({"category", "group", "indicator"})
_NUMERIC = (InputType.NUMBER, InputType.COUNT, InputType.PERCENT)


def _scored(fw: Framework) -> dict[str, bool]:
    out = {c.id: True for c in fw.categories}
    out.update({g.id: g.scored for _, g in fw.groups()})
    out.update({i.id: i.scored for _, _, i in fw.indicators()})
    return out


def _index(fw: Framework, index: Index, known: dict[str, str], scored) -> list[Diagnostic]:
    found = []
    seen: set[str] = set()
    spans = index.member_spans or (index.span,) * len(index.members)
    for member, span in zip(index.members, spans, strict=True):
        kind = known.get(member)
        if kind is None:
            candidates = [n for n, k in known.items() if k in MEMBER_KINDS]
            suggestion = suggest_id(member, candidates)
            hint = None if suggestion else "E202.hint_member"
            found.append(
                make(
                    "E202",
                    span,
                    path=index.id,
                    name=member,
                    suggestion=suggestion,
                    hint_code=hint,
                )
            )
        elif kind not in MEMBER_KINDS:
            kind_word = word(f"kind.{kind}")
            found.append(
                make("E450", span, path=index.id, member=member, kind=kind_word, name=index.id)
            )
        elif member in seen:
            found.append(make("E451", span, path=index.id, member=member, name=index.id))
        elif not scored.get(member, True):
            found.append(make("E452", span, path=index.id, member=member, name=index.id))
        seen.add(member)
    if found:
        return found
    inferred = member_maxima(fw.categories, index.members, fw.tier_ids)
    for tier, declared in index.maxima.entries:
        children = inferred.get(tier) or 0.0
        label = fw.tier(tier).label
        if abs(declared - children) > TOLERANCE:
            found.append(
                make(
                    "E401",
                    index.span,
                    path=index.id,
                    name=index.id,
                    parent=fmt_points(declared),
                    children=fmt_points(children),
                    tier=label,
                )
            )
        elif declared <= TOLERANCE:
            found.append(make("E453", index.span, path=index.id, name=index.id, tier=label))
    return found


def _growth(fw: Framework, growth: Growth, known: dict[str, str]) -> list[Diagnostic]:
    found = []
    kind = known.get(growth.of)
    if kind is None:
        indexes = [i.id for i in fw.indexes]
        found.append(
            make(
                "E202",
                growth.span,
                path=growth.id,
                name=growth.of,
                suggestion=suggest_id(growth.of, indexes),
            )
        )
    elif kind != "index":
        found.append(
            make("E454", growth.span, path=growth.id, name=growth.of, kind=word(f"kind.{kind}"))
        )
    kind = known.get(growth.previous)
    if kind is None:
        inputs = [i.id for i in fw.inputs]
        suggestion = suggest_id(growth.previous, inputs)
        found.append(
            make("E202", growth.span, path=growth.id, name=growth.previous, suggestion=suggestion)
        )
    elif kind != "input" or fw.input(growth.previous).type not in _NUMERIC:
        what = word(f"kind.{kind}")
        if kind == "input":
            value = fw.input(growth.previous).type.value
            what = word(f"kind.{'bool' if value == 'yesno' else value}")
        found.append(make("E455", growth.span, path=growth.id, name=growth.previous, kind=what))
    return found


def _named_rankings(fw: Framework) -> list[Diagnostic]:
    """E701/E702 for the measures of named rankings, as for the main ranking."""
    found = []
    for named in fw.rankings:
        checker = TypeChecker(fw, path=named.id)
        ranking = named.ranking
        for measure in (ranking.measure, *(t.measure for t in ranking.tiebreaks)):
            span = getattr(measure, "span", None) or named.span
            if not refs(measure):
                found.append(make("E701", span, path=named.id))
                continue
            kind = checker.kind(measure)
            if kind not in ("number", "unknown"):
                found.append(make("E702", span, path=named.id, kind=word(f"kind.{kind}")))
        found += checker.found
    return found


def index_declarations(fw: Framework) -> list[Diagnostic]:
    """E202, E401, E450–E455, E701, E702 on indexes, growths and named rankings."""
    known = kinds(fw)
    scored = _scored(fw)
    found: list[Diagnostic] = []
    for index in fw.indexes:
        found += _index(fw, index, known, scored)
        if index.levels is not None:
            found += table_problems(fw, index.as_category())
    for growth in fw.growths:
        found += _growth(fw, growth, known)
    return found + _named_rankings(fw)
