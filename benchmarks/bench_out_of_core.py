"""Out of core: 10,000,000 units × 50 indicators, Parquet in, Parquet out, streaming engine.

Ten years of every commune of the country is about 100,000 units; this is a hundred times
that, to show the scoring query does not need the data — or the results — to fit in memory.
The inputs are generated as Parquet parts (about 1.5 GB on disk), scored with
``sink_parquet(engine="streaming")`` and checked by reading the row count back.

Figures (each in a fresh process; memory is its peak resident set size):

- streaming read floor (every input column read once and summed), and the copy floor (every
  input read and written back to Parquet unchanged) — the baselines;
- cqdt as one streaming query (``to_polars(...).sink_parquet(engine="streaming")``), with its
  ratio to the copy floor. Its tier functions and rank are windows over all units of a tier,
  so the engine materialises the frame and memory grows with the units (``--no-single`` skips
  it at sizes where that would crowd the machine);
- cqdt in three passes (``cqdt.runtime.score.out_of_core.score_to_parquet``: inputs checked by
  column scans, then per-tier constants, row-wise scores, ranks), the same results in memory
  that does not grow with the scores;
- peak memory of each process against the memory ceiling (``--ceiling-gb``, default 4 GB)
  and against what the inputs alone would take in memory.

Run (needs ~6 GB of free disk under the system temp folder; everything is deleted after)::

    .venv/bin/python benchmarks/bench_out_of_core.py [--units 10000000] [--indicators 50] \
        [--no-single]
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

from bench_score import load_generated, read_floor, scoring_query  # noqa: E402
from measure import Figure, print_figure, run_worker, timed, worker_output  # noqa: E402

CEILING_GB = 4.0


def _worker(mode: str, data: Path, out: Path, n_indicators: int, repeat: int) -> None:
    import polars as pl

    source = pl.scan_parquet(str(data / "*.parquet"))
    result: dict = {"mode": mode}
    if mode == "floor":
        query = read_floor(source)
        result["times"] = timed(mode, lambda: query.collect(engine="streaming"), repeat).times
    elif mode == "copy":  # read every input and write it back: the Parquet → Parquet floor
        target = out / "copy.parquet"
        result["times"] = timed(
            mode, lambda: source.sink_parquet(target, engine="streaming"), repeat
        ).times
    elif mode == "score":
        _, query = scoring_query(n_indicators, source)
        target = out / "results.parquet"
        result["times"] = timed(
            mode, lambda: query.sink_parquet(target, engine="streaming"), repeat
        ).times
        result["rows"] = pl.scan_parquet(target).select(pl.len()).collect().item()
        result["columns"] = len(pl.scan_parquet(target).collect_schema())
        result["results_disk_mb"] = target.stat().st_size / 1e6
    elif mode == "two-pass":
        from cqdt.runtime.score.out_of_core import score_to_parquet

        fw = load_generated(n_indicators)
        holder: list = []
        result["times"] = timed(
            mode, lambda: holder.append(score_to_parquet(fw, source, out)), repeat
        ).times
        target = holder[-1]
        result["rows"] = pl.scan_parquet(target).select(pl.len()).collect().item()
        result["columns"] = len(pl.scan_parquet(target).collect_schema())
        result["results_disk_mb"] = target.stat().st_size / 1e6
    elif mode == "size":  # what the inputs take in memory, estimated from one part
        parts = sorted(data.glob("*.parquet"))
        first = pl.read_parquet(parts[0])
        total_rows = pl.scan_parquet(str(data / "*.parquet")).select(pl.len()).collect().item()
        result["input_mb"] = first.estimated_size() / first.height * total_rows / 1e6
        result["times"] = [0.0]
    else:
        raise SystemExit(f"unknown mode {mode}")
    worker_output(result)


def run(
    units: int,
    n_indicators: int,
    repeat: int,
    ceiling_gb: float,
    folder: Path,
    single: bool = True,
) -> list[Figure]:
    data = folder / "inputs"
    out = folder / "out"
    out.mkdir(parents=True)
    started = time.perf_counter()
    gen_args = ["--indicators", str(n_indicators), "--units", str(units), "--out", str(data)]
    run_worker("gen.py", gen_args)
    disk_mb = sum(p.stat().st_size for p in data.glob("*.parquet")) / 1e6
    print(
        f"  generated {units:,} units × {n_indicators} indicators "
        f"({disk_mb:,.0f} MB Parquet) in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    common = ["--data", str(data), "--out", str(out), "--indicators", str(n_indicators)]
    size = run_worker("bench_out_of_core.py", ["--mode", "size", *common, "--repeat", "1"])
    floor = run_worker(
        "bench_out_of_core.py", ["--mode", "floor", *common, "--repeat", str(repeat)], 1200
    )
    copy = run_worker(
        "bench_out_of_core.py", ["--mode", "copy", *common, "--repeat", str(repeat)], 1200
    )
    (out / "copy.parquet").unlink(missing_ok=True)
    score = None
    if single:
        score = run_worker(
            "bench_out_of_core.py", ["--mode", "score", *common, "--repeat", str(repeat)], 1800
        )
        (out / "results.parquet").unlink(missing_ok=True)
    passes = run_worker(
        "bench_out_of_core.py", ["--mode", "two-pass", *common, "--repeat", str(repeat)], 1800
    )
    assert passes["rows"] == units and (score is None or score["rows"] == units)
    t_floor = median(floor["times"])
    t_copy = median(copy["times"])
    t_passes = median(passes["times"])
    input_mb = size["input_mb"]
    figures = [
        Figure(f"streaming read floor, {units:,} units", t_floor, "s", len(floor["times"])),
        Figure(
            "streaming copy, Parquet → Parquet",
            t_copy,
            "s",
            len(copy["times"]),
            baseline=t_floor,
            baseline_name="read floor",
        ),
    ]
    if score is not None:
        t_score = median(score["times"])
        figures += [
            Figure(
                f"cqdt one streaming query → Parquet, {units:,} units",
                t_score,
                "s",
                len(score["times"]),
                baseline=t_copy,
                baseline_name="copy floor",
                note=f"{score['columns']} result columns, {score['results_disk_mb']:,.0f} MB "
                f"on disk; {t_score / units * 1e6:.2f} µs/unit",
            ),
            Figure(
                "peak RSS, one streaming query",
                score["peak_rss_mb"],
                "MB",
                goal=ceiling_gb * 1000,
                note=f"ceiling {ceiling_gb:g} GB; inputs alone would take {input_mb:,.0f} MB "
                f"in memory ({score['peak_rss_mb'] / input_mb:.2f}× of that)",
            ),
        ]
    figures += [
        Figure(
            f"three passes (runtime/score/out_of_core.py, inputs checked) → Parquet, {units:,} units",
            t_passes,
            "s",
            len(passes["times"]),
            baseline=t_copy,
            baseline_name="copy floor",
            note=f"{t_passes / units * 1e6:.2f} µs/unit; same results to the bit",
        ),
        Figure(
            "peak RSS, three passes",
            passes["peak_rss_mb"],
            "MB",
            goal=ceiling_gb * 1000,
            note=f"{passes['peak_rss_mb'] / input_mb:.2f}× the inputs in memory",
        ),
        Figure("peak RSS, streaming read floor", floor["peak_rss_mb"], "MB"),
        Figure("peak RSS, streaming copy", copy["peak_rss_mb"], "MB"),
    ]
    return figures


def main(argv: list[str] | None = None) -> list[Figure] | None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10_000_000)
    parser.add_argument("--indicators", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--ceiling-gb", type=float, default=CEILING_GB)
    parser.add_argument(
        "--no-single",
        action="store_true",
        help="skip the one-query run (its memory grows with the units: ~12 GB at 10,000,000)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.mode, args.data, args.out, args.indicators, args.repeat)
        return None
    free_gb = shutil.disk_usage(tempfile.gettempdir()).free / 1e9
    print(f"out of core: {args.indicators} indicators, {free_gb:,.0f} GB free disk", flush=True)
    folder = Path(tempfile.mkdtemp(prefix="cqdt-bench-ooc-"))
    try:
        figures = run(
            args.units,
            args.indicators,
            args.repeat,
            args.ceiling_gb,
            folder,
            single=not args.no_single,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for fig in figures:
        print_figure(fig)
    return figures


if __name__ == "__main__":
    main()
