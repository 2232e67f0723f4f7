"""What each rule kind costs: CPU nanoseconds per indicator per unit, one kind at a time.

A profile of the scoring query by rule shape rather than by Polars node, so a slow kind shows
up whatever the backend's internals look like this week. For each of the ten shapes of
``gen.KINDS`` a framework of ``--indicators`` indicators all of that shape is scored on
``--units`` units already in memory; the figure is the query's CPU time (all threads) divided
by indicators × units, next to the same for the read floor of its inputs. Run::

    .venv/bin/python benchmarks/bench_kinds.py [--units 200000] [--indicators 50]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen  # noqa: E402
from bench_score import read_floor  # noqa: E402
from measure import Figure, print_figure, timed  # noqa: E402


def kind_figures(units: int, n_indicators: int, repeat: int, engine: str) -> list[Figure]:
    from cqdt.compiler.load import load_framework_text
    from cqdt.compiler.plan.build import build_plan
    from cqdt.compiler.plan.to_polars import to_polars

    figures = []
    scale = 1e9 / (units * n_indicators)
    for kind, label in gen.KINDS.items():
        kinds = (kind,)
        frame = gen.inputs_frame(n_indicators, units, kinds=kinds).collect()
        plan = build_plan(load_framework_text(gen.framework_text(n_indicators, kinds)))
        query = to_polars(plan, frame.lazy())
        floor = timed("floor", read_floor(frame.lazy()).collect, repeat, warmup=1)
        cost = timed(label, lambda q=query: q.collect(engine=engine), repeat, warmup=1)
        figures.append(
            Figure(
                f"{kind}: {label}",
                median(cost.cpu) * scale,
                "ns",
                repeat,
                baseline=max(median(floor.cpu), 1e-6) * scale,
                baseline_name="read floor",
                note=f"wall {cost.median:.2f} s",
            )
        )
    return figures


def main(argv: list[str] | None = None) -> list[Figure]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=200_000)
    parser.add_argument("--indicators", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engine", default="auto", choices=("auto", "in-memory", "streaming"))
    args = parser.parse_args(argv)
    print(
        f"cost per rule kind: CPU ns per indicator per unit, {args.indicators} indicators × "
        f"{args.units:,} units, engine {args.engine}",
        flush=True,
    )
    figures = kind_figures(args.units, args.indicators, args.repeat, args.engine)
    for fig in figures:
        print_figure(fig)
    return figures


if __name__ == "__main__":
    main()
