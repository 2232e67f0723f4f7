"""What every shipped framework must do, as its user would run it: check clean (0 errors,
0 warnings), be in canonical layout, score its bundled example identically in both backends,
explain a unit and publish every output format.

Imported by each framework's test module (one module a framework, one example folder each).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from polars.testing import assert_frame_equal

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Shipped:
    framework: Path
    example: Path
    data: str  # the data file's name in the example folder
    unit: str  # a unit to explain

    @property
    def inputs(self) -> Path:
        return self.example / self.data

    @property
    def units(self) -> Path:
        return self.example / "units.csv"


def check_report(shipped: Shipped):
    from cqdt.compiler.load import check_source

    text = shipped.framework.read_text(encoding="utf-8")
    return check_source(text, shipped.framework.name)


def canonical(shipped: Shipped) -> tuple[str, str]:
    """The file as written and as ``cqdt fmt`` would write it."""
    from cqdt.compiler.load import load_framework
    from cqdt.compiler.model.printer import print_framework

    text = shipped.framework.read_text(encoding="utf-8")
    model = load_framework(shipped.framework)
    return text, print_framework(model)


def score_both(shipped: Shipped):
    """The results frame of the example, asserting both backends give it."""
    from cqdt.compiler.load import load_framework
    from cqdt.runtime.intake.read import read_inputs
    from cqdt.runtime.intake.registry import load_units
    from cqdt.runtime.score.run import score

    fw = load_framework(shipped.framework)
    inputs = read_inputs(fw, shipped.inputs, units=load_units(shipped.units))
    results = score(fw, inputs.frame)
    reference = score(fw, inputs.frame, backend="reference")
    assert_frame_equal(results, reference, check_exact=False, rel_tol=0, abs_tol=1e-9)
    return fw, results


def publish(shipped: Shipped, out: Path) -> dict:
    """``cqdt score … -o out`` in a subprocess, as a user runs it; results.json read back."""
    cqdt = Path(sys.executable).with_name("cqdt")
    args = [str(cqdt), "score", str(shipped.framework), str(shipped.inputs)]
    args += ["--units", str(shipped.units), "-o", str(out)]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    for name in ("results.json", "results.xlsx", "annex.html", "annex.md"):
        assert (out / name).stat().st_size > 0, name
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


def remade_identically(shipped: Shipped, tmp_path: Path, names: tuple[str, ...]) -> None:
    """The example's generator, run again into ``tmp_path``, writes the committed bytes."""
    script = shipped.example / "make_example.py"
    done = subprocess.run(
        [sys.executable, str(script), "-o", str(tmp_path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    for name in names:
        assert (tmp_path / name).read_bytes() == (shipped.example / name).read_bytes(), name
