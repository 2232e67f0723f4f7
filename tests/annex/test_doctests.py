"""The examples in the annex modules' docstrings are true."""

import doctest

import pytest

from cqdt import number_format as numbers
from cqdt.runtime.publish import render, report, report_tiers


@pytest.mark.parametrize(
    "module", [numbers, report, report_tiers, render], ids=lambda m: m.__name__
)
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
