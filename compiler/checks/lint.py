"""Warnings: rules that give every unit the same points, inputs nobody uses."""

from __future__ import annotations

from cqdt.compiler.checks import rules
from cqdt.compiler.messages import make
from cqdt.compiler.model.contract import derived_reach, readers
from cqdt.compiler.model.nodes import Framework, InputType
from cqdt.diagnostics import Diagnostic
from cqdt.dsl.keywords import RESERVED_WORDS


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
        used = derived_reach(rule, derived_exprs).keys()
        if not (used & inputs) and used <= known:
            found.append(make("W801", ind.span, path=path, name=ind.id))
    return found


def unused_inputs(fw: Framework) -> list[Diagnostic]:
    """W802: a (non-text) input nothing reads (:func:`~cqdt.compiler.model.contract.readers`:
    rules, the total, the ranking, derived values) and no other input is bounded by."""
    derived = {d.id: d.expr for d in fw.derived}
    used: set[str] = set()
    for expr, _ in readers(fw):
        used |= derived_reach(expr, derived).keys()
    used |= {i.at_most for i in fw.inputs if i.at_most}
    return [
        make("W802", i.span, path=i.id, name=i.id)
        for i in fw.inputs
        if i.id not in used
        and i.type is not InputType.TEXT  # text is informational by design
        and i.id not in RESERVED_WORDS  # E203 already: a rule cannot name it
    ]
