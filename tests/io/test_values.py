"""Cell values as people type them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cqdt.runtime.intake.values import (
    NO_SPELLINGS,
    YES_SPELLINGS,
    match_choice,
    parse_number,
    parse_yesno,
    suggest,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12.0),
        (" 3.5 ", 3.5),
        ("3,5", 3.5),
        ("85%", 0.85),
        ("85,5 %", 0.855),
        ("1 234", 1234.0),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1.234.567", 1234567.0),
        ("-2", -2.0),
        ("1e3", 1000.0),
        ("abc", None),
        ("", None),
        ("12a", None),
        ("inf", None),
        ("nan", None),
        ("1,2,3", None),
    ],
)
def test_parse_number(raw, expected):
    assert parse_number(raw) == expected


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_parse_number_reads_repr_back(x):
    assert parse_number(repr(x)) == x


@given(st.decimals(min_value=-(10**6), max_value=10**6, places=3, allow_nan=False))
def test_decimal_comma_equals_decimal_point(d):
    text = f"{d:f}"
    assert parse_number(text.replace(".", ",")) == parse_number(text)


def test_yes_no_spellings():
    assert all(parse_yesno(s) is True for s in YES_SPELLINGS)
    assert all(parse_yesno(s) is False for s in NO_SPELLINGS)
    assert parse_yesno(" KHÔNG ") is False and parse_yesno("Có") is True
    assert parse_yesno("Co\u0301") is True  # decomposed accent
    assert parse_yesno("có lẽ") is None
    assert not set(YES_SPELLINGS) & set(NO_SPELLINGS)


def test_choices_and_suggestions():
    options = ("Mức 1", "Mức 2", "Mức 3")
    assert match_choice(" Mức 2 ", options) == "Mức 2"
    assert match_choice("MUC 3", options) == "Mức 3"
    assert match_choice("Mức 4", options) is None
    assert suggest("Mức 22", options) == "Mức 2"
    assert suggest("zzzz", options) is None
