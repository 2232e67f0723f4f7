"""The examples in the docstrings of the contract, the input types, the plan and its columns
are true."""

import doctest

import pytest

from cqdt.compiler.model import contract, types
from cqdt.compiler.plan import build, columns


@pytest.mark.parametrize("module", [contract, types, build, columns], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
