"""Scoring in bounded memory: Parquet (or any lazy frame) in, a results Parquet file out.

Why: the scoring query of :mod:`cqdt.compiler.plan.to_polars` is row-wise except for the tier
functions (``best``, ``worst``, ``tier_mean``, ``minmax``, ``zscore``: windows over a tier) and
the rank. Each needs every unit of a tier at once, so Polars' streaming engine materialises the
whole frame and peak memory grows with the units (docs/performance.md, section 5). But a tier
function only needs a few numbers per tier, and the rank only the rank keys. So three passes:

1. **tier constants** — stream the inputs through the steps the tier-function arguments need and
   aggregate per tier (count, left-fold sum, min, max; then the sum of squared deviations for
   ``zscore``): a handful of numbers per tier;
2. **scores** — the whole plan except the rank, compiled with those constants on the backend's
   context (:attr:`cqdt.compiler.plan.to_polars.Context.tier_constants`): purely row-wise, streamed
   from the inputs to Parquet;
3. **ranks** — read back only ``tier`` and the rank keys, rank, and stream both into
   ``results.parquet``.

The sums are left folds in row order and divisions real IEEE divisions, as in the backend, so
the results are the same to the bit as :func:`cqdt.runtime.score.run.score`. The inputs are checked
first with the same diagnostics as ``score``, by column scans (never collecting the frame).
A tier function whose argument itself needs tier functions costs one more aggregation pass per
level of nesting.

>>> # path = score_to_parquet(fw, "inputs/*.parquet", Path("out"))
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from cqdt.compiler.model.nodes import Framework
from cqdt.compiler.plan import to_polars as backend
from cqdt.compiler.plan.build import InputStep, Plan, RankStep, build_plan
from cqdt.compiler.plan.columns import IDENTITY
from cqdt.compiler.plan.tier_stats import STATISTICS, polars_statistic
from cqdt.diagnostics import CqdtError
from cqdt.dsl.expr import Expr, Ref, TierFunc, walk
from cqdt.runtime.atomic import atomic_path
from cqdt.runtime.score.empty_points import empty_points
from cqdt.runtime.score.run import check_inputs, prepare_lazy_inputs

__all__ = [
    "TierConstants",
    "query_with_constants",
    "rank_query",
    "score_plan_to_parquet",
    "score_to_parquet",
    "scores_query",
    "tier_constants",
    "tier_functions",
]

#: Per tier-function node, per tier: ``count``, ``sum``, ``min``, ``max``, ``mean`` (``sd``).
TierConstants = dict[TierFunc, dict[str, dict[str, float | None]]]

RESULTS = "results.parquet"


def score_to_parquet(
    fw: Framework, inputs: pl.LazyFrame | str | Path, folder: Path, *, engine: str = "streaming"
) -> Path:
    """Check and score ``inputs`` in bounded memory; the path of ``folder/results.parquet``.

    ``inputs`` is a lazy inputs frame or a Parquet path (a glob of parts works). The results
    have the same columns, values and row order as :func:`cqdt.runtime.score.run.score`; a data
    problem raises :class:`~cqdt.diagnostics.CqdtError` with the same diagnostics.
    """
    frame = pl.scan_parquet(str(inputs)) if isinstance(inputs, str | Path) else inputs
    frame, problems = prepare_lazy_inputs(fw, frame, engine)
    if not any(p.code == "score.missing_identity" for p in problems):
        problems += check_inputs(fw, frame, engine)
    if problems:
        raise CqdtError(problems)
    return score_plan_to_parquet(build_plan(fw), frame, Path(folder), engine=engine)


def score_plan_to_parquet(
    plan: Plan, inputs: pl.LazyFrame, folder: Path, *, engine: str = "streaming"
) -> Path:
    """The three passes on already checked inputs; the results Parquet path under ``folder``.

    The intermediate files (scores, ranks) are hidden, per run, and removed even on failure;
    ``results.parquet`` is replaced atomically (a reader never sees half of it).
    """
    folder.mkdir(parents=True, exist_ok=True)
    constants = tier_constants(plan, inputs, engine)
    columns = list(plan.schema())
    ranked = any(isinstance(step, RankStep) for step in plan.steps())
    run = uuid.uuid4().hex
    scores = folder / f".scores.{run}.parquet"
    ranks = folder / f".ranks.{run}.parquet"
    results = folder / RESULTS
    try:
        scores_query(plan, inputs, constants).sink_parquet(scores, engine=engine)
        merged = pl.scan_parquet(scores)
        problems = empty_points(plan, merged, engine)
        if problems:
            raise CqdtError(problems)
        if ranked:
            rank_query(plan, merged, constants).sink_parquet(ranks, engine=engine)
            merged = pl.concat([merged, pl.scan_parquet(ranks)], how="horizontal")
        with atomic_path(results) as target:
            merged.select(columns).sink_parquet(target, engine=engine)
    finally:
        scores.unlink(missing_ok=True)
        ranks.unlink(missing_ok=True)
    return results


def tier_functions(plan: Plan) -> list[TierFunc]:
    """Every distinct tier-function node of the plan's expressions, in plan order."""
    found: dict[TierFunc, None] = {}
    for step in plan.steps():
        exprs: list[Expr] = []
        if getattr(step, "expr", None) is not None:
            exprs.append(step.expr)
        if isinstance(step, RankStep):
            exprs += [key.measure for key in step.keys]
        for expr in exprs:
            for node in walk(expr):
                if isinstance(node, TierFunc):
                    found.setdefault(node, None)
    return list(found)


def tier_constants(plan: Plan, inputs: pl.LazyFrame, engine: str = "streaming") -> TierConstants:
    """Per tier-function node, per tier present: ``count``, ``sum``, ``min``, ``max``, ``mean``,
    and ``sd`` for ``zscore`` nodes.

    One streamed aggregation per level of nesting (two when the level has a ``zscore``): the
    nodes whose arguments need no other tier function first, then those needing only those…
    """
    nodes = tier_functions(plan)
    needs = {node: _needed_tier_functions(plan, node) for node in nodes}
    out: TierConstants = {}
    while len(out) < len(nodes):
        ready = [n for n in nodes if n not in out and needs[n] <= out.keys()]
        if not ready:  # cannot happen for a checked (acyclic) plan
            raise NotImplementedError("tier functions that need each other")
        out.update(_level_constants(plan, inputs, ready, out, engine))
    return out


def _needed_tier_functions(plan: Plan, node: TierFunc) -> set[TierFunc]:
    """The other tier-function nodes computing ``node``'s argument needs."""
    found = {n for n in walk(node.arg) if isinstance(n, TierFunc)}
    for name in _closure(plan, _refs(node.arg)):
        expr = getattr(plan.step(name), "expr", None)
        if expr is not None:
            found |= {n for n in walk(expr) if isinstance(n, TierFunc)}
    found.discard(node)
    return found


def _level_constants(
    plan: Plan,
    inputs: pl.LazyFrame,
    nodes: list[TierFunc],
    known: TierConstants,
    engine: str,
) -> TierConstants:
    """The constants of ``nodes``, whose arguments need only the tier functions of ``known``."""
    ctx = backend.context(plan, known)
    keep = _closure(plan, {name for node in nodes for name in _refs(node.arg)})
    frame = _prefix(plan, inputs, keep, ctx)
    values = [backend.compile_expr(node.arg, ctx).cast(pl.Float64) for node in nodes]
    aggs = []
    for i, (node, x) in enumerate(zip(nodes, values, strict=True)):
        aggs += [
            x.count().alias(f"n{i}"),
            x.fill_null(0.0).cum_sum().last().alias(f"s{i}"),
            x.min().alias(f"lo{i}"),
            x.max().alias(f"hi{i}"),
        ]
        if node.func in STATISTICS:
            aggs.append(polars_statistic(node.func, node.param, x).alias(f"v{i}"))
    first = frame.group_by("tier").agg(aggs).collect(engine=engine)
    out: TierConstants = {}
    for i, node in enumerate(nodes):
        per_tier: dict[str, dict[str, float | None]] = {}
        for tier, count, total, low, high in first.select(
            "tier", f"n{i}", f"s{i}", f"lo{i}", f"hi{i}"
        ).iter_rows():
            mean = total / count if count else None
            per_tier[str(tier)] = {
                "count": count,
                "sum": total,
                "min": low,
                "max": high,
                "mean": mean,
            }
        if node.func in STATISTICS:
            for tier, value in first.select("tier", f"v{i}").iter_rows():
                per_tier[str(tier)]["value"] = value
        out[node] = per_tier
    # the standard deviations need the means: one more (small) aggregation
    zscores = [(i, node) for i, node in enumerate(nodes) if node.func == "zscore"]
    if zscores:
        aggs = []
        for i, node in zscores:
            mean = backend.tier_constant({t: v["mean"] for t, v in out[node].items()})
            deviation = values[i] - mean
            aggs.append((deviation * deviation).fill_null(0.0).cum_sum().last().alias(f"d{i}"))
        second = frame.group_by("tier").agg(aggs).collect(engine=engine)
        for i, node in zscores:
            for tier, squares in second.select("tier", f"d{i}").iter_rows():
                entry = out[node][str(tier)]
                count = entry["count"]
                entry["sd"] = math.sqrt(squares / count) if count else None
    return out


def query_with_constants(
    plan: Plan, inputs: pl.LazyFrame, constants: Mapping[TierFunc, Mapping]
) -> pl.LazyFrame:
    """The whole ``to_polars`` query (rank included) with tier functions read from
    ``constants``: scoring in memory after one cheap aggregation pass."""
    ctx = backend.context(plan, constants)
    frame = _prefix(plan, inputs, {step.column for step in plan.steps()}, ctx)
    return frame.select([pl.col(c).cast(backend.DTYPES[t]) for c, t in plan.schema().items()])


def scores_query(
    plan: Plan, inputs: pl.LazyFrame, constants: Mapping[TierFunc, Mapping]
) -> pl.LazyFrame:
    """Every column of the results frame except ``rank``, row-wise (tier functions as constants)."""
    keep = {step.column for step in plan.steps() if not isinstance(step, RankStep)}
    frame = _prefix(plan, inputs, keep, backend.context(plan, constants))
    schema = [(c, t) for c, t in plan.schema().items() if c in keep or c in IDENTITY]
    return frame.select([pl.col(c).cast(backend.DTYPES[t]) for c, t in schema])


def rank_query(
    plan: Plan, scores: pl.LazyFrame, constants: Mapping[TierFunc, Mapping]
) -> pl.LazyFrame:
    """The ``rank`` column, and those of named rankings, from the scores (only ``tier`` and
    the rank keys are read)."""
    steps = [s for s in plan.steps() if isinstance(s, RankStep)]
    ctx = backend.context(plan, constants)
    return scores.select([backend.compile_step(s, plan, ctx).alias(s.column) for s in steps])


def _refs(expr: Expr) -> set[str]:
    return {n.id for n in walk(expr) if isinstance(n, Ref)}


def _closure(plan: Plan, names: set[str]) -> set[str]:
    """The columns ``names`` are computed from, themselves included."""
    seen: set[str] = set()
    todo = list(names)
    columns = {step.column: step for step in plan.steps()}
    while todo:
        name = todo.pop()
        if name in seen or name not in columns:
            continue
        seen.add(name)
        todo += list(columns[name].deps)
    return seen


def _prefix(plan: Plan, inputs: pl.LazyFrame, keep: set[str], ctx: backend.Context) -> pl.LazyFrame:
    """The inputs with the steps in ``keep`` computed (stage by stage, as ``to_polars`` does)."""
    present = set(inputs.collect_schema().names())
    absent = [
        pl.lit(None, dtype=backend.DTYPES[step.dtype]).alias(step.column)
        for step in plan.stages[0]
        if isinstance(step, InputStep) and step.column not in present
    ]
    prelude = absent + backend.tier_masks(plan)
    frame = inputs.with_columns(prelude) if prelude else inputs
    for stage in plan.stages:
        exprs = [
            backend.compile_step(step, plan, ctx).alias(step.column)
            for step in stage
            if step.column in keep
        ]
        if exprs:
            frame = frame.with_columns(exprs)
    return frame
