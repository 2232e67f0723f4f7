"""Numbers as a Vietnamese decision prints them: ``87,61``, ``1.234,5``, ``60%``, ``II``.

Display only: scores are computed and ranked on unrounded floats; this module turns them into
text once, so every format (HTML, Markdown, DOCX, PDF) shows exactly the same digits and the
annex's sums can be checked on what a reader sees.

Rounding is half away from zero (``0,125 → 0,13``, ``-0,125 → -0,13``), as people round by
hand, and it works on the shortest decimal form of the float, so ``2.675`` (stored as
2.67499…) still rounds to ``2,68`` as a reader of the score expects.

>>> format_number(87.605, 2)
'87,61'
>>> format_number(1234.5, 1)
'1.234,5'
>>> format_number(1234.5, 1, lang="en")
'1,234.5'
>>> format_percent(7 / 8)
'88%'
>>> format_number(1.5, 4, trim=True)
'1,5'
>>> format_number(-2.25, 1, signed=True)
'-2,3'
>>> format_shortest(12.5, 6)
'12,5'
>>> to_roman(14)
'XIV'

This is the one home of numbers shown to people; the variants callers need are parameters
(``trim``, ``signed``) or small functions here, never a formatter of their own. Two more styles
live here for text that quotes a framework rather than a decision: :func:`format_plain` (a dot,
no grouping, as in a condition of a diff) and :func:`format_significant` (six significant
digits, ``∞``, as the checks' messages quote points). The framework language's own literals
(exact, re-readable) are :func:`cqdt.dsl.printer.literal`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "format_decimal",
    "format_number",
    "format_percent",
    "format_plain",
    "format_shortest",
    "format_significant",
    "needed_decimals",
    "round_display",
    "to_roman",
]

#: (decimal mark, thousands separator) per language.
_MARKS = {"vi": (",", "."), "en": (".", ",")}


def round_display(value: float, decimals: int) -> Decimal:
    """``value`` rounded half away from zero to ``decimals`` places, exactly, as a Decimal.

    Decimal's ROUND_HALF_UP is "half away from zero"; starting from ``repr`` (the shortest text
    that reads back as the same float) avoids binary noise deciding a half.
    """
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)
    return rounded + 0  # normalise -0.00 to 0.00


def format_decimal(value: Decimal, lang: str = "vi", *, trim: bool = False) -> str:
    """A Decimal as text, with the language's decimal mark and thousands grouping.

    ``trim`` drops the fraction's trailing zeros (and the mark when nothing is left): ``1,5``
    rather than ``1,5000``, for values a reader typed rather than points rounded for a table.
    """
    point, group = _MARKS.get(lang, _MARKS["vi"])
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value):f}".partition(".")
    if trim:
        frac = frac.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = group.join(groups)
    return sign + text + (point + frac if frac else "")


def format_number(
    value: float | None,
    decimals: int,
    lang: str = "vi",
    *,
    trim: bool = False,
    signed: bool = False,
) -> str:
    """``value`` rounded to ``decimals`` places as text; ``""`` for a missing value.

    ``trim`` drops trailing zeros of the fraction (see :func:`format_decimal`); ``signed`` writes
    ``+`` before a value that is not negative and ``-`` before a negative one, the digits being
    those of its magnitude (a change of points: ``+1,50``, ``-0,25``).
    """
    if value is None:
        return ""
    if signed:
        return ("+" if value >= 0 else "-") + format_number(abs(value), decimals, lang, trim=trim)
    return format_decimal(round_display(value, decimals), lang, trim=trim)


def format_percent(
    fraction: float | None, decimals: int = 0, lang: str = "vi", *, trim: bool = False
) -> str:
    """A share (0.6) as a percentage (``60%``), rounded half away from zero."""
    if fraction is None:
        return ""
    return format_number(fraction * 100, decimals, lang, trim=trim) + "%"


def needed_decimals(value: float, at_most: int, *, within: float | None = None) -> int:
    """The fewest decimals that show ``value`` (``12.5`` → 1, ``100`` → 0), at most ``at_most``.

    By default: the places left once ``value`` is written with ``at_most`` decimals and its
    trailing zeros dropped (a weight or a range in a diff). With ``within``: the fewest places
    whose rounding lies within that distance of ``value``, else ``at_most`` (a maximum in the
    annex, where ``33.3333`` shows three places, not none).
    """
    if within is not None:
        for places in range(at_most + 1):
            if abs(round(value, places) - value) < within:
                return places
        return at_most
    text = f"{value:.{at_most}f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def format_shortest(value: float, at_most: int, lang: str = "vi") -> str:
    """``value`` with only the decimals it needs (:func:`needed_decimals`), in ``lang``'s style."""
    return format_number(value, needed_decimals(value, at_most), lang)


def format_plain(value: float, at_most: int = 9) -> str:
    """A number as a framework writes it, the same in every language: ``0.25``, ``90``, ``1500``.

    At most ``at_most`` decimals, trailing zeros dropped, no grouping, never ``-0``: for text
    that quotes a framework (a level condition in a diff) inside a message.
    """
    text = f"{round(value, at_most):.{at_most}f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def format_significant(value: float, digits: int = 6) -> str:
    """``value`` to ``digits`` significant digits (``10``, ``2.5``), infinities as ``∞``/``-∞``.

    The checks quote points and bounds this way (an interval may be unbounded).
    """
    if value == float("inf"):
        return "∞"
    if value == float("-inf"):
        return "-∞"
    return f"{value:.{digits}g}"


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def to_roman(number: int) -> str:
    """``number`` (1–3999) in Roman numerals, as annexes are numbered (Phụ lục II)."""
    if not 0 < number < 4000:
        raise ValueError("Roman numerals cover 1..3999")
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)
