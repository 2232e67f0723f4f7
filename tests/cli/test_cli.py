"""The command line contract of design.md: commands, exit codes, languages, no tracebacks.

Each test runs ``cqdt.cli.main`` in-process (fast) with the bundled Bắc Kạn example; one test
runs the installed console script in a subprocess to prove the entry point works.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.cli.common import DATA, DECISION, FRAMEWORK, FRAMEWORK_2019, UNITS, run


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.startswith("cqdt 0.")


def test_help_is_vietnamese_by_default_and_english_on_request(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "Kiểm tra số liệu, chấm điểm" in out
    code, out, _ = run(capsys, "--lang", "en", "--help")
    assert code == 0
    assert "Validate data, score, level, rank" in out


def test_check_clean_framework(capsys):
    code, _, err = run(capsys, "check", FRAMEWORK, FRAMEWORK_2019)
    assert code == 0
    assert "2 tệp: 0 lỗi, 0 cảnh báo" in err


def test_check_reports_every_problem_with_position_and_exit_1(tmp_path, capsys):
    bad = tmp_path / "bad.cqdt"
    text = FRAMEWORK.read_text(encoding="utf-8")
    text = text.replace(
        "points = round(staff_with_pc / staff * max, 2)",
        "points = round(staff_with_pcs / staff * max, 2)",
    )
    text = text.replace("group human ", "group infrastructure ", 1)
    bad.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "check", bad)
    assert code == 1
    assert "Traceback" not in err
    assert f"{bad}:" in err and "error[" in err
    assert err.count("error[") >= 2  # both problems, at once
    assert "staff_with_pc" in err  # did-you-mean


def test_check_json(tmp_path, capsys):
    bad = tmp_path / "bad.cqdt"
    bad.write_text(
        'framework x "X" {\n  tiers { a "A" }\n  category c "C" max 10 {\n', encoding="utf-8"
    )
    code, out, _ = run(capsys, "check", "--format", "json", bad)
    assert code == 1
    data = json.loads(out)
    assert data and all(
        "code" in d for d in (data if isinstance(data, list) else data["diagnostics"])
    )


def test_missing_file_is_usage_error(capsys):
    code, _, err = run(capsys, "check", "no-such-file.cqdt")
    assert code == 2
    assert "không tìm thấy tệp" in err


def test_unknown_option_is_usage_error(capsys):
    code, _, _ = run(capsys, "check", "--bogus", FRAMEWORK)
    assert code == 2


def test_fmt_check_on_bundled_frameworks(capsys):
    code, out, _ = run(capsys, "fmt", "--check", FRAMEWORK, FRAMEWORK_2019)
    assert code == 0, out


def test_fmt_rewrites_a_messy_file(tmp_path, capsys):
    messy = tmp_path / "messy.cqdt"
    shutil.copy(FRAMEWORK, messy)
    original = messy.read_text(encoding="utf-8")
    messy.write_text(original.replace("\n  year 2018", "\n        year     2018"), encoding="utf-8")
    assert run(capsys, "fmt", "--check", messy)[0] == 1
    assert run(capsys, "fmt", messy)[0] == 0
    assert messy.read_text(encoding="utf-8") == original
    assert run(capsys, "fmt", "--check", messy)[0] == 0


def test_template_then_score_round_trip(tmp_path, capsys):
    form = tmp_path / "form.xlsx"
    code, _, err = run(capsys, "template", FRAMEWORK, "-o", form, "--units", UNITS)
    assert code == 0, err
    assert form.stat().st_size > 0
    # An unfilled form is not scoreable: every required answer is reported, no output written.
    out = tmp_path / "out"
    code, _, err = run(capsys, "score", FRAMEWORK, form, "--units", UNITS, "-o", out)
    assert code == 1
    assert "Traceback" not in err
    assert "!" in err  # Sheet!Cell positions
    assert not out.exists()


def test_score_writes_outputs_and_guards_outdir(tmp_path, capsys):
    out = tmp_path / "out"
    args = ("score", FRAMEWORK, DATA, "--units", UNITS, "--decision", DECISION, "-o", out)
    code, _, err = run(capsys, *args)
    assert code == 0, err
    names = sorted(p.name for p in out.iterdir())
    assert names == ["annex.html", "annex.md", "results.json", "results.xlsx"]
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert len(doc["units"]) == 150
    # An existing folder is not clobbered without --force …
    code, _, err = run(capsys, *args)
    assert code == 1
    assert "--force" in err
    # … and is with it.
    code, _, _ = run(capsys, *args, "--force")
    assert code == 0


def test_verify_confirms_and_detects_tampering(tmp_path, capsys):
    out = tmp_path / "out"
    base = ("score", FRAMEWORK, DATA, "--units", UNITS, "--decision", DECISION)
    assert run(capsys, *base, "-o", out)[0] == 0
    code, _, err = run(capsys, *base, "--verify", out)
    assert code == 0, err
    annex = out / "annex.md"
    annex.write_text(annex.read_text(encoding="utf-8").replace("93,72", "99,72"), encoding="utf-8")
    code, _, err = run(capsys, *base, "--verify", out)
    assert code == 1
    assert "annex.md" in err


def test_explain_text_and_json(capsys):
    code, out, _ = run(capsys, "explain", FRAMEWORK, DATA, "--unit", "P12")
    assert code == 0
    assert "Sở Thông tin và Truyền thông" in out
    code, out, _ = run(capsys, "explain", FRAMEWORK, DATA, "--unit", "P12", "--format", "json")
    assert code == 0
    assert json.loads(out)


def test_explain_unknown_unit_is_a_user_error(capsys):
    code, _, err = run(capsys, "explain", FRAMEWORK, DATA, "--unit", "NOPE")
    assert code == 1
    assert "Traceback" not in err


def test_compile_shows_the_plan(capsys):
    code, out, _ = run(capsys, "compile", FRAMEWORK)
    assert code == 0
    assert "pc_ratio" in out and "readiness" in out


def test_diff_text_and_json(capsys):
    code, out, _ = run(capsys, "diff", FRAMEWORK, FRAMEWORK_2019)
    assert code == 0
    assert "muc_2" in out
    code, out, _ = run(capsys, "diff", FRAMEWORK, FRAMEWORK_2019, "--format", "json")
    assert code == 0
    assert json.loads(out)["changes"]


def test_console_script_entry_point(tmp_path):
    """The installed ``cqdt`` command (or ``python -m cqdt.cli``) runs in a fresh process."""
    exe = shutil.which("cqdt", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "cqdt.cli"]
    done = subprocess.run(
        [*cmd, "--lang", "en", "check", str(FRAMEWORK)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "0 error(s), 0 warning(s)" in done.stderr


def test_score_shows_data_warnings(tmp_path, capsys):
    """A unit renamed on the form is told (D120) and published under the registry's name."""
    import openpyxl

    data = tmp_path / "inputs.xlsx"
    shutil.copy(DATA, data)
    wb = openpyxl.load_workbook(data)
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=1, max_row=8):
            if row[0].value == "P01":
                row[1].value = "VP UBND tỉnh"
    wb.save(data)
    code, _, err = run(capsys, "score", FRAMEWORK, data, "--units", UNITS, "-o", tmp_path / "o")
    assert code == 0
    assert "warning[D120]" in err and "VP UBND tỉnh" in err
    # … and the annex and results print the registry's name, not the form's edit
    published = (tmp_path / "o" / "annex.md").read_text(encoding="utf-8")
    results = (tmp_path / "o" / "results.json").read_text(encoding="utf-8")
    assert "VP UBND tỉnh" not in published and "VP UBND tỉnh" not in results
    assert '"code": "P01",\n      "name": "Văn phòng UBND tỉnh"' in results


def test_verify_from_another_folder(tmp_path, capsys, monkeypatch):
    """Provenance names files, not folders: a result verifies from any working directory."""
    out = tmp_path / "out"
    base = ("score", FRAMEWORK, DATA, "--units", UNITS, "--decision", DECISION)
    assert run(capsys, *base, "-o", out)[0] == 0
    copy = tmp_path / "copy"
    copy.mkdir()
    for source in (FRAMEWORK, DATA, UNITS, DECISION):
        shutil.copy(source, copy / source.name)
    monkeypatch.chdir(copy)
    code, _, err = run(
        capsys,
        "score",
        FRAMEWORK.name,
        DATA.name,
        "--units",
        UNITS.name,
        "--decision",
        DECISION.name,
        "--verify",
        out,
    )
    assert code == 0, err
