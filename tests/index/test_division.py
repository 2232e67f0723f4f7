"""``a / b`` with ``b`` empty or 0 is empty (missing), never a silent 0."""

from __future__ import annotations

import polars as pl
import pytest

from cqdt.diagnostics import CqdtError
from cqdt.i18n import set_language
from cqdt.runtime.score.run import score
from tests.index.common import both, column, fw_of

RATIO = """
  input a "A" number range 0 .. 100
  input b "B" number range 0 .. 100 missing zero
  value share "Tỷ lệ" = a / b
  category c "C" max 10 { group g "G" max 10 {
    indicator i "I" max 10 { points = if is missing(share) then 0 else share * 10 cap 10 }
  } }
"""


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language(None)


def test_division_by_zero_is_missing_in_both_backends():
    results = both(fw_of(RATIO), {"a": [1.0, 1.0, 3.0], "b": [0.0, None, 4.0]})
    assert column(results, "share") == [None, None, 0.75]
    assert column(results, "i") == [0.0, 0.0, 7.5]


def test_points_left_empty_by_a_division_by_zero_are_refused():
    fw = fw_of(RATIO.replace("if is missing(share) then 0 else share * 10 cap 10", "a / b cap 10"))
    frame = pl.DataFrame(
        {"tier": ["t", "t"], "code": ["U1", "U2"], "name": ["u", "v"], "a": [1.0, 2.0]},
    ).with_columns(b=pl.Series([4.0, 0.0]))
    with pytest.raises(CqdtError) as caught:
        score(fw, frame)
    (problem,) = caught.value.diagnostics
    assert problem.code == "score.empty_points"
    assert "U2" in problem.message and "'i'" in problem.message
    assert "is missing" in problem.hint
