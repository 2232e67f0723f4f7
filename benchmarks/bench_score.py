"""Scoring at scale: a generated 200-indicator framework over 1,000,000 units in 3 tiers.

Figures, each the median of ``--repeat`` runs in a fresh process, with ratios to baselines
measured in the same run (wall time; CPU time of all threads is shown next to it because
the machine is shared):

- **cqdt vs the read floor**: the scoring query (Parquet → results frame, every node of the
  plan) against a Polars query that only reads every input column once and sums it. Nothing
  that reads the data can be faster than the floor; goal: cqdt within 3×. Measured with the
  default engine (what ``runtime.run.score_plan`` uses) and with the streaming engine.
- **in memory**: the same on an inputs frame already read, and ``runtime.run.score`` (which
  adds the checks of the inputs frame) — what ``cqdt score`` runs after ``read_inputs``.
- **cqdt vs the reference evaluator**, per unit: the plain-Python oracle on a smaller data set
  of the same shape (``--ref-units``: about 10 ms per unit and quadratic in a tier's size for
  ranks, so a million units would take hours). Goal: cqdt > 50× faster per unit.
- **peak memory** of the Parquet → results process against the size of the inputs frame in
  memory. Goal: under 2.5×.

Run (writes ~0.5 GB of Parquet under the system temp folder and deletes it afterwards)::

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


def load_generated(n_indicators: int):
    """The checked model of the generated framework of ``n_indicators`` indicators."""
    from cqdt.compiler.load import load_framework_text

    return load_framework_text(gen.framework_text(n_indicators))


def scoring_query(n_indicators: int, frame):
    """The plan and the cqdt scoring query of the generated framework over ``frame``."""
    from cqdt.compiler.plan.build import build_plan
    from cqdt.compiler.plan.to_polars import to_polars

    plan = build_plan(load_generated(n_indicators))
    return plan, to_polars(plan, frame)


# -- worker side: one measurement in a fresh process ------------------------------------------

#: mode → (where the inputs come from, what runs, engine)
MODES = {
    "floor-parquet": ("parquet", "floor", "auto"),
    "cqdt-parquet": ("parquet", "cqdt", "auto"),
    "cqdt-parquet-streaming": ("parquet", "cqdt", "streaming"),
    "constants-parquet": ("parquet", "constants", "auto"),
    "floor-memory": ("memory", "floor", "auto"),
    "cqdt-memory": ("memory", "cqdt", "auto"),
    "score-api": ("memory", "score", "auto"),
    "reference": ("memory", "reference", "auto"),
}


def _worker(mode: str, data: Path, n_indicators: int, repeat: int) -> None:
    import polars as pl

    source, what, engine = MODES[mode]
    out: dict = {"mode": mode}
    if source == "parquet":
        frame = pl.scan_parquet(str(data / "*.parquet"))
    else:
        eager = pl.read_parquet(str(data / "*.parquet"))
        out["input_mb"] = eager.estimated_size() / 1e6
        out["units"] = eager.height
        frame = eager.lazy()
    holder: list = []
    if what == "floor":
        query = read_floor(frame)
        run = query.collect
    elif what == "cqdt":
        started = time.perf_counter()
        plan, query = scoring_query(n_indicators, frame)
        out["prepare_s"] = time.perf_counter() - started
        out["stages"] = len(plan.stages)

        def run() -> None:
            holder[:] = [query.collect(engine=engine)]

    elif what == "constants":  # prototype: tier functions as per-tier constants (two_pass.py)
        import two_pass

        plan, _ = scoring_query(n_indicators, frame)

        def run() -> None:
            constants = two_pass.tier_constants(plan, frame, engine="auto")
            query = two_pass.query_with_constants(plan, frame, constants)
            holder[:] = [query.collect()]

    elif what == "score":
        from cqdt.runtime.score.run import score

        fw = load_generated(n_indicators)

        def run() -> None:
            holder[:] = [score(fw, eager)]

    else:
        from cqdt.compiler.plan.to_reference import evaluate

        plan, query = scoring_query(n_indicators, frame)
        rows = eager.to_dicts()
        polars = timed("polars", query.collect, max(repeat, 3), warmup=1)
        out["polars_times"], out["polars_cpu"] = polars.times, polars.cpu

        def run() -> None:
            evaluate(plan, rows)

    out["base_rss_mb"] = rss_mb()
    timing = timed(mode, run, repeat)
    out["times"], out["cpu"] = timing.times, timing.cpu
    if holder:
        out["result_shape"] = holder[0].shape
        out["result_mb"] = holder[0].estimated_size() / 1e6
    worker_output(out)


# -- parent side -------------------------------------------------------------------------------


def _cpu_note(result: dict) -> str:
    return f"cpu {median(result['cpu']):.2f} s"


def run(
    units: int, n_indicators: int, repeat: int, ref_units: int, ref_repeat: int, folder: Path
) -> list[Figure]:
    """Generate the data under ``folder``, measure, and return the figures."""
    data = folder / f"score_{units}x{n_indicators}"
    started = time.perf_counter()
    gen_args = ["--indicators", str(n_indicators), "--units", str(units), "--out", str(data)]
    run_worker("gen.py", gen_args)
    disk_mb = sum(p.stat().st_size for p in data.glob("*.parquet")) / 1e6
    print(
        f"  generated {units:,} units × {n_indicators} indicators "
        f"({disk_mb:,.0f} MB Parquet) in {time.perf_counter() - started:.1f} s",
        flush=True,
    )

    def measure(mode: str, folder_: Path = data, times: int = repeat) -> dict:
        args = ["--mode", mode, "--data", str(folder_), "--indicators", str(n_indicators)]
        return run_worker("bench_score.py", [*args, "--repeat", str(times)])

    r = {mode: measure(mode) for mode in MODES if mode != "reference"}
    floor = median(r["floor-parquet"]["times"])
    floor_mem = median(r["floor-memory"]["times"])
    input_mb = r["floor-memory"]["input_mb"]
    figures = [
        Figure(
            f"read floor, Parquet, {units:,} units",
            floor,
            "s",
            repeat,
            note=_cpu_note(r["floor-parquet"]),
        )
    ]
    for mode, label in (
        ("cqdt-parquet", "cqdt score, Parquet → results"),
        ("cqdt-parquet-streaming", "cqdt score, Parquet → results, streaming"),
        ("constants-parquet", "prototype: tier constants first (two_pass.py)"),
    ):
        figures.append(
            Figure(
                label,
                median(r[mode]["times"]),
                "s",
                repeat,
                baseline=floor,
                baseline_name="read floor",
                goal=FLOOR_GOAL,
                note=_cpu_note(r[mode]),
                extra={"result_shape": r[mode]["result_shape"], "cpu": r[mode]["cpu"]},
            )
        )
    figures.append(
        Figure("read floor, in memory", floor_mem, "s", repeat, note=_cpu_note(r["floor-memory"]))
    )
    for mode, label in (
        ("cqdt-memory", "cqdt scoring query, in memory"),
        ("score-api", "runtime.run.score (checks + query)"),
    ):
        figures.append(
            Figure(
                label,
                median(r[mode]["times"]),
                "s",
                repeat,
                baseline=floor_mem,
                baseline_name="floor in memory",
                note=_cpu_note(r[mode]),
            )
        )
    result_mb = r["cqdt-memory"]["result_mb"]
    for mode in (
        "cqdt-parquet",
        "cqdt-parquet-streaming",
        "constants-parquet",
        "score-api",
        "floor-parquet",
    ):
        figures.append(
            Figure(
                f"peak RSS, {mode}",
                r[mode]["peak_rss_mb"],
                "MB",
                baseline=input_mb,
                baseline_name="inputs in memory",
                goal=MEMORY_GOAL if mode.startswith("cqdt") else None,
                note=f"inputs {input_mb:,.0f} MB, results {result_mb:,.0f} MB"
                if mode == "cqdt-parquet"
                else "",
            )
        )
    # the reference evaluator on a smaller data set of the same shape
    small = folder / f"ref_{ref_units}x{n_indicators}"
    run_worker(
        "gen.py",
        ["--indicators", str(n_indicators), "--units", str(ref_units), "--out", str(small)],
    )
    ref = measure("reference", small, ref_repeat)
    ref_per_unit = median(ref["times"]) / ref_units * 1e6
    fastest = min(("cqdt-parquet", "cqdt-parquet-streaming"), key=lambda m: median(r[m]["times"]))
    cqdt_per_unit = median(r[fastest]["times"]) / units * 1e6
    small_per_unit = median(ref["polars_times"]) / ref_units * 1e6
    # the same ratio on CPU time, which competing work on a shared machine barely moves
    ref_cpu_per_unit = median(ref["cpu"]) / ref_units * 1e6
    cqdt_cpu_per_unit = median(r[fastest]["cpu"]) / units * 1e6
    figures += [
        Figure(
            f"reference evaluator, {ref_units:,} units",
            median(ref["times"]),
            "s",
            ref_repeat,
            note=f"cpu {median(ref['cpu']):.2f} s",
        ),
        Figure(
            f"speed-up per unit, cqdt at {units:,} vs reference",
            ref_per_unit / cqdt_per_unit,
            "×",
            ref_repeat,
            goal=REFERENCE_GOAL,
            higher_is_better=True,
            note=f"reference {ref_per_unit:,.0f} µs/unit, cqdt {cqdt_per_unit:.2f} µs/unit; "
            f"on CPU time {ref_cpu_per_unit / cqdt_cpu_per_unit:,.0f}×",
        ),
        Figure(
            f"speed-up per unit, both at {ref_units:,} units",
            ref_per_unit / small_per_unit,
            "×",
            len(ref["polars_times"]),
            note=f"cqdt {small_per_unit:.1f} µs/unit: fixed costs dominate at this size",
        ),
    ]
    return figures


def main(argv: list[str] | None = None) -> list[Figure] | None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--indicators", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ref-units", type=int, default=2_000)
    parser.add_argument("--ref-repeat", type=int, default=3)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--mode", choices=sorted(MODES), help=argparse.SUPPRESS)
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
