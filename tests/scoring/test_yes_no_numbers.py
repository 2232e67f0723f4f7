"""Yes/no as a number and counting (issue 14, construct 1): "1 điểm cho mỗi mục có" is
``count_yes(a, b, c)``, and a yes/no answer counts as 1/0 in ``+ - * /`` without
``if x then 1 else 0``. Both backends compute it; the checks bound it."""

from __future__ import annotations

import polars as pl
import pytest

from cqdt.compiler.load import check_source, load_framework_text
from cqdt.compiler.model.printer import print_framework
from cqdt.compiler.plan.build import build_plan
from cqdt.compiler.plan.to_polars import to_polars
from cqdt.compiler.plan.to_reference import evaluate

# QĐ 922/QĐ-BTTTT (DTI tỉnh): "1 điểm cho mỗi nội dung có" over the published reports.
TEXT = """framework dti "DTI" {
  tiers { province "Tỉnh" }
  input plan_issued "Ban hành kế hoạch CĐS" yesno missing zero
  input steering "Ban chỉ đạo CĐS" yesno missing zero
  input strategy "Chiến lược dữ liệu" yesno missing zero
  input has_portal "Cổng dữ liệu mở" yesno missing zero
  category awareness "Nhận thức số" max 6 {
    group institutions "Thể chế số" max 6 {
      indicator documents "Văn bản về CĐS (1 điểm/văn bản)" max 3 {
        points = count_yes(plan_issued, steering, strategy)
      }
      indicator portal "Cổng dữ liệu mở" max 2 { points = has_portal * max }
      indicator share "Tỷ lệ nội dung đã có" max 1 {
        points = (plan_issued + steering + strategy) / 3 * max
      }
    }
  }
}
"""

FRAME = pl.DataFrame(
    {
        "tier": ["province"] * 3,
        "code": ["T1", "T2", "T3"],
        "name": ["A", "B", "C"],
        "plan_issued": [True, True, False],
        "steering": [True, False, False],
        "strategy": [False, False, False],
        "has_portal": [True, False, True],
    }
)


def test_counting_yes_answers_checks_clean_and_scores_on_both_backends():
    assert check_source(TEXT).diagnostics == []
    plan = build_plan(load_framework_text(TEXT))
    fast = to_polars(plan, FRAME.lazy()).collect()
    slow = evaluate(plan, FRAME.to_dicts())
    assert fast["documents"].to_list() == [2.0, 1.0, 0.0]
    assert fast["portal"].to_list() == [2.0, 0.0, 2.0]
    assert fast["share"].to_list() == pytest.approx([2 / 3, 1 / 3, 0.0])
    for column in ("documents", "portal", "share", "awareness"):
        assert fast[column].to_list() == pytest.approx([row[column] for row in slow])


def test_a_count_above_the_max_is_refused_by_the_bounds_check():
    text = TEXT.replace(
        "max 3 {\n        points = count_yes", "max 2 {\n        points = count_yes"
    )
    text = text.replace('"Thể chế số" max 6', '"Thể chế số" max 5').replace("max 6 {", "max 5 {")
    codes = [d.code for d in check_source(text).diagnostics]
    assert codes == ["E501"]


def test_count_yes_takes_yes_no_values_only():
    text = TEXT.replace("count_yes(plan_issued, steering, strategy)", "count_yes(plan_issued, 2)")
    assert [d.code for d in check_source(text).diagnostics] == ["E308"]


def test_yes_no_outside_arithmetic_is_still_refused():
    text = TEXT.replace("has_portal * max", "min(has_portal, max)")
    assert [d.code for d in check_source(text).diagnostics] == ["E301"]


def test_the_printer_round_trips_it():
    fw = load_framework_text(TEXT)
    assert load_framework_text(print_framework(fw)) == fw
