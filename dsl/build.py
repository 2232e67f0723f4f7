"""Parse tree → surface AST (:mod:`cqdt.dsl.ast`, expressions from :mod:`cqdt.dsl.expr`).

The parse tree has one node per grammar rule and keeps every token; the surface AST is what
the rest of cqdt reads: names with spans, numbers as floats, labels without quotes, comments
on the node they describe. :class:`SurfaceBuilder` walks the tree bottom-up with one method per
rule (or alias) of ``dsl/cqdt.lark``: the walk, spans, comments and leaves are here, the
declarations in :mod:`cqdt.dsl.build_declarations`, the expressions in
:mod:`cqdt.dsl.build_expr`. A few mistakes only the values show (a number too large, a year
that is not whole, an unknown function) are reported here, with the syntax diagnostics.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

from cqdt.diagnostics import Diagnostic, Span
from cqdt.dsl import ast
from cqdt.dsl.build_aggregates import AggregateRules
from cqdt.dsl.build_declarations import DeclarationRules
from cqdt.dsl.build_expr import ExpressionRules
from cqdt.dsl.comments import TRAILING, Comments
from cqdt.dsl.messages import diag
from cqdt.dsl.tree import Node, Tok

#: Largest number a file may write (1e15: points, thresholds, ranges and counts are far below;
#: above it floats stop being exact whole numbers, and ``1e999`` would be infinite).
MAX_LITERAL = 1e15


def _number(token: Tok) -> float:
    """The value of a NUMBER token; ``inf`` when it is beyond any float (``1e99999999999``),
    for the caller to report."""
    try:
        return float(Decimal(str(token)))
    except InvalidOperation:  # an exponent beyond Decimal's own limits
        return math.inf


class SurfaceBuilder(DeclarationRules, ExpressionRules, AggregateRules):
    """One method per grammar rule (declarations and expressions each in their own module);
    spans come from the rule's first and last token through :meth:`span`."""

    def __init__(self, file: str, comments: Comments, end_comments: dict[tuple[int, int], str]):
        self.file = file
        self.comments = comments
        self.end_comments = end_comments
        self.placed: set[tuple[int, int]] = set()  # comments some node has taken
        self.placed_end: set[tuple[int, int]] = set()
        self.diagnostics: list[Diagnostic] = []
        self.methods = {name: getattr(self, name) for name in _RULES}

    def build(self, tree: Node):
        """The surface node of ``tree`` (see :meth:`_build`)."""
        return self._build(tree)[0]

    def _build(self, tree: Node) -> tuple[object, Tok | None, Tok | None]:
        """Bottom-up, one method per rule, returning the node and its first and last token.

        Simpler and faster than Lark's Transformer (which wraps every method on every call);
        depth is bounded by :func:`cqdt.dsl.prepare.prepare`. Lark keeps every token (see
        :func:`cqdt.dsl.parsing._lark`): keywords and brackets (terminals named ``_…``) give the positions and
        are dropped here; a parenthesised expression is its inner expression (whose own span
        leaves the brackets out, as its parent's includes them).
        """
        children = []
        first = last = None
        for child in tree.children:
            if isinstance(child, str):
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

    def span(self, meta: tuple[Tok | None, Tok | None]) -> Span:
        first, last = meta
        if first is None or last is None:
            return Span(self.file, 1, 1, 1, 1)
        return Span(self.file, first.line, first.column, last.end_line, last.end_column)

    def token_span(self, token: Tok) -> Span:
        return Span(self.file, token.line, token.column, token.end_line, token.end_column)

    def leading(self, meta: tuple[Tok | None, Tok | None]) -> tuple[str, ...]:
        """The comments written just before the construct ``meta`` belongs to."""
        first = meta[0]
        return (
            ()
            if first is None
            else self.comments_at(Span(self.file, first.line, first.column, 0, 0))
        )

    def trailing(self, meta: tuple[Tok | None, Tok | None]) -> str | None:
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
            if kind in (
                "description",
                "reference",
                "weight",
                "aggregate",
                "points",
                "not_applicable",
            ):
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

    def _within_limit(self, value: float, token: Tok) -> bool:
        """E123 for a literal that is not finite or above :data:`MAX_LITERAL`."""
        if math.isfinite(value) and abs(value) <= MAX_LITERAL:
            return True
        shown = str(token) if len(str(token)) <= 40 else str(token)[:40] + "…"
        self.report("E123", self.token_span(token), found=shown, limit="1e15")
        return False

    def _string(self, token: Tok) -> str:
        return str(token)[1:-1]

    def _integer(self, token: Tok) -> int:
        value = _number(token)  # never raises
        if not self._within_limit(value, token):
            return 0
        if value != int(value) or abs(value) > 10_000:
            self.report("E120", self.token_span(token), found=str(token))
        return int(value) if abs(value) <= 10_000 else 0


#: Grammar rule (or alias) → builder method; every rule of dsl/cqdt.lark has one.
_RULES = tuple(
    name
    for klass in SurfaceBuilder.__mro__
    for name, value in vars(klass).items()
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
