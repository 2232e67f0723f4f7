"""The same published facts, read from the ``results.json`` that ``cqdt score`` publishes."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from .conftest import EXAMPLE, FRAMEWORK, INPUTS, UNITS


@pytest.fixture(scope="module")
def results_json(tmp_path_factory):
    from cqdt.cli import main

    out = tmp_path_factory.mktemp("backan_out")
    argv = ["score", str(FRAMEWORK), str(INPUTS), "--units", str(UNITS), "-o", str(out)]
    argv += ["--decision", str(EXAMPLE / "decision.toml"), "--force"]
    assert main(argv) == 0
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


def test_top_three_departments(results_json):
    ranked = sorted(
        (u["rank"], u["code"]) for u in results_json["units"] if u["tier"] == "province"
    )
    assert ranked[:3] == [(1, "P12"), (2, "P09"), (3, "P07")]


def test_unclassified_in_both_categories(results_json):
    counts = Counter(
        u["tier"]
        for u in results_json["units"]
        if not any(c["classified"] for c in u["categories"].values())
    )
    units = Counter(u["tier"] for u in results_json["units"])
    assert (units, counts) == (
        {"province": 20, "district": 8, "commune": 122},
        {"province": 12, "district": 7, "commune": 122},
    )
