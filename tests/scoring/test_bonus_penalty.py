"""Penalties and bonuses (issue 14, construct 11): điểm trừ and điểm cộng, each with its cap,
outside the budget. They were refused (E502) unless moved into a category of their own.

``indicator … max 2 penalty points { … }`` deducts up to 2 points from its parent;
``bonus points`` adds up to its max. The parent's max is the budget of its other children; the
score can go above it (bonus) or below (penalty)."""

from __future__ import annotations

import polars as pl
import pytest

from cqdt.compiler.load import check_source, load_framework_text
from cqdt.compiler.model.printer import print_framework
from cqdt.compiler.plan.build import build_plan
from cqdt.compiler.plan.to_polars import to_polars
from cqdt.compiler.plan.to_reference import evaluate
from cqdt.runtime.score.explain import explain
from cqdt.runtime.score.run import score

# PAR INDEX (Chỉ số CCHC), area 1 "Công tác chỉ đạo, điều hành CCHC", 20 points (Cà Mau, QĐ 1880);
# the deduction for late reports and the bonus for an initiative are reconstructed.
TEXT = """framework par "Chỉ số CCHC" {
  tiers { department "Sở, ban, ngành" }
  input plan_on_time "Ban hành kế hoạch CCHC đúng hạn" yesno missing zero
  input late_reports "Số báo cáo CCHC gửi chậm" count range 0 .. 20 missing zero
  input initiative "Có sáng kiến CCHC được công nhận" yesno missing zero
  category direction "Công tác chỉ đạo, điều hành CCHC" max 20 {
    group plan "Kế hoạch CCHC năm" max 20 {
      indicator plan_issued "Ban hành kế hoạch đúng hạn" max 20 { points = plan_on_time * max }
      indicator late "Gửi báo cáo chậm (trừ 0,5 điểm/báo cáo)" max 2 penalty points {
        points = late_reports * 0.5 cap max
      }
      indicator award "Sáng kiến CCHC" max 1 bonus points { points = initiative * max }
    }
  }
}
"""

FRAME = pl.DataFrame(
    {
        "tier": ["department"] * 3,
        "code": ["S1", "S2", "S3"],
        "name": ["Sở A", "Sở B", "Sở C"],
        "plan_on_time": [True, True, False],
        "late_reports": [0.0, 6.0, 1.0],
        "initiative": [True, False, False],
    }
)


def test_they_check_clean_outside_the_budget():
    assert check_source(TEXT).diagnostics == []
    fw = load_framework_text(TEXT)
    (category,) = fw.categories
    assert category.max_for("department") == 20.0


def test_both_backends_add_the_bonus_and_deduct_the_penalty():
    plan = build_plan(load_framework_text(TEXT))
    fast = to_polars(plan, FRAME.lazy()).collect()
    slow = evaluate(plan, FRAME.to_dicts())
    assert fast["late"].to_list() == [0.0, 2.0, 0.5]  # capped at 2
    assert fast["plan"].to_list() == [21.0, 18.0, -0.5]
    assert [r["plan"] for r in slow] == [21.0, 18.0, -0.5]
    assert fast["direction"].to_list() == [21.0, 18.0, -0.5]


def test_the_cap_is_checked():
    text = TEXT.replace("late_reports * 0.5 cap max", "late_reports * 0.5")
    assert [d.code for d in check_source(text).diagnostics] == ["E501"]


def test_a_bonus_under_a_mean_is_refused():
    text = TEXT.replace(
        '"Kế hoạch CCHC năm" max 20 {', '"Kế hoạch CCHC năm" max 20 {\n aggregate mean'
    )
    assert "E413" in [d.code for d in check_source(text).diagnostics]


@pytest.mark.parametrize("keywords", ["en", "vi"])
def test_the_printer_round_trips_them(keywords):
    fw = load_framework_text(TEXT)
    text = print_framework(fw, keywords=keywords)
    assert ("penalty points" if keywords == "en" else "điểm trừ") in text
    assert load_framework_text(text) == fw


def test_explain_says_which_points_are_deducted_and_added():
    fw = load_framework_text(TEXT)
    text = explain(fw, score(fw, FRAME), "S1").render_text("vi")
    assert "(điểm trừ)" in text and "(điểm cộng)" in text
