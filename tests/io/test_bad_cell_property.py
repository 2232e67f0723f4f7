"""Property: one bad cell anywhere in the form gives exactly one diagnostic, at that cell."""

from __future__ import annotations

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from cqdt.diagnostics import CqdtError
from cqdt.runtime.intake.read import read_inputs

#: input id → (bad value, expected code)
BAD = {
    "staff": st.sampled_from([("mười", "D101"), (-1, "D104"), (2.5, "D105")]),
    "antivirus": st.sampled_from([(85, "D102"), ("150%", "D103"), ("khá", "D101")]),
    "bandwidth": st.sampled_from([(20000, "D106"), ("n/a", "D101")]),
    "has_portal": st.sampled_from([("có lẽ", "D108"), ("2", "D108")]),
}


@pytest.fixture(scope="module")
def good_form(tmp_path_factory, sample, corpus):
    path = tmp_path_factory.mktemp("good") / "form.xlsx"
    corpus.filled_form(sample.framework(), sample.registry(), path)
    return path


@settings(max_examples=20)
@given(
    tier_code=st.sampled_from(
        [("province", "P01"), ("province", "P02"), ("district", "058"), ("district", "059")]
    ),
    input_and_bad=st.sampled_from(sorted(BAD)).flatmap(lambda i: BAD[i].map(lambda bad: (i, *bad))),
)
def test_one_bad_cell_one_diagnostic(
    tmp_path_factory, sample, corpus, good_form, tier_code, input_and_bad
):
    tier, code = tier_code
    input_id, value, expected_code = input_and_bad
    wb = openpyxl.load_workbook(good_form)
    ws = corpus.tier_sheets(wb)[tier]
    row, col = corpus.row_of(ws, code), corpus.column_of(ws, input_id)
    ws.cell(row, col).value = value
    path = tmp_path_factory.mktemp("bad") / "form.xlsx"
    wb.save(path)
    with pytest.raises(CqdtError) as err:
        read_inputs(sample.framework(), path, units=sample.registry())
    found = [(d.code, d.where.sheet, d.where.cell) for d in err.value.diagnostics]
    assert found == [(expected_code, ws.title, f"{get_column_letter(col)}{row}")]
