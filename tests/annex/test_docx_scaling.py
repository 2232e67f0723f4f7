"""The DOCX annex is written in time linear in the number of units (a ratio, not a wall clock).

python-docx's ``table.rows[i]`` rebuilds the list of every row on each lookup: indexing it per
unit made the writer quadratic (issue 19). Twice the units must take about twice the time.
"""

from __future__ import annotations

import time

from cqdt.runtime.publish.render import render_docx
from cqdt.runtime.publish.report import build_report

from . import sample


def _units(n: int):
    return [
        ("province", f"P{i:05d}", f"Đơn vị {i}", 50.0, "muc_3", 40.0, "muc_3", i + 1)
        for i in range(n)
    ]


def _seconds(n: int) -> float:
    report = build_report(sample.framework(), sample.results(_units(n)), None)
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        render_docx(report)
        best = min(best, time.perf_counter() - start)
    return best


def test_twice_the_units_take_about_twice_the_time():
    _seconds(20)  # warm up imports and caches
    small, large = _seconds(150), _seconds(300)
    assert large / small < 3, f"{small:.2f} s for 150 units, {large:.2f} s for 300"


def test_rows_are_walked_once_not_looked_up_per_unit(monkeypatch):
    """The quadratic term itself: each ``rows[i]`` lists every row; it must not run per unit."""
    import docx.table

    lookups = []
    real = docx.table._Rows.__getitem__

    def counted(self, idx):
        lookups.append(idx)
        return real(self, idx)

    monkeypatch.setattr(docx.table._Rows, "__getitem__", counted)
    counts = []
    for n in (10, 40):
        lookups.clear()
        render_docx(build_report(sample.framework(), sample.results(_units(n)), None))
        counts.append(len(lookups))
    assert counts[0] == counts[1], counts
