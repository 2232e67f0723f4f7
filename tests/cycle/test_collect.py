"""A folder of returned forms: who sent, who did not, whose form has problems; the run scores
those who sent and publishes the others as "chưa gửi phiếu", never dropping a unit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cqdt.diagnostics import CqdtError
from cqdt.driver.batch import score_job
from cqdt.driver.collect import CollectionError, collect_folder
from cqdt.driver.jobs import ScoreJob
from cqdt.runtime.intake.collect import NOT_SUBMITTED, PROBLEMS, SUBMITTED, form_files
from cqdt.runtime.intake.form_units import write_unit_forms
from cqdt.runtime.intake.registry import load_units

FRAMEWORK = Path(__file__).resolve().parents[2] / "frameworks" / "2018_backan.cqdt"


@pytest.fixture
def returned(tmp_path, backan, units_csv, answers, fill):
    """Every unit's form, filled in from the example's answers; P05 and 01837 never sent."""
    folder = tmp_path / "returned"
    for path in write_unit_forms(backan.model, load_units(units_csv), folder):
        if path.stem in ("P05", "01837"):
            path.unlink()
        else:
            fill(path, answers[path.stem])
    return folder


def test_every_unit_gets_a_status(returned, backan, units_csv):
    read, collection = collect_folder(backan, returned, load_units(units_csv))
    status = {u.code: u.status for u in collection.units}
    assert status.pop("P05") == status.pop("01837") == NOT_SUBMITTED
    assert set(status.values()) == {SUBMITTED} and len(status) == 7
    assert collection.units[0].files == ("P01.xlsx",)
    assert read.frame.height == 7


def test_renamed_form_is_still_its_unit(returned, backan, units_csv):
    (returned / "P12.xlsx").rename(returned / "phieu so TTTT (1).xlsx")
    _, collection = collect_folder(backan, returned, load_units(units_csv))
    p12 = next(u for u in collection.units if u.code == "P12")
    assert (p12.status, p12.files) == (SUBMITTED, ("phieu so TTTT (1).xlsx",))


def test_lock_files_and_other_files_are_not_forms(returned):
    (returned / "~$P01.xlsx").write_bytes(b"lock")
    (returned / ".~lock.P01.xlsx#").write_text("lock")
    (returned / "cong_van.pdf").write_bytes(b"%PDF")
    assert [p.name for p in form_files(returned)] == sorted(
        p.name for p in returned.glob("*.xlsx") if not p.name.startswith("~$")
    )


def test_not_submitted_units_are_scored_as_such_and_audited(returned, units_csv):
    scored = score_job(ScoreJob(FRAMEWORK, (returned,), units=units_csv))
    frame = scored.frame
    assert frame.height == 9  # every registered unit, none dropped
    absent = frame.filter(frame["submission"] == "not_submitted")
    assert sorted(absent["code"]) == ["01837", "P05"]
    assert absent["total"].null_count() == 2 and absent["rank"].null_count() == 2
    assert set(absent["readiness.level"]) == {"unclassified"}
    ranked = frame.filter(frame["tier"] == "province")["rank"].drop_nulls().sort().to_list()
    assert ranked == [1, 2, 3]
    assert frame["code"].to_list()[:4] == ["P01", "P05", "P12", "P17"]  # registry order


def test_a_form_with_problems_stops_the_run_after_the_status(returned, backan, units_csv, fill):
    fill(returned / "P12.xlsx", {"staff": "nhiều"})
    with pytest.raises(CollectionError) as caught:
        collect_folder(backan, returned, load_units(units_csv))
    p12 = next(u for u in caught.value.collection.units if u.code == "P12")
    assert p12.status == PROBLEMS and p12.problems == 1
    assert any(d.code == "D101" or "P12" in str(d.where) for d in caught.value.diagnostics)


def test_a_folder_needs_the_registry(returned):
    with pytest.raises(CqdtError) as caught:
        score_job(ScoreJob(FRAMEWORK, (returned,)))
    assert [d.code for d in caught.value.diagnostics] == ["E941"]


def test_cli_collect_prints_one_line_per_unit(returned, units_csv, cqdt):
    code, _, err = cqdt("collect", FRAMEWORK, returned, "--units", units_csv)
    assert code == 0, err
    lines = err.strip().splitlines()
    assert len(lines) == 10
    assert lines[1].startswith("P05") and lines[1].endswith("chưa gửi phiếu")
    assert lines[0].endswith("đã gửi  P01.xlsx")
    assert lines[-1] == "9 đơn vị: 7 đã gửi, 2 chưa gửi phiếu, 0 phiếu có lỗi"


def test_cli_collect_with_a_bad_form_lists_status_then_cells(returned, units_csv, cqdt, fill):
    fill(returned / "P12.xlsx", {"staff": "nhiều"})
    code, _, err = cqdt("collect", FRAMEWORK, returned, "--units", units_csv)
    assert code == 1
    status, cells = err.index("P12"), err.index("Sở, ban, ngành!C3")
    assert status < cells and "phiếu có lỗi (1 lỗi)" in err


def test_cli_score_folder_publishes_the_absent_units(tmp_path, returned, units_csv, cqdt):
    out = tmp_path / "out"
    code, _, err = cqdt("score", FRAMEWORK, returned, "--units", units_csv, "-o", out)
    assert code == 0, err
    assert "đã chấm 7 đơn vị (2 chưa gửi phiếu)" in err
    assert "P05" in err and "P01" not in err  # the brief status: only who did not send
    units = {u["code"]: u for u in json.loads((out / "results.json").read_text())["units"]}
    assert units["P05"]["submission"] == {"status": "not_submitted", "reason": "chưa gửi phiếu"}
    assert units["P01"]["submission"] == {"status": "submitted", "reason": None}
    annex = (out / "annex.md").read_text()
    assert "Chưa gửi phiếu: Sở Kế hoạch và Đầu tư." in annex
    assert (
        "| Sở Kế hoạch và Đầu tư | — | Không xếp loại | — | Không xếp loại | — | chưa gửi phiếu |"
        in annex
    )
