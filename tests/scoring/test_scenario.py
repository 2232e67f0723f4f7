"""A scenario a policy officer can check by hand: a small framework written in the language
(``scenarios/demo.cqdt``), five units, and the points, levels and ranks expected.

- pc_ratio = round(staff_with_pc / staff × 10, 2); lan = 10 if the unit has a LAN;
  bandwidth (provinces only) = mbps / best mbps among provinces × 10.
- Mức 1 from 90% of the max (27 of 30 for provinces, 18 of 20 for communes), Mức 2 from 50%.
- An empty LAN answer counts as no; an empty bandwidth leaves the unit unclassified.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cqdt.compiler.load import load_framework
from tests.scoring.build import both

HERE = Path(__file__).parent
UNITS = pl.DataFrame(
    {
        "tier": ["province", "province", "province", "commune", "commune", "commune"],
        "code": ["P1", "P2", "P3", "C1", "C2", "C3"],
        "name": ["Sở A", "Sở B", "Sở C", "Xã A", "Xã B", "Xã C"],
        "staff": [40.0, 40.0, 30.0, 10.0, 10.0, 3.0],
        "staff_with_pc": [38.0, 20.0, 30.0, 7.0, 8.0, 2.0],
        "has_lan": [True, None, True, True, True, None],
        "mbps": [100.0, 50.0, None, None, None, None],
    }
)

EXPECTED = {
    # code: (pc_ratio, lan, bandwidth, readiness, level, rank)
    "P1": (9.5, 10.0, 10.0, 29.5, "muc_1", 1),
    "P2": (5.0, 0.0, 5.0, 10.0, "unclassified", 3),
    "P3": (10.0, 10.0, 0.0, 20.0, "unclassified", 2),  # would be Mức 2, but mbps is empty
    "C1": (7.0, 10.0, None, 17.0, "muc_2", 2),
    "C2": (8.0, 10.0, None, 18.0, "muc_1", 1),  # exactly 90%
    "C3": (6.67, 0.0, None, 6.67, "unclassified", 3),  # 2/3 × 10 = 6.666… → 6.67
}


def test_demo_scenario():
    fw = load_framework(HERE / "scenarios" / "demo.cqdt")
    out = both(fw, UNITS)
    got = {
        row["code"]: (
            row["pc_ratio"],
            row["lan"],
            row["bandwidth"],
            row["readiness"],
            row["readiness.level"],
            row["rank"],
        )
        for row in out.iter_rows(named=True)
    }
    assert got == EXPECTED
    assert out["readiness.max"].to_list() == [30.0, 30.0, 30.0, 20.0, 20.0, 20.0]
    assert out["mbps.missing"].to_list() == [False, False, True, None, None, None]
