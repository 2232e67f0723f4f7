"""Informational nodes (issue 14, construct 5): "shown, never counted", everywhere.

QĐ 922/QĐ-BTTTT opens the DTI with "Thông tin chung", not used for scoring, and lists
"Đô thị thông minh" with 0 points ("Không tính điểm"). A category of not-scored groups was
missing from explain and results.json, and a not-scored indicator printed "1.000,00 / 0,00
điểm" as if it were points."""

from __future__ import annotations

import polars as pl

from cqdt.compiler.load import check_source, load_framework_text
from cqdt.compiler.model.printer import print_framework
from cqdt.runtime.publish.provenance import Provenance
from cqdt.runtime.publish.write_json import results_document
from cqdt.runtime.score.explain import explain
from cqdt.runtime.score.run import score

TEXT = """framework dti "DTI" {
  tiers { province "Tỉnh" }
  input population "Dân số" count range 0 .. 100000000 missing zero
  input plan "Có kế hoạch" yesno missing zero
  input smart "Số đề án đô thị thông minh" count range 0 .. 100 missing zero
  category general "Thông tin chung" {
    group info "Thông tin chung" not scored {
      indicator pop "Dân số" not scored { points = population }
    }
  }
  category awareness "Nhận thức số" max 10 {
    group g "Nhóm" max 10 {
      indicator i "Kế hoạch" max 10 { points = plan * max }
    }
    group smart_city "Đô thị thông minh" not scored {
      indicator smart_projects "Đề án" max 3 { points = min(smart, 3) }
    }
  }
}
"""

FRAME = pl.DataFrame(
    {
        "tier": ["province"],
        "code": ["T1"],
        "name": ["Tỉnh A"],
        "population": [1000.0],
        "plan": [True],
        "smart": [2.0],
    }
)


def _run():
    fw = load_framework_text(TEXT)
    return fw, score(fw, FRAME)


def test_it_checks_clean_and_the_informational_category_counts_nothing():
    assert check_source(TEXT).diagnostics == []
    fw, results = _run()
    assert results["total"].to_list() == [10.0]
    assert load_framework_text(print_framework(fw)) == fw


def test_explain_shows_informational_nodes_without_points():
    fw, results = _run()
    text = explain(fw, results, "T1").render_text("vi")
    assert "Hạng mục Thông tin chung (general) (không tính điểm)" in text
    assert "Dân số (pop): 1.000 (không tính điểm)" in text
    assert "Nhóm Đô thị thông minh (smart_city): 2 (không tính điểm)" in text
    assert "/ 0,00 điểm" not in text


def test_results_json_lists_the_informational_category():
    fw, results = _run()
    doc = results_document(fw, results, Provenance("dti", "dti.cqdt", "0" * 64, (), "test"))
    (unit,) = doc["units"]
    assert unit["categories"]["general"]["scored"] is False
    assert "scored" not in unit["categories"]["awareness"]
    assert unit["indicators"]["pop"] == 1000.0
