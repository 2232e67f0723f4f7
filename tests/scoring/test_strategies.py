"""The shared strategies keep their promise: generated frameworks pass the language checks
without a warning, and print → load gives the same model back."""

from __future__ import annotations

from hypothesis import given, settings

from cqdt.compiler.load import check_source
from cqdt.compiler.model.printer import print_framework
from tests.strategies import frameworks


@settings(max_examples=30)
@given(frameworks())
def test_generated_frameworks_are_valid(fw):
    result = check_source(print_framework(fw))
    assert [(d.code, d.message) for d in result.diagnostics] == []
    assert result.framework == fw
