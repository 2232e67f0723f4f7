"""The text before parsing: normalised, and refused when no parser should see it.

A framework file comes from plain editors, Word and PDFs. Before Lark reads it, the byte order
mark goes, line ends become ``\\n`` and Unicode is composed (NFC), so a line and column mean the
same to the parser and to the person reading the file. Huge files, control characters and
absurd nesting are refused here with a diagnostic, rather than left to make the parser slow or
recurse without end.

>>> prepare('\\ufeffframework d "D" {\\r\\n}', "f.cqdt")
('framework d "D" {\\n}', [])
>>> [d.code for d in prepare("a\\x00", "f.cqdt")[1]]
['E105']
"""

from __future__ import annotations

import re
import unicodedata

from cqdt.diagnostics import Diagnostic, Span
from cqdt.dsl.messages import diag

#: Files larger than this are refused (a framework is a few hundred kilobytes at most).
MAX_SOURCE_BYTES = 5_000_000
#: Deepest nesting of braces and parentheses accepted (real frameworks use 5–8 levels).
MAX_NESTING = 64

#: Characters no text file contains: C0/C1 controls (but tab, newline, form feed), surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

_NESTING_SYMBOLS = re.compile(r'[(){}"#\n]')


def prepare(text: str, file: str) -> tuple[str, list[Diagnostic]]:
    """Normalise the text (BOM, CRLF, Unicode NFC) and refuse what no parser should see."""
    if len(text) > MAX_SOURCE_BYTES:
        return text, [diag("E104", Span(file, 1, 1, 1, 2), limit=MAX_SOURCE_BYTES // 1_000_000)]
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff")).replace("\r\n", "\n")
    text = text.replace("\r", "\n")
    match = _CONTROL.search(text)
    if match is not None:
        bad = match.start()
        line, col = line_col(text, bad)
        return text, [
            diag("E105", Span(file, line, col, line, col + 1), char=f"U+{ord(text[bad]):04X}")
        ]
    deep = _too_deep(text)
    if deep is not None:
        line, col = line_col(text, deep)
        return text, [diag("E103", Span(file, line, col, line, col + 1), limit=MAX_NESTING)]
    return text, []


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``, counted as the parser counts them."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _too_deep(text: str) -> int | None:
    """Offset of the first bracket nested deeper than MAX_NESTING (outside strings/comments)."""
    depth = 0
    in_string = in_comment = False
    for match in _NESTING_SYMBOLS.finditer(text):
        i, ch = match.start(), match.group()
        if in_comment:
            in_comment = ch != "\n"
        elif in_string:
            in_string = ch not in '"\n'
        elif ch == "#":
            in_comment = True
        elif ch == '"':
            in_string = True
        elif ch in "({":
            depth += 1
            if depth > MAX_NESTING:
                return i
        elif ch in ")}":
            depth = max(depth - 1, 0)
    return None
