"""The input contract of a framework: what a data-entry form must ask, and its fingerprint.

The contract is the part of a framework a filled-in form depends on: which inputs exist, their
ids and types, valid ranges, options, missing-value policies and the tiers that answer them.

Which tiers answer an input is decided here and only here (:func:`asked_tiers`, stored in
``Input.tiers`` when the model is built, then read through :func:`asks` and
:func:`asked_inputs` by the form, the reader, the plan, explanations and results.json): a tier
is asked an input when something scored for that tier reads it — an indicator or item rule of
the tier, the total or the ranking (measure and tie-breaks, every tier), a derived value
(through what reads it; one that nothing reads is in the results frame of every tier), or an
input bounded by it (``at most``). An input nothing reads is asked of no tier. Level
conditions read scores only, never an input.
Labels are not part of it (they can be reworded freely without invalidating forms already sent
out); changing an id, a type or a range is, and :func:`contract_hash` changes with it. The
hash is written into the hidden ``_cqdt`` sheet of every form so the reader can say "this form
was made for another version of the framework" instead of misreading columns.

>>> from cqdt.compiler.model.nodes import Input, InputType
>>> a = Input(id="staff", label="Tổng số CBCC", type=InputType.COUNT, tiers=("province",))
>>> input_contract_of((a,))[0]["type"]
'count'
>>> asks(a, "province"), asks(a, "district")
(True, False)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from cqdt.compiler.model.aggregates import score_readers
from cqdt.compiler.model.nodes import Framework, Input
from cqdt.dsl.expr import Expr, refs

__all__ = [
    "CONTRACT_VERSION",
    "asked_inputs",
    "asked_tiers",
    "asks",
    "contract_hash",
    "derived_reach",
    "input_contract",
    "input_contract_of",
    "readers",
    "with_asked_tiers",
]

#: Bumped when the shape of the contract document itself changes.
CONTRACT_VERSION = 1


def input_contract_of(inputs: tuple[Input, ...]) -> list[dict[str, Any]]:
    """One plain dict per input, in declaration order; only what a form depends on."""
    return [
        {
            "id": inp.id,
            "type": inp.type.value,
            "minimum": inp.minimum,
            "maximum": inp.maximum,
            "at_most": inp.at_most,
            "choices": list(inp.choices),
            "missing": inp.missing.value,
            "tiers": list(inp.tiers),
        }
        for inp in inputs
    ]


def input_contract(fw: Framework) -> dict[str, Any]:
    """The input contract of ``fw`` as a JSON-ready dict (tiers in framework order)."""
    return {
        "contract_version": CONTRACT_VERSION,
        "tiers": list(fw.tier_ids),
        "inputs": input_contract_of(fw.inputs),
    }


def contract_hash(fw: Framework) -> str:
    """sha256 (hex) of the canonical JSON of :func:`input_contract` (sorted keys, no spaces)."""
    canonical = json.dumps(
        input_contract(fw), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# -- which tiers are asked an input ------------------------------------------------------------


def derived_reach(expr: Expr, derived: Mapping[str, Expr]) -> dict[str, None]:
    """Every name ``expr`` uses, following derived values through what they read, in first-use
    order (the derived ids themselves included; a cycle, refused by the checks, is harmless).

    The one walk through derived values: who uses an input, which inputs a rule reads.
    """
    seen: dict[str, None] = {}
    todo = list(reversed(refs(expr)))
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen[name] = None
        if name in derived:
            todo.extend(reversed(refs(derived[name])))
    return seen


def readers(fw: Framework) -> Iterator[tuple[Expr, tuple[str, ...]]]:
    """Every expression that reads inputs for a unit, with the tiers it is read for.

    Rules are read for their node's tiers; the total and the ranking for every tier; a
    derived value that no rule, total, ranking or other derived value reaches is still a
    column of every tier's results, so it is read for every tier.
    """
    every = fw.tier_ids
    derived = {d.id: d.expr for d in fw.derived}
    reached: dict[str, None] = {}
    for _, _, ind in fw.indicators():
        if ind.rule is not None:
            reached.update(derived_reach(ind.rule, derived))
            yield ind.rule, ind.maxima.tiers
    others = [fw.total, *score_readers(fw)]
    if fw.ranking is not None:
        others += [fw.ranking.measure, *(t.measure for t in fw.ranking.tiebreaks)]
    for expr in others:
        reached.update(derived_reach(expr, derived))
        yield expr, every
    for d in fw.derived:
        if d.id not in reached:
            reached.update(derived_reach(d.expr, derived))
            yield d.expr, every


def asked_tiers(fw: Framework) -> dict[str, tuple[str, ...]]:
    """Input id → the tiers whose form asks it, in framework order (see the module doc)."""
    derived = {d.id: d.expr for d in fw.derived}
    wanted: dict[str, set[str]] = {i.id: set() for i in fw.inputs}
    for expr, tiers in readers(fw):
        for name in derived_reach(expr, derived):
            if name in wanted:
                wanted[name].update(tiers)
    bounded = [(i.id, i.at_most) for i in fw.inputs if i.at_most in wanted]
    for _ in bounded:  # a chain a ≤ b ≤ c settles in as many passes as it has links
        changed = False
        for inp, limit in bounded:
            if not wanted[inp] <= wanted[limit]:
                wanted[limit] |= wanted[inp]
                changed = True
        if not changed:
            break
    return {k: tuple(t for t in fw.tier_ids if t in v) for k, v in wanted.items()}


def with_asked_tiers(fw: Framework) -> Framework:
    """``fw`` with every ``Input.tiers`` set to :func:`asked_tiers` (done once, when lowering)."""
    tiers = asked_tiers(fw)
    return replace(fw, inputs=tuple(replace(i, tiers=tiers[i.id]) for i in fw.inputs))


def asks(inp: Input, tier: str) -> bool:
    """Whether the form of ``tier`` asks ``inp`` (an input asked of no tier is asked nowhere)."""
    return tier in inp.tiers


def asked_inputs(fw: Framework, tier: str) -> tuple[Input, ...]:
    """The inputs the form of ``tier`` asks, in declaration order."""
    return tuple(inp for inp in fw.inputs if tier in inp.tiers)
