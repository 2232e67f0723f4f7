"""Interval analysis behind E501/E502 (compiler/checks/bounds.py)."""

from __future__ import annotations

import math

import pytest

from cqdt.compiler.checks.bounds import Env, Interval, interval
from cqdt.compiler.model.nodes import Input, InputType
from cqdt.dsl import parse

INPUTS = {
    "staff": Input("staff", "CBCC", InputType.COUNT),
    "pcs": Input("pcs", "Máy", InputType.COUNT, at_most="staff"),
    "share": Input("share", "Tỷ lệ", InputType.PERCENT),
    "mbps": Input("mbps", "Mbps", InputType.NUMBER, minimum=0, maximum=1000),
    "delta": Input("delta", "Chênh lệch", InputType.NUMBER),
    "lan": Input("lan", "LAN", InputType.YESNO),
}


def bounds(text: str) -> Interval | None:
    fw, diagnostics = parse(f'framework a "A" {{ value v = {text} }}')
    assert diagnostics == []
    return interval(fw.values[0].expr, Env(INPUTS, {}, 10.0))


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("pcs / staff * max", 0, 10),
        ("share * max", 0, 10),
        ("mbps / best(mbps) * max", 0, 10),
        ("minmax(delta) * max", 0, 10),
        ("staff cap 5", 0, 5),
        ("min(staff, max)", 0, 10),
        ("clamp(delta, 0, max)", 0, 10),
        ("ladder share { >= 90% : 10  >= 50% : 5  otherwise : 0 }", 0, 10),
        ("if lan then max else 2", 2, 10),
        ("mbps / 100", 0, 10),
        ("-share", -1, 0),
        ("staff * 2", 0, math.inf),
        ("staff / pcs", 0, math.inf),
        ("zscore(share)", -math.inf, math.inf),
    ],
)
def test_intervals(text, low, high):
    assert bounds(text) == Interval(low, high)


def test_yes_no_values_count_as_0_or_1():
    """A yes/no counts as 1/0 in arithmetic (issue 14), so it has the interval 0..1."""
    assert bounds("lan") == Interval(0.0, 1.0)
    assert bounds("lan * max") == Interval(0.0, 10.0)
    assert bounds("count_yes(lan, lan, lan)") == Interval(0.0, 3.0)
