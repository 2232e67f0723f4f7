"""Answers as people write them: the one table of yes/no spellings, and one message for a
unit that answered nothing."""

from __future__ import annotations

import pytest

from cqdt.diagnostics import CqdtError
from cqdt.runtime.intake.form_units import write_unit_forms
from cqdt.runtime.intake.read import read_inputs
from cqdt.runtime.intake.registry import load_units
from cqdt.runtime.intake.values import NO_SPELLINGS, YES_SPELLINGS, YESNO_SPELLINGS, parse_yesno


@pytest.mark.parametrize(
    ("typed", "meaning"),
    [
        ("Có", True),
        ("Đã có", True),
        ("đã có", True),
        ("rồi", True),
        ("Có rồi", True),
        ("Đạt", True),
        ("Không có", False),
        ("KHÔNG CÓ", False),
        ("Chưa có", False),
        ("chưa", False),
        ("Không đạt", False),
        ("Chưa đạt", False),
        ("khong co", False),
        ("không", False),
    ],
)
def test_natural_yes_no_answers(typed, meaning):
    assert parse_yesno(typed) is meaning


@pytest.mark.parametrize("typed", ["có lẽ", "không rõ", "đang làm", "có?", "-"])
def test_anything_else_is_refused_not_guessed(typed):
    assert parse_yesno(typed) is None


def test_one_table_with_yes_and_no_derived_from_it():
    assert YES_SPELLINGS + NO_SPELLINGS == tuple(
        sorted(
            YESNO_SPELLINGS, key=lambda s: (not YESNO_SPELLINGS[s], list(YESNO_SPELLINGS).index(s))
        )
    )
    # every negated phrase says no; no phrase is both
    assert all(not YESNO_SPELLINGS[s] for s in YESNO_SPELLINGS if s.split()[0] in ("không", "chưa"))


def test_docs_list_the_same_spellings():
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "data.md").read_text(encoding="utf-8")
    for spelling in YESNO_SPELLINGS:
        assert f"`{spelling}`" in docs, spelling


@pytest.fixture
def p12_form(tmp_path, backan, units_csv):
    registry = load_units(units_csv)
    (path,) = [
        p for p in write_unit_forms(backan.model, registry, tmp_path / "f") if p.stem == "P12"
    ]
    return path, registry


def test_a_form_answered_in_words_reads(p12_form, backan, answers, fill):
    path, registry = p12_form
    words = {True: "Đã có", False: "Không có"}
    typed = {k: words[v] if isinstance(v, bool) else v for k, v in answers["P12"].items()}
    typed["has_lan"], typed["security_plan"] = "rồi", "chưa có"
    fill(path, typed)
    frame = read_inputs(backan.model, path, units=registry, complete=False).frame
    assert frame["has_lan"].to_list() == [True] and frame["security_plan"].to_list() == [False]


def test_an_empty_form_is_one_message(p12_form, backan):
    path, registry = p12_form
    with pytest.raises(CqdtError) as caught:
        read_inputs(backan.model, path, units=registry, complete=False)
    codes = [d.code for d in caught.value.diagnostics]
    assert codes == ["D141"]
    (only,) = caught.value.diagnostics
    assert str(only.where).endswith("A3") and "P12" in only.message
    assert "để trống" in only.message


def test_a_half_answered_form_keeps_one_message_per_question(p12_form, backan, fill):
    path, registry = p12_form
    fill(path, {"staff": 30})
    with pytest.raises(CqdtError) as caught:
        read_inputs(backan.model, path, units=registry, complete=False)
    codes = {d.code for d in caught.value.diagnostics}
    assert "D141" not in codes and "D118" in codes
