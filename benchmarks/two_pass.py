"""Scoring in bounded memory (now :mod:`cqdt.runtime.score.out_of_core`; this keeps the
benchmarks' plan-level entry points), by taking the cross-unit work out of the streaming pass.

Why: the scoring query of ``compiler.to_polars`` is row-wise except for two things, the tier
functions (``best``, ``worst``, ``tier_mean``, ``minmax``, ``zscore``: ``.over("tier")``) and the
rank. Each needs every unit of a tier at once, so Polars' streaming engine materialises the whole
frame at the first of them and peak memory grows with the number of units (measured: 1.5 GB at
1,000,000 units × 50 indicators, 3.7 GB at 3,000,000). But a tier function only needs a few
numbers per tier, and the rank only needs the rank keys. So:

1. **tier constants** — stream the inputs through the steps the tier-function arguments need and
   aggregate per tier (count, left-fold sum, min, max; then the sum of squared deviations for
   ``zscore``): a handful of numbers per tier;
2. **scores** — the whole plan except the rank, with every tier function replaced by its
   per-tier constants: purely row-wise, streamed from Parquet to Parquet;
3. **ranks** — read back only ``tier`` and the rank keys, rank in memory, write the rank column.

The sums are left folds in row order and divisions real IEEE divisions, as in the backend, so
the results are the same to the bit as ``to_polars`` (checked by ``tests/bench``). Arguments of
tier functions that themselves use tier functions take one more aggregation pass per level.

>>> # score_to_parquet(plan, pl.scan_parquet("inputs/*.parquet"), Path("out"))
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cqdt.compiler.plan.build import Plan
from cqdt.runtime.score.out_of_core import (
    query_with_constants,
    rank_query,
    score_plan_to_parquet,
    scores_query,
    tier_constants,
    tier_functions,
)

__all__ = [
    "query_with_constants",
    "rank_query",
    "score_to_parquet",
    "scores_query",
    "tier_constants",
    "tier_functions",
]


def score_to_parquet(plan: Plan, inputs: pl.LazyFrame, folder: Path) -> dict[str, Path]:
    """The three passes on unchecked generated inputs; ``{"results": path}``."""
    return {"results": score_plan_to_parquet(plan, inputs, folder)}
