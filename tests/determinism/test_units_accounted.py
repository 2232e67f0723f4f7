"""Every registered unit and every data row is accounted for: scored, or a diagnostic.

Each test recreates a reproducer of a unit that vanished with exit 0 (repros 01, 02, 08, 27);
the last ones break the scorer on purpose to show the driver's audit catches what no reader
reported (a bug in cqdt: InternalError, exit 70).
"""

from pathlib import Path

import polars as pl
import pytest

from cqdt.cli import main
from cqdt.diagnostics import CqdtError, InternalError
from cqdt.driver.batch import score_job
from cqdt.driver.jobs import ScoreJob
from cqdt.i18n import set_language

DATA = Path(__file__).parent / "data"
SMALL = DATA / "small.cqdt"


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    monkeypatch.delenv("CQDT_LANG", raising=False)
    set_language(None)
    yield
    set_language(None)


def score(capsys, tmp_path, *data: str, units: str | None = None) -> tuple[int, str]:
    args = ["--lang", "en", "score", str(SMALL), *(str(DATA / d) for d in data)]
    args += ["--units", str(DATA / units)] if units else []
    code = main([*args, "-o", str(tmp_path / "out")])
    return code, capsys.readouterr().err


def test_the_common_inputs_score_cleanly(capsys, tmp_path):
    code, err = score(capsys, tmp_path, "data.csv", units="units.csv")
    assert code == 0, err
    assert "scored 5 units" in err


def test_a_registry_row_in_a_tier_the_framework_lacks_is_R007(capsys, tmp_path):
    """Repro 01: ``Province`` (capital P) and ``commune`` rows vanished, exit 0."""
    code, err = score(capsys, tmp_path, "data.csv", units="units_typo.csv")
    assert code == 1
    assert "units_typo.csv:7:1: error[R007]: Unit P04 is in tier Province" in err
    assert "units_typo.csv:8:1: error[R007]: Unit C01 is in tier commune" in err
    assert not (tmp_path / "out").exists()


def test_the_registry_tiers_are_checked_with_several_files_too(capsys, tmp_path):
    code, err = score(capsys, tmp_path, "part1.csv", "part2.csv", units="units_typo.csv")
    assert code == 1
    assert err.count("error[R007]") == 2


def test_an_unregistered_unit_in_a_second_file_is_refused_as_with_one_file(capsys, tmp_path):
    """Repro 02: with two files, D99 (not in the registry) was scored and ranked."""
    code, err = score(capsys, tmp_path, "part1.csv", "part2.csv", units="units.csv")
    assert code == 1
    assert "part2.csv!B4: error[D111]: Unit code D99 is not in the units registry" in err
    one = tmp_path / "one.csv"
    lines = (DATA / "part1.csv").read_text(encoding="utf-8").splitlines()
    lines += (DATA / "part2.csv").read_text(encoding="utf-8").splitlines()[1:]
    one.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code_one = main(
        ["--lang", "en", "score", str(SMALL), str(one), "--units", str(DATA / "units.csv")]
        + ["-o", str(tmp_path / "o1")]
    )
    assert code_one == 1
    assert "error[D111]: Unit code D99" in capsys.readouterr().err


def test_a_unit_registered_but_in_no_file_is_E904(capsys, tmp_path):
    code, err = score(capsys, tmp_path, "part1.csv", units="units.csv")
    assert code == 1  # one file: D112 for D01 and D02
    assert err.count("error[D112]") == 2
    part = tmp_path / "p2.csv"
    text = (DATA / "part2.csv").read_text(encoding="utf-8").splitlines()
    part.write_text("\n".join(text[:2]) + "\n", encoding="utf-8")  # D02 left out
    code = main(
        ["--lang", "en", "score", str(SMALL), str(DATA / "part1.csv"), str(part)]
        + ["--units", str(DATA / "units.csv"), "-o", str(tmp_path / "o2")]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert (
        "error[E904]: Unit D02 (Huyện B, tier district) is in the registry but has no data" in err
    )


@pytest.mark.parametrize(
    ("name", "where"),
    [("tier_empty.csv", "tier_empty.csv!A3"), ("tier_null.parquet", "tier_null.parquet!row 2")],
)
def test_a_row_with_an_empty_tier_is_D140(name, where, capsys, tmp_path):
    """Repro 08: without --units the row of P02 was dropped silently, exit 0."""
    code, err = score(capsys, tmp_path, name)
    assert code == 1
    assert f"{where}" in err and "error[D140]: The row of unit P02 has no tier" in err


def test_a_run_that_scores_no_unit_is_E940(capsys, tmp_path):
    """Repro 27: a CSV with CR-only line ends read as a header and no rows: "scored 0 units"."""
    code, err = score(capsys, tmp_path, "cr_only.csv")
    assert code == 1
    assert "error[E940]: No unit to score in cr_only.csv" in err
    assert not (tmp_path / "out").exists()


def _drop_last_row(score):
    def scorer(fw, frame):
        return score(fw, frame).head(-1)

    return scorer


def test_a_unit_lost_by_the_scorer_is_an_internal_error(monkeypatch, tmp_path):
    import cqdt.runtime.score.run as run

    monkeypatch.setattr(run, "score", _drop_last_row(run.score))
    job = ScoreJob(SMALL, (DATA / "data.csv",), units=DATA / "units.csv")
    with pytest.raises(InternalError, match="D02"):
        score_job(job)


def test_a_lost_unit_exits_70_and_publishes_nothing(monkeypatch, capsys, tmp_path):
    import cqdt.runtime.score.run as run

    monkeypatch.delenv("CQDT_DEBUG", raising=False)
    monkeypatch.setattr(run, "score", _drop_last_row(run.score))
    code, err = score(capsys, tmp_path, "data.csv")
    assert code == 70
    assert "this is a bug in cqdt" in err and "not every unit and data row" in err
    assert not (tmp_path / "out").exists()


def test_an_inputs_frame_with_an_unregistered_unit_is_D111():
    """The API's inputs frame goes through the same membership check as a file."""
    import cqdt

    fw = cqdt.load(SMALL)
    frame = cqdt.load(SMALL).score(DATA / "data.csv").frame
    inputs = frame.select("tier", "code", "name", *[i.id for i in fw.model.inputs])
    inputs = inputs.with_columns(pl.col("code").replace("D02", "D77"))
    with pytest.raises(CqdtError) as error:
        fw.score(inputs, units=DATA / "units.csv")
    assert [d.code for d in error.value.diagnostics] == ["D111"]


def test_out_of_core_runs_are_audited_too(tmp_path, monkeypatch):
    import cqdt
    import cqdt.runtime.score.out_of_core as out_of_core

    fw = cqdt.load(SMALL)
    inputs = cqdt.read_inputs(fw, DATA / "data.csv").frame
    inputs.head(0).write_parquet(tmp_path / "empty.parquet")
    with pytest.raises(CqdtError) as error:
        cqdt.score_to_parquet(fw, tmp_path / "empty.parquet", tmp_path / "o")
    assert [d.code for d in error.value.diagnostics] == ["E940"]

    inputs.write_parquet(tmp_path / "inputs.parquet")
    real = out_of_core.score_to_parquet

    def loses_a_row(model, frame, folder, engine="streaming"):
        path = real(model, frame, folder, engine=engine)
        pl.read_parquet(path).head(-1).write_parquet(path)
        return path

    monkeypatch.setattr(out_of_core, "score_to_parquet", loses_a_row)
    with pytest.raises(InternalError, match="5 input rows, 4 result rows"):
        cqdt.score_to_parquet(fw, tmp_path / "inputs.parquet", tmp_path / "o2")


def test_a_registry_cell_too_large_for_csv_is_R006_not_a_crash(capsys, tmp_path):
    """Repro 04, first half: a 200,000-character name made the csv module raise."""
    units = tmp_path / "units_big.csv"
    units.write_text("tier,code,name\nprovince,P01," + "x" * 200_000 + "\n", encoding="utf-8")
    code = main(
        ["--lang", "en", "score", str(SMALL), str(DATA / "data.csv")]
        + ["--units", str(units), "-o", str(tmp_path / "o")]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "error[R006]: Cannot read the units file" in err
