"""The fast parse loop (``dsl/fast_parse.py``) against Lark's own parser, token by token.

The fast loop must give exactly the tree Lark gives — same rules, same tokens with the same
types and positions, same comments — for every valid file, and give up (``None``) where Lark
raises, so the syntax errors keep coming from Lark. Lark's ``Token`` compares by text only, so
the trees are compared through :func:`shape`, which spells out every token's type and
position. Whatever happens to the fast loop (it raises, it is switched off, Lark is a version
it was not written for), ``parse`` gives the same surface AST and diagnostics.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark import Token, Tree
from lark.exceptions import UnexpectedInput

from cqdt.compiler.model.printer import print_framework
from cqdt.dsl import fast_parse, parse, parsing
from cqdt.dsl.fast_parse import FastParser
from cqdt.dsl.prepare import prepare
from tests.fuzz.mutate import MUTATORS, mutate, seed_texts
from tests.strategies import frameworks

ROOT = Path(__file__).resolve().parents[2]
SEEDS = seed_texts()
BAD = sorted((ROOT / "tests" / "check" / "bad").glob("*.cqdt"))
BACKAN = SEEDS["frameworks/2018_backan.cqdt"]


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


def comments() -> tuple:
    return tuple(shape(c) for c in parsing._comment_tokens)


def lark_shape(text: str) -> tuple | None:
    """The tree and the comments (collected by the lexer callback) of Lark's parse."""
    parsing._comment_tokens.clear()
    try:
        tree = parsing._lark().parse(text)
    except UnexpectedInput:
        return None
    return shape(tree), comments()


def fast_shape(text: str) -> tuple | None:
    parsing._comment_tokens.clear()
    tree = fast_parse._fast_parser(parsing._lark()).parse(text)
    return None if tree is None else (shape(tree), comments())


def assert_same(text: str) -> None:
    text, problems = prepare(text, "t.cqdt")
    if problems:  # never reaches the parser
        return
    assert fast_shape(text) == lark_shape(text)


def lark_only(text: str, monkeypatch, file: str = "t.cqdt") -> tuple:
    """``parse`` with the fast loop switched off."""
    with monkeypatch.context() as patch:
        patch.setenv(fast_parse.SWITCH, "0")
        return parse(text, file)


def test_the_fast_loop_is_used_with_this_lark():
    assert fast_parse.enabled()
    assert isinstance(fast_parse._fast_parser(parsing._lark()), FastParser)
    text, _ = prepare(BACKAN, "t.cqdt")
    assert fast_parse.fast_tree(parsing._lark(), text) is not None


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_files_give_lark_tree(name):
    text, _ = prepare(SEEDS[name], name)
    expected = lark_shape(text)
    assert fast_shape(text) == expected
    if name.startswith(("frameworks/", "docs/", "tests/dsl/good/")):
        assert expected is not None  # valid files: the fast loop built the tree


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_files_give_the_same_surface_ast(name, monkeypatch):
    fast = parse(SEEDS[name], name)
    slow = lark_only(SEEDS[name], monkeypatch, name)
    assert fast == slow
    assert repr(fast) == repr(slow)


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


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks())
def test_printed_generated_frameworks_agree_with_lark(fw):
    text = print_framework(fw)
    assert lark_shape(prepare(text, "t.cqdt")[0]) is not None
    assert_same(text)


def test_every_mutator_agrees_with_lark():
    rng = random.Random(20261127)
    for mutator in MUTATORS:
        for _ in range(3):
            assert_same(mutator(BACKAN, rng))


# -- the fallback: Lark's own parse whenever the fast loop cannot be trusted


def test_a_fast_loop_that_raises_falls_back_on_lark(monkeypatch):
    expected = lark_only(BACKAN, monkeypatch)

    def broken(self, text):
        raise RuntimeError("a Lark the loop does not know")

    monkeypatch.setattr(FastParser, "parse", broken)
    assert fast_parse.fast_tree(parsing._lark(), prepare(BACKAN, "t.cqdt")[0]) is None
    assert parse(BACKAN, "t.cqdt") == expected


def test_a_failure_mid_parse_leaves_no_comment_behind(monkeypatch):
    """The loop has lexed (and handed over) comments when it fails: Lark's parse starts clean."""
    expected = lark_only(BACKAN, monkeypatch)
    tokens = FastParser._tokens

    def failing_halfway(self, text, stack):
        for k, token in enumerate(tokens(self, text, stack)):
            if k == 400:
                raise KeyError("a terminal the loop does not know")
            yield token

    monkeypatch.setattr(FastParser, "_tokens", failing_halfway)
    assert parse(BACKAN, "t.cqdt") == expected


def test_a_syntax_error_after_a_fast_failure_is_lark_s(monkeypatch):
    text = BACKAN.replace("{", "{ {", 3)
    expected = lark_only(text, monkeypatch)
    assert expected[0] is None and expected[1]
    monkeypatch.setattr(FastParser, "parse", lambda self, text: 1 / 0)
    assert parse(text, "t.cqdt") == expected


def test_a_fast_loop_that_cannot_be_made_falls_back_on_lark(monkeypatch):
    expected = lark_only(BACKAN, monkeypatch)

    def refuse(self, lark):
        raise TypeError("unsupported lexer callback")

    monkeypatch.setattr(FastParser, "__init__", refuse)
    fast_parse._fast_parser.cache_clear()
    try:
        assert fast_parse._fast_parser(parsing._lark()) is None
        assert parse(BACKAN, "t.cqdt") == expected
    finally:
        fast_parse._fast_parser.cache_clear()


def counting_fast_loop(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = FastParser.parse

    def counted(self, text):
        calls.append(1)
        return real(self, text)

    monkeypatch.setattr(FastParser, "parse", counted)
    return calls


@pytest.mark.parametrize("value", ["0", " 0 "])
def test_cqdt_fast_parse_0_switches_it_off(monkeypatch, value):
    calls = counting_fast_loop(monkeypatch)
    expected = parse(BACKAN, "t.cqdt")
    assert calls == [1]
    monkeypatch.setenv(fast_parse.SWITCH, value)
    assert not fast_parse.enabled()
    assert parse(BACKAN, "t.cqdt") == expected
    assert calls == [1]  # not called again


@pytest.mark.parametrize(
    ("version", "used"), [("1.3.1", True), ("1.3.9", True), ("1.4.0", False), ("2.0.0", False)]
)
def test_only_the_lark_versions_it_was_written_for(monkeypatch, version, used):
    monkeypatch.delenv(fast_parse.SWITCH, raising=False)
    monkeypatch.setattr(fast_parse, "lark_version", version)
    assert fast_parse.enabled() is used
    calls = counting_fast_loop(monkeypatch)
    framework, diagnostics = parse(BACKAN, "t.cqdt")
    assert framework is not None and diagnostics == []
    assert calls == ([1] if used else [])
