"""Last year's forms into this year's: unchanged questions keep their answers, new and changed
ones are marked, and an old form refused (D116) says which questions differ."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest

from cqdt.compiler.load import load_checked
from cqdt.diagnostics import CqdtError
from cqdt.runtime.intake.carry import CHANGED, NEW, carry_over, read_last_year
from cqdt.runtime.intake.form_units import write_unit_forms
from cqdt.runtime.intake.read import read_inputs
from cqdt.runtime.intake.registry import load_units

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORK_2019 = ROOT / "frameworks" / "2019_backan.cqdt"


@pytest.fixture
def last_year(tmp_path, backan, units_csv, answers, fill):
    folder = tmp_path / "2018"
    for path in write_unit_forms(backan.model, load_units(units_csv), folder):
        fill(path, answers[path.stem])
    return folder


def header_of(ws, input_id):
    ids = [c.value for c in ws[2]]
    column = ids.index(input_id) + 1
    return ws.cell(1, column).value, ws.cell(3, column).value


def test_2019_forms_carry_2018_answers_and_mark_the_new_question(
    tmp_path, last_year, units_csv, answers, cqdt
):
    folder = tmp_path / "2019"
    code, _, err = cqdt(
        "template", FRAMEWORK_2019, "--units", units_csv, "--per-unit", folder, "--from", last_year
    )
    assert code == 0, err
    ws = openpyxl.load_workbook(folder / "P12.xlsx")["Sở, ban, ngành"]
    label, value = header_of(ws, "files_paid_online")
    assert label.startswith(f"[{NEW}]") and value is None
    label, value = header_of(ws, "staff")
    assert not label.startswith("[") and value == answers["P12"]["staff"]


def test_a_changed_question_is_marked_and_not_carried(last_year, backan):
    model = backan.model
    inputs = tuple(
        dataclasses.replace(i, maximum=500.0) if i.id == "staff" else i for i in model.inputs
    )
    changed = dataclasses.replace(model, inputs=inputs)
    prefill, marks = carry_over(changed, read_last_year(last_year))
    assert marks == {"staff": CHANGED}
    assert "staff" not in prefill[("province", "P12")]
    assert "computers" in prefill[("province", "P12")]


def test_an_old_form_refused_lists_the_questions_that_differ(last_year, units_csv):
    fw_2019 = load_checked(FRAMEWORK_2019)
    with pytest.raises(CqdtError) as caught:
        read_inputs(
            fw_2019.model, last_year / "P12.xlsx", units=load_units(units_csv), complete=False
        )
    (d116,) = [d for d in caught.value.diagnostics if d.code == "D116"]
    assert "[files_paid_online]: câu hỏi mới" in d116.message
    assert "Số hồ sơ TTHC được thanh toán" in d116.message
    assert "--from" in d116.hint
