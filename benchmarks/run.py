"""Run every cqdt benchmark and print medians with ratios to baselines measured in the same run.

One command for all of them (``docs/performance.md`` explains each figure)::

    .venv/bin/python benchmarks/run.py            # full sizes, about 15 minutes on 2 cores
    .venv/bin/python benchmarks/run.py --quick    # small sizes, about 2 minutes
    .venv/bin/python benchmarks/run.py --only score,compile --json figures.json

Sections (``--only``): ``compile`` (parse + check + plan of 200 / 2,000 / 10,000 generated
indicators), ``score`` (200 indicators × 1,000,000 units vs the read floor and the reference
evaluator; memory), ``e2e`` (cold commands vs ``import polars``), ``read`` (workbook of
10,000 units × 100 inputs vs a raw calamine load), ``ooc`` (10,000,000 units × 50 indicators
with the streaming engine, in one query and in three passes; the one-query run is skipped at
full size, where its memory would reach ~12 GB). Big sizes run one at a time.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import Figure, machine, print_figure, timed  # noqa: E402

SECTIONS = ("compile", "score", "e2e", "read", "ooc")

FULL = {
    "compile": {"sizes": (200, 2_000, 10_000), "runs": 3},
    "score": {"units": 1_000_000, "indicators": 200, "repeat": 3, "ref_units": 2_000},
    "e2e": {"repeat": 7},
    "read": {"units": 10_000, "inputs": 100, "repeat": 3},
    "ooc": {"units": 10_000_000, "indicators": 50, "single": False},
}
QUICK = {
    "compile": {"sizes": (200, 2_000), "runs": 3},
    "score": {"units": 100_000, "indicators": 200, "repeat": 3, "ref_units": 300},
    "e2e": {"repeat": 3},
    "read": {"units": 1_000, "inputs": 100, "repeat": 3},
    "ooc": {"units": 1_000_000, "indicators": 50, "single": True},
}
COMPILE_GOAL_S = 0.5  # parse + check + plan at 2,000 indicators


def compile_figures(sizes: tuple[int, ...], runs: int) -> list[Figure]:
    """Parse, parse + check, and plan (+ Polars expressions) of generated frameworks.

    Uses ``bench_compile.measure`` (the language engineer's timing of parse and check) on the
    frameworks of ``gen.framework_text``, which use every rule kind, and adds the plan.
    """
    import bench_compile
    import gen

    from cqdt.compiler.load import check_source, load_framework_text
    from cqdt.compiler.plan.build import build_plan
    from cqdt.compiler.plan.to_polars import stage_exprs

    check_source('framework warm "x" { tiers { a "A" } }')  # builds the parser once
    figures = []
    per_indicator_200 = None
    for size in sizes:
        text = gen.framework_text(size)
        parse_s, check_s = bench_compile.measure(text, runs)
        fw = load_framework_text(text)
        plan_t = timed("plan", lambda fw=fw: build_plan(fw), runs)
        plan = build_plan(fw)
        exprs_t = timed("exprs", lambda plan=plan: stage_exprs(plan), runs)
        total = check_s + plan_t.median
        per_indicator = total / size
        if per_indicator_200 is None:
            per_indicator_200 = per_indicator
        growth = per_indicator / per_indicator_200
        figures.append(
            Figure(
                f"parse+check+plan, {size:,} indicators",
                total,
                "s",
                runs,
                goal=COMPILE_GOAL_S if size == 2_000 else None,
                note=f"{growth:.2f}× the per-indicator cost at {sizes[0]:,}; "
                f"parse {parse_s:.3f} s, check {check_s - parse_s:.3f} s, "
                f"plan {plan_t.median:.3f} s, Polars exprs {exprs_t.median:.3f} s; "
                f"{len(text) / 1e3:,.0f} kB",
                extra={
                    "growth": growth,
                    "parse_s": parse_s,
                    "check_s": check_s - parse_s,
                    "plan_s": plan_t.median,
                    "exprs_s": exprs_t.median,
                },
            )
        )
    return figures


def read_figures(units: int, inputs: int, repeat: int) -> list[Figure]:
    """Read + validate a workbook (``bench_read``) against a raw calamine load of the same sheet."""
    import bench_read
    import fastexcel

    from cqdt.compiler.model.contract import contract_hash
    from cqdt.runtime.intake.read import read_inputs

    fw = bench_read.bench_framework(inputs)
    cache = Path(tempfile.gettempdir()) / "cqdt-bench"
    cache.mkdir(exist_ok=True)
    path = cache / f"read_{units}x{inputs}_{contract_hash(fw)[:12]}.xlsx"
    if not path.exists():
        started = time.perf_counter()
        bench_read.make_workbook(fw, units, path)
        print(f"  generated {path.name} in {time.perf_counter() - started:.1f} s", flush=True)

    def raw() -> None:
        reader = fastexcel.read_excel(str(path))
        reader.load_sheet(0, header_row=1).to_polars()

    floor = timed("raw", raw, repeat, warmup=1)
    cqdt = timed("read", lambda: read_inputs(fw, path), repeat, warmup=1)
    return [
        Figure(f"calamine raw load, {units:,} × {inputs}", floor.median, "s", floor.runs),
        Figure(
            f"cqdt read+validate, {units:,} units × {inputs} inputs",
            cqdt.median,
            "s",
            cqdt.runs,
            baseline=floor.median,
            baseline_name="raw load",
        ),
    ]


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (about 2 minutes)")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    wanted = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(wanted) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    info = machine()
    print(
        f"machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory_gb']} GB; "
        f"Python {info['python']}, Polars {info['polars']} ({info['polars_threads']} threads)"
    )
    report: dict = {"machine": info, "quick": args.quick, "sections": {}}
    for section in wanted:
        cfg = sizes[section]
        print(f"\n== {section} ==", flush=True)
        started = time.perf_counter()
        figures: list[Figure] = []
        extra: dict = {}
        try:
            if section == "compile":
                figures = compile_figures(cfg["sizes"], cfg["runs"])
            elif section == "score":
                import bench_score

                figures = bench_score.main(
                    [
                        "--units",
                        str(cfg["units"]),
                        "--indicators",
                        str(cfg["indicators"]),
                        "--repeat",
                        str(cfg["repeat"]),
                        "--ref-units",
                        str(cfg["ref_units"]),
                    ]
                )
            elif section == "e2e":
                import bench_e2e

                figures, extra = bench_e2e.main(["--repeat", str(cfg["repeat"])])
            elif section == "read":
                figures = read_figures(cfg["units"], cfg["inputs"], cfg["repeat"])
            elif section == "ooc":
                import bench_out_of_core

                figures = bench_out_of_core.main(
                    ["--units", str(cfg["units"]), "--indicators", str(cfg["indicators"])]
                    + ([] if cfg["single"] else ["--no-single"])
                )
        except Exception as error:  # one broken section must not hide the others' figures
            print(f"  FAILED: {type(error).__name__}: {str(error)[:2000]}")
            report["sections"][section] = {"error": f"{type(error).__name__}: {error}"}
            continue
        if section in ("compile", "read"):
            for fig in figures:
                print_figure(fig)
        elapsed = time.perf_counter() - started
        report["sections"][section] = {
            "seconds": elapsed,
            "figures": [f.as_dict() for f in figures or []],
            "extra": extra,
        }
        print(f"  ({section} took {elapsed:.0f} s)")
    missed = [
        f["name"]
        for s in report["sections"].values()
        for f in s.get("figures", [])
        if f["met"] is False
    ]
    print("\ngoals missed: " + ("; ".join(missed) if missed else "none"))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    return report


if __name__ == "__main__":
    main()
