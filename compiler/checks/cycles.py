"""Derived values that depend on themselves (E211), each edge shown as a related span."""

from __future__ import annotations

from cqdt.compiler.messages import make
from cqdt.compiler.model.nodes import Framework
from cqdt.diagnostics import Diagnostic, Span
from cqdt.dsl.expr import Ref, walk


def derived_cycles(fw: Framework) -> list[Diagnostic]:
    """Find each elementary cycle once (iterative DFS, so deep chains cannot overflow)."""
    exprs = {d.id: d for d in fw.derived}
    edges: dict[str, list[tuple[str, Span]]] = {}
    for d in fw.derived:
        edges[d.id] = [(n.id, n.span) for n in walk(d.expr) if isinstance(n, Ref) and n.id in exprs]
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    found = []
    for root in exprs:
        if state.get(root):
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        path: list[str] = [root]
        state[root] = 1
        while stack:
            node, i = stack[-1]
            if i < len(edges[node]):
                stack[-1] = (node, i + 1)
                target, _ = edges[node][i]
                if state.get(target) == 1:
                    cycle = path[path.index(target) :] + [target]
                    found.append(_report(cycle, edges, exprs))
                elif not state.get(target):
                    state[target] = 1
                    path.append(target)
                    stack.append((target, 0))
            else:
                state[node] = 2
                stack.pop()
                path.pop()
    return found


def _report(cycle: list[str], edges, exprs) -> Diagnostic:
    related = []
    for a, b in zip(cycle, cycle[1:], strict=False):
        span = next(s for t, s in edges[a] if t == b)
        related.append((span, f"'{a}' → '{b}'"))
    return make(
        "E211",
        exprs[cycle[0]].span,
        path=cycle[0],
        cycle=" → ".join(cycle),
        related=tuple(related),
    )
