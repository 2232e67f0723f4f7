"""Prototype: scoring in bounded memory, by taking the cross-unit work out of the streaming pass.

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
tier functions that themselves use tier functions would need one more pass per level; this
prototype refuses them (:class:`NotImplementedError`).

>>> # score_to_parquet(plan, pl.scan_parquet("inputs/*.parquet"), Path("out"))
"""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl

from cqdt.compiler import to_polars as backend
from cqdt.compiler.plan import InputStep, Plan, RankStep
from cqdt.dsl.expr import Expr, Ref, TierFunc, walk

__all__ = ["query_with_constants", "score_to_parquet", "tier_constants", "tier_functions"]


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


def _prefix(plan: Plan, inputs: pl.LazyFrame, keep: set[str]) -> pl.LazyFrame:
    """The inputs with the steps in ``keep`` computed (stage by stage, as ``to_polars`` does)."""
    ctx = backend.context(plan)
    present = set(inputs.collect_schema().names())
    absent = [
        pl.lit(None, dtype=backend.DTYPES[step.dtype]).alias(step.column)
        for step in plan.stages[0]
        if isinstance(step, InputStep) and step.column not in present
    ]
    frame = inputs.with_columns(absent + backend.tier_masks(plan))
    for stage in plan.stages:
        exprs = [
            backend.compile_step(step, plan, ctx).alias(step.column)
            for step in stage
            if step.column in keep
        ]
        if exprs:
            frame = frame.with_columns(exprs)
    return frame


def tier_constants(
    plan: Plan, inputs: pl.LazyFrame, engine: str = "streaming"
) -> dict[TierFunc, dict[str, dict[str, float | None]]]:
    """Per tier-function node, per tier: ``count``, ``sum``, ``min``, ``max``, ``mean``, ``sd``."""
    nodes = tier_functions(plan)
    if not nodes:
        return {}
    ctx = backend.context(plan)
    args = {name for node in nodes for name in _refs(node.arg)}
    keep = _closure(plan, args)
    for node in nodes:
        if any(isinstance(n, TierFunc) for n in walk(node.arg)):
            raise NotImplementedError("a tier function inside a tier function's argument")
    for name in keep:
        expr = getattr(plan.step(name), "expr", None)
        if expr is not None and any(isinstance(n, TierFunc) for n in walk(expr)):
            raise NotImplementedError(f"{name} is needed by a tier function and uses one")
    frame = _prefix(plan, inputs, keep)
    aggs = []
    for i, node in enumerate(nodes):
        x = backend.compile_expr(node.arg, ctx).cast(pl.Float64)
        aggs += [
            x.count().alias(f"n{i}"),
            x.fill_null(0.0).cum_sum().last().alias(f"s{i}"),
            x.min().alias(f"lo{i}"),
            x.max().alias(f"hi{i}"),
        ]
    first = frame.group_by("tier").agg(aggs).collect(engine=engine)
    out: dict[TierFunc, dict[str, dict[str, float | None]]] = {}
    for i, node in enumerate(nodes):
        per_tier = {}
        for row in first.select("tier", f"n{i}", f"s{i}", f"lo{i}", f"hi{i}").iter_rows():
            tier, count, total, low, high = row
            mean = total / count if count else None
            per_tier[str(tier)] = {"count": count, "sum": total, "min": low, "max": high}
            per_tier[str(tier)]["mean"] = mean
        out[node] = per_tier
    # the standard deviations need the means: one more (small) aggregation
    zscores = [(i, node) for i, node in enumerate(nodes) if node.func == "zscore"]
    if zscores:
        aggs = []
        for i, node in zscores:
            x = backend.compile_expr(node.arg, ctx).cast(pl.Float64)
            mean = _constant({t: v["mean"] for t, v in out[node].items()}, plan.tier_ids)
            deviation = x - mean
            aggs.append((deviation * deviation).fill_null(0.0).cum_sum().last().alias(f"d{i}"))
        second = frame.group_by("tier").agg(aggs).collect(engine=engine)
        for i, node in zscores:
            for tier, squares in second.select("tier", f"d{i}").iter_rows():
                entry = out[node][str(tier)]
                count = entry["count"]
                entry["sd"] = math.sqrt(squares / count) if count else None
    return out


def _refs(expr: Expr) -> set[str]:
    return {n.id for n in walk(expr) if isinstance(n, Ref)}


def _constant(values: dict[str, float | None], tiers: tuple[str, ...]) -> pl.Expr:
    """A per-tier constant as a column (never a literal: literal divisors are inexact).

    A ``when tier == …`` chain: elementwise, so the streaming engine keeps streaming. Both
    faster-looking encodings make Polars 2.1 materialise the frame instead (measured at
    10,000,000 units: ``replace_strict`` on the tier, 12.6 GB; gathering from a literal
    table by a tier index, 6.4 GB; this chain, 3 GB).
    """
    chain = None
    for tier in tiers:
        then = pl.lit(values.get(tier), dtype=pl.Float64)
        chain = (pl.when if chain is None else chain.when)(pl.col("tier") == tier).then(then)
    return chain.otherwise(pl.lit(None, dtype=pl.Float64))


def _from_constants(constants, tiers: tuple[str, ...]):
    """A ``compile_expr`` rule for tier functions that reads the per-tier constants."""

    def compile_tier_func(expr: TierFunc, ctx) -> pl.Expr:
        c = constants[expr]
        x = backend.compile_expr(expr.arg, ctx)
        pick = lambda key: _constant({t: v[key] for t, v in c.items()}, tiers)  # noqa: E731
        match expr.func:
            case "best":
                return pick("max")
            case "worst":
                return pick("min")
            case "tier_mean":
                return pick("mean")
            case "minmax":
                low = pick("min")
                spread = pick("max") - low
                return (
                    pl.when(spread == 0)
                    .then(pl.lit(0.0))
                    .otherwise(backend.divide(x - low, spread))
                )
            case "zscore":
                sd = pick("sd")
                centred = x - pick("mean")
                return pl.when(sd == 0).then(pl.lit(0.0)).otherwise(backend.divide(centred, sd))
        raise backend.UnsupportedExpression(f"tier function '{expr.func}'")

    return compile_tier_func


def query_with_constants(plan: Plan, inputs: pl.LazyFrame, constants) -> pl.LazyFrame:
    """The whole ``to_polars`` query (rank included) with tier functions read from
    ``constants``: for scoring in memory after one cheap aggregation pass."""
    original = backend.compile_expr.dispatch(TierFunc)
    backend.compile_expr.register(TierFunc, _from_constants(constants, plan.tier_ids))
    try:
        return backend.to_polars(plan, inputs)
    finally:
        backend.compile_expr.register(TierFunc, original)


def scores_query(plan: Plan, inputs: pl.LazyFrame, constants) -> pl.LazyFrame:
    """Every column of the results frame except ``rank``, row-wise (tier functions as constants)."""
    original = backend.compile_expr.dispatch(TierFunc)
    backend.compile_expr.register(TierFunc, _from_constants(constants, plan.tier_ids))
    try:
        keep = {step.column for step in plan.steps() if not isinstance(step, RankStep)}
        frame = _prefix(plan, inputs, keep)
    finally:
        backend.compile_expr.register(TierFunc, original)
    schema = [
        (c, t) for c, t in plan.schema().items() if c in keep or c in ("tier", "code", "name")
    ]
    return frame.select([pl.col(c).cast(backend.DTYPES[t]) for c, t in schema])


def rank_query(plan: Plan, scores: pl.LazyFrame, constants) -> pl.LazyFrame:
    """The ``rank`` column from the scores (only ``tier`` and the rank keys are read)."""
    step = next(s for s in plan.steps() if isinstance(s, RankStep))
    original = backend.compile_expr.dispatch(TierFunc)
    backend.compile_expr.register(TierFunc, _from_constants(constants, plan.tier_ids))
    try:
        expr = backend.compile_step(step, plan, backend.context(plan)).alias(step.column)
    finally:
        backend.compile_expr.register(TierFunc, original)
    return scores.select(expr)


def score_to_parquet(
    plan: Plan, inputs: pl.LazyFrame, folder: Path, merge: bool = True
) -> dict[str, Path]:
    """Run the three passes; ``results.parquet`` (with ``rank`` when ``merge``) under ``folder``.

    Without ``merge`` the ranks stay in ``ranks.parquet``, row for row with ``scores.parquet``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    constants = tier_constants(plan, inputs)
    scores = folder / "scores.parquet"
    scores_query(plan, inputs, constants).sink_parquet(scores, engine="streaming")
    ranks = folder / "ranks.parquet"
    rank_query(plan, pl.scan_parquet(scores), constants).sink_parquet(ranks, engine="streaming")
    if not merge:
        return {"scores": scores, "ranks": ranks}
    results = folder / "results.parquet"
    columns = list(plan.schema())
    both = pl.concat([pl.scan_parquet(scores), pl.scan_parquet(ranks)], how="horizontal")
    both.select(columns).sink_parquet(results, engine="streaming")
    scores.unlink()
    ranks.unlink()
    return {"results": results}
