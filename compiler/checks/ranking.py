"""The ranking measure and its tie-breaks must name a score and give a number."""

from __future__ import annotations

from cqdt.compiler.checks.types import TypeChecker
from cqdt.compiler.messages import make, word
from cqdt.compiler.model.nodes import Framework
from cqdt.diagnostics import Diagnostic
from cqdt.dsl.expr import refs


def ranking_measures(fw: Framework) -> list[Diagnostic]:
    """E701 a measure that names nothing (every unit ties), E702 a measure that is not a number."""
    if fw.ranking is None:
        return []
    found = []
    checker = TypeChecker(fw, path="ranking")
    measures = [fw.ranking.measure, *(t.measure for t in fw.ranking.tiebreaks)]
    for measure in measures:
        span = getattr(measure, "span", fw.ranking.span)
        if not refs(measure):
            found.append(make("E701", span, path="ranking"))
            continue
        kind = checker.kind(measure)
        if kind not in ("number", "unknown"):
            found.append(make("E702", span, path="ranking", kind=word(f"kind.{kind}")))
    return found + checker.found
