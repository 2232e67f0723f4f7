"""The one-query column check: clean columns settled, any column with a cell to report left to
the cell-by-cell path (which keeps every diagnostic as it was)."""

import polars as pl

import cqdt
from cqdt.compiler.model.nodes import InputType
from cqdt.runtime.intake.column_checks import settled_columns
from tests.cli.common import FRAMEWORK


def _inputs():
    fw = cqdt.load(FRAMEWORK).model
    number = next(i for i in fw.inputs if i.type is InputType.COUNT and i.maximum is None)
    yesno = next(i for i in fw.inputs if i.type is InputType.YESNO)
    return number, yesno


def test_clean_columns_are_settled_with_their_types():
    number, yesno = _inputs()
    frame = pl.DataFrame({number.id: [" 3 ", "45"], yesno.id: ["Có", "không"]})
    settled = settled_columns(frame, (number, yesno), set())
    assert settled[number.id].to_list() == [3.0, 45.0]
    assert settled[yesno.id].to_list() == [True, False]


def test_a_column_with_something_to_report_is_not_settled():
    number, yesno = _inputs()
    frame = pl.DataFrame(
        {number.id: ["3", "1.234"], yesno.id: ["Có", "maybe"]}  # ambiguous; not a yes/no
    )
    assert settled_columns(frame, (number, yesno), set()) == {}
    typed = pl.DataFrame({number.id: [3.0, float("nan")], yesno.id: [True, None]})
    assert number.id not in settled_columns(typed, (number, yesno), set())
    assert settled_columns(frame.head(1), (number, yesno), {number.id}).keys() == {yesno.id}
