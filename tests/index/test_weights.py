"""Zero weights (what-if runs): allowed, leave a child out of the weighted mean; all zero or a
negative weight is refused."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cqdt.compiler.checks.values import weights
from cqdt.diagnostics import CqdtError
from tests.index.common import both, column, fw_of

BODY = """
  input a "A" percent
  input b "B" percent
  category c "C" max 10 { group g "G" max 10 {
    aggregate weighted
    indicator ia "IA" max 10 { weight WA  points = a * max }
    indicator ib "IB" max 10 { weight WB  points = b * max }
  } }
"""


def fw(wa: str, wb: str):
    return fw_of(BODY.replace("WA", wa).replace("WB", wb))


def test_a_zero_weight_leaves_the_child_out():
    results = both(fw("3", "0"), {"a": [0.5, 1.0], "b": [1.0, 0.0]})
    assert column(results, "g") == [5.0, 10.0]  # (3 · 5 + 0 · 10) / (3 + 0)


def test_every_weight_zero_is_refused():
    with pytest.raises(CqdtError) as caught:
        fw("0", "0")
    assert [d.code for d in caught.value.diagnostics] == ["E415"]


def test_a_negative_weight_from_python_is_refused():
    model = fw("1", "1")
    group = model.categories[0].groups[0]
    bad = replace(
        group, indicators=(replace(group.indicators[0], weight=-1.0), group.indicators[1])
    )
    model = replace(model, categories=(replace(model.categories[0], groups=(bad,)),))
    assert [d.code for d in weights(model)] == ["E410"]
