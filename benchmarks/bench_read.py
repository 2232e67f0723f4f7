"""Median time to read and validate a 10,000-unit × 100-input workbook.

The workbook is generated once (openpyxl write-only mode, about a minute of CPU the first
time) and cached under the system temp folder; later runs only read it. Run:

    .venv/bin/python benchmarks/bench_read.py [--units 10000] [--inputs 100] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from cqdt.compiler.model.contract import contract_hash
from cqdt.compiler.model.nodes import Framework, Input, InputType, Metadata, MissingPolicy, Tier
from cqdt.dsl.expr import Num
from cqdt.runtime.intake.read import read_inputs

TYPES = (InputType.COUNT, InputType.NUMBER, InputType.PERCENT, InputType.YESNO, InputType.CHOICE)


def bench_framework(n_inputs: int) -> Framework:
    inputs = []
    for i in range(n_inputs):
        kind = TYPES[i % len(TYPES)]
        inputs.append(
            Input(
                id=f"x{i:03d}",
                label=f"Câu hỏi {i}",
                type=kind,
                choices=("Mức 1", "Mức 2", "Mức 3") if kind is InputType.CHOICE else (),
                at_most="x000" if kind is InputType.COUNT and i > 0 else None,
                missing=MissingPolicy.ERROR,
                tiers=("commune",),
            )
        )
    return Framework(
        id="bench",
        meta=Metadata(title="Benchmark", year=2018, version="1"),
        tiers=(Tier("commune", "UBND cấp xã"),),
        inputs=tuple(inputs),
        derived=(),
        categories=(),
        total=Num(0.0),
    )


def make_workbook(fw: Framework, n_units: int, path: Path) -> None:
    from openpyxl import Workbook

    rng = random.Random(7)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("UBND cấp xã")
    ws.append(["Mã đơn vị", "Tên đơn vị", *[inp.label for inp in fw.inputs]])
    ws.append(["code", "name", *[inp.id for inp in fw.inputs]])
    for u in range(n_units):
        row: list[object] = [f"X{u:05d}", f"Xã số {u}"]
        for inp in fw.inputs:
            if inp.type is InputType.COUNT:
                row.append(1000 if inp.id == "x000" else rng.randint(0, 1000))
            elif inp.type is InputType.NUMBER:
                row.append(rng.random() * 100)
            elif inp.type is InputType.PERCENT:
                row.append(rng.random())
            elif inp.type is InputType.YESNO:
                row.append(rng.choice(("Có", "Không")))
            else:
                row.append(rng.choice(inp.choices))
        ws.append(row)
    meta = wb.create_sheet("_cqdt")
    meta.append(["key", "value", "tier"])
    meta.append(["framework_id", fw.id])
    meta.append(["contract_hash", contract_hash(fw)])
    meta.append(["sheet", "UBND cấp xã", "commune"])
    wb.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--inputs", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    fw = bench_framework(args.inputs)
    cache = Path(tempfile.gettempdir()) / "cqdt-bench"
    cache.mkdir(exist_ok=True)
    path = cache / f"read_{args.units}x{args.inputs}_{contract_hash(fw)[:12]}.xlsx"
    if not path.exists():
        started = time.perf_counter()
        make_workbook(fw, args.units, path)
        print(f"generated {path.name} in {time.perf_counter() - started:.1f} s")
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        data = read_inputs(fw, path)
        times.append(time.perf_counter() - started)
    assert data.frame.height == args.units
    print(
        f"read+validate {args.units} units × {args.inputs} inputs: "
        f"median {statistics.median(times):.3f} s (min {min(times):.3f}, n={args.repeat})"
    )


if __name__ == "__main__":
    main()
