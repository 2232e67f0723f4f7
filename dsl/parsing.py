"""Text → surface AST: the public :func:`parse`, and the Lark parser it drives, built once.

``parse`` never raises for anything in the text: syntax errors, hostile input (binary data,
NUL bytes, 10,000 nested brackets, huge files) all come back as :class:`Diagnostic` values in
the user's language. The steps each have their module: :mod:`~cqdt.dsl.prepare` normalises
and refuses the text, Lark (LALR, grammar ``dsl/cqdt.lark``) builds the parse tree here (run
faster by :mod:`~cqdt.dsl.fast_parse` where that is known to give Lark's own tree),
:mod:`~cqdt.dsl.syntax_errors` turns Lark's exceptions into diagnostics,
:mod:`~cqdt.dsl.comments` files the comments and :mod:`~cqdt.dsl.build` makes the surface AST.
Only these three modules import Lark; no Lark type leaves them.

>>> fw, diags = parse('framework demo "Demo" { tiers { a "A" } }')
>>> fw.name.text, [t.name.text for t in fw.tiers], diags
('demo', ['a'], [])
>>> fw, diags = parse('framework demo Demo { }')
>>> fw, [d.code for d in diags]
(None, ['E110'])
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import sys
import threading
from importlib import resources

from lark import Lark, Token
from lark import __version__ as lark_version
from lark.exceptions import UnexpectedInput

from cqdt.diagnostics import Diagnostic, Span
from cqdt.dsl import ast
from cqdt.dsl.build import SurfaceBuilder
from cqdt.dsl.comments import attach_comments
from cqdt.dsl.fast_parse import fast_tree
from cqdt.dsl.messages import diag
from cqdt.dsl.prepare import MAX_NESTING, MAX_SOURCE_BYTES, prepare
from cqdt.dsl.syntax_errors import syntax_diagnostic

__all__ = ["MAX_NESTING", "MAX_SOURCE_BYTES", "parse", "paused_gc", "prepare"]

#: One parse at a time: the lexer hands comments to this shared list (see :func:`_lark`).
_lock = threading.Lock()
_comment_tokens: list[Token] = []


def parse(text: str, file: str = "<text>") -> tuple[ast.SurfaceFramework | None, list[Diagnostic]]:
    """Parse a whole ``.cqdt`` file; ``None`` and diagnostics when it cannot be read as one."""
    text, problems = prepare(text, file)
    if problems:
        return None, problems
    with _lock, paused_gc():
        _comment_tokens.clear()
        parser = _lark()
        tree = fast_tree(parser, text)
        if tree is None:  # a syntax error, or no fast loop: Lark's own parse
            _comment_tokens.clear()
            try:
                tree = parser.parse(text)
            except UnexpectedInput as error:
                _comment_tokens.clear()
                return None, [syntax_diagnostic(error, text, file, parser)]
        comments = [(c.start_pos, c.value[1:].rstrip()) for c in _comment_tokens]
        _comment_tokens.clear()
        builder = SurfaceBuilder(file, *attach_comments(tree, comments, text))
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
    otherwise the first allocation after ``enable`` visits all of it in a young collection
    to find no cycle. Skipped when the program froze objects itself, since ``unfreeze``
    would release them too."""
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


@functools.cache
def _lark() -> Lark:
    """The parser, built once per process (and its tables cached between runs).

    Positions are taken from the tokens by the tree builder (:class:`SurfaceBuilder`), so
    every token is kept (keywords and brackets too) and Lark does not propagate positions,
    which would add bookkeeping to every rule. Comments are ignored by the grammar and handed
    to :data:`_comment_tokens` by the lexer."""
    grammar = resources.files("cqdt.dsl").joinpath("cqdt.lark").read_text(encoding="utf-8")
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


def _grammar_cache() -> str | bool:
    """Where Lark keeps the analysed grammar between runs (loading it is far cheaper than
    building it): a file in the user's own cache folder, checked against the grammar's hash by
    Lark on load, one per Lark and Python version. No cache (``False``) when that folder
    cannot be made."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "cqdt")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return False
    version = f"lark{lark_version}-py{sys.version_info[0]}{sys.version_info[1]}"
    return os.path.join(folder, f"grammar-{version}.cache")
