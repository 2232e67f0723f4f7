"""Lark's syntax errors, told to the person who wrote the file.

Lark raises :class:`~lark.exceptions.UnexpectedInput` with terminal names and parser states;
a framework's author needs one sentence in their language saying what is wrong, where, and
what may come there instead. :func:`syntax_diagnostic` turns the exception into that
:class:`Diagnostic`: the expected terminals in words (``'{'``, a name, a number), a keyword
where a name goes (E203), and the mistakes people are known to make (:data:`KNOWN_MISTAKES`,
E110–E117) recognised by the parser state they lead to. No Lark type leaves this module.
"""

from __future__ import annotations

import functools

from lark import Lark
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from cqdt.diagnostics import Diagnostic, Span
from cqdt.dsl.keywords import KEYWORDS
from cqdt.dsl.messages import MESSAGES, diag
from cqdt.dsl.prepare import line_col

#: Statements of a node's body (English and Vietnamese spellings) that people write on its
#: header line (E118, recognised with the same keyword only).
_BODY_WORDS = (
    "aggregate",
    "tổng hợp",
    "weight",
    "trọng số",
    "description",
    "mô tả",
    "reference",
    "dẫn chiếu",
)

#: Known mistakes: code → snippets that make exactly that mistake (also a test table).
KNOWN_MISTAKES: dict[str, list[str]] = {
    "E110": [  # a label without quotes
        "framework demo Demo {",
        'framework demo "D" { category c Cat',
        'framework demo "D" { category c "C" { group g Nhóm',
        'framework demo "D" { category c "C" { group g "G" { indicator i Chỉ',
    ],
    "E111": [  # a rule without `points =`
        'framework demo "D" { category c "C" { group g "G" { indicator i "I" max 1 { 1',
        'framework demo "D" { category c "C" { group g "G" { indicator i "I" max 1 { x',
    ],
    "E112": [  # `points` without `=`
        'framework demo "D" { category c "C" { group g "G" { indicator i "I" max 1 { points 1',
        'framework demo "D" { category c "C" { group g "G" { indicator i "I" max 1 { points x',
    ],
    "E113": [  # an input without a type
        'framework demo "D" { input x "X" }',
        'framework demo "D" { input x "X" missing',
        'framework demo "D" { input x "X" unit',
    ],
    "E114": [  # a level condition with an operator other than >= / >
        'framework demo "D" { category c "C" { levels { level a "A" when score =',
        'framework demo "D" { category c "C" { levels { level a "A" when score <',
        'framework demo "D" { category c "C" { levels { level a "A" when score <=',
    ],
    "E115": [  # a ladder without `otherwise`
        'framework demo "D" { value v = ladder x { >= 1 : 1 }',
    ],
    "E116": [  # a rule or item not inside { … } after the indicator's header
        'framework demo "D" { category c "C" { group g "G" { indicator i "I" max 1 points',
        'framework demo "D" { category c "C" { group g "G" { indicator i "I" max 1 item',
        'framework demo "D" { category c "C" { group g "G" { indicator i "I" points',
    ],
    "E118": [  # a statement of the body written on the header line
        *(
            f'framework demo "D" {{ category c "C" {header} {word}'
            for header in ("", "max 1")
            for word in _BODY_WORDS
        ),
        *(
            f'framework demo "D" {{ category c "C" {{ group g "G" {header} {word}'
            for header in ("", "max 1", "max 1 for a", "max 1 not scored")
            for word in _BODY_WORDS
        ),
        *(
            f'framework demo "D" {{ category c "C" {{ group g "G" {{ indicator i "I" {header} {word}'
            for header in ("max 1", "max 1 for a", "max 1 not scored")
            for word in _BODY_WORDS
        ),
    ],
    "E117": [  # a decimal comma (Vietnamese style) instead of a dot
        'framework demo "D" { category c "C" { group g "G" { indicator i "I" max 2,5',
        'framework demo "D" { category c "C" max 2,5',
        'framework demo "D" { value v = x * 2,5',
        'framework demo "D" { value v = 2,5',
        'framework demo "D" { category c "C" { levels { level a "A" when score >= 7,5',
    ],
}

#: Known mistakes recognised only with the same offending token (a comma after a number is a
#: decimal comma; another token in that place is some other mistake).
_SAME_TOKEN_ONLY = frozenset({"E117", "E118"})

_SYMBOL_WORDS = {
    "LBRACE": "{",
    "RBRACE": "}",
    "LPAR": "(",
    "RPAR": ")",
    "COMMA": ",",
    "COLON": ":",
    "BAR": "|",
    "DOTDOT": "..",
    "PERCENT_SIGN": "%",
    "EQUALS": "=",
    "EQ": "==",
    "NE": "!=",
    "GE": ">=",
    "LE": "<=",
    "GT": ">",
    "LT": "<",
    "PLUS": "+",
    "MINUS": "-",
    "STAR": "*",
    "SLASH": "/",
}


def syntax_diagnostic(error: UnexpectedInput, text: str, file: str, lark: Lark) -> Diagnostic:
    """The diagnostic for Lark's ``error`` in ``text``; ``lark`` is the parser that raised it
    (its parse of :data:`KNOWN_MISTAKES` says which parser states are known mistakes)."""
    line, col = max(error.line, 1) if error.line != -1 else 1, max(error.column, 1)
    if isinstance(error, UnexpectedEOF) or (
        isinstance(error, UnexpectedToken) and error.token.type == "$END"
    ):
        line, col = line_col(text, len(text))
        where = Span(file, line, col, line, col + 1)
        return diag("E101", where, expected=_expected_words(_expected(error)))
    if isinstance(error, UnexpectedCharacters):
        return _unexpected_character(error, text, Span(file, line, col, line, col + 1))
    assert isinstance(error, UnexpectedToken)
    token = error.token
    width = max(len(str(token.value)), 1)
    where = Span(file, line, col, line, col + width)
    base = token.type.removesuffix("_VI").lstrip("_")
    expected = _expected(error)
    if base in KEYWORDS and "ID" in expected:
        return diag("E203", where, name=str(token.value))
    known = _match_known_mistake(error, lark)
    if known:
        return diag(known, where, found=str(token.value))
    return diag("E100", where, found=str(token.value), expected=_expected_words(expected))


def _unexpected_character(error: UnexpectedCharacters, text: str, where: Span) -> Diagnostic:
    """A character no token starts with: an open string, a letter no id may hold, a symbol."""
    char = text[error.pos_in_stream] if error.pos_in_stream < len(text) else ""
    if char == '"':
        return diag("E102", where)
    allowed = error.allowed or set()
    previous = text[error.pos_in_stream - 1] if error.pos_in_stream else " "
    if char.isalpha() and (previous.isalnum() or previous == "_"):  # inside a word: an id
        return diag("E107", where, char=char)
    if char.isalpha() and "ID" in allowed:
        return diag("E107", where, char=char)
    if char.isalpha() and "STRING" in allowed:
        return diag("E110", where)
    if char.isalpha():
        return diag("E107", where, char=char)
    return diag("E100", where, found=char, expected=_expected_words(error.allowed or set()))


def _match_known_mistake(error: UnexpectedInput, lark: Lark) -> str | None:
    """The code of the known mistake made in the same parser state as ``error``, if any.

    Like Lark's ``match_examples``, but keyed on the LALR state (and the offending token when
    it decides): Lark also compares the stack depth, which changes with how many statements
    came before the mistake.
    """
    position = getattr(getattr(error, "state", None), "position", None)
    if position is None:
        return None
    by_token, by_state = _known_mistake_states(lark)
    token = getattr(error, "token", None)
    return by_token.get((position, getattr(token, "type", None))) or by_state.get(position)


@functools.cache
def _known_mistake_states(lark: Lark) -> tuple[dict[tuple[int, str], str], dict[int, str]]:
    """``(state, token) → code`` and ``state → code`` of the known mistakes, found by parsing
    each example once with the parser that will report them."""
    by_token: dict[tuple[int, str], str] = {}
    by_state: dict[int, str] = {}
    for code, examples in KNOWN_MISTAKES.items():
        for example in examples:
            try:
                lark.parse(example)
            except UnexpectedToken as error:
                by_token.setdefault((error.state.position, error.token.type), code)
                if code not in _SAME_TOKEN_ONLY:
                    by_state.setdefault(error.state.position, code)
            except UnexpectedInput:
                continue
    return by_token, by_state


def _expected(error: UnexpectedInput) -> set[str]:
    """Terminals that could come next. Lark's ``expected`` lists every lookahead of a reduce
    state (almost the whole grammar), so ask the interactive parser, which tries each one."""
    interactive = getattr(error, "interactive_parser", None)
    if interactive is not None:
        try:
            return {name for name in interactive.accepts() if name.isupper() or name[1:].isupper()}
        except Exception:  # noqa: BLE001 - fall back on Lark's own list
            pass
    return set(getattr(error, "expected", None) or ())


def _expected_words(expected: set[str]) -> str:
    """Terminal names → what a person types: ``'indicator'``, ``'{'``, a name, a number."""
    words: list[str] = []
    for name in expected:
        base = name.lstrip("_").removesuffix("_VI")
        if base in KEYWORDS:
            words.append(f"'{KEYWORDS[base][0]}'")
        elif base in _SYMBOL_WORDS:
            words.append(f"'{_SYMBOL_WORDS[base]}'")
        elif base in ("ID", "NUMBER", "STRING"):
            words.append(MESSAGES["token." + base].render())
    unique = sorted(set(words))
    if len(unique) > 10:
        unique = unique[:10] + ["…"]
    return ", ".join(unique)
