"""Text → surface AST. The only module of cqdt that imports Lark.

``parse`` never raises for anything in the text: syntax errors, hostile input (binary data,
NUL bytes, 10,000 nested brackets, huge files) all come back as :class:`Diagnostic` values in
the user's language. Lark's exceptions are turned into diagnostics here (expected tokens are
named in words, known mistakes get their own message via ``match_examples``) and no Lark type
leaves this module.

>>> fw, diags = parse('framework demo "Demo" { tiers { a "A" } }')
>>> fw.name.text, [t.name.text for t in fw.tiers], diags
('demo', ['a'], [])
"""

from __future__ import annotations

import bisect
import contextlib
import difflib
import functools
import gc
import math
import os
import re
import sys
import threading
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from importlib import resources

from lark import Lark, Token, Tree
from lark import __version__ as lark_version
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
)
from lark.grammar import Rule
from lark.lexer import PatternStr, UnlessCallback
from lark.parsers.lalr_analysis import Shift

from cqdt.diagnostics import Diagnostic, Severity, Span
from cqdt.dsl import ast
from cqdt.dsl.expr import (
    FUNCTIONS,
    TIER_FUNCTIONS,
    Binary,
    Bool,
    Call,
    Case,
    CaseBranch,
    If,
    Ladder,
    LadderStep,
    MaxPoints,
    Num,
    Ref,
    Str,
    TierFunc,
    Unary,
)
from cqdt.dsl.keywords import KEYWORDS
from cqdt.dsl.messages import MESSAGES

#: Files larger than this are refused (a framework is a few hundred kilobytes at most).
MAX_SOURCE_BYTES = 5_000_000
#: Deepest nesting of braces and parentheses accepted (real frameworks use 5–8 levels).
MAX_NESTING = 64

_COMMENTABLE = frozenset(
    {
        "framework",
        "tier_decl",
        "input_decl",
        "value_decl",
        "category",
        "group",
        "indicator",
        "item",
        "level_decl",
        # statements inside a node, so a comment stays where it was written (cqdt fmt)
        "year_stmt",
        "period_stmt",
        "version_stmt",
        "basis_stmt",
        "issuer_stmt",
        "description_stmt",
        "reference_stmt",
        "decimals_stmt",
        "weight_stmt",
        "aggregate_stmt",
        "tiers_block",
        "points_stmt",
        "levels_block",
        "levels_otherwise",
        "total_decl",
        "ranking",
        "rank_by",
        "ties_option",
        "tiebreak_option",
        "unclassified_option",
        "ladder_step",
        "case_branch",
        "otherwise_row",
    }
)


def diag(code: str, where: Span | None, hint_code: str | None = None, **fields) -> Diagnostic:
    """A syntax-phase diagnostic from the message catalogue (``dsl/messages.py``)."""
    message = MESSAGES[code].render(**fields)
    hint = (
        MESSAGES[hint_code or code + ".hint"].render(**fields)
        if (hint_code or code + ".hint" in MESSAGES)
        else ""
    )
    severity = Severity.WARNING if code.startswith("W") else Severity.ERROR
    return Diagnostic(code=code, severity=severity, message=message, where=where, hint=hint)


# -- the Lark parser, built once ---------------------------------------------------------------

_lock = threading.Lock()

_comment_tokens: list[Token] = []
#: Where comments after the last declaration are filed.
TRAILING = (-1, -1)


def _grammar_cache() -> str | bool:
    """Where Lark keeps the analysed grammar between runs (building it takes ~0.7 s, loading
    it ~0.05 s): a file in the user's own cache folder, checked against the grammar's hash by
    Lark on load. No cache (``False``) when that folder cannot be made."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "cqdt")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return False
    version = f"lark{lark_version}-py{sys.version_info[0]}{sys.version_info[1]}"
    return os.path.join(folder, f"grammar-{version}.cache")


class _FastParser:
    """Lark's LALR parse of a valid file, in one loop: the same tokens, the same tree.

    Lark's contextual lexer and LALR driver are general (token streams, interactive parsing,
    error recovery); for a file without mistakes most of their per-token work is not needed.
    This loop reuses Lark's own per-state regexes (so keywords, ids and priorities are decided
    exactly as before) and its parse table, and builds the nodes Lark's tree builder builds
    (:func:`_tree_callback`); only the per-token work is its own: whitespace is skipped by the
    match of the next token, keywords spelt like ids are found in a dict, line and column are
    counted inline, shift/reduce actions are read from plain dicts, and a ``?rule`` of one
    symbol (``?sum: product``, nine of them per atom of an expression) only changes state.
    Lark's lexer and driver were two thirds of the parse time; this loop takes half of that.
    ``tests/dsl/test_fast_parse.py`` compares the two token by token.

    At the first character it cannot match or the first token the table refuses, it gives up
    (``None``): the caller then parses again with Lark itself, so every syntax error, with its
    expected terminals and parser state (E100–E117), is Lark's own as it always was.
    """

    def __init__(self, lark: Lark):
        options = lark.options
        if options.maybe_placeholders or options.propagate_positions or options.transformer:
            raise TypeError("the fast parse builds trees for _lark()'s options only")
        frontend = lark.parser
        self.lexer = frontend.lexer  # Lark's contextual lexer: one lexer per parser state
        inner = frontend.parser.parser
        table = inner.parse_table
        (start,) = frontend.parser_conf.start
        self.start_state = table.start_states[start]
        self.end_state = table.end_states[start]
        self.callbacks = dict(frontend.lexer_conf.callbacks)
        #: The whitespace terminal (ignored, no callback), skipped in front of every token.
        self.layout = frontend.lexer_conf.terminals_by_name["WS"].pattern.to_regexp()
        rules: dict = {}
        inline_lists = not any(
            rule.options.expand1 and rule.origin.name.startswith("_") for rule in inner.callbacks
        )
        self.actions: dict[int, dict[str, object]] = {}
        for state, row in table.states.items():
            actions: dict[str, object] = {}
            for terminal, (action, arg) in row.items():
                if action is Shift:
                    actions[terminal] = arg  # the next state: an int
                else:  # reduce by a rule: (size, tree callback, the rule's name)
                    if arg not in rules:
                        rules[arg] = (
                            len(arg.expansion),
                            _tree_callback(arg, inline_lists),
                            arg.origin.name,
                        )
                    actions[terminal] = rules[arg]
            self.actions[state] = actions
        if any(not isinstance(key, Rule) for key in inner.callbacks):
            raise TypeError("token callbacks are not supported")  # pragma: no cover
        self.tables: dict[int, tuple] = {}

    def _table(self, state: int) -> tuple:
        """(match functions, keyword of an id-like value per terminal, terminals that may
        span lines, ignored terminals) of Lark's lexer for this parser state."""
        lexer = self.lexer.lexers[state]
        scanner = lexer.scanner  # builds Lark's regexes and keyword callbacks
        keywords: dict[str, dict[str, str]] = {}
        for kind, callback in lexer.callback.items():
            if kind in self.callbacks:
                continue
            if not isinstance(callback, UnlessCallback) or any(
                not isinstance(t.pattern, PatternStr) or t.pattern.flags
                for t in callback.scanner.terminals
            ):
                raise TypeError(f"unsupported lexer callback for {kind}")  # pragma: no cover
            keywords[kind] = {t.pattern.value: t.name for t in callback.scanner.terminals}
        # Whitespace is skipped by the same match as the token after it (one match per token)
        matchers = tuple(
            re.compile(f"(?:{self.layout})?(?:{mre.pattern})", mre.flags).match
            for mre in scanner._mres
        )
        table = (matchers, keywords, lexer.newline_types, lexer.ignore_types)
        self.tables[state] = table
        return table

    def parse(self, text: str) -> Tree | None:
        """The tree Lark would build for ``text``, or ``None`` at the first syntax error."""
        end = len(text.rstrip(" \t\r\n\f"))  # trailing whitespace ends no token
        pos = line_start = 0
        line = 1
        stack = [self.start_state]
        values: list = []
        actions, tables, callbacks = self.actions, self.tables, self.callbacks
        end_state = self.end_state
        new_str = str.__new__
        last = None
        while True:
            if pos < end:
                table = tables.get(stack[-1]) or self._table(stack[-1])
                matchers, keywords, newline_types, ignore_types = table
                for match in matchers:
                    found = match(text, pos, end)
                    if found is not None:
                        break
                else:
                    return None
                kind = found.lastgroup
                value = found.group(kind)
                start = found.start(kind)
                if start != pos:  # whitespace skipped
                    newlines = text.count("\n", pos, start)
                    if newlines:
                        line += newlines
                        line_start = text.rindex("\n", pos, start) + 1
                start_line, column = line, start - line_start + 1
                pos = found.end()
                if kind in newline_types:
                    newlines = value.count("\n")
                    if newlines:
                        line += newlines
                        line_start = start + value.rindex("\n") + 1
                if kind in ignore_types and kind not in callbacks:
                    continue
                token = new_str(Token, value)
                token.type = keywords[kind].get(value, kind) if kind in keywords else kind
                token.value = value
                token.start_pos = start
                token.line = start_line
                token.column = column
                token.end_line = line
                token.end_column = pos - line_start + 1
                token.end_pos = pos
                if kind in callbacks:
                    token = callbacks[kind](token)
                    if kind in ignore_types:
                        continue
                last = token
                at_end = False
            else:
                token = (
                    Token.new_borrow_pos("$END", "", last)
                    if last is not None
                    else Token("$END", "", 0, 1, 1)
                )
                at_end = True
            kind = token.type
            while True:  # reduce as often as the table says, then shift the token
                action = actions[stack[-1]].get(kind)
                if action is None:
                    return None
                if type(action) is int:
                    if at_end:  # pragma: no cover - Lark's table never shifts $END
                        return None
                    stack.append(action)
                    values.append(token)
                    break
                size, callback, origin = action
                if callback is None:  # a ?rule of one symbol: the value is its child's
                    stack[-1] = actions[stack[-2]][origin]
                else:
                    if size:
                        children = values[-size:]
                        del stack[-size:]
                        del values[-size:]
                    else:
                        children = []
                    stack.append(actions[stack[-1]][origin])
                    values.append(callback(children))
                if at_end and stack[-1] == end_state:
                    return values[-1]


def _tree_callback(rule: Rule, inline_lists: bool) -> Callable[[list], object] | None:
    """The tree node of a reduction by ``rule``, as Lark's tree builder makes it for this
    parser's options (every token kept, no placeholders, no positions): children of ``_rules``
    spliced in, a ``?rule`` with one child replaced by it. One function instead of Lark's
    chain of three wrappers per reduction.

    With ``inline_lists`` (no ``?_rule`` in the grammar), a ``_rule`` — a keyword's two
    spellings, a repetition — is only ever spliced into its parent, so its value is the plain
    list of its children rather than a tree made to be taken apart (40 % of the reductions)."""
    name = rule.alias or rule.options.template_source or rule.origin.name
    keep = rule.options.keep_all_tokens
    include = [
        (i, not symbol.is_term and symbol.name.startswith("_"))
        for i, symbol in enumerate(rule.expansion)
        if keep or not (symbol.is_term and symbol.filter_out)
    ]
    filtering = len(include) < len(rule.expansion) or any(expand for _, expand in include)
    single = bool(rule.options.expand1) and not rule.alias
    if single and len(rule.expansion) == 1 and not filtering:
        return None  # the child itself: the parse loop only changes state (``?sum: product``)
    as_list = inline_lists and rule.origin.name.startswith("_")

    def build(children: list):
        if filtering:
            filtered: list = []
            for i, expand in include:
                part = children[i]
                if not expand:
                    filtered.append(part)
                    continue
                if not inline_lists:
                    part = part.children
                if filtered:
                    filtered += part
                else:  # as Lark does: reuse the list (left recursion stays linear)
                    filtered = part
            children = filtered
        if as_list:
            return children
        if single and len(children) == 1:
            return children[0]
        return Tree(name, children)

    return build


@functools.cache
def _fast_parser() -> _FastParser:
    return _FastParser(_lark())


@functools.cache
def _lark() -> Lark:
    """The parser, built once per process (and its tables cached between runs)."""
    grammar = resources.files("cqdt.dsl").joinpath("cqdt.lark").read_text(encoding="utf-8")
    # Positions are taken from the tokens by the tree builder (``_SurfaceBuilder.build``), so
    # every token is kept (keywords and brackets too) and Lark does not propagate positions:
    # its per-rule position bookkeeping was a third of the parse time.
    return Lark(
        grammar,
        parser="lalr",
        propagate_positions=False,
        keep_all_tokens=True,
        strict=True,
        maybe_placeholders=False,
        lexer_callbacks={"COMMENT": _comment_tokens.append},
        cache=_grammar_cache(),
    )


# -- public entry point ------------------------------------------------------------------------


def parse(text: str, file: str = "<text>") -> tuple[ast.SurfaceFramework | None, list[Diagnostic]]:
    """Parse a whole ``.cqdt`` file; ``None`` and diagnostics when it cannot be read as one."""
    text, problems = prepare(text, file)
    if problems:
        return None, problems
    with _lock, paused_gc():
        _comment_tokens.clear()
        tree = _fast_parser().parse(text)
        if tree is None:  # a syntax error: Lark's own parse says which, and where
            _comment_tokens.clear()
            try:
                tree = _lark().parse(text)
            except UnexpectedInput as error:
                return None, [_syntax_diagnostic(error, text, file)]
        comments = [(c.start_pos, c.value[1:].rstrip()) for c in _comment_tokens]
        _comment_tokens.clear()
        builder = _SurfaceBuilder(file, *_attach_comments(tree, comments, text))
        try:
            framework = builder.build(tree)
        except RecursionError:
            return None, [diag("E108", Span(file, 1, 1, 1, 2))]
    return framework, builder.diagnostics


@contextlib.contextmanager
def paused_gc():
    """Pause the cyclic garbage collector while the tree is built: parsing allocates many
    small objects and no cycles, and full collections made large files superlinear.

    On the way out, what was allocated meanwhile is filed in the oldest generation
    (``freeze`` then ``unfreeze`` moves every tracked object there without visiting any):
    otherwise the first allocation after ``enable`` visits all of it in a young collection,
    a fifth of the parse time of a large file, to find no cycle. Skipped when the program
    froze objects itself, since ``unfreeze`` would release them too."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def prepare(text: str, file: str) -> tuple[str, list[Diagnostic]]:
    """Normalise the text (BOM, CRLF, Unicode NFC) and refuse what no parser should see."""
    if len(text) > MAX_SOURCE_BYTES:
        return text, [diag("E104", Span(file, 1, 1, 1, 2), limit=MAX_SOURCE_BYTES // 1_000_000)]
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff")).replace("\r\n", "\n")
    text = text.replace("\r", "\n")
    match = _CONTROL.search(text)
    if match is not None:
        bad = match.start()
        line, col = _line_col(text, bad)
        return text, [
            diag("E105", Span(file, line, col, line, col + 1), char=f"U+{ord(text[bad]):04X}")
        ]
    deep = _too_deep(text)
    if deep is not None:
        line, col = _line_col(text, deep)
        return text, [diag("E103", Span(file, line, col, line, col + 1), limit=MAX_NESTING)]
    return text, []


#: Characters no text file contains: C0/C1 controls (but tab, newline, form feed), surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


_NESTING_SYMBOLS = re.compile(r'[(){}"#\n]')


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


Comments = dict[tuple[int, int], tuple[str, ...]]


def _attach_comments(
    tree: Tree, comments: list[tuple[int, str]], source: str
) -> tuple[Comments, dict[tuple[int, int], str]]:
    """Each comment belongs to the declaration or statement it describes.

    A comment on its own line describes the next declaration (or statement) that starts after
    it; a comment at the end of a line describes the declaration that ends on that line
    (``level muc_1 … >= 75%  # 2018: 70%``), and ``cqdt fmt`` writes it there again.
    Returns ``(line, column) where a declaration starts → its comments`` and ``… → its
    end-of-line comment``. Comments after the last declaration are filed under
    :data:`TRAILING` (the end of the framework), so none is lost.
    """
    if not comments:
        return {}, {}
    nodes = _commentable_extents(tree)
    starts = sorted((m.start_pos, m.line, m.column) for m in nodes)
    offsets = [start for start, _, _ in starts]
    ends = sorted((m.end_pos, -m.start_pos, m.line, m.column) for m in nodes)
    end_offsets = [end for end, *_ in ends]
    attached: dict[tuple[int, int], list[str]] = {}
    at_end: dict[tuple[int, int], str] = {}
    for offset, text in comments:
        line_start = source.rfind("\n", 0, offset) + 1
        if source[line_start:offset].strip():  # code before it: an end-of-line comment
            k = bisect.bisect_right(end_offsets, offset) - 1
            if k >= 0 and ends[k][0] > line_start and ends[k][2:] not in at_end:
                at_end[ends[k][2:]] = text  # a declaration ends on this line
                continue
        k = bisect.bisect_right(offsets, offset)
        key = starts[k][1:] if k < len(starts) else TRAILING
        attached.setdefault(key, []).append(text)
    return {k: tuple(v) for k, v in attached.items()}, at_end


def _commentable_extents(tree: Tree) -> list[_Meta]:
    """Where each commentable construct starts and ends (first and last token, brackets and
    keywords included). Iterative: a sum of 20,000 terms is a tree 20,000 deep."""
    found: list[_Meta] = []
    stack = [tree]
    while stack:  # a plain walk: Lark's ``iter_subtrees`` also orders and dedups, 3× slower
        node = stack.pop()
        stack.extend(child for child in node.children if type(child) is Tree)
        if node.data not in _COMMENTABLE:
            continue
        first = last = None
        start: Tree | Token = node
        while type(start) is Tree and start.children:
            start = start.children[0]
        end: Tree | Token = node
        while type(end) is Tree and end.children:
            end = end.children[-1]
        if type(start) is not Tree:
            first = start
        if type(end) is not Tree:
            last = end
        found.append(_Meta(first, last))
    return found


class _Meta:
    """The extent of a grammar rule in the text, from its first and last token (what Lark's
    ``meta`` gives with ``propagate_positions``, computed here for a third of the cost)."""

    __slots__ = ("line", "column", "end_line", "end_column", "start_pos", "end_pos", "empty")

    def __init__(self, first: Token | None, last: Token | None):
        if first is None or last is None:
            self.empty = True
            self.line = self.column = self.end_line = self.end_column = 1
            self.start_pos = self.end_pos = 0
            return
        self.empty = False
        self.line, self.column, self.start_pos = first.line, first.column, first.start_pos
        self.end_line, self.end_column = last.end_line, last.end_column
        self.end_pos = last.end_pos


# -- syntax errors -----------------------------------------------------------------------------

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
    "E117": [  # a decimal comma (Vietnamese style) instead of a dot
        'framework demo "D" { category c "C" { group g "G" { indicator i "I" max 2,5',
        'framework demo "D" { category c "C" max 2,5',
        'framework demo "D" { value v = x * 2,5',
        'framework demo "D" { value v = 2,5',
        'framework demo "D" { category c "C" { levels { level a "A" when score >= 7,5',
    ],
}


def _syntax_diagnostic(error: UnexpectedInput, text: str, file: str) -> Diagnostic:
    line, col = max(error.line, 1) if error.line != -1 else 1, max(error.column, 1)
    if isinstance(error, UnexpectedEOF) or (
        isinstance(error, UnexpectedToken) and error.token.type == "$END"
    ):
        line, col = _line_col(text, len(text))
        where = Span(file, line, col, line, col + 1)
        return diag("E101", where, expected=_expected_words(_expected(error)))
    if isinstance(error, UnexpectedCharacters):
        where = Span(file, line, col, line, col + 1)
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
    assert isinstance(error, UnexpectedToken)
    token = error.token
    width = max(len(str(token.value)), 1)
    where = Span(file, line, col, line, col + width)
    base = token.type.removesuffix("_VI").lstrip("_")
    expected = _expected(error)
    if base in KEYWORDS and "ID" in expected:
        return diag("E203", where, name=str(token.value))
    known = _match_known_mistake(error, text)
    if known:
        return diag(known, where, found=str(token.value))
    return diag("E100", where, found=str(token.value), expected=_expected_words(expected))


#: Known mistakes recognised only with the same offending token (a comma after a number is a
#: decimal comma; another token in that place is some other mistake).
_SAME_TOKEN_ONLY = frozenset({"E117"})


def _match_known_mistake(error: UnexpectedInput, text: str) -> str | None:
    """The code of the known mistake made in the same parser state as ``error``, if any.

    Like Lark's ``match_examples``, but keyed on the LALR state (and the offending token when
    it decides): Lark also compares the stack depth, which changes with how many statements
    came before the mistake.
    """
    position = getattr(getattr(error, "state", None), "position", None)
    if position is None:
        return None
    by_token, by_state = _known_mistake_states()
    token = getattr(error, "token", None)
    return by_token.get((position, getattr(token, "type", None))) or by_state.get(position)


@functools.cache
def _known_mistake_states() -> tuple[dict[tuple[int, str], str], dict[int, str]]:
    by_token: dict[tuple[int, str], str] = {}
    by_state: dict[int, str] = {}
    for code, examples in KNOWN_MISTAKES.items():
        for example in examples:
            try:
                _lark().parse(example)
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


def suggest(name: str, candidates) -> str:
    """``did you mean`` text for an unknown name, or an empty string.

    The closest candidate by edit distance (a typo, a letter too many or too few, two letters
    swapped, another case), allowed one edit per three letters; a name of one or two letters
    is only matched up to case, since any other short name would be "close".

    >>> suggest("staff_with_pcs", ["staff", "staff_with_pc"]), suggest("x", ["n"])
    ('staff_with_pc', '')
    """
    candidates = list(candidates)
    folded = name.casefold()
    for candidate in candidates:
        if candidate.casefold() == folded and candidate != name:
            return candidate
    limit = len(name) // 3 if len(name) > 2 else 0
    best, best_distance = "", limit + 1
    for candidate in candidates:
        if abs(len(candidate) - len(name)) >= best_distance or candidate == name:
            continue
        distance = edit_distance(folded, candidate.casefold(), best_distance)
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


# -- tree → surface AST ------------------------------------------------------------------------


#: Largest number a file may write (1e15: points, thresholds, ranges and counts are far below;
#: above it floats stop being exact whole numbers, and ``1e999`` would be infinite).
MAX_LITERAL = 1e15


def _number(token: Token) -> float:
    """The value of a NUMBER token; ``inf`` when it is beyond any float (``1e99999999999``),
    for the caller to report."""
    try:
        return float(Decimal(str(token)))
    except InvalidOperation:  # an exponent beyond Decimal's own limits
        return math.inf


class _SurfaceBuilder:
    """One method per grammar rule; spans come from the rule's first and last token through
    :meth:`span`."""

    def __init__(self, file: str, comments: Comments, end_comments: dict[tuple[int, int], str]):
        self.file = file
        self.comments = comments
        self.end_comments = end_comments
        self.placed: set[tuple[int, int]] = set()  # comments some node has taken
        self.placed_end: set[tuple[int, int]] = set()
        self.diagnostics: list[Diagnostic] = []
        self.methods = {name: getattr(self, name) for name in _RULES}

    def build(self, tree: Tree):
        """The surface node of ``tree`` (see :meth:`_build`)."""
        return self._build(tree)[0]

    def _build(self, tree: Tree) -> tuple[object, Token | None, Token | None]:
        """Bottom-up, one method per rule, returning the node and its first and last token.

        Simpler and ~2× faster than Lark's Transformer (which wraps every method on every
        call); depth is bounded by :func:`_too_deep`. Lark keeps every token (see
        :func:`_lark`): keywords and brackets (terminals named ``_…``) give the positions and
        are dropped here; a parenthesised expression is its inner expression (whose own span
        leaves the brackets out, as its parent's includes them).
        """
        children = []
        first = last = None
        for child in tree.children:
            if type(child) is not Tree:
                start = end = child
                if child.type[0] != "_":
                    children.append(child)
            elif child.data == "name":  # the commonest node, built here: see :meth:`name`
                (start,) = child.children
                end = start
                children.append(ast.Name(str(start), self.token_span(start)))
            else:
                value, start, end = self._build(child)
                children.append(value)
                if start is None:
                    continue
            if first is None:
                first = start
            last = end
        method = self.methods.get(tree.data)
        if method is None:  # `( expr )`: the inlined rule kept only for its brackets
            (inner,) = children
            return inner, first, last
        return method((first, last), children), first, last

    # Builder methods get ``meta``: the rule's first and last token (``None`` for an empty rule).

    def span(self, meta: tuple[Token | None, Token | None]) -> Span:
        first, last = meta
        if first is None or last is None:
            return Span(self.file, 1, 1, 1, 1)
        return Span(self.file, first.line, first.column, last.end_line, last.end_column)

    def token_span(self, token: Token) -> Span:
        return Span(self.file, token.line, token.column, token.end_line, token.end_column)

    def leading(self, meta: tuple[Token | None, Token | None]) -> tuple[str, ...]:
        """The comments written just before the construct ``meta`` belongs to."""
        first = meta[0]
        return (
            ()
            if first is None
            else self.comments_at(Span(self.file, first.line, first.column, 0, 0))
        )

    def trailing(self, meta: tuple[Token | None, Token | None]) -> str | None:
        """The comment at the end of the construct's last line, if any."""
        first = meta[0]
        return None if first is None else self.end_comment_at(first.line, first.column)

    def end_comment_at(self, line: int, col: int) -> str | None:
        found = self.end_comments.get((line, col))
        if found is not None:
            self.placed_end.add((line, col))
        return found

    def layout(self, meta) -> tuple[tuple[str, ...], str | None]:
        """The comments before the construct and at the end of its last line."""
        return self.leading(meta), self.trailing(meta)

    def comments_at(self, span: Span) -> tuple[str, ...]:
        """The comments written just before the statement starting at ``span``."""
        key = (span.line, span.col)
        found = self.comments.get(key, ())
        if found:
            self.placed.add(key)
        return found

    def statement_comments(self, statements) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """``(statement, comments)`` for the description/reference/weight/aggregate/points
        statements of a node that have comments before them."""
        out = []
        for kind, payload in statements:
            if kind in ("description", "reference", "weight", "aggregate", "points"):
                out += self.notes(kind, payload[1])
        return tuple(out)

    def notes(self, key: str, span: Span) -> list[tuple[str, tuple[str, ...]]]:
        """``statement_comments`` entries of the statement at ``span``: its leading comments
        under ``key``, its end-of-line comment under ``key:end``."""
        out = []
        comments = self.comments_at(span)
        if comments:
            out.append((key, comments))
        end = self.end_comment_at(span.line, span.col)
        if end is not None:
            out.append((f"{key}:end", (end,)))
        return out

    def unplaced_comments(self) -> tuple[str, ...]:
        """Comments no node took (none should be left; kept at the end rather than lost)."""
        left = [
            (key, text)
            for key, texts in self.comments.items()
            if key != TRAILING and key not in self.placed
            for text in texts
        ]
        left += [(k, t) for k, t in self.end_comments.items() if k not in self.placed_end]
        return tuple(text for _, text in sorted(left))

    def report(self, code: str, where: Span, **fields) -> None:
        self.diagnostics.append(diag(code, where, **fields))

    # -- leaves

    def name(self, meta, children):
        (token,) = children
        return ast.Name(str(token), self.token_span(token))

    def number(self, meta, children):
        (token,) = children
        try:
            value = _number(token)
        except (InvalidOperation, ValueError):  # pragma: no cover - the grammar forbids it
            self.report("E100", self.token_span(token), found=str(token), expected="")
            return 0.0
        return value if self._within_limit(value, token) else 0.0

    def _within_limit(self, value: float, token: Token) -> bool:
        """E123 for a literal that is not finite or above :data:`MAX_LITERAL`."""
        if math.isfinite(value) and abs(value) <= MAX_LITERAL:
            return True
        shown = str(token) if len(str(token)) <= 40 else str(token)[:40] + "…"
        self.report("E123", self.token_span(token), found=shown, limit="1e15")
        return False

    def _string(self, token: Token) -> str:
        return str(token)[1:-1]

    def _integer(self, token: Token) -> int:
        value = _number(token)  # never raises
        if not self._within_limit(value, token):
            return 0
        if value != int(value) or abs(value) > 10_000:
            self.report("E120", self.token_span(token), found=str(token))
        return int(value) if abs(value) <= 10_000 else 0

    # -- framework and metadata

    def start(self, meta, children):
        (framework,) = children
        return framework

    def framework(self, meta, children):
        name, title, *statements = children
        parts: dict[str, list] = {}
        tiers: list[ast.SurfaceTier] = []
        notes: list[tuple[str, tuple[str, ...]]] = []
        for kind, value in statements:
            if kind == "tiers":
                tiers.extend(value[0])
                parts.setdefault("tier_blocks", []).append(value)
            else:
                parts.setdefault(kind, []).append(value)
            if kind in _FRAMEWORK_STATEMENTS:
                if kind == "basis":  # repeated: one key per document, in order
                    kind = f"basis.{len(parts['basis']) - 1}"
                notes += self.notes(kind, value[1])

        def get(kind):
            return tuple(parts.get(kind, ()))

        inputs, values = self._inputs_values(statements)
        comments, end = self.layout(meta)
        trailing = self.unplaced_comments() + self.comments.get(TRAILING, ())
        trailing += (end,) if end is not None else ()
        return ast.SurfaceFramework(
            name=name,
            title=self._string(title),
            years=get("year"),
            periods=get("period"),
            versions=get("version"),
            basis=tuple(b for b, _ in get("basis")),
            issuers=get("issuer"),
            descriptions=get("description"),
            decimals=get("decimals"),
            tiers=tuple(tiers),
            tier_blocks=len(get("tier_blocks")),
            inputs=inputs,
            values=values,
            categories=get("category"),
            totals=get("total"),
            rankings=get("ranking"),
            span=self.span(meta),
            comments=comments,
            trailing_comments=trailing,
            statement_comments=tuple(notes),
        )

    @staticmethod
    def _inputs_values(statements) -> tuple[tuple, tuple]:
        inputs = tuple(v for k, v in statements if k == "input")
        values = tuple(v for k, v in statements if k == "value")
        return inputs, values

    def _stmt(kind: str, integer: bool = False):  # noqa: N805 - a method factory
        def method(self, meta, children):
            (token,) = children
            value = self._integer(token) if integer else self._string(token)
            return kind, (value, self.span(meta))

        return method

    year_stmt = _stmt("year", integer=True)
    period_stmt = _stmt("period")
    version_stmt = _stmt("version")
    basis_stmt = _stmt("basis")
    issuer_stmt = _stmt("issuer")
    description_stmt = _stmt("description")
    reference_stmt = _stmt("reference")
    decimals_stmt = _stmt("decimals", integer=True)

    def weight_stmt(self, meta, children):
        (value,) = children
        return "weight", (value, self.span(meta))

    def aggregate_stmt(self, meta, children):
        (kind,) = children
        return "aggregate", (kind, self.span(meta))

    def agg_sum(self, meta, children):
        return "sum"

    def agg_mean(self, meta, children):
        return "mean"

    def agg_weighted(self, meta, children):
        return "weighted"

    # -- tiers

    def tiers_block(self, meta, children):
        return "tiers", (tuple(children), self.span(meta))

    def tier_decl(self, meta, children):
        name, label = children
        return ast.SurfaceTier(
            name,
            self._string(label),
            span=self.span(meta),
            comments=self.leading(meta),
            end_comment=self.trailing(meta),
        )

    # -- inputs and values

    def input_decl(self, meta, children):
        name, *rest = children
        label = None
        if rest and isinstance(rest[0], Token):
            label = self._string(rest.pop(0))
        (type_name, choices), *options = rest
        fields: dict[str, object] = {}
        comments = self.leading(meta)
        for option, value in options:
            if option == "range":
                fields["minimum"], fields["maximum"] = value
            elif option == "description":  # its comments go above the input's one line
                fields["description"], inner = value
                comments += inner
            else:
                fields[option] = value
        return "input", ast.SurfaceInput(
            name=name,
            label=label,
            type=type_name,
            choices=choices,
            span=self.span(meta),
            comments=comments,
            end_comment=self.trailing(meta),
            **fields,
        )

    def type_number(self, meta, children):
        return "number", ()

    def type_count(self, meta, children):
        return "count", ()

    def type_percent(self, meta, children):
        return "percent", ()

    def type_yesno(self, meta, children):
        return "yesno", ()

    def type_text(self, meta, children):
        return "text", ()

    def type_choice(self, meta, children):
        return "choice", tuple(self._string(t) for t in children)

    def unit_option(self, meta, children):
        (token,) = children
        return "unit", self._string(token)

    def range_option(self, meta, children):
        low, high = children
        return "range", (low, high)

    def at_most_option(self, meta, children):
        (name,) = children
        return "at_most", name

    def missing_option(self, meta, children):
        (policy,) = children
        return "missing", policy

    def missing_zero(self, meta, children):
        return "zero"

    def missing_error(self, meta, children):
        return "error"

    def missing_unclassified(self, meta, children):
        return "unclassified"

    def input_body(self, meta, children):
        if not children:
            return "description", (None, ())
        _kind, (description, span) = children[0]
        end = self.end_comment_at(span.line, span.col)
        return "description", (description, self.comments_at(span) + ((end,) if end else ()))

    def value_decl(self, meta, children):
        name, *rest = children
        label = (
            self._string(rest.pop(0))
            if isinstance(rest[0], Token) and rest[0].type == ("STRING")
            else None
        )
        expr = rest[-1]
        return "value", ast.SurfaceValue(
            name,
            label,
            expr,
            span=self.span(meta),
            comments=self.leading(meta),
            end_comment=self.trailing(meta),
        )

    # -- hierarchy

    def max_uniform(self, meta, children):
        (value,) = children
        return ast.SurfaceMax(uniform=value, span=self.span(meta))

    def max_per_tier(self, meta, children):
        return ast.SurfaceMax(per_tier=tuple(children), span=self.span(meta))

    def tier_max(self, meta, children):
        name, value = children
        return name, value

    def for_clause(self, meta, children):
        return tuple(children)

    def not_scored(self, meta, children):
        return "not_scored"

    def _header(self, children):
        """Split ``name "label" [max] [for] [not scored] statements…``."""
        name, label, *rest = children
        max_clause = for_tiers = None
        scored = True
        statements = []
        for part in rest:
            if isinstance(part, ast.SurfaceMax):
                max_clause = part
            elif part == "not_scored":
                scored = False
            elif isinstance(part, tuple) and (not part or isinstance(part[0], ast.Name)):
                for_tiers = part
            else:
                statements.append(part)
        return name, self._string(label), max_clause, for_tiers, scored, statements

    def _common(self, statements) -> dict:
        """Fields shared by categories, groups and indicators (last one wins; repeats reported)."""
        out: dict[str, object] = {}
        for kind in ("description", "reference", "weight", "aggregate"):
            found = [v for k, v in statements if k == kind]
            if len(found) > 1:
                self.report("E121", found[1][1], what=kind)
            if found:
                out[kind] = found[0][0]
        return out

    def _node_fields(self, meta, statements, *, aggregates: bool = True) -> dict:
        """The fields every category, group and indicator node has, read the same way
        (indicators have no ``aggregate``)."""
        common = self._common(statements)
        inputs, values = self._inputs_values(statements)
        extra = {"aggregation": common.get("aggregate")} if aggregates else {}
        return dict(
            **extra,
            description=common.get("description"),
            reference=common.get("reference"),
            weight=common.get("weight"),
            inputs=inputs,
            values=values,
            span=self.span(meta),
            comments=self.leading(meta),
            end_comment=self.trailing(meta),
            statement_comments=self.statement_comments(statements),
        )

    def category(self, meta, children):
        name, label, max_clause, _for_tiers, _scored, statements = self._header(children)
        return "category", ast.SurfaceCategory(
            name=name,
            label=label,
            max=max_clause,
            groups=tuple(v for k, v in statements if k == "group"),
            levels=tuple(v for k, v in statements if k == "levels"),
            **self._node_fields(meta, statements),
        )

    def group(self, meta, children):
        name, label, max_clause, for_tiers, scored, statements = self._header(children)
        return "group", ast.SurfaceGroup(
            name=name,
            label=label,
            max=max_clause,
            for_tiers=for_tiers,
            scored=scored,
            indicators=tuple(v for k, v in statements if k in ("indicator", "item")),
            **self._node_fields(meta, statements),
        )

    def _indicator(self, meta, children, is_item: bool):
        name, label, max_clause, for_tiers, scored, statements = self._header(children)
        return ("item" if is_item else "indicator"), ast.SurfaceIndicator(
            name=name,
            label=label,
            max=max_clause,
            for_tiers=for_tiers,
            scored=scored,
            is_item=is_item,
            rules=tuple(v for k, v in statements if k == "points"),
            items=tuple(v for k, v in statements if k == "item"),
            **self._node_fields(meta, statements, aggregates=False),
        )

    def indicator(self, meta, children):
        return self._indicator(meta, children, is_item=False)

    def item(self, meta, children):
        return self._indicator(meta, children, is_item=True)

    def points_stmt(self, meta, children):
        return "points", (children[-1], self.span(meta))

    # -- levels

    def levels_block(self, meta, children):
        levels = tuple(c for c in children if isinstance(c, ast.SurfaceLevel))
        otherwise = next((c for c in children if isinstance(c, tuple)), None)
        notes = ()
        if otherwise is not None:
            *otherwise, (comments, end) = otherwise
            otherwise = tuple(otherwise)
            notes = _notes("otherwise", comments, end)
        return "levels", ast.SurfaceLevels(
            levels,
            otherwise,
            span=self.span(meta),
            comments=self.leading(meta),
            end_comment=self.trailing(meta),
            statement_comments=notes,
        )

    def level_decl(self, meta, children):
        name, label, *conditions = children
        return ast.SurfaceLevel(
            name,
            self._string(label),
            tuple(conditions),
            span=self.span(meta),
            comments=self.leading(meta),
            end_comment=self.trailing(meta),
        )

    def levels_otherwise(self, meta, children):
        name, label = children
        return name, self._string(label), self.layout(meta)

    def score_condition(self, meta, children):
        op, (threshold, percent) = children
        return ast.SurfaceCondition("score", op, threshold, percent, span=self.span(meta))

    def group_condition(self, meta, children):
        name, op, (threshold, percent) = children
        return ast.SurfaceCondition(
            "group", op, threshold, percent, group=name, span=self.span(meta)
        )

    def each_group_condition(self, meta, children):
        op, (threshold, percent) = children
        return ast.SurfaceCondition("each_group", op, threshold, percent, span=self.span(meta))

    def level_op(self, meta, children):
        (token,) = children
        return ">=" if token.type == "GE" else ">"

    def threshold(self, meta, children):
        value, *percent = children
        if percent:
            return float(Decimal(repr(value)) / 100), True
        return value, False

    # -- total and ranking

    def total_decl(self, meta, children):
        label = self._string(children[0]) if len(children) == 3 else None
        return "total", ast.SurfaceTotal(
            label,
            children[-1],
            span=self.span(meta),
            comments=self.leading(meta),
            end_comment=self.trailing(meta),
        )

    def ranking(self, meta, children):
        comments, end = self.layout(meta)
        (measure, descending, by_layout), *options = children
        fields: dict[str, object] = {"tiebreaks": []}
        notes = _notes("by", *by_layout)
        for kind, value, option_layout in options:
            if kind == "tiebreak":
                key = f"then_by.{len(fields['tiebreaks'])}"
                fields["tiebreaks"].append(value)
            else:
                key = kind
                fields[kind] = value
            notes += _notes(key, *option_layout)
        fields["tiebreaks"] = tuple(fields["tiebreaks"])
        return "ranking", ast.SurfaceRanking(
            measure,
            descending,
            span=self.span(meta),
            comments=comments,
            end_comment=end,
            statement_comments=tuple(notes),
            **fields,
        )

    def rank_by(self, meta, children):
        return children[0], (children[1] if len(children) > 1 else True), self.layout(meta)

    def ties_option(self, meta, children):
        return "ties", children[0], self.layout(meta)

    def tiebreak_option(self, meta, children):
        descending = children[1] if len(children) > 1 else True
        tiebreak = ast.SurfaceTieBreak(children[0], descending, span=self.span(meta))
        return "tiebreak", tiebreak, self.layout(meta)

    def unclassified_option(self, meta, children):
        return "unclassified", children[0], self.layout(meta)

    def descending(self, meta, children):
        return True

    def ascending(self, meta, children):
        return False

    def ties_competition(self, meta, children):
        return "competition"

    def ties_dense(self, meta, children):
        return "dense"

    def unclassified_ranked(self, meta, children):
        return "ranked"

    def unclassified_last(self, meta, children):
        return "last"

    def unclassified_unranked(self, meta, children):
        return "unranked"

    # -- expressions

    def if_expr(self, meta, children):
        cond, then, otherwise = children
        return If(cond, then, otherwise, span=self.span(meta))

    def or_op(self, meta, children):
        left, right = children
        return Binary("or", left, right, span=self.span(meta))

    def and_op(self, meta, children):
        left, right = children
        return Binary("and", left, right, span=self.span(meta))

    def not_op(self, meta, children):
        (operand,) = children
        return Unary("not", operand, span=self.span(meta))

    def binary(self, meta, children):
        left, op, right = children
        return Binary(str(op), left, right, span=self.span(meta))

    def comp_op(self, meta, children):
        (token,) = children
        return {"EQ": "=", "NE": "!=", "GE": ">=", "LE": "<="}.get(token.type, str(token))

    def negate(self, meta, children):
        _minus, operand = children
        span = self.span(meta)
        written_as_literal = isinstance(operand, Num) and (
            operand.span.end_line,
            operand.span.end_col,
        ) == (span.end_line, span.end_col)
        if written_as_literal:
            return Num(-operand.value, percent=operand.percent, span=span)
        return Unary("-", operand, span=span)

    def cap(self, meta, children):
        value, limit = children
        return Call("cap", (value, limit), span=self.span(meta))

    def num(self, meta, children):
        (value,) = children
        return Num(value, span=self.span(meta))

    def percent(self, meta, children):
        value, _sign = children
        return Num(float(Decimal(repr(value)) / 100), percent=True, span=self.span(meta))

    def text(self, meta, children):
        (token,) = children
        return Str(self._string(token), span=self.span(meta))

    def yes(self, meta, children):
        return Bool(True, span=self.span(meta))

    def no(self, meta, children):
        return Bool(False, span=self.span(meta))

    def ref(self, meta, children):
        (name,) = children
        return Ref(name.text, span=name.span)

    def total_ref(self, meta, children):
        return Ref("total", span=self.span(meta))

    def max_points(self, meta, children):
        return MaxPoints(span=self.span(meta))

    def args(self, meta, children):
        return tuple(children)

    def call(self, meta, children):
        name, args = children
        return self._call(name.text, args, self.span(meta), name.span)

    def max_call(self, meta, children):
        return self._call("max", children[0], self.span(meta), self.span(meta))

    def mean_call(self, meta, children):
        return self._call("mean", children[0], self.span(meta), self.span(meta))

    def _call(self, func: str, args: tuple, span: Span, name_span: Span):
        if func in TIER_FUNCTIONS:
            if len(args) != 1:
                self.report("E310", span, func=func, count=1, given=len(args))
            return TierFunc(func, args[0], span=span)
        if func not in FUNCTIONS:
            known = [*FUNCTIONS, *TIER_FUNCTIONS]
            suggestion = suggest(func, known)
            self.diagnostics.append(
                diag(
                    "E205",
                    name_span,
                    None if suggestion else "E205.known",
                    name=func,
                    suggestion=suggestion,
                )
            )
            return Call(func, args, span=span)
        arity = FUNCTIONS[func]
        if arity is not None and len(args) != arity:
            self.report("E310", span, func=func, count=arity, given=len(args))
        return Call(func, args, span=span)

    def ladder(self, meta, children):
        subject, *steps, (otherwise, comments, end) = children
        return Ladder(
            subject,
            tuple(steps),
            otherwise,
            span=self.span(meta),
            otherwise_comments=comments,
            otherwise_end_comment=end,
        )

    def otherwise_row(self, meta, children):
        (value,) = children
        return (value, *self.layout(meta))

    def ladder_step(self, meta, children):
        op, threshold, value = children
        comments, end = self.layout(meta)
        return LadderStep(
            op, threshold, value, span=self.span(meta), comments=comments, end_comment=end
        )

    def case(self, meta, children):
        subject, *branches, (otherwise, comments, end) = children
        return Case(
            subject,
            tuple(branches),
            otherwise,
            span=self.span(meta),
            otherwise_comments=comments,
            otherwise_end_comment=end,
        )

    def case_branch(self, meta, children):
        option, value = children
        return CaseBranch(
            self._string(option),
            value,
            span=self.span(meta),
            comments=self.leading(meta),
            end_comment=self.trailing(meta),
        )


def _notes(key: str, comments: tuple[str, ...], end: str | None) -> list:
    """``statement_comments`` entries: leading comments under ``key``, the end-of-line
    comment under ``key:end``."""
    out = [(key, comments)] if comments else []
    return out + ([(f"{key}:end", (end,))] if end is not None else [])


#: Framework statements whose comments are kept by statement name.
_FRAMEWORK_STATEMENTS = frozenset(
    {"year", "period", "version", "basis", "issuer", "description", "decimals", "tiers"}
)

#: Grammar rule (or alias) → builder method; every rule of dsl/cqdt.lark has one.
_RULES = tuple(
    name
    for name, value in vars(_SurfaceBuilder).items()
    if callable(value)
    and not name.startswith("_")
    and name
    not in (
        "build",
        "span",
        "token_span",
        "leading",
        "report",
        "comments_at",
        "statement_comments",
        "unplaced_comments",
        "trailing",
        "end_comment_at",
        "layout",
        "notes",
    )
)
