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
>>> to_roman(14)
'XIV'
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

__all__ = ["format_decimal", "format_number", "format_percent", "round_display", "to_roman"]

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


def format_decimal(value: Decimal, lang: str = "vi") -> str:
    """A Decimal as text, with the language's decimal mark and thousands grouping."""
    point, group = _MARKS.get(lang, _MARKS["vi"])
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = group.join(groups)
    return sign + text + (point + frac if frac else "")


def format_number(value: float | None, decimals: int, lang: str = "vi") -> str:
    """``value`` rounded to ``decimals`` places as text; ``""`` for a missing value."""
    if value is None:
        return ""
    return format_decimal(round_display(value, decimals), lang)


def format_percent(fraction: float | None, decimals: int = 0, lang: str = "vi") -> str:
    """A share (0.6) as a percentage (``60%``), rounded half away from zero."""
    if fraction is None:
        return ""
    return format_number(fraction * 100, decimals, lang) + "%"


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
