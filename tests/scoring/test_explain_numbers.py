"""``explain`` shows the unit's own numbers (issue 14): formulas with the values filled in, the
tier-wide values behind ``best()`` and the other tier functions, the total under its label, and
for yes/no indicators the gap to the next level counted in items."""

from __future__ import annotations

import polars as pl
import pytest

from cqdt.compiler.load import load_framework_text
from cqdt.runtime.score.explain import explain
from cqdt.runtime.score.run import score

TEXT = """framework t "Thử" {
  tiers { province "Sở" }
  input pcs "Số CBCC có máy tính" count at most staff missing error
  input staff "Tổng số CBCC" count range 1 .. 100 missing error
  input bw "Băng thông" number range 0 .. 1000 missing error
  input r1 "Báo cáo 1" yesno missing zero
  input r2 "Báo cáo 2" yesno missing zero
  input r3 "Báo cáo 3" yesno missing zero
  category c "Hạ tầng" max 13 {
    group g "Thiết bị" max 10 {
      indicator pc_ratio "Tỷ lệ máy tính" max 5 { points = pcs / staff * max }
      indicator bandwidth "Băng thông" max 5 { points = bw / best(bw) * max cap max }
    }
    group y "Báo cáo" max 3 {
      indicator y1 "Báo cáo 1" max 1 { points = if r1 then max else 0 }
      indicator y2 "Báo cáo 2" max 1 { points = if r2 then 1 else 0 }
      indicator y3 "Báo cáo 3" max 1 { points = if r3 then max else 0 }
    }
    levels {
      level muc_1 "Mức 1" when group y >= 3
      otherwise unclassified "Không xếp loại"
    }
  }
  total "Chỉ số tổng hợp" = c
}
"""

FRAME = pl.DataFrame(
    {
        "tier": ["province", "province"],
        "code": ["P01", "P02"],
        "name": ["Sở A", "Sở B"],
        "pcs": [45.0, 50.0],
        "staff": [50.0, 50.0],
        "bw": [50.0, 200.0],
        "r1": [True, True],
        "r2": [False, True],
        "r3": [False, True],
    }
)


@pytest.fixture(scope="module")
def trace():
    fw = load_framework_text(TEXT)
    return explain(fw, score(fw, FRAME), "P01")


def test_the_formula_is_shown_with_the_units_numbers(trace):
    text = trace.render_text("vi")
    assert "= 45 / 50 * 5 = 4,50" in text
    assert "= 50 / 200 * 5 cap 5 = 1,25" in text


def test_the_values_behind_tier_functions_are_shown(trace):
    (cat,) = trace.categories
    bandwidth = cat.groups[0].indicators[1]
    assert bandwidth.tier_values == (("best(bw)", 200.0),)
    assert "best(bw) = 200" in trace.render_text("vi")


def test_the_total_is_called_by_its_label(trace):
    text = trace.render_text("vi")
    assert "Chỉ số tổng hợp: 6,75" in text and "Tổng điểm" not in text


def test_a_gap_on_yes_no_indicators_is_counted_in_items(trace):
    (cat,) = trace.categories
    (gap,) = cat.gaps
    assert (gap.points, gap.items) == (2.0, 2)
    vi, en = trace.render_text("vi"), trace.render_text("en")
    assert "cần thêm 2 tiêu chí đạt" in vi and "2,00 điểm" not in vi
    assert "2 more indicators met" in en
