"""A rule with the unit's numbers filled in, for ``cqdt explain``.

``pc_ratio = staff_with_pc / staff * max`` means little to a unit that wants to check its 6,81
points; ``57 / 67 * 8`` it can redo by hand. Every name is replaced by the unit's value, ``max``
by the indicator's max for the unit's tier and every tier function (``best(x)``…) by its value
across the tier, which is also listed on its own line. The values come from the reference
evaluator (:func:`cqdt.compiler.plan.to_reference.expression_values`) over the results frame,
so what is shown is what was computed.

The trace is data (``cqdt explain --format json``) rendered later in either language, so the
formula is kept as a template (``{0} / {1} * {2}``) with its values; the renderer formats each
value the way the officer reads numbers (``6,81`` or ``6.81``, ``1,02%``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace

from cqdt.dsl.expr import Expr, MaxPoints, Num, Ref, Str, TierFunc
from cqdt.dsl.printer import print_expr

__all__ = ["fill_template", "filled_in"]

_SLOT = re.compile("\x00(\\d+)\x01")


def filled_in(
    rule: Expr, value_of: Callable[[Expr], object], percent_ids: frozenset[str] = frozenset()
) -> tuple[str, tuple[tuple[object, bool], ...], tuple[tuple[str, object], ...]]:
    """``(template, values, tier_values)``: ``rule`` printed with a slot ``{n}`` for each name,
    ``max`` and tier function; ``values[n]`` is ``(value, is_percent)``; ``tier_values`` are the
    tier functions met, printed, with their values (each once, in order)."""
    values: list[tuple[object, bool]] = []
    tier_values: dict[str, object] = {}

    def slot(value: object, percent: bool = False) -> Ref:
        values.append((value, percent))
        return Ref(f"\x00{len(values) - 1}\x01")

    def substitute(node):
        if isinstance(node, TierFunc):
            value = value_of(node)
            tier_values.setdefault(print_expr(node), value)
            return slot(value)
        if isinstance(node, Ref):
            return slot(value_of(node), node.id in percent_ids)
        if isinstance(node, MaxPoints):
            return slot(value_of(node))
        if isinstance(node, Num):  # numbers of the file too, in the reader's decimal mark
            return slot(node.value, node.percent)
        if isinstance(node, Str):  # a slot too: the template holds no text of the file
            return slot(node.value)
        changes = {}
        for f in fields(node):
            if f.compare:
                old = getattr(node, f.name)
                new = _map(old, substitute)
                if new is not old:
                    changes[f.name] = new
        return replace(node, **changes) if changes else node

    text = print_expr(substitute(rule)).replace("{", "{{").replace("}", "}}")
    return _SLOT.sub(r"{\1}", text), tuple(values), tuple(tier_values.items())


def fill_template(
    template: str, values, show: Callable[[object, bool], str], separator: str = ", "
) -> str:
    """The template of :func:`filled_in` with each value shown by ``show(value, is_percent)``.

    ``separator`` between a function's arguments: "; " where the decimal mark is a comma
    (``round(1,1194 / 1,8125 * 6; 2)``), as spreadsheets in Vietnamese write it. The template
    holds only keywords, ids and symbols (every text is a slot), so the swap touches nothing
    else."""
    if separator != ", ":
        template = template.replace(", ", separator)
    return template.format(*(show(v, percent) for v, percent in values))


def _map(value, substitute):
    if isinstance(value, tuple):
        mapped = tuple(_map(v, substitute) for v in value)
        return mapped if any(a is not b for a, b in zip(mapped, value, strict=True)) else value
    if is_dataclass(value):
        return substitute(value)
    return value
