"""``explain --unit`` takes what an officer types: a code, or a name with or without accents."""

from __future__ import annotations

from pathlib import Path

import pytest

import cqdt
from cqdt.diagnostics import CqdtError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def results():
    fw = cqdt.load(str(ROOT / "frameworks" / "2018_backan.cqdt"))
    return fw.score(
        str(ROOT / "examples/backan_2018/inputs.xlsx"),
        units=str(ROOT / "examples/backan_2018/units.csv"),
    )


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("P17", "P17"),
        ("Sở Y tế", "P17"),
        ("so y te", "P17"),
        ("SỞ  Y TẾ", "P17"),
        ("Pác Nặm", "060"),
    ],
)
def test_a_unit_by_code_or_name(results, typed, code):
    assert results.explain(typed).code == code


def test_a_name_two_units_share_is_refused_with_their_codes(results):
    with pytest.raises(CqdtError) as caught:
        results.explain("huyện")
    assert "060 (Huyện Pác Nặm)" in caught.value.diagnostics[0].hint
