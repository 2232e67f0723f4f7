"""``missing empty``: the answer stays missing; statistics skip it; a rule imputes it."""

from __future__ import annotations

import polars as pl
import pytest

from cqdt.compiler.load import check_source
from cqdt.compiler.model.printer import print_framework
from cqdt.diagnostics import CqdtError
from cqdt.runtime.score.run import score
from tests.index.common import both, column, fw_of

BODY = """
  input users "Người dùng" count missing empty
  value filled "Đã bổ sung" = if is missing(users) then median(users) else users
  category c "C" max 10 { group g "G" max 10 {
    indicator i "I" max 10 { points = clamp(filled / best(filled), 0, 1) * max }
  } }
"""


def test_median_imputation_by_hand():
    results = both(fw_of(BODY), {"users": [10.0, None, 30.0, 40.0]})
    assert column(results, "users") == [10.0, None, 30.0, 40.0]
    assert column(results, "users.missing") == [False, True, False, False]  # flagged
    assert column(results, "filled") == [10.0, 30.0, 30.0, 40.0]  # median of 10, 30, 40
    assert column(results, "i") == [2.5, 7.5, 7.5, 10.0]


@pytest.mark.parametrize("keywords", ["en", "vi"])
def test_printed_back(keywords):
    fw = fw_of(BODY)
    text = print_framework(fw, keywords=keywords)
    assert ("nếu thiếu để trống" if keywords == "vi" else "missing empty") in text
    assert check_source(text).framework == fw


def test_an_unhandled_empty_answer_is_refused_not_zero():
    fw = fw_of(BODY.replace("clamp(filled / best(filled), 0, 1) * max", "users / 10 cap 10"))
    frame = pl.DataFrame(
        {"tier": ["t", "t"], "code": ["U1", "U2"], "name": ["a", "b"], "users": [5.0, None]}
    )
    with pytest.raises(CqdtError) as caught:
        score(fw, frame)
    assert [(d.code, "U2" in d.message) for d in caught.value.diagnostics] == [
        ("score.empty_points", True)
    ]
