"""The benchmark code, run at tiny sizes so it cannot rot between benchmark runs.

No timing is asserted: these tests check that the generated frameworks are valid and use every
rule kind, that the generated data matches the framework's inputs contract, that both backends
agree on it, and that every benchmark produces its figures end to end.
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import bench_e2e  # noqa: E402
import bench_out_of_core  # noqa: E402
import bench_score  # noqa: E402
import gen  # noqa: E402
import measure  # noqa: E402
import run  # noqa: E402
import two_pass  # noqa: E402

from cqdt.compiler.load import check_source, load_framework_text  # noqa: E402
from cqdt.compiler.model.nodes import InputType  # noqa: E402
from cqdt.compiler.plan.build import build_plan  # noqa: E402
from cqdt.compiler.plan.to_polars import to_polars  # noqa: E402
from cqdt.compiler.plan.to_reference import evaluate  # noqa: E402

DTYPES = {
    InputType.NUMBER: pl.Float64,
    InputType.COUNT: pl.Float64,
    InputType.PERCENT: pl.Float64,
    InputType.YESNO: pl.Boolean,
    InputType.CHOICE: pl.String,
}


# -- the generator -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [2, 9, 10, 37, 200])
def test_generated_framework_is_clean(size):
    result = check_source(gen.framework_text(size), "bench.cqdt")
    assert result.diagnostics == []
    fw = result.framework
    assert sum(1 for _, _, ind in fw.indicators() if ind.rule is not None or ind.items) >= size


def test_generated_framework_uses_every_rule_kind():
    text = gen.framework_text(40)
    for construct in (
        "ladder ",
        "best(",
        "worst(",
        "tier_mean(",
        "minmax(",
        "zscore(",
        "case ",
        "clamp(",
        "round(",
        "min(",
        " cap max",
        "item ",
        "value ",
        "aggregate weighted",
        "for province, district",
        "max { province",
        "each group",
        "then by",
        "missing unclassified",
    ):
        assert construct in text, construct


def test_generated_text_is_deterministic():
    assert gen.framework_text(50) == gen.framework_text(50)
    first = gen.inputs_frame(50, 40).collect()
    assert_frame_equal(first, gen.inputs_frame(50, 40).collect())


def test_generated_inputs_match_the_framework_contract():
    fw = load_framework_text(gen.framework_text(30))
    frame = gen.inputs_frame(30, 500).collect()
    assert frame.columns[:3] == ["tier", "code", "name"]
    assert frame.columns[3:] == [inp.id for inp in fw.inputs]
    for inp in fw.inputs:
        assert frame.schema[inp.id] == DTYPES[inp.type], inp.id
        asked = frame.filter(pl.col("tier").is_in(list(inp.tiers)))[inp.id]
        not_asked = frame.filter(~pl.col("tier").is_in(list(inp.tiers)))[inp.id]
        assert not_asked.null_count() == not_asked.len(), inp.id
        if inp.missing.value == "error":
            assert asked.null_count() == 0, inp.id
        if inp.type is InputType.PERCENT:
            assert asked.min() >= 0 and asked.max() <= 1
        if inp.at_most is not None:
            within = frame.filter(pl.col(inp.id) > pl.col(inp.at_most))
            assert within.height == 0, inp.id
        if inp.type is InputType.CHOICE:
            assert set(asked.drop_nulls().unique()) <= set(inp.choices)
    tiers = frame["tier"].value_counts().sort("tier")
    assert dict(tiers.iter_rows()) == {"commune": 450, "district": 40, "province": 10}


def test_parts_concatenate_to_the_whole(tmp_path):
    paths = gen.write_inputs(12, 250, tmp_path, rows_per_part=100)
    assert [p.name for p in paths] == [f"part-{i:04d}.parquet" for i in range(3)]
    written = pl.read_parquet(str(tmp_path / "*.parquet"))
    assert_frame_equal(written, gen.inputs_frame(12, 250).collect())


def test_backends_agree_on_generated_data():
    """Every rule kind at once, on a few hundred units of three tiers (ranks included)."""
    plan = build_plan(load_framework_text(gen.framework_text(40)))
    frame = gen.inputs_frame(40, 300).collect()
    fast = to_polars(plan, frame.lazy()).collect()
    slow = pl.DataFrame(evaluate(plan, frame.to_dicts()), schema=fast.schema)
    assert_frame_equal(fast, slow, check_exact=False, rel_tol=1e-9, abs_tol=1e-9)
    assert fast["rank"].null_count() == 0
    levels = set(fast["cat1.level"].unique())
    assert len(levels) >= 2  # the data spreads units over several levels


def test_three_passes_give_the_same_results_to_the_bit(tmp_path):
    """The bounded-memory prototype agrees exactly with the one-query backend (every tier
    function kind, ranks with a tie-break and unclassified units last)."""
    plan = build_plan(load_framework_text(gen.framework_text(40)))
    gen.write_inputs(40, 900, tmp_path / "in", rows_per_part=400)
    source = pl.scan_parquet(str(tmp_path / "in" / "*.parquet"))
    expected = to_polars(plan, source).collect()
    assert {node.func for node in two_pass.tier_functions(plan)} == {
        "best",
        "worst",
        "tier_mean",
        "minmax",
        "zscore",
    }
    written = two_pass.score_to_parquet(plan, source, tmp_path / "out")
    assert_frame_equal(pl.read_parquet(written["results"]), expected, check_exact=True)


# -- helpers -----------------------------------------------------------------------------------


def test_figure_ratio_and_goal():
    slower = measure.Figure("x", 6.0, "s", baseline=2.0, goal=3.0)
    assert slower.ratio == 3.0 and slower.met is True
    assert measure.Figure("x", 7.0, "s", baseline=2.0, goal=3.0).met is False
    speedup = measure.Figure("x", 40.0, "×", goal=50.0, higher_is_better=True)
    assert speedup.ratio is None and speedup.met is False
    assert measure.Figure("x", 1.0, "s").met is None


def test_timed_counts_runs_and_cpu():
    calls = []
    timing = measure.timed("t", lambda: calls.append(1), repeat=3, warmup=2)
    assert len(calls) == 5 and timing.runs == 3 and len(timing.cpu) == 3


def test_read_floor_touches_every_column():
    frame = pl.DataFrame({"a": [1.0, 2.0], "b": [True, None], "c": ["xy", "z"]})
    assert bench_score.read_floor(frame.lazy()).collect().item() == 3.0 + 1 + 3


def test_import_entries_reads_importtime():
    entries = bench_e2e.import_entries([sys.executable, "-c", "import polars"])
    assert any(package == "polars" and ms > 0 for _, package, ms in entries)
    assert all(package != "json" for _, package, _ in entries)  # stdlib is not reported


def test_e2e_commands_point_at_shipped_files():
    commands = bench_e2e.commands(Path("out"))
    for name in ("check", "score"):
        for arg in commands[name]:
            if arg.startswith(("frameworks/", "examples/")):
                assert (bench_e2e.REPO / arg).exists(), arg
    times, code, _ = bench_e2e.cold(commands["help"], repeat=1)
    assert code == 0 and len(times) == 1


# -- every benchmark end to end, tiny ----------------------------------------------------------


def _finite(figures):
    assert figures
    for fig in figures:
        assert math.isfinite(fig.value) and fig.value >= 0, fig
        if fig.baseline is not None:
            assert math.isfinite(fig.ratio), fig


def test_bench_score_runs():
    figures = bench_score.main(
        ["--units", "400", "--indicators", "20", "--repeat", "1"]
        + ["--ref-units", "60", "--ref-repeat", "1"]
    )
    _finite(figures)
    names = [f.name for f in figures]
    assert any(n.startswith("cqdt score, Parquet") for n in names)
    assert any(n.startswith("speed-up per unit") for n in names)
    shape = next(f for f in figures if f.name == "cqdt score, Parquet → results").extra
    assert shape["result_shape"][0] == 400


def test_bench_out_of_core_runs():
    figures = bench_out_of_core.main(["--units", "500", "--indicators", "10"])
    _finite(figures)


def test_run_compile_and_read_sections():
    _finite(run.compile_figures((20, 40), runs=1))
    _finite(run.read_figures(20, 10, repeat=1))


def test_run_rejects_unknown_sections():
    proc = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--only", "nope"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2 and "nope" in proc.stderr


def test_missing_answers_are_found_by_the_one_query_check():
    """``runtime.run.check_inputs`` finds required answers left empty with one query (the
    per-input filters cost ~1 s at 1,000,000 units): same problems, same order."""
    from cqdt.runtime.score.run import check_inputs

    fw = load_framework_text(gen.framework_text(20))
    frame = gen.inputs_frame(20, 200).collect()
    assert check_inputs(fw, frame) == []
    restricted = next(inp for inp in fw.inputs if inp.tiers == ("province", "district"))
    holes = frame.with_columns(
        # an answer left empty where it is asked (rows 1 and 5 are province units) …
        pl.when(pl.int_range(pl.len()).is_in([1, 5]))
        .then(None)
        .otherwise(pl.col("q00000"))
        .alias("q00000"),
        # … and where it is not (commune rows are empty anyway), which is no problem
        pl.when(pl.col("tier") == "commune")
        .then(None)
        .otherwise(pl.col(restricted.id))
        .alias(restricted.id),
        pl.when(pl.int_range(pl.len()) == 3).then(None).otherwise(pl.col("q00001")).alias("q00001"),
    )
    found = [(p.code, p.message) for p in check_inputs(fw, holes)]
    assert [code for code, _ in found] == ["score.missing_value"] * 3
    assert ["U1" in m for _, m in found] == [True, False, False]
    assert ["U5" in m for _, m in found] == [False, True, False]
    assert "q00001" in found[2][1] and "U3" in found[2][1]
