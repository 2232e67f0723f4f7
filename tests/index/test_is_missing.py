"""``is missing(x)``: parsed in both keyword languages, printed back, typed, diffed, scored."""

from __future__ import annotations

import pytest

from cqdt.compiler.diff.model_diff import diff_frameworks
from cqdt.compiler.load import check_source
from cqdt.compiler.model.printer import print_framework
from cqdt.diagnostics import CqdtError
from tests.index.common import both, column, fw_of

BODY = """
  input a "A" number range 0 .. 100 missing zero
  input b "B" number range 1 .. 100
  category c "C" max 10 { group g "G" max 10 {
    indicator i "I" max 10 { points = if is missing(a) then 1 else a / b * max cap max }
  } }
"""


def test_reads_the_answer_before_the_missing_policy_fills_it():
    results = both(fw_of(BODY), {"a": [None, 0.0, 50.0], "b": [10.0, 10.0, 100.0]})
    assert column(results, "a") == [0.0, 0.0, 50.0]  # policy zero: the value reads 0
    assert column(results, "i") == [1.0, 0.0, 5.0]  # but is missing(a) saw the empty cell


@pytest.mark.parametrize("keywords", ["en", "vi"])
def test_printed_text_reads_back_as_the_same_model(keywords):
    fw = fw_of(BODY)
    text = print_framework(fw, keywords=keywords)
    assert ("thiếu số liệu(a)" if keywords == "vi" else "is missing(a)") in text
    assert check_source(text).framework == fw


def test_is_a_yes_no_value_not_a_number():
    """A yes/no counts as 1/0 in ``+ - * /`` only (issue 14); where a number is needed
    otherwise, as in ``min``, it is a type error like any yes/no."""
    with pytest.raises(CqdtError) as caught:
        fw_of(BODY.replace("if is missing(a) then 1 else", "min(is missing(a), 1) + "))
    assert {d.code for d in caught.value.diagnostics} & {"E301", "E302"}


def test_a_diff_shows_the_changed_rule():
    old = fw_of(BODY.replace("if is missing(a) then 1 else", "0 +"))
    new = fw_of(BODY)
    changes = diff_frameworks(old, new).changes
    assert any("is missing(a)" in str(change) for change in changes)
