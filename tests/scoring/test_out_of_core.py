"""``score_to_parquet`` (bounded memory, three passes) gives what ``score`` gives: the same
results to the bit, and for bad data the same diagnostics."""

from __future__ import annotations

import threading
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from polars.testing import assert_frame_equal

from cqdt.compiler.load import load_framework
from cqdt.compiler.model.nodes import Derived, MissingPolicy
from cqdt.compiler.plan.build import build_plan
from cqdt.compiler.plan.to_polars import to_polars
from cqdt.diagnostics import CqdtError
from cqdt.dsl.expr import Binary, Num, Ref, TierFunc
from cqdt.i18n import set_language
from cqdt.runtime.intake.read import read_inputs
from cqdt.runtime.score.out_of_core import (
    query_with_constants,
    score_to_parquet,
    tier_constants,
    tier_functions,
)
from cqdt.runtime.score.run import score
from tests.scoring.build import category, framework, group, indicator, number, ratio
from tests.strategies import framework_and_inputs

ROOT = Path(__file__).resolve().parents[2]
FW = framework(
    [category("cat", [group("g", [indicator("i", 10, ratio("a", "b"))])])],
    [number("a"), number("b", missing=MissingPolicy.ZERO), number("c", tiers=("commune",))],
)
TIER_FW = framework(
    [
        category(
            "cat",
            [
                group(
                    "g",
                    [
                        indicator("best_a", 10, TierFunc("minmax", Ref("a"))),
                        indicator("z_a", 10, TierFunc("zscore", Ref("a"))),
                        indicator("top", 10, TierFunc("best", Ref("a"))),
                        indicator("plain", 10, Num(1.0)),
                    ],
                )
            ],
        )
    ],
    [number("a"), number("b", missing=MissingPolicy.ZERO)],
)


#: A derived value that uses a tier function, itself the argument of others: two levels.
NESTED_FW = framework(
    [
        category(
            "cat",
            [
                group(
                    "g",
                    [
                        indicator("share", 10, Binary("*", TierFunc("zscore", Ref("dv")), Num(2))),
                        indicator("deep", 10, TierFunc("best", TierFunc("minmax", Ref("b")))),
                    ],
                )
            ],
        )
    ],
    [number("a"), number("b", missing=MissingPolicy.ZERO)],
    derived=[
        Derived(id="dv", label=None, expr=Binary("-", Ref("a"), TierFunc("tier_mean", Ref("a"))))
    ],
)


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language(None)


def _diagnostics(run) -> list[tuple]:
    with pytest.raises(CqdtError) as caught:
        run()
    return [(d.code, d.message, d.hint, d.value) for d in caught.value.diagnostics]


def test_backan_example_gives_the_same_results(tmp_path):
    fw = load_framework(ROOT / "frameworks" / "2018_backan.cqdt")
    frame = read_inputs(fw, ROOT / "examples" / "backan_2018" / "inputs.xlsx").frame
    assert {node.func for node in tier_functions(build_plan(fw))} == {"best"}
    written = score_to_parquet(fw, frame.lazy(), tmp_path / "out")
    assert written == tmp_path / "out" / "results.parquet"
    assert sorted(p.name for p in written.parent.iterdir()) == ["results.parquet"]
    assert_frame_equal(pl.read_parquet(written), score(fw, frame), check_exact=True)


def test_parquet_path_and_tier_functions(tmp_path):
    """Inputs given as a Parquet path (in parts) and every tier constant kind used."""
    frame = pl.DataFrame(
        {
            "tier": ["province", "district", "province", "district", "province"],
            "code": ["P1", "D1", "P2", "D2", "P3"],
            "name": list("abcde"),
            "a": [1.0, 4.0, 3.5, 4.0, 2.25],
            "b": [1.0, None, 2.0, 3.0, None],
        }
    )
    (tmp_path / "in").mkdir()
    frame[:3].write_parquet(tmp_path / "in" / "part0.parquet")
    frame[3:].write_parquet(tmp_path / "in" / "part1.parquet")
    written = score_to_parquet(TIER_FW, str(tmp_path / "in" / "*.parquet"), tmp_path / "out")
    expected = score(TIER_FW, frame)
    assert_frame_equal(pl.read_parquet(written), expected, check_exact=True)
    # district units all answered 4: a spread of 0 gives minmax 0 and zscore 0
    districts = expected.filter(pl.col("tier") == "district")
    assert districts["best_a"].to_list() == [0.0, 0.0]
    assert districts["z_a"].to_list() == [0.0, 0.0]


def test_constants_live_on_the_context_not_globally():
    """Compiling with constants leaves the ordinary backend untouched, even concurrently."""
    plan = build_plan(TIER_FW)
    frame = pl.DataFrame(
        {"tier": ["province", "province"], "code": ["P1", "P2"], "name": ["a", "b"]}
    ).with_columns(a=pl.Series([1.0, 3.0]), b=pl.Series([1.0, 1.0]))
    constants = tier_constants(plan, frame.lazy(), engine="auto")
    assert constants[TierFunc("best", Ref("a"))]["province"]["max"] == 3.0
    expected = to_polars(plan, frame.lazy()).collect()
    errors: list[BaseException] = []

    def both() -> None:
        try:
            for _ in range(20):
                with_constants = query_with_constants(plan, frame.lazy(), constants).collect()
                plain = to_polars(plan, frame.lazy()).explain()
                assert ".over(" in plain or "over(" in plain
                assert (
                    "over("
                    not in query_with_constants(plan, frame.lazy(), constants)
                    .select("top")
                    .explain()
                )
                assert_frame_equal(with_constants, expected, check_exact=True)
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=both) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(framework_and_inputs(max_units=12))
def test_random_frameworks_give_the_same_results(tmp_path, case):
    fw, frame = case
    try:
        expected = score(fw, frame)
    except CqdtError as error:
        expected_problems = [(d.code, d.message) for d in error.diagnostics]
        with pytest.raises(CqdtError) as caught:
            score_to_parquet(fw, frame.lazy(), tmp_path / "out")
        assert [(d.code, d.message) for d in caught.value.diagnostics] == expected_problems
        return
    written = score_to_parquet(fw, frame.lazy(), tmp_path / "out")
    assert_frame_equal(pl.read_parquet(written), expected, check_exact=True)


def test_bad_data_gives_the_same_diagnostics(tmp_path):
    frame = pl.DataFrame(
        {
            "tier": ["province", "nowhere", "province", "province", None, "district"],
            "code": ["P1", "X1", "P2", "P1", "Q", " "],
            "name": ["a", "b", "c", "d", "e", "f"],
            "a": [1.0, 2.0, None, 3.0, 1.0, 1.0],
            "b": [1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
        }
    )
    expected = _diagnostics(lambda: score(FW, frame))
    assert {code for code, *_ in expected} == {
        "score.duplicate_code",
        "score.missing_value",
        "score.unknown_tier",
        "score.no_code",
    }
    got = _diagnostics(lambda: score_to_parquet(FW, frame.lazy(), tmp_path / "out"))
    assert got == expected
    assert not (tmp_path / "out").exists()  # nothing written for data that cannot be scored


def test_missing_column_bad_type_and_identity_give_the_same_diagnostics(tmp_path):
    bad_type = pl.DataFrame(
        {"tier": ["commune", "commune"], "code": ["C1", "C2"], "name": ["x", "y"]}
    ).with_columns(a=pl.Series(["7", "mười"]), b=pl.Series([1, 2]))
    no_identity = pl.DataFrame({"tier": ["commune"], "a": [1.0]})
    for frame in (bad_type, no_identity):
        expected = _diagnostics(lambda frame=frame: score(FW, frame))
        got = _diagnostics(lambda frame=frame: score_to_parquet(FW, frame.lazy(), tmp_path))
        assert got == expected
    assert {code for code, *_ in _diagnostics(lambda: score(FW, bad_type))} == {
        "score.missing_column",
        "score.bad_type",
    }


def test_well_typed_strings_are_cast_like_score(tmp_path):
    frame = pl.DataFrame(
        {"tier": ["commune", "province"], "code": ["C1", "P1"], "name": ["x", "y"]}
    ).with_columns(a=pl.Series(["7", "2.5"]), b=pl.Series([2, 1]), c=pl.Series([1.0, None]))
    written = score_to_parquet(FW, frame.lazy(), tmp_path)
    assert_frame_equal(pl.read_parquet(written), score(FW, frame), check_exact=True)


def test_nested_tier_functions_take_one_pass_per_level(tmp_path):
    frame = pl.DataFrame(
        {
            "tier": ["province", "district", "province", "district", "province"],
            "code": ["P1", "D1", "P2", "D2", "P3"],
            "name": list("abcde"),
            "a": [1.0, 4.0, 3.5, 7.25, 2.0],
            "b": [1.0, None, 2.0, 3.0, 0.5],
        }
    )
    constants = tier_constants(build_plan(NESTED_FW), frame.lazy(), engine="auto")
    assert {node.func for node in constants} == {"zscore", "tier_mean", "minmax", "best"}
    assert constants[TierFunc("tier_mean", Ref("a"))]["province"]["mean"] == 6.5 / 3
    written = score_to_parquet(NESTED_FW, frame.lazy(), tmp_path)
    expected = score(NESTED_FW, frame)
    assert expected["deep"].to_list() == [1.0, 1.0, 1.0, 1.0, 1.0]
    assert_frame_equal(pl.read_parquet(written), expected, check_exact=True)


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(framework_and_inputs(max_units=8))
def test_random_bad_data_gives_the_same_diagnostics(tmp_path, case):
    """Spoil random valid data (a repeated unit, an unknown tier, required answers emptied)."""
    fw, frame = case
    required = [i.id for i in fw.inputs if i.missing is MissingPolicy.ERROR and i.id in frame]
    spoiled = pl.concat([frame, frame.head(1)]).with_columns(
        pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.lit("nowhere"))
        .otherwise(pl.col("tier"))
        .alias("tier"),
        *[
            pl.when(pl.int_range(pl.len()) == 1).then(None).otherwise(pl.col(c)).alias(c)
            for c in required
        ],
    )
    expected = _diagnostics(lambda: score(fw, spoiled))
    assert "score.duplicate_code" in {code for code, *_ in expected}
    assert _diagnostics(lambda: score_to_parquet(fw, spoiled.lazy(), tmp_path)) == expected
