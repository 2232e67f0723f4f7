""" "Did you mean …?": the candidates closest to what was typed, for hints of run-time problems.

One helper for every run-time suggestion (a choice of the form, a unit code of ``cqdt explain``,
a key of the decision file), so they agree on what "close" means: :mod:`difflib`'s similarity
ratio of at least ``cutoff`` (0.6), best first. ``key`` compares through a normalisation (case
and accents folded for form answers) and still returns the candidate as written. The framework
language has its own stricter rule, by edit distance (``cqdt.dsl.parser.suggest``), for ids.

>>> suggest("Chua ban hanh", ["Đã ban hành", "Chưa ban hành"], key=str.lower)
'Chưa ban hành'
>>> closest("p12", ["P12", "P13", "Q77"], n=3, key=str.upper)
['P12', 'P13']
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

__all__ = ["closest", "suggest"]


def closest(
    word: str,
    candidates: Iterable[str],
    *,
    n: int = 1,
    cutoff: float = 0.6,
    key: Callable[[str], str] | None = None,
) -> list[str]:
    """Up to ``n`` candidates similar to ``word`` (ratio ≥ ``cutoff``), the most similar first.

    With ``key`` both sides are compared as ``key(text)``; candidates that fold to the same text
    count once (the last one written is returned).
    """
    if key is None:
        return difflib.get_close_matches(word, list(candidates), n=n, cutoff=cutoff)
    by_key = {key(c): c for c in candidates}
    found = difflib.get_close_matches(key(word), list(by_key), n=n, cutoff=cutoff)
    return [by_key[k] for k in found]


def suggest(
    word: str,
    candidates: Iterable[str],
    *,
    cutoff: float = 0.6,
    key: Callable[[str], str] | None = None,
) -> str | None:
    """The one candidate closest to ``word``, or ``None`` when nothing is close enough."""
    found = closest(word, candidates, n=1, cutoff=cutoff, key=key)
    return found[0] if found else None
