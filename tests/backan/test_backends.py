"""On the real framework and the whole example, the reference evaluator (the test oracle)
and the Polars backend give the same result for every column of every unit."""

from __future__ import annotations

from polars.testing import assert_frame_equal


def test_reference_evaluator_agrees_with_polars(backan_framework, backan_inputs, backan_results):
    from cqdt.runtime.score.run import score

    reference = score(backan_framework, backan_inputs.frame, backend="reference")
    assert_frame_equal(backan_results, reference, check_exact=False, rel_tol=0, abs_tol=1e-9)
