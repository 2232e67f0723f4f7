"""The oracle property on the constructs of index frameworks only (transforms, statistics,
``is missing``): the Polars backend equals the reference evaluator, also at large magnitudes."""

from __future__ import annotations

from hypothesis import given

from tests.scoring.test_backends_agree import test_polars_backend_equals_reference as oracle
from tests.strategies import framework_and_inputs


@given(framework_and_inputs(rule_kinds=("transform", "statistic", "best", "derived")))
def test_index_constructs_agree(case):
    oracle.hypothesis.inner_test(case)


@given(framework_and_inputs(rule_kinds=("transform", "statistic"), large=True))
def test_index_constructs_agree_on_large_magnitudes(case):
    oracle.hypothesis.inner_test(case)
