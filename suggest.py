""" "Did you mean …?": the one home of suggestions, for the language and for the data.

Two rules, because two kinds of names are mistyped. Ids of the language (functions, tiers,
inputs, values: :func:`suggest_id`) are matched by an edit distance that counts a swap of two
neighbouring letters as one edit (the commonest typo), one edit allowed per three letters,
case ignored, and ``difflib`` as a last resort for longer names. Run-time text (:func:`closest`,
:func:`suggest`: a choice of the form, a unit code of ``cqdt explain``, a key of the decision
file) is matched by :mod:`difflib`'s similarity ratio of at least ``cutoff`` (0.6), best first. ``key`` compares through a normalisation (case
and accents folded for form answers) and still returns the candidate as written.

>>> suggest("Chua ban hanh", ["Đã ban hành", "Chưa ban hành"], key=str.lower)
'Chưa ban hành'
>>> suggest_id("staff_with_pcs", ["staff", "staff_with_pc"]), suggest_id("x", ["n"])
('staff_with_pc', '')
>>> suggest_id("Sum", ["sum", "mean"]), edit_distance("tier", "teir", 5)
('sum', 1)
>>> closest("p12", ["P12", "P13", "Q77"], n=3, key=str.upper)
['P12', 'P13']
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

__all__ = ["closest", "edit_distance", "suggest", "suggest_id"]


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


def suggest_id(
    name: str, candidates: Iterable[str], *, fold: Callable[[str], str] = str.casefold
) -> str:
    """``did you mean`` text for an unknown id of the language, or an empty string.

    The closest candidate by edit distance (a typo, a letter too many or too few, two letters
    swapped, another case), allowed one edit per three letters; a name of one or two letters
    is only matched up to case, since any other short name would be "close". ``fold`` is what
    "up to case" means: :meth:`str.casefold` by default; a caller matching free text (answers
    typed in a workbook) may also fold accents.
    """
    candidates = list(candidates)
    folded = fold(name)
    for candidate in candidates:
        if fold(candidate) == folded and candidate != name:
            return candidate
    limit = len(name) // 3 if len(name) > 2 else 0
    best, best_distance = "", limit + 1
    for candidate in candidates:
        if abs(len(candidate) - len(name)) >= best_distance or candidate == name:
            continue
        distance = edit_distance(folded, fold(candidate), best_distance)
        if distance < best_distance:
            best, best_distance = candidate, distance
    if best:
        return best
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.8) if limit else []
    return close[0] if close else ""


def edit_distance(a: str, b: str, stop: int) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from ``a`` to ``b``; any value
    ``>= stop`` once the distance is known to reach ``stop`` (the search gives up early)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) >= stop:
            return stop
        previous2, previous = previous, current
    return previous[-1]
