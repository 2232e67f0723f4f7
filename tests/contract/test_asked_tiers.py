"""Which tiers are asked an input: one answer, from every reader of the input.

An input read only by the total, the ranking or a derived value used to be left off the form,
dropped by the reader (D122) and then scored as 0 or demanded from every unit (issue 11 of the
reproducers): ``then by budget`` never broke a tie and ``total = readiness + bonus`` published
10 instead of 15.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook

from cqdt.compiler.load import check_source, load_framework, load_framework_text
from cqdt.compiler.model.contract import asked_inputs, asked_tiers, asks
from cqdt.diagnostics import CqdtError
from cqdt.i18n import set_language
from cqdt.runtime.intake.form import form_workbook
from cqdt.runtime.intake.read import read_inputs
from cqdt.runtime.publish.provenance import Provenance
from cqdt.runtime.publish.write_json import results_document
from cqdt.runtime.score.explain import explain
from cqdt.runtime.score.run import score

DATA = Path(__file__).parent / "data"


def _scored(framework: str, data: str):
    fw = load_framework(DATA / framework)
    read = read_inputs(fw, DATA / data)
    return fw, read, score(fw, read.frame)


def _form_headers(fw, sheet_index: int = 1) -> list[str]:
    buffer = io.BytesIO()
    form_workbook(fw).save(buffer)
    ws = load_workbook(io.BytesIO(buffer.getvalue())).worksheets[sheet_index]
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def _document(fw, results: pl.DataFrame) -> dict:
    provenance = Provenance(
        framework_id=fw.id,
        framework_path="f.cqdt",
        framework_sha256="0" * 64,
        inputs=(),
        tool_version="test",
    )
    return results_document(fw, results, provenance)


def test_an_input_read_only_by_a_tie_break_is_asked_read_and_breaks_the_tie():
    fw, read, results = _scored("rank_big_zero.cqdt", "rank_tie.csv")
    assert asks(fw.inputs[0], "province")
    assert [i.id for i in asked_inputs(fw, "province")] == ["budget", "has_lan"]
    assert "budget" in _form_headers(fw)
    assert not [w for w in read.warnings if w.code == "D122"]
    ranks = dict(zip(results["code"], results["rank"], strict=True))
    assert ranks == {"P02": 1, "P01": 2, "P03": 3}  # P02 has the larger budget


def test_an_input_read_only_by_a_tie_break_with_missing_error_can_be_scored():
    # budgets in đồng (rank_big.csv) overflow the Polars rank key: another bug (reproducer 12)
    fw, read, results = _scored("rank_big.cqdt", "rank_tie.csv")
    assert not read.warnings
    ranks = dict(zip(results["code"], results["rank"], strict=True))
    assert ranks == {"P02": 1, "P01": 2, "P03": 3}


def test_an_input_read_only_by_the_total_adds_to_the_published_total():
    fw, read, results = _scored("total_input.cqdt", "total_input.csv")
    assert "bonus" in _form_headers(fw)
    assert not [w for w in read.warnings if w.code == "D122"]
    units = _document(fw, results)["units"]
    assert [(u["code"], u["total"]) for u in units] == [("P01", 15), ("P02", 10), ("P03", 1)]
    assert units[0]["inputs"]["bonus"] == 5
    trace = explain(fw, results, "P01")
    bonus = next(i for i in trace.inputs if i.id == "bonus")
    assert bonus.asked and bonus.value == 5


DERIVED_ONLY = """framework derived_only "Giá trị dẫn xuất" {
  year 2018
  tiers {
    province "Sở, ban, ngành"
  }
  input staff "Tổng số CBCC" count range 0 .. 1000 missing error
  input has_lan "Có LAN" yesno missing zero
  value staff_twice "Gấp đôi số CBCC" = staff * 2
  category readiness "Điều kiện sẵn sàng" max 10 {
    group infra "Hạ tầng" max 10 {
      indicator lan "LAN" max 10 { points = if has_lan then max else 0 }
    }
  }
}
"""


def test_an_input_read_only_by_a_derived_value_is_asked_and_not_called_unused():
    checked = check_source(DERIVED_ONLY)
    assert [d.code for d in checked.diagnostics] == []
    fw = load_framework_text(DERIVED_ONLY)
    assert asked_tiers(fw)["staff"] == ("province",)
    frame = pl.DataFrame(
        {"tier": ["province"], "code": ["P01"], "name": ["Sở A"], "staff": [7.0], "has_lan": [True]}
    )
    assert score(fw, frame)["staff_twice"].to_list() == [14.0]


def test_an_input_nothing_reads_is_asked_of_no_tier():
    text = DERIVED_ONLY.replace("  value staff_twice", "  # value staff_twice")
    fw = load_framework_text(text)
    assert asked_tiers(fw)["staff"] == ()
    assert [d.code for d in check_source(text).diagnostics] == ["W802"]


@pytest.mark.parametrize("tier", ["province", "district"])
def test_an_input_is_asked_of_the_tiers_of_the_rules_reading_it(tier):
    text = """framework two "Hai khối" {
  tiers {
    province "Sở"
    district "Huyện"
  }
  input a "A" percent missing zero
  input b "B" percent missing zero
  category c "C" max 10 {
    group g "G" max 10 {
      indicator i "I" max 10 for province { points = a * max }
      indicator j "J" max 10 for district { points = b * max }
    }
  }
}
"""
    fw = load_framework_text(text)
    assert [i.id for i in asked_inputs(fw, tier)] == ["a" if tier == "province" else "b"]


AT_MOST_ONLY = """framework bounded "Giới hạn" {
  tiers {
    province "Sở, ban, ngành"
  }
  input staff "Tổng số CBCC" count range 0 .. 1000 missing error
  input trained "Số CBCC được tập huấn" count at most staff missing error
  category readiness "Điều kiện sẵn sàng" max 10 {
    group people "Nhân lực" max 10 {
      indicator training "Tập huấn" max 10 { points = min(trained, 10) }
    }
  }
}
"""


def test_an_input_only_bounding_another_is_asked_where_that_one_is(tmp_path):
    fw = load_framework_text(AT_MOST_ONLY)
    assert asked_tiers(fw) == {"staff": ("province",), "trained": ("province",)}
    data = tmp_path / "data.csv"
    data.write_text("tier,code,name,staff,trained\nprovince,P01,Sở A,5,8\n", encoding="utf-8")
    with pytest.raises(CqdtError) as caught:
        read_inputs(fw, data)
    assert [d.code for d in caught.value.diagnostics] == ["D107"]


def test_the_unused_input_warning_does_not_say_units_must_fill_it_in():
    """Issue 14: no form asks an input nothing reads, so the hint cannot say units fill it in."""
    text = DERIVED_ONLY.replace("  value staff_twice", "  # value staff_twice")
    for lang, wrong, right in (
        ("vi", "vẫn phải nhập", "không mẫu"),
        ("en", "still have", "no form"),
    ):
        set_language(lang)
        try:
            (warning,) = check_source(text).diagnostics
        finally:
            set_language(None)
        assert wrong not in warning.hint and right in warning.hint
