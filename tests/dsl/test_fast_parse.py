"""The fast parse loop (``_FastParser``) against Lark's own parser, token by token.

The fast loop must give exactly the tree Lark gives — same rules, same tokens with the same
types and positions — for every valid file, and give up (``None``) exactly where Lark raises,
so the syntax errors keep coming from Lark. Lark's ``Token`` compares by text only, so the
trees are compared through :func:`shape`, which spells out every token's type and position.
"""

from __future__ import annotations

import gc
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lark import Token, Tree
from lark.exceptions import UnexpectedInput

from cqdt.dsl.parser import _comment_tokens, _fast_parser, _lark, parse, prepare
from tests.fuzz.mutate import MUTATORS, mutate, seed_texts

ROOT = Path(__file__).resolve().parents[2]
SEEDS = seed_texts()
BAD = sorted((ROOT / "tests" / "check" / "bad").glob("*.cqdt"))


def shape(node: Tree | Token) -> tuple:
    """Everything the tree builder reads: rule names, token types, texts and positions, in
    pre-order (iterative: a sum of 20,000 terms is a tree 20,000 deep)."""
    out: list = []
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, Tree):
            out.append((node.data, len(node.children)))
            stack.extend(reversed(node.children))
        else:
            out.append(
                (
                    node.type,
                    str(node),
                    node.start_pos,
                    node.line,
                    node.column,
                    node.end_line,
                    node.end_column,
                    node.end_pos,
                )
            )
    return tuple(out)


def lark_shape(text: str) -> tuple | None:
    """The tree and the comments (collected by the lexer callback) of Lark's parse."""
    _comment_tokens.clear()
    try:
        tree = _lark().parse(text)
    except UnexpectedInput:
        return None
    return shape(tree), tuple(shape(c) for c in _comment_tokens)


def fast_shape(text: str) -> tuple | None:
    _comment_tokens.clear()
    tree = _fast_parser().parse(text)
    return None if tree is None else (shape(tree), tuple(shape(c) for c in _comment_tokens))


def assert_same(text: str) -> None:
    text, problems = prepare(text, "t.cqdt")
    if problems:  # never reaches the parser
        return
    assert fast_shape(text) == lark_shape(text)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_files_give_lark_tree(name):
    text, _ = prepare(SEEDS[name], name)
    expected = lark_shape(text)
    assert fast_shape(text) == expected
    if name.startswith(("frameworks/", "docs/", "tests/dsl/good/")):
        assert expected is not None  # valid files: the fast loop built the tree


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_examples_agree_with_lark(path):
    assert_same(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "# only a comment",
        'framework d "D" { tiers { a "A" } }   # trailing comment\n\n  ',
        'framework d "D" {\r\n tiers { a "A" }\r\n}',
        'bộ  tiêu\tchí d "D" { các khối { a "A" } năm 2018 }',
        'framework d "D" { tiers { a "A" } input x "X" có/không nếu thiếu tính 0 }',
        'framework d "D" { tiers { a "A" } value v = không phải có và không }',
        'framework d "D" { tiers { a "A" } value max = 1 }',  # a keyword where an id goes
        'framework d "D" { tiers { a "A" } value v = x not scored }',
        'framework d "D" { tiers { a "A" } value v = 1e999 + 2,5 }',
        'framework d "D" { tiers { a "A" }',
        'framework d "D" { tiers { a "A } }',
        'framework d "D" { tiers { a "A" } value v = x @ 2 }',
    ],
)
def test_edge_cases_agree_with_lark(text):
    assert_same(text)


@given(st.sampled_from(sorted(SEEDS)), st.randoms(use_true_random=False))
def test_mutants_agree_with_lark(name, rng):
    assert_same(mutate(SEEDS[name], rng))


def test_every_mutator_agrees_with_lark():
    rng = random.Random(20261127)
    text = SEEDS["frameworks/2018_backan.cqdt"]
    for mutator in MUTATORS:
        for _ in range(3):
            assert_same(mutator(text, rng))


def test_parsing_leaves_the_collector_as_it_was():
    """``paused_gc`` files the parse's objects in the oldest generation and re-enables the
    collector; it freezes nothing for good, and leaves a disabled collector disabled."""
    text = SEEDS["frameworks/2018_backan.cqdt"]
    assert gc.isenabled()
    parse(text)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        parse(text)
        assert not gc.isenabled()
    finally:
        gc.enable()
