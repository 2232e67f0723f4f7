"""Edits of a framework model for the diff tests: replace, add or remove one node by id."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from cqdt.compiler.model.nodes import Framework, Indicator


def _map_indicators(items: tuple[Indicator, ...], fn) -> tuple[Indicator, ...]:
    out = []
    for ind in items:
        new = fn(ind)
        if new is None:
            continue
        out.append(replace(new, items=_map_indicators(new.items, fn)))
    return tuple(out)


def map_nodes(fw: Framework, fn: Callable) -> Framework:
    """``fn`` applied to every category, group and indicator (None removes the node)."""
    categories = []
    for cat in fw.categories:
        cat = fn(cat)
        if cat is None:
            continue
        groups = []
        for grp in cat.groups:
            grp = fn(grp)
            if grp is None:
                continue
            groups.append(replace(grp, indicators=_map_indicators(grp.indicators, fn)))
        categories.append(replace(cat, groups=tuple(groups)))
    return replace(fw, categories=tuple(categories))


def edit(fw: Framework, node_id: str, **changes) -> Framework:
    """The framework with node ``node_id``'s fields replaced."""
    return map_nodes(fw, lambda n: replace(n, **changes) if n.id == node_id else n)


def remove(fw: Framework, node_id: str) -> Framework:
    return map_nodes(fw, lambda n: None if n.id == node_id else n)


def add_indicator(fw: Framework, group_id: str, indicator: Indicator) -> Framework:
    def fn(node):
        if node.id == group_id:
            return replace(node, indicators=(*node.indicators, indicator))
        return node

    return map_nodes(fw, fn)
