"""The one place cqdt picks the known name closest to a mistyped one ("did you mean …?").

Unknown functions, tiers, inputs and values are all reported with the closest declared name,
so every "did you mean" in cqdt is decided by the same rule: an edit distance that counts a
swap of two neighbouring letters as one edit (the commonest typo), one edit allowed per three
letters, case ignored, and ``difflib`` as a last resort for longer names.

>>> suggest("staff_with_pcs", ["staff", "staff_with_pc"]), suggest("x", ["n"])
('staff_with_pc', '')
>>> suggest("Sum", ["sum", "mean"]), edit_distance("tier", "teir", 5)
('sum', 1)
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable


def suggest(
    name: str, candidates: Iterable[str], *, fold: Callable[[str], str] = str.casefold
) -> str:
    """``did you mean`` text for an unknown name, or an empty string.

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
