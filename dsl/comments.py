"""Comments: which declaration or statement each one belongs to.

Comments carry no meaning for scoring, but ``cqdt fmt`` must write every one back where the
author put it, and the surface AST keeps them on the node they describe. The lexer hands the
comments over on their own (see :mod:`cqdt.dsl.parsing`); here each is filed under the
construct it describes, by position, before the surface AST is built.

>>> class T(str):  # a token, as the parse tree has them
...     def __new__(cls, text, pos):
...         t = super().__new__(cls, text)
...         t.type, t.line, t.column, t.start_pos = "ID", 1, pos + 1, pos
...         t.end_line, t.end_column, t.end_pos = 1, pos + 1 + len(text), pos + len(text)
...         return t
>>> class N:
...     def __init__(self, data, children):
...         self.data, self.children = data, children
>>> source = "tier a  # first\\n# before b\\ntier b"
>>> tree = N("start", [N("tier_decl", [T("tier a", 0)])])
>>> attach_comments(tree, [(8, "first"), (16, "before b")], source)
({(-1, -1): ('before b',)}, {(1, 1): 'first'})
"""

from __future__ import annotations

import bisect

from cqdt.dsl.tree import Node, Tok

#: Rules whose nodes take the comments written before them and at the end of their last line.
COMMENTABLE = frozenset(
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
        # indexes, growths and named rankings (dsl/build_aggregates.py)
        "index_decl",
        "growth_decl",
        "named_ranking",
    }
)

#: Where comments after the last declaration are filed.
TRAILING = (-1, -1)

#: ``(line, column) where a construct starts → the comments written before it``.
Comments = dict[tuple[int, int], tuple[str, ...]]


def attach_comments(
    tree: Node, comments: list[tuple[int, str]], source: str
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


def _commentable_extents(tree: Node) -> list[_Extent]:
    """Where each commentable construct starts and ends (first and last token, brackets and
    keywords included). Iterative: a sum of 20,000 terms is a tree 20,000 deep."""
    found: list[_Extent] = []
    stack = [tree]
    while stack:  # a plain walk: Lark's ``iter_subtrees`` also orders and dedups, 3× slower
        node = stack.pop()
        stack.extend(child for child in node.children if not isinstance(child, str))
        if node.data not in COMMENTABLE:
            continue
        start = end = node
        while not isinstance(start, str) and start.children:
            start = start.children[0]
        while not isinstance(end, str) and end.children:
            end = end.children[-1]
        first = start if isinstance(start, str) else None
        last = end if isinstance(end, str) else None
        found.append(_Extent(first, last))
    return found


class _Extent:
    """The extent of a grammar rule in the text, from its first and last token (what Lark's
    ``meta`` gives with ``propagate_positions``, computed here only for the rules that take
    comments)."""

    __slots__ = ("line", "column", "end_line", "end_column", "start_pos", "end_pos", "empty")

    def __init__(self, first: Tok | None, last: Tok | None):
        if first is None or last is None:
            self.empty = True
            self.line = self.column = self.end_line = self.end_column = 1
            self.start_pos = self.end_pos = 0
            return
        self.empty = False
        self.line, self.column, self.start_pos = first.line, first.column, first.start_pos
        self.end_line, self.end_column = last.end_line, last.end_column
        self.end_pos = last.end_pos
