"""Points left empty by their rule: a division by 0, or a missing value, reaching a score.

``a / b`` is empty (missing) when ``b`` is 0 or empty, and so is any arithmetic on it: the
language never turns "nothing to divide by" into 0 points on its own. A rule of an indicator or
item (or the total) that is empty for a unit its node applies to would be counted as 0 by the
aggregation above it, a silent number; so it is a data problem, one per unit and node, naming
the fix (``if is missing(x) then … else …``, or a declared fallback).
"""

from __future__ import annotations

import polars as pl

from cqdt.compiler.plan.build import ComputeStep, NodeKind, Plan
from cqdt.diagnostics import Diagnostic, diagnostic
from cqdt.runtime.score.messages import CATALOGUE  # noqa: F401 - registers the codes

__all__ = ["empty_points"]

#: The computed columns whose emptiness would be read as 0 points.
CHECKED_KINDS = (NodeKind.INDICATOR, NodeKind.ITEM, NodeKind.TOTAL)

#: At most this many diagnostics per node (the count of the rest is given once).
PER_NODE = 20


def empty_points(
    plan: Plan, results: pl.DataFrame | pl.LazyFrame, engine: str = "auto"
) -> list[Diagnostic]:
    """``score.empty_points`` for each unit whose points (or total) its rule left empty.

    Lazy: only the codes and flags of the units with a problem are collected (a Parquet scan
    of the scores is checked in bounded memory)."""
    steps = [
        s
        for s in plan.steps()
        if isinstance(s, ComputeStep) and s.kind in CHECKED_KINDS and s.dtype == "Float64"
    ]
    if not steps:
        return []
    flag = {
        s.column: pl.col(s.column).is_null() & pl.col("tier").is_in(list(s.tiers)) for s in steps
    }
    flagged = (
        results.lazy()
        .select(pl.col("code"), *(f.alias(c) for c, f in flag.items()))
        .filter(pl.any_horizontal([pl.col(c) for c in flag]))
        .collect(engine=engine)
    )
    found: list[Diagnostic] = []
    codes = flagged["code"]
    for step in steps:
        empty = codes.filter(flagged[step.column]).to_list()
        for code in empty[:PER_NODE]:
            found.append(diagnostic("score.empty_points", None, code=code, node=step.column))
        if len(empty) > PER_NODE:
            found.append(
                diagnostic(
                    "score.empty_points_more", None, node=step.column, count=len(empty) - PER_NODE
                )
            )
    return found
