"""Names: every id declared once, every name used in an expression declared and of a usable kind.

Rules and derived values may use inputs and derived values; the total and the ranking use
categories, groups, indicators (and the ranking may use ``total``).
"""

from __future__ import annotations

from cqdt.compiler.checks import node_paths
from cqdt.compiler.messages import make, word
from cqdt.compiler.model.nodes import Framework
from cqdt.diagnostics import Diagnostic, Span
from cqdt.dsl.expr import Expr, Ref, walk
from cqdt.suggest import suggest_id

RULE_KINDS = frozenset({"input", "derived"})
MEASURE_KINDS = frozenset({"category", "group", "indicator", "derived", "input", "index", "growth"})


def declarations(fw: Framework) -> list[tuple[str, str, Span]]:
    """``(id, kind, span)`` of every named node, in declaration order."""
    out = [(i.id, "input", i.span) for i in fw.inputs]
    out += [(d.id, "derived", d.span) for d in fw.derived]
    for category in fw.categories:
        out.append((category.id, "category", category.span))
        for group in category.groups:
            out.append((group.id, "group", group.span))
            for ind in group.indicators:
                out.append((ind.id, "indicator", ind.span))
                out += [(item.id, "indicator", item.span) for item in ind.items]
    out += [(i.id, "index", i.span) for i in fw.indexes]
    out += [(g.id, "growth", g.span) for g in fw.growths]
    out += [(r.id, "ranking", r.span) for r in fw.rankings]
    return out


def kinds(fw: Framework) -> dict[str, str]:
    """``id → kind`` (the first declaration wins for a duplicated id)."""
    out: dict[str, str] = {}
    for name, kind, _ in declarations(fw):
        out.setdefault(name, kind)
    return out


def duplicate_ids(fw: Framework) -> list[Diagnostic]:
    """E201: an id declared twice (the related span points at the first declaration)."""
    first: dict[str, Span] = {}
    paths = node_paths(fw)
    found = []
    for name, _kind, span in declarations(fw):
        if name in first:
            found.append(
                make(
                    "E201",
                    span,
                    path=paths.get(name, ""),
                    name=name,
                    related=((first[name], "first"),),
                )
            )
        else:
            first[name] = span
    return found


def expression_sites(fw: Framework) -> list[tuple[Expr, frozenset[str], str, bool]]:
    """``(expr, allowed kinds, path, total allowed)`` for every expression of the framework."""
    sites = [(d.expr, RULE_KINDS, d.id, False) for d in fw.derived]
    paths = node_paths(fw)
    for _, _, ind in fw.indicators():
        if ind.rule is not None:
            sites.append((ind.rule, RULE_KINDS, paths.get(ind.id, ind.id), False))
    sites.append((fw.total, MEASURE_KINDS, "total", False))
    if fw.ranking is not None:
        sites.append((fw.ranking.measure, MEASURE_KINDS, "ranking", True))
        sites += [(t.measure, MEASURE_KINDS, "ranking", True) for t in fw.ranking.tiebreaks]
    for named in fw.rankings:
        for measure in (named.ranking.measure, *(t.measure for t in named.ranking.tiebreaks)):
            sites.append((measure, MEASURE_KINDS, named.id, True))
    return sites


def unknown_names(fw: Framework) -> list[Diagnostic]:
    """E202 unknown name (with "did you mean"), E206 a name of the wrong kind for its place."""
    known = kinds(fw)
    found = []
    for expr, allowed, path, total_ok in expression_sites(fw):
        for node in walk(expr):
            if not isinstance(node, Ref):
                continue
            if node.id == "total" and total_ok:
                continue
            kind = known.get(node.id)
            if kind is None:
                candidates = [n for n, k in known.items() if k in allowed]
                found.append(
                    make(
                        "E202",
                        node.span,
                        path=path,
                        name=node.id,
                        suggestion=suggest_id(node.id, candidates),
                    )
                )
            elif kind not in allowed:
                key = "allowed.rule" if allowed is RULE_KINDS else "allowed.measure"
                found.append(
                    make(
                        "E206",
                        node.span,
                        path=path,
                        name=node.id,
                        kind=word(f"kind.{kind}"),
                        allowed=word(key),
                    )
                )
    for inp in fw.inputs:
        if inp.at_most is not None and inp.at_most not in known:
            inputs = [i.id for i in fw.inputs]
            found.append(
                make(
                    "E202",
                    inp.span,
                    path=inp.id,
                    name=inp.at_most,
                    suggestion=suggest_id(inp.at_most, inputs),
                )
            )
    return found
