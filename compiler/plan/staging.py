"""Ordering a plan: every step one stage after the deepest step it reads; the frame's columns.

Stages are what lets a backend compute a whole stage at once (one ``with_columns`` in Polars):
a rule that reads another indicator simply lands in a later stage. A name no step makes, or a
cycle, means the checks let a broken model through: an :class:`InternalError`, not a user's
mistake.
"""

from __future__ import annotations

from dataclasses import replace

from cqdt.compiler.model.nodes import Framework
from cqdt.compiler.plan.aggregates import aggregate_columns
from cqdt.compiler.plan.columns import (
    IDENTITY,
    RANK,
    TOTAL,
    classified_column,
    level_column,
    max_column,
    missing_column,
    not_applicable_column,
)
from cqdt.compiler.plan.messages import plan_problem
from cqdt.compiler.plan.steps import Step
from cqdt.diagnostics import Diagnostic, InternalError

__all__ = ["frame_columns", "in_stages", "unknown_names"]


def unknown_names(steps: dict[str, Step]) -> list[Diagnostic]:
    """A problem for every column a step reads that no step makes."""
    return [
        plan_problem("plan.unknown_name", None, id=dep, node=step.column)
        for step in steps.values()
        for dep in step.deps
        if dep not in steps
    ]


def in_stages(steps: dict[str, Step]) -> tuple[tuple[Step, ...], ...]:
    """The steps grouped by stage (each with its ``stage`` set), in insertion order within one."""
    depth: dict[str, int] = {}
    visiting: list[str] = []

    def stage_of(column: str) -> int:
        if column in depth:
            return depth[column]
        if column in visiting:
            cycle = visiting[visiting.index(column) :] + [column]
            raise InternalError(
                "a cycle the checks missed",
                [plan_problem("plan.cycle", None, cycle=" → ".join(cycle))],
            )
        visiting.append(column)
        step = steps[column]
        d = 0 if not step.deps else 1 + max(stage_of(dep) for dep in step.deps)
        visiting.pop()
        depth[column] = d
        return d

    staged: dict[int, list[Step]] = {}
    for column, step in steps.items():
        d = stage_of(column)
        staged.setdefault(d, []).append(replace(step, stage=d))
    return tuple(tuple(staged[d]) for d in sorted(staged))


def frame_columns(fw: Framework, steps: dict[str, Step]) -> tuple[str, ...]:
    """The results frame's column order: identity, inputs, derived values, the tree, total, rank."""
    cols = list(IDENTITY)
    for inp in fw.inputs:
        cols.append(inp.id)
        if missing_column(inp.id) in steps:
            cols.append(missing_column(inp.id))
    cols += [d.id for d in fw.derived]
    for _, _, ind in fw.indicators():
        cols.append(ind.id)
        if not_applicable_column(ind.id) in steps:
            cols.append(not_applicable_column(ind.id))
    cols += [g.id for _, g in fw.groups()]
    for c in fw.categories:
        cols += [c.id, max_column(c.id), level_column(c.id), classified_column(c.id)]
    return (*cols, TOTAL, RANK, *aggregate_columns(fw))
