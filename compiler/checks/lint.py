"""Warnings: rules that give every unit the same points, inputs nobody uses."""

from __future__ import annotations

from cqdt.compiler.checks import rules
from cqdt.compiler.messages import make
from cqdt.compiler.model.nodes import Framework, InputType
from cqdt.diagnostics import Diagnostic
from cqdt.dsl.expr import Expr, refs
from cqdt.dsl.keywords import RESERVED_WORDS


def _used_names(expr: Expr, derived: dict[str, Expr]) -> set[str]:
    """Names used by ``expr``, following derived values (iteratively: cycles are harmless)."""
    seen: set[str] = set()
    todo = list(refs(expr))
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in derived:
            todo.extend(refs(derived[name]))
    return seen


def constant_rules(fw: Framework) -> list[Diagnostic]:
    """W801: a scored rule that uses no input gives every unit the same points.

    A rule naming something undeclared is left to E202 (its meaning is unknown, so "uses no
    input" would be a second message for the same mistake)."""
    inputs = {i.id for i in fw.inputs}
    known = inputs | set(derived_exprs := {d.id: d.expr for d in fw.derived})
    found = []
    for path, ind, rule in rules(fw):
        if not ind.scored:
            continue
        used = _used_names(rule, derived_exprs)
        if not (used & inputs) and used <= known:
            found.append(make("W801", ind.span, path=path, name=ind.id))
    return found


def unused_inputs(fw: Framework) -> list[Diagnostic]:
    """W802: a (non-text) input no rule, derived value, total or ranking uses (directly or not)."""
    derived = {d.id: d.expr for d in fw.derived}
    used: set[str] = set()
    exprs = [ind.rule for _, _, ind in fw.indicators() if ind.rule is not None]
    exprs.append(fw.total)
    if fw.ranking is not None:
        exprs += [fw.ranking.measure, *(t.measure for t in fw.ranking.tiebreaks)]
    for expr in exprs:
        used |= _used_names(expr, derived)
    used |= {i.at_most for i in fw.inputs if i.at_most}
    return [
        make("W802", i.span, path=i.id, name=i.id)
        for i in fw.inputs
        if i.id not in used
        and i.type is not InputType.TEXT  # text is informational by design
        and i.id not in RESERVED_WORDS  # E203 already: a rule cannot name it
    ]
