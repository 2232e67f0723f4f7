"""How the parser is put together: Lark stays inside three modules, no Lark object reaches
the surface AST, each module and function stays small, and parsing leaves the collector alone.
The fast loop against Lark itself is ``test_fast_parse.py``.
"""

from __future__ import annotations

import ast as pyast
import dataclasses
import gc
from pathlib import Path

import pytest

from cqdt.dsl import parse
from cqdt.suggest import suggest_id
from tests.fuzz.mutate import seed_texts

ROOT = Path(__file__).resolve().parents[2]
DSL = sorted((ROOT / "dsl").glob("*.py"))
SEEDS = seed_texts()
#: The only modules that may import Lark: they build the tree and read Lark's exceptions.
LARK_MODULES = {"parsing.py", "fast_parse.py", "syntax_errors.py"}


def imported_modules(path: Path) -> set[str]:
    tree = pyast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in pyast.walk(tree):
        if isinstance(node, pyast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, pyast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", DSL, ids=lambda p: p.name)
def test_only_the_parse_modules_import_lark(path):
    uses_lark = any(name.split(".")[0] == "lark" for name in imported_modules(path))
    assert uses_lark == (path.name in LARK_MODULES)


@pytest.mark.parametrize("path", DSL, ids=lambda p: p.name)
def test_modules_and_functions_stay_small(path):
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= 600
    for node in pyast.walk(pyast.parse(text)):
        if isinstance(node, pyast.FunctionDef | pyast.AsyncFunctionDef):
            assert node.end_lineno - node.lineno + 1 <= 80, f"{path.name}: {node.name}"


def lark_objects(value, seen: set[int] | None = None) -> list[str]:
    """Every value inside ``value`` (dataclass fields, tuples, dicts) whose class is Lark's."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return []
    seen.add(id(value))
    found = [type(value).__qualname__] if type(value).__module__.startswith("lark") else []
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = [getattr(value, f.name) for f in dataclasses.fields(value)]
    elif isinstance(value, tuple | list | set | frozenset):
        parts = list(value)
    elif isinstance(value, dict):
        parts = [*value.keys(), *value.values()]
    else:
        parts = []
    for part in parts:
        found += lark_objects(part, seen)
    return found


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_no_lark_object_reaches_the_surface_ast(name):
    framework, diagnostics = parse(SEEDS[name], name)
    assert lark_objects(framework) == []
    assert lark_objects(diagnostics) == []


def test_suggest_takes_any_iterable_and_a_fold():
    assert suggest_id("Staf", iter(["staff", "pcs"])) == "staff"
    assert (
        suggest_id(
            "DIEM", ["điểm"], fold=lambda s: s.casefold().replace("đ", "d").replace("ể", "e")
        )
        == "điểm"
    )


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
