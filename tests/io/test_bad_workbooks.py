"""The corpus of bad workbooks (built by ``corpus.py``): each mistake is reported at its cell.

Snapshots pin the diagnostics as the command line prints them (``render_text``, in English);
review changes with ``pytest tests/io --snapshot-update`` and ``git diff``.
"""

from __future__ import annotations

import pytest

from cqdt.diagnostics import CqdtError
from cqdt.i18n import set_language
from cqdt.render_diagnostics import render_text
from cqdt.runtime.intake.read import read_inputs

CASE_NAMES = [
    "text_in_number",
    "percent_as_whole_number",
    "percent_over_100",
    "negative_count",
    "non_whole_count",
    "out_of_range",
    "more_than_at_most",
    "unknown_yesno",
    "unknown_choice",
    "duplicate_code",
    "unknown_code",
    "unit_without_row",
    "missing_column",
    "unknown_column",
    "unknown_tier_sheet",
    "formula_without_value",
    "empty_required",
    "row_without_code",
    "date_in_number",
    "many_mistakes",
    "other_version",
]


@pytest.fixture(scope="module")
def bad_workbooks(tmp_path_factory, corpus):
    """name → path of every bad workbook, built once for the module."""
    return corpus.build(tmp_path_factory.mktemp("bad"))


def rendered(err: CqdtError) -> str:
    return render_text(err.diagnostics)


def test_the_corpus_has_every_case(bad_workbooks):
    assert sorted(bad_workbooks) == sorted(CASE_NAMES)


@pytest.mark.parametrize("case", CASE_NAMES)
def test_bad_workbook_is_reported(case, bad_workbooks, fw, registry, snapshot):
    with pytest.raises(CqdtError) as err:
        read_inputs(fw, bad_workbooks[case], units=registry)
    assert all(d.where is not None and d.message and d.hint for d in err.value.diagnostics)
    assert rendered(err.value) == snapshot


def test_messages_are_vietnamese_by_default(bad_workbooks, fw, registry):
    set_language(None)
    with pytest.raises(CqdtError) as err:
        read_inputs(fw, bad_workbooks["percent_as_whole_number"], units=registry)
    (d,) = err.value.diagnostics
    assert d.message == (
        "Ô Tỷ lệ máy tính có phần mềm diệt virus (antivirus) ghi 85: "
        "đây là ô tỷ lệ, có phải ý là 85%?"
    )
    assert str(d.where) == "Sở, ban, ngành!E3"


def test_every_problem_is_reported_at_once(bad_workbooks, fw, registry):
    with pytest.raises(CqdtError) as err:
        read_inputs(fw, bad_workbooks["many_mistakes"], units=registry)
    cells = [str(d.where) for d in err.value.diagnostics]
    assert cells == [
        "Sở, ban, ngành!C3",
        "Sở, ban, ngành!E4",
        "Sở, ban, ngành!G5",
        "UBND cấp huyện!C3",
    ]


@pytest.mark.parametrize("case", CASE_NAMES)
def test_same_report_without_pyarrow(case, bad_workbooks, fw, registry, monkeypatch):
    """fastexcel reports unreadable cells only through pyarrow; the fallback finds the same."""
    from cqdt.runtime.intake import xlsx as read_xlsx

    with pytest.raises(CqdtError) as with_arrow:
        read_inputs(fw, bad_workbooks[case], units=registry)
    monkeypatch.setattr(read_xlsx, "HAS_PYARROW", False)
    with pytest.raises(CqdtError) as without:
        read_inputs(fw, bad_workbooks[case], units=registry)
    assert rendered(without.value) == rendered(with_arrow.value)
