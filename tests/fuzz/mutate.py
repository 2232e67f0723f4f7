"""Mutations of valid frameworks, and the one property every mutant must satisfy.

A framework file is edited by people who are not programmers, in plain editors, often by
copying from Word or a PDF of the decision. The text that reaches ``cqdt check`` can therefore
hold anything: a deleted brace, a duplicated line, a Cyrillic ``а`` that looks like a Latin
``a``, a non-breaking space, a number written ``１０`` in fullwidth digits, ``1e999``. The only
acceptable outcomes are a clean check or diagnostics — never an exception — and every
diagnostic must say what (a code, a message) and where (a position inside the file).

The mutators are plain functions of ``(text, random.Random)`` so the same code serves the
hypothesis tests (through ``st.randoms()``) and the long seeded run (``run_long.py``).
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from cqdt.compiler.load import CheckResult, check_source
from cqdt.diagnostics import CellRef, Diagnostic, Span

ROOT = Path(__file__).resolve().parents[2]

#: Tokens of the language, roughly: strings, comments, numbers, words, single symbols.
_TOKEN = re.compile(r'"[^"\n]*"|#[^\n]*|\d+(?:[.,]\d+)?%?|\w+|\s+|.', re.S)

#: Characters that look like others, or are invisible: what copy-paste from Word brings in.
CONFUSABLES = (
    "\u0430",  # Cyrillic а
    "\u0435",  # Cyrillic е
    "\u043e",  # Cyrillic о
    "\u0440",  # Cyrillic р
    "\u03bf",  # Greek ο
    "\u03b1",  # Greek α
    "\uff10",  # fullwidth 0
    "\uff11",  # fullwidth 1
    "\uff15",  # fullwidth 5
    "\u00a0",  # no-break space
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # BOM inside the text
    "\u2028",  # line separator
    "\u2029",  # paragraph separator
    "\u00ad",  # soft hyphen
    "\u202e",  # right-to-left override
    "\u2212",  # minus sign
    "\u2264",  # ≤
    "\u2265",  # ≥
    "\u201c",  # “
    "\u201d",  # ”
    "\uff05",  # fullwidth %
    "\u0301",  # combining acute accent
    "\u0323",  # combining dot below
    "\t",
    "\f",
    "\r",
    "\v",
    "\x00",
    "\x85",
    "\ud800",  # lone surrogate
    "\U0001f600",
)

#: Number literals at and beyond the edges of what a float holds.
ODD_NUMBERS = (
    "0",
    "00",
    "-0",
    "0.0000000000000000000000000000001",
    "1e308",
    "1e309",
    "1e-400",
    "1e999",
    "9" * 400,
    "0." + "0" * 400 + "1",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "1_000",
    "1,5",
    "1.5.5",
    "10%",
    "1e5%",
    "0x10",
    "\uff11\uff10",
    "١٠",  # Arabic-Indic digits
    "²",
    "½",
)


def tokens(text: str) -> list[str]:
    """Split ``text`` into rough tokens; ``"".join(tokens(t)) == t``."""
    return _TOKEN.findall(text)


def _pick(rng: random.Random, toks: list[str]) -> int:
    return rng.randrange(len(toks)) if toks else 0


def delete_token(text: str, rng: random.Random) -> str:
    toks = tokens(text)
    if toks:
        del toks[_pick(rng, toks)]
    return "".join(toks)


def duplicate_token(text: str, rng: random.Random) -> str:
    toks = tokens(text)
    if toks:
        i = _pick(rng, toks)
        toks.insert(i, toks[i])
    return "".join(toks)


def swap_tokens(text: str, rng: random.Random) -> str:
    toks = tokens(text)
    if len(toks) > 1:
        i, j = _pick(rng, toks), _pick(rng, toks)
        toks[i], toks[j] = toks[j], toks[i]
    return "".join(toks)


def move_token(text: str, rng: random.Random) -> str:
    toks = tokens(text)
    if len(toks) > 1:
        tok = toks.pop(_pick(rng, toks))
        toks.insert(_pick(rng, toks), tok)
    return "".join(toks)


def delete_line(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def duplicate_line(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return "\n".join(lines)


def confusable(text: str, rng: random.Random) -> str:
    """Insert or substitute a look-alike or invisible character."""
    i = rng.randrange(len(text) + 1)
    char = rng.choice(CONFUSABLES)
    if rng.random() < 0.5 and i < len(text):
        return text[:i] + char + text[i + 1 :]
    return text[:i] + char + text[i:]


def lookalike_word(text: str, rng: random.Random) -> str:
    """Replace the Latin letters of one word by Cyrillic/Greek look-alikes (``max`` → ``mах``)."""
    table = str.maketrans(
        "aeopcxyABEKMHOPCTX",
        "аеорсху\u0391\u0392\u0395\u039a\u039c\u0397\u039f\u03a1\u0421\u03a4\u03a7",
    )
    toks = tokens(text)
    words = [i for i, t in enumerate(toks) if t[:1].isalpha()]
    if words:
        i = rng.choice(words)
        toks[i] = toks[i].translate(table)
    return "".join(toks)


def swap_names(text: str, rng: random.Random) -> str:
    """Replace one word by another word of the same file: syntax holds, meaning breaks
    (unknown names, cycles, wrong kinds, type errors reach the checks)."""
    toks = tokens(text)
    words = [i for i, t in enumerate(toks) if t[:1].isalpha() or t[:1] == "_"]
    if len(words) > 1:
        toks[rng.choice(words)] = toks[rng.choice(words)]
    return "".join(toks)


def valid_number(text: str, rng: random.Random) -> str:
    """Replace a number by another plausible one: budgets, ranges and levels stop adding up."""
    toks = tokens(text)
    numbers = [i for i, t in enumerate(toks) if t[:1].isdigit()]
    if numbers:
        value = rng.choice(("0", "1", "2", "5", "10", "50", "99", "100", "101", "1000", "0.5"))
        i = rng.choice(numbers)
        toks[i] = value + ("%" if toks[i].endswith("%") else "")
    return "".join(toks)


def odd_number(text: str, rng: random.Random) -> str:
    """Replace a number by a huge, tiny, non-finite or oddly written one."""
    toks = tokens(text)
    numbers = [i for i, t in enumerate(toks) if t[:1].isdigit()]
    i = rng.choice(numbers) if numbers else _pick(rng, toks)
    toks[i : i + 1] = [rng.choice(ODD_NUMBERS)]
    return "".join(toks)


def random_unicode(text: str, rng: random.Random) -> str:
    """Insert a short run of random code points (any plane, controls included)."""
    i = rng.randrange(len(text) + 1)
    run = "".join(
        chr(rng.choice((rng.randrange(0x20, 0x7F), rng.randrange(0x110000))))
        for _ in range(rng.randint(1, 8))
    )
    return text[:i] + run + text[i:]


def deep_nesting(text: str, rng: random.Random) -> str:
    """Wrap a number in many parentheses, or open many braces (around the nesting limit)."""
    depth = rng.choice((10, 63, 64, 65, 200, 5000))
    toks = tokens(text)
    numbers = [i for i, t in enumerate(toks) if t[:1].isdigit()]
    if numbers and rng.random() < 0.7:
        i = rng.choice(numbers)
        toks[i] = "(" * depth + toks[i] + ")" * depth
    else:
        i = _pick(rng, toks)
        toks.insert(i, rng.choice(("{", "(", "-", "not ")) * depth)
    return "".join(toks)


def long_line(text: str, rng: random.Random) -> str:
    """A very long label, comment, identifier or expression."""
    n = rng.choice((1_000, 100_000, 1_000_000))
    piece = rng.choice(('"' + "Ạ" * n + '"', "#" + "x" * n, "a" * n, " + 1" * (n // 4), "1" * n))
    toks = tokens(text)
    toks.insert(_pick(rng, toks), piece)
    return "".join(toks)


def truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(len(text) + 1)]


def crlf(text: str, rng: random.Random) -> str:
    return text.replace("\n", rng.choice(("\r\n", "\r", "\n\n", "\u2028")))


MUTATORS: tuple[Callable[[str, random.Random], str], ...] = (
    delete_token,
    duplicate_token,
    swap_tokens,
    move_token,
    delete_line,
    duplicate_line,
    confusable,
    lookalike_word,
    swap_names,
    valid_number,
    odd_number,
    random_unicode,
    deep_nesting,
    long_line,
    truncate,
    crlf,
)

#: Mutators cheap enough to stack many times (the costly ones add up to megabytes of text).
_LIGHT = MUTATORS[:12]


def mutate(text: str, rng: random.Random, rounds: int | None = None) -> str:
    """Apply 1–4 random mutations (at most one of the heavy ones)."""
    rounds = rounds if rounds is not None else rng.randint(1, 4)
    heavy_used = False
    for _ in range(rounds):
        mutator = rng.choice(MUTATORS if not heavy_used else _LIGHT)
        heavy_used = heavy_used or mutator not in _LIGHT
        text = mutator(text, rng)
    return text


def random_bytes_text(rng: random.Random, size: int) -> str:
    """Random bytes decoded as a framework file would be (UTF-8, invalid bytes replaced)."""
    return rng.randbytes(size).decode("utf-8", "replace")


# -- seeds -------------------------------------------------------------------------------


def seed_texts() -> dict[str, str]:
    """Valid (and a few deliberately bad) frameworks from the repository to mutate."""
    seeds: dict[str, str] = {}
    for folder in ("frameworks", "tests/dsl/good", "tests/check/bad"):
        for path in sorted((ROOT / folder).glob("*.cqdt")):
            seeds[f"{folder}/{path.name}"] = path.read_text(encoding="utf-8")
    language = (ROOT / "docs/language.md").read_text(encoding="utf-8")
    for k, block in enumerate(re.findall(r"```[a-z]*\n(.*?)```", language, re.S)):
        if "framework" in block and "{" in block:
            seeds[f"docs/language.md#{k}"] = block
    return seeds


# -- the property ------------------------------------------------------------------------


def normalised_lines(text: str) -> list[str]:
    """The lines a reader of the file sees, as the parser counts them."""
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def problems_with(diagnostic: Diagnostic, file: str, lines: list[str]) -> list[str]:
    """Why ``diagnostic`` is not one a person can act on (empty when it is fine)."""
    problems = []
    if not re.fullmatch(r"[A-Z]\d{3}", diagnostic.code or ""):
        problems.append(f"bad code {diagnostic.code!r}")
    if not (diagnostic.message or "").strip():
        problems.append("empty message")
    places = [diagnostic.where] + [where for where, _ in diagnostic.related]
    for k, where in enumerate(places):
        label = "where" if k == 0 else f"related[{k - 1}]"
        if where is None and k == 0:
            problems.append("no position")
        elif isinstance(where, CellRef):
            problems.append(f"{label} is a cell, not a place in the file")
        elif isinstance(where, Span):
            if where.file != file:
                problems.append(f"{label} in another file {where.file!r}")
            elif not 1 <= where.line <= len(lines):
                problems.append(f"{label} line {where.line} outside 1..{len(lines)}")
            elif not 1 <= where.col <= len(lines[where.line - 1]) + 1:
                problems.append(
                    f"{label} col {where.col} outside line {where.line} "
                    f"(length {len(lines[where.line - 1])})"
                )
    return problems


def check_outcome(text: str, file: str = "fuzz.cqdt") -> list[str]:
    """Check ``text``; return the ways the outcome is unacceptable (empty when acceptable).

    An exception escaping ``check_source`` is a failure the caller sees as a raised error.
    """
    return judge(text, file)[1]


def judge(text: str, file: str = "fuzz.cqdt") -> tuple[CheckResult, list[str]]:
    """The check result of ``text`` and the ways its outcome is unacceptable."""
    result = check_source(text, file)
    lines = normalised_lines(text)
    found = []
    for diagnostic in result.diagnostics:
        for problem in problems_with(diagnostic, file, lines):
            found.append(f"{diagnostic.code}: {problem}")
    if result.framework is None and not result.has_errors:
        found.append("no framework and no error")
    return result, found
