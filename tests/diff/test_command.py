"""``run_diff`` (what ``cqdt diff`` calls) and the git external-diff driver."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cqdt.diagnostics import CqdtError
from cqdt.driver.diff import main, run_diff

ROOT = Path(__file__).resolve().parents[2]
OLD = ROOT / "frameworks" / "2018_backan.cqdt"
NEW = ROOT / "frameworks" / "2019_backan.cqdt"

SMALL = """framework demo "Demo" {
  tiers { a "A" }
  input x "X" count range 0 .. 10
  category c "C" max 10 {
    group g "G" max 10 {
      indicator i "I" max 10 { points = x }
    }
  }
}
"""


def test_same_file_has_no_changes():
    out = run_diff(OLD, OLD, data=None, units=None, fmt="text", color=False)
    assert "0 thay đổi" not in out and "cùng nội dung" in out


def test_from_nothing_everything_is_added(tmp_path):
    small = tmp_path / "small.cqdt"
    small.write_text(SMALL, encoding="utf-8")
    out = run_diff(Path("/dev/null"), small, data=None, units=None, fmt="json", color=False)
    assert '"node_added"' in out and '"tier_added"' in out


def test_problems_of_both_files_are_reported_together(tmp_path):
    bad_old = tmp_path / "old.cqdt"
    bad_new = tmp_path / "new.cqdt"
    bad_old.write_text("framework {", encoding="utf-8")
    bad_new.write_text(
        SMALL.replace("max 10 {\n      indicator", "max 11 {\n      indicator"), encoding="utf-8"
    )
    with pytest.raises(CqdtError) as caught:
        run_diff(bad_old, bad_new, data=None, units=None, fmt="text", color=False)
    files = {Path(d.where.file).name for d in caught.value.diagnostics if d.where is not None}
    assert files == {"old.cqdt", "new.cqdt"}


def test_missing_file_is_a_user_problem(tmp_path):
    with pytest.raises(CqdtError):
        run_diff(tmp_path / "nope.cqdt", NEW, data=None, units=None, fmt="text", color=False)


def test_unknown_format_is_a_user_problem():
    with pytest.raises(CqdtError) as caught:
        run_diff(OLD, NEW, data=None, units=None, fmt="pdf", color=False)
    assert caught.value.diagnostics[0].code == "V001"


def test_git_external_diff_driver(tmp_path, capsys):
    # git calls: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE
    args = [
        "--git",
        "frameworks/x.cqdt",
        "/dev/null",
        "0" * 40,
        "100644",
        str(NEW),
        "1" * 40,
        "100644",
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.startswith("cqdt diff frameworks/x.cqdt\n")
    assert "online_payment_share" in out


def test_git_driver_shows_a_broken_revision_instead_of_failing(tmp_path, capsys):
    broken = tmp_path / "broken.cqdt"
    broken.write_text("framework {", encoding="utf-8")
    assert main(["--git", "x.cqdt", str(broken), "0", "100644", str(NEW), "1", "100644"]) == 0
    assert "error[" in capsys.readouterr().out


def test_module_runs_as_a_program():
    done = subprocess.run(
        [sys.executable, "-m", "cqdt.driver.diff", str(OLD), str(NEW)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={"CQDT_LANG": "en", "PATH": ""},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Framework comparison: backan_cqdt_2018 → backan_cqdt_2019" in done.stdout


EXAMPLE = ROOT / "examples" / "backan_2018"


def test_with_data_the_impact_is_appended():
    out = run_diff(
        OLD,
        NEW,
        data=EXAMPLE / "inputs.xlsx",
        units=EXAMPLE / "units.csv",
        fmt="json",
        color=False,
    )
    impact = json.loads(out)["impact"]
    assert impact["data"]["path"] == "inputs.xlsx"
    assert impact["assumed_inputs"] == ["files_paid_online"]
    assert impact["summary"]["units"] == 150


def test_data_that_fits_neither_version_is_a_user_problem():
    with pytest.raises(CqdtError) as caught:
        run_diff(OLD, NEW, data=EXAMPLE / "units.csv", units=None, fmt="text", color=False)
    # the units list given as data: one clear problem, not every column missing per tier
    assert {d.code for d in caught.value.diagnostics} == {"D129"}
