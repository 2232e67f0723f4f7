"""Score units: check the inputs frame against the framework, then run a backend.

The checks come first and report every problem at once (a :class:`~cqdt.diagnostics.CqdtError`
carrying all diagnostics): unknown tiers, units without a code, duplicate codes, missing
columns for required inputs, values of the wrong type, and empty answers to inputs whose missing
policy is ``error``. A unit is never dropped or invented: the results frame has exactly one row
per input row, in the same order.

>>> # results = score(fw, inputs)            # the Polars backend
>>> # oracle = score(fw, inputs, backend="reference")
"""

from __future__ import annotations

import polars as pl

from cqdt.compiler.model.contract import asks
from cqdt.compiler.model.nodes import Framework, Input, MissingPolicy
from cqdt.compiler.model.types import INPUT_TYPES
from cqdt.compiler.plan.build import Plan, build_plan
from cqdt.compiler.plan.columns import IDENTITY
from cqdt.compiler.plan.to_polars import DTYPES, to_polars
from cqdt.compiler.plan.to_reference import evaluate
from cqdt.diagnostics import CqdtError, Diagnostic, diagnostic
from cqdt.i18n import text
from cqdt.runtime.score.empty_points import empty_points
from cqdt.runtime.score.messages import CATALOGUE  # noqa: F401 - registers the codes

__all__ = [
    "BACKENDS",
    "check_inputs",
    "prepare_inputs",
    "prepare_lazy_inputs",
    "score",
    "score_plan",
]

BACKENDS = ("polars", "reference")

#: Polars dtype of each input type's column (from the one table, ``compiler.model.types``).
INPUT_DTYPES = {t: DTYPES[info.dtype] for t, info in INPUT_TYPES.items()}


def _error(msg_code: str, *, hint: str = "", value: str | None = None, expected=None, **fields):
    return diagnostic(msg_code, hint=hint or None, value=value, expected=expected, **fields)


def prepare_inputs(fw: Framework, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[Diagnostic]]:
    """The frame with every input column in its contract dtype, and the problems found.

    Integer columns become Float64, strings are left alone; a column that cannot be read as its
    type is a problem (never silently emptied).
    """
    problems: list[Diagnostic] = []
    for column in IDENTITY:
        if column not in frame.columns:
            problems.append(_error("score.missing_identity", column=column))
    if problems:
        return frame, problems
    casts = [pl.col(c).cast(pl.String) for c in IDENTITY if frame.schema[c] != pl.String]
    frame = frame.with_columns(casts) if casts else frame
    present_tiers = set(frame["tier"].drop_nulls().unique().to_list())
    for inp in fw.inputs:
        target = INPUT_DTYPES[inp.type]
        if inp.id not in frame.columns:
            needed = inp.missing is MissingPolicy.ERROR and any(asks(inp, t) for t in present_tiers)
            if needed:
                problems.append(_error("score.missing_column", column=inp.id, label=inp.label))
            continue
        if frame.schema[inp.id] == target:
            continue
        try:
            cast = frame[inp.id].cast(target, strict=True)
        except (pl.exceptions.InvalidOperationError, pl.exceptions.ComputeError):
            try:
                bad = frame.filter(
                    pl.col(inp.id).is_not_null()
                    & pl.col(inp.id).cast(target, strict=False).is_null()
                )[inp.id]
            except (pl.exceptions.InvalidOperationError, pl.exceptions.ComputeError):
                # No cast at all from this dtype (text to Boolean): every answer is the problem.
                bad = frame[inp.id].drop_nulls()
            expected = text(*INPUT_TYPES[inp.type].expected)
            value = str(bad[0]) if bad.len() else None
            problems.append(
                _error(
                    "score.bad_type",
                    column=inp.id,
                    expected=expected,
                    value=value,
                    shown=value or "?",
                )
            )
            continue
        frame = frame.with_columns(cast.alias(inp.id))
    return frame, problems


def check_inputs(
    fw: Framework, frame: pl.DataFrame | pl.LazyFrame, engine: str = "auto"
) -> list[Diagnostic]:
    """Problems that stop scoring: tiers, unit codes, required answers.

    Vectorised and lazy: only the rows with a problem are collected and visited in Python, so
    checking 1,000,000 clean units costs a few column scans, and a Parquet scan (with
    ``engine="streaming"``) is checked without holding the frame in memory.
    """
    lazy = frame.lazy()
    problems: list[Diagnostic] = []
    tiers = list(fw.tier_ids)
    indexed = lazy.select(IDENTITY).with_row_index("row", offset=1)
    no_code = indexed.filter(
        pl.col("tier").is_null()
        | pl.col("code").is_null()
        | (pl.col("code").str.strip_chars() == "")
    )
    identified = indexed.filter(pl.col("tier").is_not_null() & pl.col("code").is_not_null())
    unknown = identified.filter(~pl.col("tier").is_in(tiers)).select("tier", "code")
    # duplicates: first by a 64-bit hash of the code (a third of the memory of grouping the
    # texts: 0.6 GB instead of 1.5 GB at 10,000,000 units), then exactly among the suspects
    hashed = identified.select(pl.col("code").hash().alias("code.hash"))
    suspects = hashed.group_by("code.hash").len().filter(pl.col("len") > 1).select("code.hash")
    no_code, unknown, suspects = pl.collect_all(
        [no_code.select("row"), unknown, suspects], engine=engine
    )
    repeated = (
        identified.filter(pl.col("code").hash().is_in(suspects["code.hash"].implode()))
        .group_by("code", maintain_order=True)
        .len()
        .filter(pl.col("len") > 1)
        .collect(engine=engine)
        if suspects.height
        else pl.DataFrame()
    )
    for row in no_code["row"].to_list():
        problems.append(_error("score.no_code", row=row))
    for tier, code in unknown.rows():
        problems.append(
            _error("score.unknown_tier", code=code, tier=tier, tiers=", ".join(fw.tier_ids))
        )
    for code, count in repeated.rows():
        problems.append(_error("score.duplicate_code", code=code, count=count))
    for inp in _inputs_left_empty(fw, lazy, engine):
        asked = [t for t in tiers if asks(inp, t)]
        empty = lazy.filter(pl.col(inp.id).is_null() & pl.col("tier").is_in(asked)).select("code")
        for code in empty.collect(engine=engine)["code"].to_list():
            problems.append(_error("score.missing_value", code=code, input=inp.id, label=inp.label))
    return problems


def _inputs_left_empty(fw: Framework, frame: pl.LazyFrame, engine: str = "auto") -> list[Input]:
    """The ``missing error`` inputs that some unit asked for left empty, in framework order.

    One query for all inputs, with the "asked" test computed once per distinct set of tiers:
    filtering the whole frame once per input cost ~1 s at 1,000,000 units × 200 inputs
    (benchmarks/bench_score.py), this costs ~15 ms; only the inputs it flags are visited.
    """
    columns = set(frame.collect_schema().names())
    required = [
        inp for inp in fw.inputs if inp.missing is MissingPolicy.ERROR and inp.id in columns
    ]
    if not required:
        return []
    asked_sets = {inp.id: tuple(t for t in fw.tier_ids if asks(inp, t)) for inp in required}
    masks = {tiers: f"tier.asked.{n}" for n, tiers in enumerate(dict.fromkeys(asked_sets.values()))}
    flagged = (
        frame.with_columns(
            pl.col("tier").is_in(list(tiers)).alias(name) for tiers, name in masks.items()
        )
        .select(
            (pl.col(inp.id).is_null() & pl.col(masks[asked_sets[inp.id]])).any().alias(inp.id)
            for inp in required
        )
        .collect(engine=engine)
        .row(0, named=True)
    )
    return [inp for inp in required if flagged[inp.id]]


def prepare_lazy_inputs(
    fw: Framework, inputs: pl.LazyFrame, engine: str = "streaming"
) -> tuple[pl.LazyFrame, list[Diagnostic]]:
    """:func:`prepare_inputs` for a lazy frame: the same problems, found by column scans.

    The frame is never collected: a column of the wrong type is found by counting the values
    a lenient cast empties (its first such value is reported, as :func:`prepare_inputs` does).
    """
    schema = inputs.collect_schema()
    problems = [
        _error("score.missing_identity", column=column)
        for column in IDENTITY
        if column not in schema
    ]
    if problems:
        return inputs, problems
    casts = [pl.col(c).cast(pl.String) for c in IDENTITY if schema[c] != pl.String]
    frame = inputs.with_columns(casts) if casts else inputs
    missing = [inp for inp in fw.inputs if inp.id not in schema]
    present_tiers: set[str] = set()
    if any(inp.missing is MissingPolicy.ERROR for inp in missing):
        tiers = frame.select(pl.col("tier").drop_nulls().unique()).collect(engine=engine)
        present_tiers = set(tiers["tier"].to_list())
    for inp in missing:
        if inp.missing is MissingPolicy.ERROR and any(asks(inp, t) for t in present_tiers):
            problems.append(_error("score.missing_column", column=inp.id, label=inp.label))
    to_cast = [
        inp for inp in fw.inputs if inp.id in schema and schema[inp.id] != INPUT_DTYPES[inp.type]
    ]
    if to_cast:
        lenient = {
            inp.id: pl.col(inp.id).cast(INPUT_DTYPES[inp.type], strict=False) for inp in to_cast
        }
        bad = {inp.id: pl.col(inp.id).is_not_null() & lenient[inp.id].is_null() for inp in to_cast}
        found, flags = pl.collect_all(
            [
                frame.select(
                    pl.col(inp.id).filter(bad[inp.id]).first().cast(pl.String) for inp in to_cast
                ),
                frame.select(bad[inp.id].any() for inp in to_cast),
            ],
            engine=engine,
        )
        wrong = {inp.id for inp in to_cast if flags[inp.id][0]}
        for inp in to_cast:
            if inp.id not in wrong:
                continue
            value = found[inp.id][0]
            problems.append(
                _error(
                    "score.bad_type",
                    column=inp.id,
                    expected=text(*INPUT_TYPES[inp.type].expected),
                    value=value,
                    shown=value or "?",
                )
            )
        # as prepare_inputs: a column that cannot be read keeps its values (never emptied)
        frame = frame.with_columns(
            lenient[inp.id].alias(inp.id) for inp in to_cast if inp.id not in wrong
        )
    return frame, problems


def score_plan(plan: Plan, frame: pl.DataFrame, backend: str = "polars") -> pl.DataFrame:
    """Run a backend on an already checked inputs frame."""
    if backend == "polars":
        return to_polars(plan, frame.lazy()).collect()
    if backend == "reference":
        rows = evaluate(plan, frame.to_dicts())
        schema = {c: DTYPES[t] for c, t in plan.schema().items()}
        return pl.DataFrame(rows, schema=schema, orient="row" if not rows else None)
    raise CqdtError([_error("score.backend", backend=backend)])


def score(
    fw: Framework, inputs: pl.DataFrame | pl.LazyFrame, *, backend: str = "polars"
) -> pl.DataFrame:
    """The results frame of ``fw`` for ``inputs`` (see ``docs/scoring.md``).

    Raises :class:`~cqdt.diagnostics.CqdtError` with every problem of the data, or for an
    unknown backend; never drops or invents a unit.
    """
    if backend not in BACKENDS:
        raise CqdtError([_error("score.backend", backend=backend)])
    frame = inputs.collect() if isinstance(inputs, pl.LazyFrame) else inputs
    frame, problems = prepare_inputs(fw, frame)
    if not any(p.code == "score.missing_identity" for p in problems):
        problems += check_inputs(fw, frame)
    if problems:
        raise CqdtError(problems)
    plan = build_plan(fw)
    results = score_plan(plan, frame, backend)
    problems = empty_points(plan, results)
    if problems:
        raise CqdtError(problems)
    return results
