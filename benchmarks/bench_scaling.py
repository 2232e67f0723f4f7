"""How each step grows: every writer from 1,000 to 100,000 units, compile from 50 to 10,000
indicators, each step's growth exponent printed.

The exponent between two sizes is ``log(t2 / t1) / log(n2 / n1)``: 1 is linear, 2 quadratic.
Writers are timed in process on the Bắc Kạn 2018 results, its 150 units repeated under new
codes (the annex model, shared by html/md/docx/pdf, is timed on its own as ``report``);
DOCX and PDF stop at smaller sizes (``--docx-max``, ``--pdf-max``). Compile is parse + check
+ plan + Polars expressions of ``gen.framework_text(n)``. Each figure is the best of ``--repeat`` runs in CPU seconds
(all threads): the machine is shared, and the best run is the least disturbed one.

    .venv/bin/python benchmarks/bench_scaling.py                 # 1e3 → 1e5 units, 50 → 10,000
    .venv/bin/python benchmarks/bench_scaling.py --quick         # 1e3 → 1e4 units, 50 → 2,000

``national`` (``--national``) also times one 12,700-unit run in every format.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
WRITERS = ("json", "xlsx", "report", "html", "md", "docx", "pdf")


def backan_results():
    """The bundled example scored once: (framework model, results frame, provenance)."""
    import cqdt

    fw = cqdt.load(REPO / "frameworks/2018_backan.cqdt")
    example = REPO / "examples/backan_2018"
    res = fw.score(example / "inputs.xlsx", units=example / "units.csv")
    return fw.model, res.frame, res.provenance


def repeated(frame: pl.DataFrame, units: int) -> pl.DataFrame:
    """``units`` rows: the example's units repeated, each copy under new codes."""
    copies = math.ceil(units / frame.height)
    big = pl.concat([frame.with_columns(pl.col("code") + f"-{k}") for k in range(copies)])
    return big.head(units)


#: What a run is measured with: CPU seconds of the process (every thread), which a busy
#: machine disturbs far less than wall-clock time (``--wall`` switches to the latter).
CLOCK: Callable[[], float] = time.process_time


def best(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs, in seconds of :data:`CLOCK`."""
    times = []
    for _ in range(repeat):
        started = CLOCK()
        fn()
        times.append(CLOCK() - started)
    return min(times)


def writer_times(fw, results: pl.DataFrame, provenance, writers, repeat: int) -> dict[str, float]:
    """Seconds of each writer on ``results`` (the annex model built once, timed as ``report``)."""
    from cqdt.runtime.publish.formats import RenderInputs, by_name

    job = RenderInputs(fw, results, provenance, None, None, {})
    out: dict[str, float] = {}
    for name in writers:
        if name == "report":
            out[name] = best(
                lambda: RenderInputs(fw, results, provenance, None, None, {}).report(), repeat
            )
            job.report()
            continue
        render = by_name(name).render
        out[name] = best(lambda render=render: render(job), repeat)
    return out


def exponent(n1: float, t1: float, n2: float, t2: float) -> float:
    """Growth exponent between two sizes (1 linear, 2 quadratic)."""
    return math.log(t2 / t1) / math.log(n2 / n1) if t1 > 0 and t2 > 0 else float("nan")


def compile_time(n: int, repeat: int) -> float:
    from cqdt.compiler.load import load_framework_text
    from cqdt.compiler.plan.build import build_plan
    from cqdt.compiler.plan.to_polars import stage_exprs

    source = gen.framework_text(n)
    load_framework_text(gen.framework_text(10))  # the parser is built once, not timed

    def once() -> None:
        stage_exprs(build_plan(load_framework_text(source)))

    return best(once, repeat)


def print_growth(title: str, unit: str, sizes: list[int], table: dict[str, dict[int, float]]):
    print(f"\n{title}")
    for name, times in table.items():
        row = [f"{name:8}"]
        known = [n for n in sizes if n in times]
        for n in known:
            row.append(f"{n:>8,} {unit}: {times[n]:8.3f} s")
        steps = [
            f"{exponent(a, times[a], b, times[b]):.2f}"
            for a, b in zip(known, known[1:], strict=False)
        ]
        print("  ".join(row) + ("   exponents " + " ".join(steps) if steps else ""))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--docx-max", type=int, default=10_000)
    parser.add_argument("--pdf-max", type=int, default=1_000)
    parser.add_argument("--national", action="store_true")
    parser.add_argument("--only", default="writers,compile")
    parser.add_argument("--wall", action="store_true", help="wall-clock seconds, not CPU")
    args = parser.parse_args(argv)
    if args.wall:
        global CLOCK
        CLOCK = time.perf_counter
    sections = set(args.only.split(","))
    unit_sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    compile_sizes = [50, 500, 2_000] if args.quick else [50, 500, 2_000, 10_000]
    report: dict = {"writers": {}, "compile": {}}
    if "writers" in sections:
        fw, frame, provenance = backan_results()
        table: dict[str, dict[int, float]] = {w: {} for w in WRITERS}
        for n in unit_sizes:
            wanted = [
                w
                for w in WRITERS
                if not (w == "docx" and n > args.docx_max) and not (w == "pdf" and n > args.pdf_max)
            ]
            times = writer_times(fw, repeated(frame, n), provenance, wanted, args.repeat)
            for name, t in times.items():
                table[name][n] = t
        if args.pdf_max < unit_sizes[0]:
            table.pop("pdf")
        print_growth("writers (units)", "units", unit_sizes, table)
        report["writers"] = table
    if "compile" in sections:
        ctable = {"compile": {n: compile_time(n, args.repeat) for n in compile_sizes}}
        print_growth("parse + check + plan (indicators)", "ind.", compile_sizes, ctable)
        report["compile"] = ctable
    if args.national:
        fw, frame, provenance = backan_results()
        times = writer_times(fw, repeated(frame, 12_700), provenance, WRITERS, 1)
        print(
            "\nnational run, 12,700 units: " + ", ".join(f"{k} {v:.1f} s" for k, v in times.items())
        )
        report["national"] = times
    return report


if __name__ == "__main__":
    main()
