"""Not applicable (issue 14, construct 8): "đơn vị không phát sinh … thì đạt điểm tối đa".

``not applicable when COND : POINTS`` inside an indicator says when the criterion does not apply
to a unit and what it then scores (the decision's own policy: usually its max, sometimes 0).
With 0 computers, ``a / 0`` silently scored 0; now the framework says what happens, the checks
bound it, both backends compute it and explain and results.json say "không áp dụng"."""

from __future__ import annotations

import json

import polars as pl

from cqdt.compiler.load import check_source, load_framework_text
from cqdt.compiler.model.printer import print_framework
from cqdt.compiler.plan.build import build_plan
from cqdt.compiler.plan.to_polars import to_polars
from cqdt.compiler.plan.to_reference import evaluate
from cqdt.runtime.publish.provenance import Provenance
from cqdt.runtime.publish.write_json import results_document
from cqdt.runtime.score.explain import explain
from cqdt.runtime.score.run import score

# PAR INDEX (Chỉ số CCHC): "Trường hợp trong năm không phát sinh hồ sơ thì được điểm tối đa".
TEXT = """framework par "Chỉ số CCHC" {
  tiers { district "UBND cấp huyện" }
  input files_total "Số hồ sơ tiếp nhận" count range 0 .. 100000 missing error
  input files_on_time "Số hồ sơ giải quyết đúng hạn" count at most files_total missing error
  category services "Thủ tục hành chính" max 2 {
    group handling "Giải quyết hồ sơ" max 2 {
      indicator on_time "Tỷ lệ hồ sơ giải quyết đúng hạn" max 2 {
        not applicable when files_total = 0 : max
        points = files_on_time / files_total * max
      }
    }
  }
}
"""

FRAME = pl.DataFrame(
    {
        "tier": ["district", "district"],
        "code": ["H1", "H2"],
        "name": ["Huyện A", "Huyện B"],
        "files_total": [100.0, 0.0],
        "files_on_time": [75.0, 0.0],
    }
)


def test_it_checks_and_scores_the_declared_points_on_both_backends():
    assert check_source(TEXT).diagnostics == []
    plan = build_plan(load_framework_text(TEXT))
    fast = to_polars(plan, FRAME.lazy()).collect()
    slow = evaluate(plan, FRAME.to_dicts())
    assert fast["on_time"].to_list() == [1.5, 2.0]
    assert fast["on_time.not_applicable"].to_list() == [False, True]
    assert [r["on_time"] for r in slow] == [1.5, 2.0]
    assert [r["on_time.not_applicable"] for r in slow] == [False, True]


def test_the_declared_points_are_bounds_checked():
    text = TEXT.replace("files_total = 0 : max", "files_total = 0 : 3")
    assert [d.code for d in check_source(text).diagnostics] == ["E501"]


def test_the_condition_must_be_yes_no():
    text = TEXT.replace("when files_total = 0 :", "when files_total :")
    assert [d.code for d in check_source(text).diagnostics] == ["E308"]


def test_the_printer_round_trips_it_in_both_languages():
    fw = load_framework_text(TEXT)
    text = print_framework(fw)
    assert "not applicable when files_total = 0 : max" in text
    assert load_framework_text(text) == fw
    vi = print_framework(fw, keywords="vi")
    assert "không áp dụng khi files_total = 0 : tối đa" in vi
    assert load_framework_text(vi) == fw


def test_explain_and_results_json_say_not_applicable():
    fw = load_framework_text(TEXT)
    results = score(fw, FRAME)
    text = explain(fw, results, "H2").render_text("vi")
    assert "— không áp dụng" in text and "không áp dụng khi: files_total = 0 : max" in text
    assert "= 2 = 2,00" in text  # the declared points, filled in
    assert "— không áp dụng" not in explain(fw, results, "H1").render_text("vi")
    doc = results_document(fw, results, Provenance("par", "par.cqdt", "0" * 64, (), "test"))
    units = {u["code"]: u for u in json.loads(json.dumps(doc))["units"]}
    assert units["H2"]["not_applicable"] == ["on_time"] and units["H1"]["not_applicable"] == []
