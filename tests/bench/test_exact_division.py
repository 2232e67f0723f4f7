"""Division in the Polars backend gives Python's quotient to the bit, whatever the divisor.

Polars divides by a constant by multiplying with its reciprocal (681 * (1 / 100) is
6.8100000000000005), and in Polars 2.1 a constant is not only a literal or a value broadcast
per tier: a column made from a literal (a derived value ``= 100``, an inputs frame built with
``pl.lit``) is stored as a constant too. So ``to_polars`` makes every divisor an ordinary
column (``compiler.to_polars.divide``); these tests pin each kind of divisor against ``/`` in
Python and against the reference evaluator, and show the trap itself.
"""

from __future__ import annotations

import polars as pl
import pytest

from cqdt.compiler.load import load_framework_text
from cqdt.compiler.plan.build import build_plan
from cqdt.compiler.plan.to_polars import to_polars
from cqdt.compiler.plan.to_reference import evaluate

SOURCE = """framework division "Chia" {
  tiers { commune "Xã" }
  input a "Tử số" number
  input b "Mẫu số" number
  input c "Mẫu số không đổi" number
  value hundred "Một trăm" = 100
  value by_column "Cột / cột" = a / b
  value by_literal "Cột / hằng số" = a / 100
  value by_constant_value "Cột / giá trị hằng" = a / hundred
  value by_constant_column "Cột / cột không đổi" = a / c
  value by_best "Cột / lớn nhất của cấp" = a / best(b)
  value by_sum "Cột / biểu thức của cột" = a / (b + 0.5)
  category k "Hạng mục" {
    group g "Nhóm" {
      indicator i "Tiêu chí" max 10 { points = clamp(by_column + by_best, 0, max) }
    }
  }
}
"""

A = [681.0, 1.0, 3.0, 0.7, 1e-300, 123456789.0, 0.0]
B = [100.0, 10.0, 7.0, 0.1, 3.0, 0.3, 9.0]
EXPECTED = {
    "by_column": lambda a, b: a / b,
    "by_literal": lambda a, b: a / 100,
    "by_constant_value": lambda a, b: a / 100,
    "by_constant_column": lambda a, b: a / 100,
    "by_best": lambda a, b: a / max(B),
    "by_sum": lambda a, b: a / (b + 0.5),
}


def _frame() -> pl.DataFrame:
    n = len(A)
    frame = pl.DataFrame(
        {
            "code": [f"u{i}" for i in range(n)],
            "name": [f"Xã {i}" for i in range(n)],
            "tier": ["commune"] * n,
            "a": A,
            "b": B,
        }
    )
    return frame.with_columns(pl.lit(100.0).alias("c"))  # stored by Polars as a constant


@pytest.fixture(scope="module")
def results() -> tuple[pl.DataFrame, list[dict]]:
    plan = build_plan(load_framework_text(SOURCE))
    frame = _frame()
    return to_polars(plan, frame.lazy()).collect(), evaluate(plan, frame.to_dicts())


@pytest.mark.parametrize("column", sorted(EXPECTED))
def test_quotients_are_pythons_to_the_bit(results, column):
    fast, slow = results
    expected = [EXPECTED[column](a, b) for a, b in zip(A, B, strict=True)]
    assert fast[column].to_list() == expected
    assert [row[column] for row in slow] == expected


def test_681_over_100_is_exact_for_every_divisor(results):
    fast, _ = results
    assert {column: fast[column][0] for column in EXPECTED if column != "by_best"} == {
        "by_column": 6.81,
        "by_literal": 6.81,
        "by_constant_value": 6.81,
        "by_constant_column": 6.81,
        "by_sum": 681 / 100.5,
    }


def test_polars_divides_a_constant_column_by_its_reciprocal():
    """The trap: why dividing by a bare column is not enough (if this starts failing, Polars
    has changed and ``divide`` may be simplified; re-measure before doing so)."""
    quotient = _frame().select(pl.col("a") / pl.col("c"))["a"][0]
    assert quotient == 681 * (1 / 100) != 6.81
