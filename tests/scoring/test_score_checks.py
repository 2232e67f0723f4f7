"""``score`` checks the data first and reports every problem at once, in vi and en."""

from __future__ import annotations

import polars as pl
import pytest

from cqdt.compiler.model.nodes import MissingPolicy
from cqdt.diagnostics import CqdtError
from cqdt.i18n import set_language
from cqdt.runtime.score.run import score
from tests.scoring.build import category, framework, group, indicator, number, ratio

FW = framework(
    [category("cat", [group("g", [indicator("i", 10, ratio("a", "b"))])])],
    [number("a"), number("b", missing=MissingPolicy.ZERO), number("c", tiers=("commune",))],
)


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language(None)


def test_every_problem_at_once():
    frame = pl.DataFrame(
        {
            "tier": ["province", "nowhere", "province", "province"],
            "code": ["P1", "X1", "P2", "P1"],
            "name": ["a", "b", "c", "d"],
            "a": [1.0, 2.0, None, 3.0],
            "b": [1.0, 1.0, 1.0, 1.0],
        }
    )
    with pytest.raises(CqdtError) as caught:
        score(FW, frame)
    found = sorted((d.code, d.message) for d in caught.value.diagnostics)
    assert found == [
        ("score.duplicate_code", "Unit code 'P1' appears 2 times"),
        ("score.missing_value", "Unit 'P2' has not answered 'a' (Đầu vào a), which is required"),
        (
            "score.unknown_tier",
            "Unit 'X1' belongs to tier 'nowhere', which the framework does not have",
        ),
    ]
    # `c` is asked of communes only and there are none: its absent column is no problem


def test_missing_column_and_bad_type():
    frame = pl.DataFrame(
        {"tier": ["commune"], "code": ["C1"], "name": ["x"], "a": ["mười"], "b": [1.0]}
    )
    with pytest.raises(CqdtError) as caught:
        score(FW, frame)
    codes = {d.code: d for d in caught.value.diagnostics}
    assert set(codes) == {"score.missing_column", "score.bad_type"}
    assert codes["score.bad_type"].value == "mười"
    assert codes["score.missing_column"].hint.startswith("Add this column")


def test_vietnamese_by_default():
    set_language(None)
    frame = pl.DataFrame(
        {"tier": ["province"], "code": ["P1"], "name": ["x"], "a": [None], "b": [1.0]}
    )
    with pytest.raises(CqdtError) as caught:
        score(FW, frame.with_columns(pl.col("a").cast(pl.Float64)))
    assert caught.value.diagnostics[0].message.startswith("Đơn vị 'P1' chưa trả lời 'a'")


def test_integers_are_read_as_numbers_and_order_is_kept():
    frame = pl.DataFrame(
        {
            "tier": ["district", "province"],
            "code": ["D1", "P1"],
            "name": ["d", "p"],
            "a": [1, 2],
            "b": [2, 4],
        }
    )
    out = score(FW, frame.lazy())
    assert out["code"].to_list() == ["D1", "P1"]
    assert out["i"].to_list() == [5.0, 5.0]
    assert out["b.missing"].to_list() == [False, False]
    assert out["c"].to_list() == [None, None]  # absent column for an input not asked here


def test_unknown_backend():
    frame = pl.DataFrame(
        {"tier": ["province"], "code": ["P1"], "name": ["x"], "a": [1.0], "b": [1.0]}
    )
    with pytest.raises(CqdtError) as caught:
        score(FW, frame, backend="numpy")
    assert caught.value.diagnostics[0].code == "score.backend"
