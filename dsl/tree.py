"""The shape of the parse tree, as the comment attacher and the tree builder read it.

The tree is Lark's (:mod:`cqdt.dsl.parsing` builds it), but only the parsing and syntax-error
modules import Lark: everything after them reads the tree through these two shapes, so a Lark
type never reaches the rest of cqdt and the builder does not depend on Lark's classes. A
token is a ``str`` (Lark's tokens are) with its kind and position; a node is anything else,
with a rule name and children.
"""

from __future__ import annotations

from typing import Protocol


class Tok(Protocol):
    """A token: its text (``str(token)``), terminal name and where it starts and ends."""

    type: str
    line: int
    column: int
    end_line: int
    end_column: int
    start_pos: int
    end_pos: int


class Node(Protocol):
    """A grammar rule's node: the rule (or alias) name and its children, nodes and tokens."""

    data: str
    children: list


def is_token(child: object) -> bool:
    """Whether a child of a node is a token (tokens are strings, nodes are not).

    >>> is_token("x"), is_token(object())
    (True, False)
    """
    return isinstance(child, str)
