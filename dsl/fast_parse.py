"""A faster run of Lark's own LALR parse for files without mistakes, with Lark as the fallback.

Lark's contextual lexer and LALR driver are general (token streams, interactive parsing, error
recovery); for a file without mistakes most of their per-token work is not needed, and on
large, expression-heavy frameworks it is most of the parse (the measurements are in
``docs/performance.md``, "Parser: fast loop or Lark's own"). :class:`FastParser` reuses Lark's
own per-state lexer regexes (so keywords, ids and priorities are decided exactly as Lark
decides them) and its parse table, and builds the nodes Lark's tree builder builds
(:func:`_tree_callback`); only the per-token work is its own: whitespace is skipped by the
match of the next token, keywords spelt like ids are found in a dict, line and column are
counted inline, shift/reduce actions are read from plain dicts, and a ``?rule`` of one symbol
(``?sum: product``, nine of them per atom of an expression) only changes state.

It reads Lark's internals, so it is used only where it is known to be right:

- only with the Lark versions it was written for (:data:`SUPPORTED_LARK`);
- never when ``CQDT_FAST_PARSE=0`` is set in the environment;
- at the first character it cannot match or the first token the table refuses it gives up,
  and on any exception (a Lark it does not know, a grammar construct it does not support) it
  is abandoned: :func:`fast_tree` then returns ``None`` and the caller parses with Lark itself,
  so every syntax error (expected terminals, parser state) is Lark's own.

``tests/dsl/test_fast_parse.py`` compares its trees with Lark's token by token.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterator

from lark import Lark, Token, Tree
from lark import __version__ as lark_version
from lark.grammar import Rule
from lark.lexer import PatternStr, UnlessCallback
from lark.parsers.lalr_analysis import Shift

#: ``major.minor`` of the Lark releases whose internals this module was written against.
SUPPORTED_LARK = ("1.3",)
#: Set to ``0`` to parse with Lark's own lexer and driver only.
SWITCH = "CQDT_FAST_PARSE"


def enabled() -> bool:
    """Whether the fast loop may be tried: a supported Lark, and not switched off."""
    if os.environ.get(SWITCH, "").strip() == "0":
        return False
    return ".".join(lark_version.split(".")[:2]) in SUPPORTED_LARK


def fast_tree(lark: Lark, text: str) -> Tree | None:
    """The tree Lark would build for ``text``, or ``None``: the caller then parses with Lark
    (a syntax error, the loop switched off or not made for this Lark, or any failure)."""
    if not enabled():
        return None
    try:
        parser = _fast_parser(lark)
        return None if parser is None else parser.parse(text)
    except Exception:  # noqa: BLE001 - any failure of the fast loop means: ask Lark
        return None


@functools.cache
def _fast_parser(lark: Lark) -> FastParser | None:
    """The fast loop for ``lark``'s tables, made once; ``None`` when it cannot be made."""
    try:
        return FastParser(lark)
    except Exception:  # noqa: BLE001 - an unknown Lark or grammar: Lark parses alone
        return None


class FastParser:
    """Lark's LALR parse of a valid file, in one loop: the same tokens, the same tree."""

    def __init__(self, lark: Lark):
        options = lark.options
        if options.maybe_placeholders or options.propagate_positions or options.transformer:
            raise TypeError("the fast parse builds trees for the parser's options only")
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
        if any(not isinstance(key, Rule) for key in inner.callbacks):
            raise TypeError("token callbacks are not supported")
        inline_lists = not any(
            rule.options.expand1 and rule.origin.name.startswith("_") for rule in inner.callbacks
        )
        self.actions = _actions(table, inline_lists)
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
                raise TypeError(f"unsupported lexer callback for {kind}")
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
        stack = [self.start_state]
        values: list = []
        actions, end_state = self.actions, self.end_state
        for token in self._tokens(text, stack):
            kind = token.type
            at_end = kind == "$END"
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
        return None  # a character no token of this state starts with

    def _tokens(self, text: str, stack: list[int]) -> Iterator[Token]:
        """Lark's tokens of ``text``, lexed in the parser state on top of ``stack`` when each
        is asked for (the contextual lexer), then ``$END``; stops early at a character no
        token of that state starts with."""
        end = len(text.rstrip(" \t\r\n\f"))  # trailing whitespace ends no token
        pos = line_start = 0
        line = 1
        tables, callbacks = self.tables, self.callbacks
        new_str = str.__new__
        last = None
        while pos < end:
            matchers, keywords, newline_types, ignore_types = tables.get(stack[-1]) or self._table(
                stack[-1]
            )
            for match in matchers:
                found = match(text, pos, end)
                if found is not None:
                    break
            else:
                return
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
            yield token
        yield (
            Token.new_borrow_pos("$END", "", last)
            if last is not None
            else Token("$END", "", 0, 1, 1)
        )


def _actions(table, inline_lists: bool) -> dict[int, dict[str, object]]:
    """Lark's parse table as plain dicts: per state, terminal or rule name → the next state
    (an int) for a shift, ``(size, tree callback, rule name)`` for a reduction."""
    rules: dict = {}
    actions: dict[int, dict[str, object]] = {}
    for state, row in table.states.items():
        out: dict[str, object] = {}
        for terminal, (action, arg) in row.items():
            if action is Shift:
                out[terminal] = arg
                continue
            if arg not in rules:
                rules[arg] = (
                    len(arg.expansion),
                    _tree_callback(arg, inline_lists),
                    arg.origin.name,
                )
            out[terminal] = rules[arg]
        actions[state] = out
    return actions


def _tree_callback(rule: Rule, inline_lists: bool) -> Callable[[list], object] | None:
    """The tree node of a reduction by ``rule``, as Lark's tree builder makes it for this
    parser's options (every token kept, no placeholders, no positions): children of ``_rules``
    spliced in, a ``?rule`` with one child replaced by it. One function instead of Lark's
    chain of wrappers per reduction.

    With ``inline_lists`` (no ``?_rule`` in the grammar), a ``_rule`` — a keyword's two
    spellings, a repetition — is only ever spliced into its parent, so its value is the plain
    list of its children rather than a tree made to be taken apart."""
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
