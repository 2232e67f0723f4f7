"""A machine-written CSV: a small tier whose answers all read like ``616.984`` is not ambiguous
when the rest of the file shows a decimal point (found scoring a generated framework)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqdt.compiler.load import load_framework_text
from cqdt.diagnostics import CqdtError
from cqdt.runtime.intake.read import read_inputs

FRAMEWORK = """
framework f "F" {
  tiers { a "A"  b "B" }
  input speed "Tốc độ" number range 0 .. 1000
  category c "C" max 10 {
    group g "G" max 10 {
      indicator i "I" max 10 { points = min(speed / 100, 10) }
    }
  }
}
"""


def _write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "data.csv"
    path.write_text("tier,code,name,speed\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_tier_of_three_decimals_reads_with_the_files_decimal_point(tmp_path):
    fw = load_framework_text(FRAMEWORK)
    path = _write(tmp_path, ["a,A1,x,616.984", "a,A2,y,36.624", "b,B1,z,12.5", "b,B2,w,184.47"])
    read = read_inputs(fw, path)
    speeds = dict(zip(read.frame["code"], read.frame["speed"], strict=True))
    assert speeds == {"A1": 616.984, "A2": 36.624, "B1": 12.5, "B2": 184.47}


def test_a_file_that_never_shows_its_decimal_mark_is_still_refused(tmp_path):
    fw = load_framework_text(FRAMEWORK)
    path = _write(tmp_path, ["a,A1,x,1.234", "b,B1,z,20"])
    with pytest.raises(CqdtError) as caught:
        read_inputs(fw, path)
    assert [d.code for d in caught.value.diagnostics] == ["D130"]
