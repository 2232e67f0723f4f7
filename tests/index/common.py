"""Helpers of the index tests: a framework from text, scored by both backends."""

from __future__ import annotations

import polars as pl

from cqdt.compiler.load import load_framework_text
from cqdt.compiler.model.nodes import Framework
from cqdt.compiler.plan.build import build_plan
from cqdt.compiler.plan.to_polars import to_polars
from cqdt.compiler.plan.to_reference import evaluate


def fw_of(body: str, tiers: str = 'tiers { t "T" }') -> Framework:
    """A checked framework from the statements inside ``framework x "X" { … }``."""
    return load_framework_text(f'framework x "X" {{\n  {tiers}\n{body}\n}}')


def both(fw: Framework, columns: dict[str, list]) -> tuple[pl.DataFrame, list[dict]]:
    """The results of the Polars backend and of the reference evaluator (tier ``t``)."""
    n = len(next(iter(columns.values())))
    data = {"tier": ["t"] * n, "code": [f"U{i + 1}" for i in range(n)], "name": ["u"] * n}
    data.update(columns)
    frame = pl.DataFrame(data, schema_overrides={k: pl.Float64 for k in columns})
    plan = build_plan(fw)
    return to_polars(plan, frame.lazy()).collect(), evaluate(plan, frame.to_dicts())


def column(results: tuple[pl.DataFrame, list[dict]], name: str) -> list:
    """One column from both backends, checked equal."""
    fast, slow = results
    got = fast[name].to_list()
    assert got == [row[name] for row in slow], name
    return got
