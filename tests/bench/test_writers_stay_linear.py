"""No writer turns quadratic again (issue: DOCX took 7 s at 1,000 units and 81 s at 4,000).

Each writer renders the Bắc Kạn results repeated to two sizes, four times apart; a linear
writer takes about 4× as long at the larger size, a quadratic one 16×. The test fails above
9× — a ratio of two sizes measured in the same process (CPU seconds, best of two runs), not a
time limit, so a slow or busy machine does not fail it.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import bench_scaling  # noqa: E402

SMALL, LARGE = 300, 1_200
LIMIT = 9.0  # linear ≈ 4, quadratic ≈ 16


@pytest.fixture(scope="module")
def timings():
    fw, frame, provenance = bench_scaling.backan_results()
    writers = ("json", "xlsx", "report", "html", "md", "docx")
    small = bench_scaling.repeated(frame, SMALL)
    large = bench_scaling.repeated(frame, LARGE)
    bench_scaling.writer_times(fw, small.head(150), provenance, writers, 1)  # warm imports
    return (
        bench_scaling.writer_times(fw, small, provenance, writers, 2),
        bench_scaling.writer_times(fw, large, provenance, writers, 2),
    )


@pytest.mark.parametrize("writer", ["json", "xlsx", "report", "html", "md", "docx"])
def test_writer_grows_linearly(timings, writer):
    small, large = timings
    ratio = large[writer] / max(small[writer], 1e-3)
    assert ratio < LIMIT, f"{writer}: {ratio:.1f}× for 4× the units (quadratic ≈ 16×)"
