"""One table says what each input type is; every consumer reads the same row."""

from __future__ import annotations

import polars as pl
import pytest

from cqdt.compiler.model.nodes import Input, InputType
from cqdt.compiler.model.types import INPUT_TYPES, NUMERIC, ValueKind
from cqdt.runtime.intake.validate import dtype_of
from cqdt.runtime.score.run import INPUT_DTYPES


def test_every_input_type_has_a_row():
    assert set(INPUT_TYPES) == set(InputType)


@pytest.mark.parametrize("input_type", list(InputType))
def test_the_reader_and_the_scorer_use_the_tables_dtype(input_type):
    expected = getattr(pl, INPUT_TYPES[input_type].dtype)
    assert dtype_of(Input("x", "X", input_type)) == expected()
    assert INPUT_DTYPES[input_type] == expected
    assert (input_type in NUMERIC) is (INPUT_TYPES[input_type].kind is ValueKind.NUMBER)
