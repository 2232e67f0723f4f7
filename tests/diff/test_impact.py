"""The impact report on results frames built by hand: who changes total, level, rank, and why."""

from __future__ import annotations

import polars as pl
import pytest

from cqdt.compiler.model.nodes import InputType
from cqdt.runtime.diff.impact import adapt_inputs, compare_results
from tests.diff.edits import edit
from tests.diff.models import sample

COLUMNS = ["tier", "code", "name", "pc_ratio", "network", "web", "email", "sign"]


def results(
    rows: list[list], levels: list[tuple[str, str]], ranks: list[int | None]
) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema=COLUMNS, orient="row")
    totals = [sum(v or 0 for v in row[3:]) for row in rows]
    return frame.with_columns(
        pl.Series("readiness.level", [r for r, _ in levels]),
        pl.Series("results.level", [s for _, s in levels]),
        pl.Series("total", totals, dtype=pl.Float64),
        pl.Series("rank", ranks, dtype=pl.Int64),
    )


OLD = results(
    [
        ["province", "P1", "Sở A", 10.0, 10.0, 30.0, 50.0, 50.0],
        ["province", "P2", "Sở B", 5.0, 10.0, 30.0, 40.0, 50.0],
        ["commune", "X1", "Xã A", 20.0, 10.0, None, 70.0, 0.0],
    ],
    [("muc_1", "muc_1"), ("muc_1", "muc_1"), ("muc_1", "muc_2")],
    [1, 2, 1],
)


def test_unchanged_results_change_nobody():
    report = compare_results(sample(), sample(), OLD, OLD)
    assert report.summary()["changed"] == 0
    assert [t.units for t in report.tiers] == [2, 1]


def test_points_levels_and_ranks():
    new = OLD.with_columns(
        pl.Series("sign", [20.0, 50.0, 30.0]),
        pl.Series("total", [120.0, 135.0, 130.0]),
        pl.Series("rank", [2, 1, 1], dtype=pl.Int64),
        pl.Series("results.level", ["muc_2", "muc_1", "muc_1"]),
    )
    report = compare_results(sample(), sample(), OLD, new)
    province, commune = report.tiers
    assert [u.code for u in province.changed] == ["P2", "P1"]  # by new rank
    p1 = province.changed[1]
    assert (p1.old_total, p1.new_total, p1.old_rank, p1.new_rank) == (150.0, 120.0, 1, 2)
    assert [(s.category, s.old, s.new, s.direction) for s in p1.levels] == [
        ("results", "muc_1", "muc_2", -1)
    ]
    assert [(c.indicator, c.delta) for c in p1.contributions] == [("sign", -30.0)]
    p2 = province.changed[0]
    assert p2.contributions == () and not p2.total_changed and p2.rank_changed
    x1 = commune.changed[0]
    assert x1.levels[0].direction == 1 and x1.total_delta == pytest.approx(30.0)
    assert report.summary() == {
        "units": 3,
        "changed": 3,
        "total_changed": 2,
        "level_changed": 2,
        "level_up": 1,
        "level_down": 1,
        "rank_changed": 2,
    }


def test_renamed_indicator_is_compared_with_itself():
    fw = sample()
    renamed = edit(fw, "sign", id="signature")
    new = OLD.rename({"sign": "signature"}).with_columns(
        pl.Series("signature", [20.0, 50.0, 0.0]), pl.Series("total", [120.0, 135.0, 100.0])
    )
    report = compare_results(fw, renamed, OLD, new, renames={"sign": "signature"})
    (p1,) = report.tiers[0].changed
    assert [(c.indicator, c.old, c.new) for c in p1.contributions] == [("signature", 50.0, 20.0)]
    # without the rename, the points seem to leave one indicator and land in another
    naive = compare_results(fw, renamed, OLD, new)
    (p1,) = naive.tiers[0].changed
    assert [(c.indicator, c.delta) for c in p1.contributions] == [
        ("sign", -50.0),
        ("signature", 20.0),
    ]


def test_contributions_explain_the_total():
    new = OLD.with_columns(
        pl.Series("pc_ratio", [8.0, 5.0, 20.0]),
        pl.Series("web", [28.0, 30.0, None]),
        pl.Series("total", [146.0, 135.0, 150.0]),
    )
    (p1,) = compare_results(sample(), sample(), OLD, new).tiers[0].changed
    assert sum(c.delta for c in p1.contributions) == pytest.approx(p1.total_delta)
    assert [c.indicator for c in p1.contributions] == ["pc_ratio", "web"]


def test_adapt_inputs_fills_new_inputs_and_follows_renames():
    fw = sample()
    frame = pl.DataFrame(
        {
            "tier": ["province"],
            "code": ["P1"],
            "name": ["Sở A"],
            "staff_total": [10.0],  # the old id of staff
            "pcs": [8.0],
            "has_lan": [True],
            "dropped": [1.0],  # an input the framework no longer has
        }
    )
    adapted, assumed = adapt_inputs(frame, fw, {"staff_total": "staff"})
    assert adapted.columns == ["tier", "code", "name", "staff", "pcs", "has_lan", "portal"]
    assert assumed == ("portal",)
    assert adapted["staff"].to_list() == [10.0]
    assert adapted["portal"].dtype == pl.String and adapted["portal"].to_list() == [None]
    assert fw.input("portal").type is InputType.CHOICE
