"""What a cell means: numbers, percents, yes/no spellings and choices, as people type them.

Units type answers by hand, in Vietnamese or English, with or without accents, with a decimal
comma or point. This module decides, once and for every reader (xlsx, CSV, Parquet), which
spellings are accepted; ``docs/data.md`` lists the same tables for people.

Text is always Unicode NFC and trimmed first, so "Có" typed on a keyboard that composes accents
differently is still "Có". Control characters (a vertical tab pasted from Word, a NUL, an
escape sequence) become spaces: no output format can hold them (XML 1.0 forbids them, so the
workbook and DOCX writers would fail), and nobody typed them on purpose. Tabs and line breaks
stay.

>>> parse_number("87,61"), parse_number("85%"), parse_number("1 234"), parse_number("abc")
(87.61, 0.85, 1234.0, None)
>>> parse_yesno("có"), parse_yesno("KHONG"), parse_yesno("x"), parse_yesno("maybe")
(True, False, True, None)
>>> match_choice("Mức 2", ("Mức 1", "Mức 2")), match_choice("muc 2", ("Mức 1", "Mức 2"))
('Mức 2', 'Mức 2')
"""

from __future__ import annotations

import math
import re
import unicodedata

from cqdt.compiler.model.nodes import Input, InputType
from cqdt.i18n import text
from cqdt.suggest import suggest as closest_one

__all__ = [
    "NO_SPELLINGS",
    "YES_SPELLINGS",
    "YESNO_SPELLINGS",
    "describe_expected",
    "fold",
    "format_value",
    "decimal_mark",
    "is_ambiguous_number",
    "match_choice",
    "normalize_text",
    "xml_safe",
    "parse_number",
    "parse_yesno",
    "suggest",
]

#: The one table of yes/no answers as people write them, and what each means. Compared after
#: NFC, trimming and lower-casing (``"Không có"`` is ``"không có"``); each phrase is listed
#: whole, with and without accents — a negated form ("không có", "chưa có", "không đạt") is
#: never read from its first word, and anything not listed is refused (D101), never guessed.
#: ``docs/data.md`` prints the same table; the form's instructions list it too.
YESNO_SPELLINGS: dict[str, bool] = {
    # yes
    "có": True,
    "co": True,
    "c": True,
    "đã có": True,
    "da co": True,
    "có rồi": True,
    "co roi": True,
    "rồi": True,
    "roi": True,
    "đạt": True,
    "dat": True,
    "đã đạt": True,
    "da dat": True,
    "đúng": True,
    "dung": True,
    "x": True,
    "1": True,
    "yes": True,
    "y": True,
    "true": True,
    # no
    "không": False,
    "khong": False,
    "k": False,
    "không có": False,
    "khong co": False,
    "chưa": False,
    "chua": False,
    "chưa có": False,
    "chua co": False,
    "không đạt": False,
    "khong dat": False,
    "chưa đạt": False,
    "chua dat": False,
    "sai": False,
    "0": False,
    "no": False,
    "n": False,
    "false": False,
}
#: The spellings of "yes" and of "no", in table order (for messages and the form).
YES_SPELLINGS = tuple(s for s, meaning in YESNO_SPELLINGS.items() if meaning)
NO_SPELLINGS = tuple(s for s, meaning in YESNO_SPELLINGS.items() if not meaning)

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
_GROUPED_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234.567,5 (Vietnamese)
_GROUPED_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234,567.5 (English)
#: One separator then exactly three digits, after 1–3 digits not starting with 0: ``1.234`` is
#: 1234 to a Vietnamese reader (thousands dot) and 1.234 to an English one; ``1,234`` the same
#: the other way round. Both are refused (D130), never guessed.
AMBIGUOUS_PATTERN = r"^[+-]?[1-9][0-9]{0,2}[.,][0-9]{3}$"
_AMBIGUOUS = re.compile(AMBIGUOUS_PATTERN)


#: Characters XML 1.0 cannot hold (C0 controls but tab and line ends; U+FFFE, U+FFFF; lone
#: surrogates) and C1 controls: as a Python pattern and in Polars' (Rust) regex syntax.
CONTROL_PATTERN = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]"
CONTROL_PATTERN_POLARS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\x{FFFE}\x{FFFF}]"
_CONTROL = re.compile(CONTROL_PATTERN)
#: Bidirectional controls (U+061C, U+200E/F, U+202A–E, U+2066–9): invisible, and able to make
#: a name or a row of scores display reversed (``Sở \u202eụv iộN`` shows as "Sở Nội vụ").
#: Nobody types them in a Vietnamese form; they are removed from every text read.
BIDI_PATTERN = "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
BIDI_PATTERN_POLARS = r"[\x{061C}\x{200E}\x{200F}\x{202A}-\x{202E}\x{2066}-\x{2069}]"
_BIDI = re.compile(BIDI_PATTERN)


def normalize_text(value: str) -> str:
    r"""NFC, control characters as spaces, bidirectional controls removed, trimmed: the form
    every text answer is compared and stored in.

    >>> normalize_text(" Sở Nội\x0bvụ\x00 ")
    'Sở Nội vụ'
    """
    return unicodedata.normalize("NFC", _CONTROL.sub(" ", _BIDI.sub("", value))).strip()


def xml_safe(value: str) -> str:
    r"""``value`` without the characters an XML document (xlsx, docx) cannot hold.

    Writers apply it to every string so that a results frame built by hand (the Python API)
    cannot make them fail half-way.

    >>> xml_safe("a\x00b\x1b[31m")
    'ab[31m'
    """
    return _CONTROL.sub("", value)


def fold(value: str) -> str:
    """Lower case without accents (``"Mức 2"`` → ``"muc 2"``), for forgiving comparisons."""
    decomposed = unicodedata.normalize("NFD", normalize_text(value).lower()).replace("đ", "d")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def parse_number(raw: str) -> float | None:
    """A number as typed: ``12``, ``3.5``, ``3,5``, ``1 234``, ``1.234,5``, ``85%`` (→ 0.85).

    ``None`` when the text is not a number. A single comma is a decimal comma (Vietnamese
    style); grouped thousands are accepted when the grouping is unambiguous.
    """
    s = normalize_text(raw).replace("\u00a0", "").replace(" ", "")
    percent = s.endswith("%")
    if percent:
        s = s[:-1]
    if _GROUPED_DOT.match(s) and s.count(".") >= 1 and ("," in s or s.count(".") > 1):
        s = s.replace(".", "").replace(",", ".")
    elif _GROUPED_COMMA.match(s) and ("." in s or s.count(",") > 1):
        s = s.replace(",", "")
    elif _NUMBER.match(s):
        s = s.replace(",", ".")
    else:
        return None
    try:
        number = float(s)
    except ValueError:  # pragma: no cover - the patterns above only admit float syntax
        return None
    if not math.isfinite(number):
        return None
    return number / 100 if percent else number


def is_ambiguous_number(raw: str) -> bool:
    """Whether ``raw`` is a number whose only separator may be a thousands separator or a
    decimal mark (``1.234``, ``1,234``, ``-12.500``): see :data:`AMBIGUOUS_PATTERN`.

    >>> is_ambiguous_number("1.234"), is_ambiguous_number("0,125"), is_ambiguous_number("12,5")
    (True, False, False)
    """
    s = normalize_text(raw).replace("\u00a0", "").replace(" ", "").removesuffix("%")
    return _AMBIGUOUS.match(s) is not None


#: A number with one separator that cannot be a thousands separator (not followed by exactly
#: three digits, or after 4+ digits, or after a leading 0): evidence of the decimal mark.
_DOT_DECIMAL = r"^[+-]?([0-9]*\.[0-9]{1,2}|[0-9]*\.[0-9]{4,}|[0-9]{4,}\.[0-9]+|0\.[0-9]+|\.[0-9]+)$"
_COMMA_DECIMAL = r"^[+-]?([0-9]*,[0-9]{1,2}|[0-9]*,[0-9]{4,}|[0-9]{4,},[0-9]+|0,[0-9]+|,[0-9]+)$"
#: Grouped the Vietnamese way (``1.234.567``, ``1.234,5``) or the English way.
_DOT_GROUPED = r"^[+-]?[0-9]{1,3}((\.[0-9]{3}){2,}(,[0-9]+)?|(\.[0-9]{3})+,[0-9]+)$"
_COMMA_GROUPED = r"^[+-]?[0-9]{1,3}((,[0-9]{3}){2,}(\.[0-9]+)?|(,[0-9]{3})+\.[0-9]+)$"


def decimal_mark(texts) -> str | None:
    """The decimal mark the other values of a column show: ``"."`` when some value can only
    be read with a decimal point (``12.5``, ``1523.817``) or an English grouping, and none
    only with a decimal comma; ``","`` the other way round; ``None`` when nothing in the
    column decides, or it says both. An ambiguous ``1.234`` is read with this mark, and
    refused (D130) without one.

    >>> decimal_mark(["1.234", "12.5"]), decimal_mark(["1.234", "3,5"]), decimal_mark(["1.234"])
    ('.', ',', None)
    """
    import polars as pl

    series = pl.Series(list(texts) if not isinstance(texts, pl.Series) else texts, dtype=pl.String)
    series = series.str.replace_all(r"[\s\u00a0%]", "")
    dot = series.str.contains(_DOT_DECIMAL).any() or series.str.contains(_COMMA_GROUPED).any()
    comma = series.str.contains(_COMMA_DECIMAL).any() or series.str.contains(_DOT_GROUPED).any()
    if dot and not comma:
        return "."
    if comma and not dot:
        return ","
    return None


def parse_yesno(raw: str) -> bool | None:
    """``True``/``False`` for an accepted spelling (see :data:`YESNO_SPELLINGS`), else None."""
    return YESNO_SPELLINGS.get(normalize_text(raw).lower())


def match_choice(raw: str, choices: tuple[str, ...]) -> str | None:
    """The option ``raw`` names: exactly, else ignoring case and accents when that is unique."""
    value = normalize_text(raw)
    if value in choices:
        return value
    folded = [c for c in choices if fold(c) == fold(value)]
    return folded[0] if len(folded) == 1 else None


def suggest(raw: str, options: tuple[str, ...] | list[str]) -> str | None:
    """The closest option, for a "did you mean …?" hint (``None`` when nothing is close)."""
    return closest_one(raw, options, key=fold)


def format_value(value: float, percent: bool = False) -> str:
    """A number for a message: ``12``, ``3.5``, ``85%`` (percents are fractions)."""
    if percent:
        value = value * 100
        return f"{value:g}%"
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def describe_expected(inp: Input) -> str:
    """What a valid answer to ``inp`` looks like, in the language in force."""
    pct = inp.type is InputType.PERCENT
    low = inp.minimum if inp.minimum is not None else (0.0 if inp.type in _NON_NEGATIVE else None)
    high = inp.maximum if inp.maximum is not None else (1.0 if pct else None)
    bounds = ""
    if low is not None and high is not None:
        bounds = f" {format_value(low, pct)}–{format_value(high, pct)}"
    elif low is not None:
        bounds = f" ≥ {format_value(low, pct)}"
    elif high is not None:
        bounds = f" ≤ {format_value(high, pct)}"
    if inp.type is InputType.COUNT:
        return text("số nguyên", "a whole number") + bounds
    if inp.type is InputType.PERCENT:
        return text("tỷ lệ", "a percent") + bounds
    if inp.type is InputType.NUMBER:
        return text("số", "a number") + bounds
    if inp.type is InputType.YESNO:
        return text("Có hoặc Không", "Có or Không (yes or no)")
    if inp.type is InputType.CHOICE:
        return text("một trong: ", "one of: ") + "; ".join(inp.choices)
    return text("văn bản", "text")


def range_text(inp: Input) -> str:
    """The declared range of ``inp`` as ``[a; b]`` for messages and labels."""
    pct = inp.type is InputType.PERCENT
    low = "" if inp.minimum is None else format_value(inp.minimum, pct)
    high = "" if inp.maximum is None else format_value(inp.maximum, pct)
    return f"[{low}; {high}]"


_NON_NEGATIVE = (InputType.COUNT, InputType.PERCENT)
