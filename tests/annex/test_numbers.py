"""Vietnamese number style: decimal comma, grouping dots, half away from zero, Roman numerals."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cqdt.number_format import (
    format_number,
    format_percent,
    round_display,
    to_roman,
)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (87.605, 2, "87,61"),
        (87.6, 2, "87,60"),
        (0.125, 2, "0,13"),
        (-0.125, 2, "-0,13"),
        (2.675, 2, "2,68"),  # stored as 2.67499…: the reader's 2,675 still rounds up
        (0.5, 0, "1"),
        (1.5, 0, "2"),
        (2.5, 0, "3"),  # not banker's rounding
        (-0.001, 2, "0,00"),  # no "-0,00"
        (1234.5, 1, "1.234,5"),
        (1234567.891, 2, "1.234.567,89"),
        (100.0, 0, "100"),
    ],
)
def test_format_number_vietnamese(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_format_number_english_and_missing():
    assert format_number(1234.5, 2, lang="en") == "1,234.50"
    assert format_number(None, 2) == ""


def test_format_percent_matches_the_published_shares():
    # Bắc Kạn 2018: 12 of 20 provincial units, 7 of 8 districts, all communes not ranked.
    assert [format_percent(x) for x in (12 / 20, 7 / 8, 1.0)] == ["60%", "88%", "100%"]
    assert format_percent(1 / 3, 1) == "33,3%"


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=0, max_value=4))
def test_round_half_away_from_zero_on_exact_halves(units, decimals):
    # value = units / 10**(decimals+1) with a trailing 5 is an exact half at `decimals` places.
    text = f"{units}5e-{decimals + 1}"
    value = float(text)
    rounded = round_display(value, decimals)
    exact = Decimal(repr(value))
    assert abs(rounded - exact) <= Decimal(1).scaleb(-decimals) / 2
    if exact == Decimal(text):  # the float holds the half exactly as written
        away = abs(rounded) >= abs(exact)
        assert away


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(0, 4))
def test_formatted_text_reads_back_as_the_rounded_value(value, decimals):
    text = format_number(value, decimals)
    plain = text.replace(".", "").replace(",", ".")
    assert Decimal(plain) == round_display(value, decimals)
    assert ("," in text) == (decimals > 0)


@pytest.mark.parametrize(
    ("number", "roman"), [(1, "I"), (2, "II"), (4, "IV"), (9, "IX"), (14, "XIV"), (1994, "MCMXCIV")]
)
def test_roman(number, roman):
    assert to_roman(number) == roman


def test_roman_rejects_zero():
    with pytest.raises(ValueError):
        to_roman(0)
