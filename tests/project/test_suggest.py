"""One "did you mean" for the runtime: :mod:`cqdt.suggest`, with the semantics the data intake had.

The choices of a form, the unit codes of ``cqdt explain`` and the keys of a decision file all
ask :func:`cqdt.suggest.closest`; each used to call :mod:`difflib` its own way, and the old
calls are kept below as oracles so the move changed no hint.
"""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from cqdt.runtime.intake.values import fold
from cqdt.runtime.intake.values import suggest as suggest_option
from cqdt.suggest import closest, suggest

WORDS = st.text(alphabet="abcdeđươ ABĐ_12", min_size=0, max_size=8)


def old_option(raw: str, options: list[str]) -> str | None:  # runtime/intake/values.py
    by_fold = {fold(o): o for o in options}
    close = difflib.get_close_matches(fold(raw), list(by_fold), n=1, cutoff=0.6)
    return by_fold[close[0]] if close else None


def test_a_choice_typed_without_accents_gets_its_option():
    options = ("Đã ban hành", "Chưa ban hành")
    assert suggest_option("da ban hnh", options) == "Đã ban hành"
    assert suggest_option("xyz", options) is None


def test_closest_lists_the_best_first_and_stops_at_the_cutoff():
    assert closest("P12", ["P120", "Q99", "P012", "P13"], n=3) == ["P120", "P012", "P13"]
    assert closest("zzz", ["P120"], n=3) == []
    assert suggest("ngay", ["number", "ngay_ky", "day"]) == "ngay_ky"


@settings(max_examples=300, deadline=None)
@given(WORDS, st.lists(WORDS, max_size=6))
def test_the_option_suggester_is_the_intake_s(raw, options):
    assert suggest_option(raw, options) == old_option(raw, options)
    assert suggest(raw, options, key=fold) == old_option(raw, options)


@settings(max_examples=300, deadline=None)
@given(WORDS, st.lists(WORDS, max_size=6), st.integers(1, 3))
def test_without_a_key_it_is_difflib_s_close_matches(word, candidates, n):
    assert closest(word, candidates, n=n) == difflib.get_close_matches(word, candidates, n=n)
