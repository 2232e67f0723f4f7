"""Scoring at scale: a generated 200-indicator framework over 1,000,000 units in 3 tiers.

Figures, each a median of ``--repeat`` runs in a fresh process, with ratios to baselines
measured in the same run:

- **cqdt vs the read floor**: the scoring query (Parquet → results frame, every node of the
  plan) against a Polars query that only reads every input column once and sums it. Nothing
  that reads the data can be faster than the floor; goal: cqdt within 3×. The same pair is
  also measured on inputs already in memory (``score(fw, frame)`` after ``read_inputs``).
- **cqdt vs the reference evaluator**, per unit: the plain-Python oracle on a smaller data set
  of the same shape (``--ref-units``; it is quadratic in a tier's size for ranks and about
  10 ms per unit, so 1,000,000 units would take hours). Goal: cqdt > 50× faster per unit.
- **peak memory** of the Parquet → results process against the size of the inputs frame in
  memory. Goal: under 2.5×.

Run (generates ~1 GB of Parquet under the system temp folder and deletes it afterwards)::

    .venv/bin/python benchmarks/bench_score.py [--units 1000000] [--indicators 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen  # noqa: E402
from measure import Figure, print_figure, rss_mb, run_worker, timed, worker_output  # noqa: E402

FLOOR_GOAL = 3.0
REFERENCE_GOAL = 50.0
MEMORY_GOAL = 2.5


def read_floor(frame):
    """A query that reads every input column once and reduces it to one number.

    Numbers are summed, yes/no answers counted, texts measured (``len_bytes``): the least work
    that still touches every value, so it is what reading the data costs by itself.
    """
    import polars as pl

    parts = []
    for name, dtype in frame.collect_schema().items():
        col = pl.col(name)
        if dtype == pl.String:
            parts.append(col.str.len_bytes().sum().cast(pl.Float64))
        else:
            parts.append(col.cast(pl.Float64).sum())
    return frame.select(pl.sum_horizontal(parts).alias("floor"))


def scoring_query(n_indicators: int, frame):
    """The cqdt scoring query of the generated framework over ``frame`` (a LazyFrame)."""
    from cqdt.compiler.load import load_framework_text
    from cqdt.compiler.plan import build_plan
    from cqdt.compiler.to_polars import to_polars

    plan = build_plan(load_framework_text(gen.framework_text(n_indicators)))
    return plan, to_polars(plan, frame)


# -- worker side: one measurement in a fresh process ------------------------------------------


def _worker(mode: str, data: Path, n_indicators: int, repeat: int) -> None:
    import polars as pl

    source = str(data / "*.parquet")
    out: dict = {"mode": mode}
    base = rss_mb()
    if mode == "floor-parquet":
        query = read_floor(pl.scan_parquet(source))
        out["times"] = timed(mode, query.collect, repeat).times
    elif mode == "cqdt-parquet":
        started = time.perf_counter()
        plan, query = scoring_query(n_indicators, pl.scan_parquet(source))
        out["prepare_s"] = time.perf_counter() - started
        base = rss_mb()
        shape = []
        out["times"] = timed(mode, lambda: shape.append(query.collect().shape), repeat).times
        out["result_shape"] = shape[-1]
    elif mode in ("floor-memory", "cqdt-memory"):
        frame = pl.read_parquet(source)
        out["input_mb"] = frame.estimated_size() / 1e6
        out["input_shape"] = frame.shape
        if mode == "floor-memory":
            query = read_floor(frame.lazy())
        else:
            _, query = scoring_query(n_indicators, frame.lazy())
        base = rss_mb()
        holder = []
        out["times"] = timed(mode, lambda: holder.append(query.collect()), repeat).times
        if mode == "cqdt-memory":
            out["result_mb"] = holder[-1].estimated_size() / 1e6
        holder.clear()
    elif mode == "reference":
        from cqdt.compiler.to_reference import evaluate

        frame = pl.read_parquet(source)
        plan, query = scoring_query(n_indicators, frame.lazy())
        rows = frame.to_dicts()
        out["times"] = timed(mode, lambda: evaluate(plan, rows), repeat).times
        out["polars_times"] = timed("polars", query.collect, max(repeat, 3), warmup=1).times
        out["units"] = frame.height
    else:
        raise SystemExit(f"unknown mode {mode}")
    out["base_rss_mb"] = base
    worker_output(out)


# -- parent side -------------------------------------------------------------------------------


def run(
    units: int, n_indicators: int, repeat: int, ref_units: int, ref_repeat: int, folder: Path
) -> list[Figure]:
    """Generate the data under ``folder``, measure, and return the figures."""
    data = folder / f"score_{units}x{n_indicators}"
    started = time.perf_counter()
    gen.write_inputs(n_indicators, units, data)
    disk_mb = sum(p.stat().st_size for p in data.glob("*.parquet")) / 1e6
    print(
        f"  generated {units:,} units × {n_indicators} indicators "
        f"({disk_mb:,.0f} MB Parquet) in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    args = ["--data", str(data), "--indicators", str(n_indicators), "--repeat", str(repeat)]
    floor_pq = run_worker("bench_score.py", ["--mode", "floor-parquet", *args])
    cqdt_pq = run_worker("bench_score.py", ["--mode", "cqdt-parquet", *args])
    floor_mem = run_worker("bench_score.py", ["--mode", "floor-memory", *args])
    cqdt_mem = run_worker("bench_score.py", ["--mode", "cqdt-memory", *args])

    figures = []
    t_floor = median(floor_pq["times"])
    t_cqdt = median(cqdt_pq["times"])
    figures.append(
        Figure(f"read floor, Parquet, {units:,} units", t_floor, "s", len(floor_pq["times"]))
    )
    figures.append(
        Figure(
            f"cqdt score, Parquet → results, {units:,} units",
            t_cqdt,
            "s",
            len(cqdt_pq["times"]),
            baseline=t_floor,
            baseline_name="read floor",
            goal=FLOOR_GOAL,
            extra={"result_shape": cqdt_pq["result_shape"], "prepare_s": cqdt_pq["prepare_s"]},
        )
    )
    m_floor = median(floor_mem["times"])
    m_cqdt = median(cqdt_mem["times"])
    figures.append(Figure("read floor, in memory", m_floor, "s", len(floor_mem["times"])))
    figures.append(
        Figure(
            "cqdt score, in memory",
            m_cqdt,
            "s",
            len(cqdt_mem["times"]),
            baseline=m_floor,
            baseline_name="floor in memory",
            goal=FLOOR_GOAL,
        )
    )
    input_mb = floor_mem["input_mb"]
    figures.append(
        Figure(
            "peak RSS, Parquet → results",
            cqdt_pq["peak_rss_mb"],
            "MB",
            baseline=input_mb,
            baseline_name="inputs in memory",
            goal=MEMORY_GOAL,
            note=f"inputs {input_mb:,.0f} MB, results {cqdt_mem['result_mb']:,.0f} MB, "
            f"process before query {cqdt_pq['base_rss_mb']:,.0f} MB",
        )
    )
    figures.append(
        Figure(
            "peak RSS, floor query (Parquet)",
            floor_pq["peak_rss_mb"],
            "MB",
            baseline=input_mb,
            baseline_name="inputs in memory",
        )
    )
    # the reference evaluator on a smaller data set of the same shape
    small = folder / f"ref_{ref_units}x{n_indicators}"
    gen.write_inputs(n_indicators, ref_units, small)
    ref = run_worker(
        "bench_score.py",
        [
            "--mode",
            "reference",
            "--data",
            str(small),
            "--indicators",
            str(n_indicators),
            "--repeat",
            str(ref_repeat),
        ],
    )
    ref_per_unit = median(ref["times"]) / ref_units * 1e6
    cqdt_per_unit = t_cqdt / units * 1e6
    small_per_unit = median(ref["polars_times"]) / ref_units * 1e6
    figures.append(
        Figure(
            f"reference evaluator, per unit ({ref_units:,} units)",
            ref_per_unit,
            "µs",
            len(ref["times"]),
        )
    )
    figures.append(
        Figure(
            f"cqdt per unit at {units:,} units",
            ref_per_unit,
            "µs",
            len(cqdt_pq["times"]),
            baseline=cqdt_per_unit,
            baseline_name="speed-up",
            goal=REFERENCE_GOAL,
            higher_is_better=True,
            note=f"cqdt {cqdt_per_unit:.2f} µs/unit",
        )
    )
    figures.append(
        Figure(
            f"cqdt per unit at {ref_units:,} units (same data)",
            ref_per_unit,
            "µs",
            len(ref["polars_times"]),
            baseline=small_per_unit,
            baseline_name="speed-up",
            note=f"cqdt {small_per_unit:.2f} µs/unit; fixed costs dominate at this size",
        )
    )
    return figures


def main(argv: list[str] | None = None) -> list[Figure] | None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--indicators", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ref-units", type=int, default=2_000)
    parser.add_argument("--ref-repeat", type=int, default=3)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.mode, args.data, args.indicators, args.repeat)
        return None
    folder = Path(tempfile.mkdtemp(prefix="cqdt-bench-score-"))
    try:
        print(f"scoring: {args.indicators} indicators, 3 tiers", flush=True)
        figures = run(
            args.units, args.indicators, args.repeat, args.ref_units, args.ref_repeat, folder
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for fig in figures:
        print_figure(fig)
    return figures


if __name__ == "__main__":
    main()
