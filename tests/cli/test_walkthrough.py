"""Regressions found walking through cqdt as a policy officer would (QA round 1)."""

import openpyxl
import pytest

from tests.cli.common import DATA, FRAMEWORK, UNITS, run


def test_lang_after_the_command_is_accepted(capsys):
    """The README says "add --lang en"; people add it at the end of the command."""
    code, out, err = run(capsys, "check", FRAMEWORK, "--lang", "en")
    assert code == 0, err
    assert "1 file(s): 0 error(s), 0 warning(s)" in err
    code, out, _ = run(capsys, "score", "--help", "--lang=en")
    assert code == 0
    assert "Validate data, score, level, rank" in out


def test_bad_lang_after_the_command_is_still_a_usage_error(capsys):
    code, _, err = run(capsys, "check", FRAMEWORK, "--lang", "fr")
    assert code == 2
    assert "--lang" in err


def test_renamed_sheet_is_one_error_for_the_tier_not_one_per_unit(tmp_path, capsys):
    book = openpyxl.load_workbook(DATA)
    book["Sở, ban, ngành"].title = "So ban nganh"
    renamed = tmp_path / "renamed.xlsx"
    book.save(renamed)
    code, _, err = run(capsys, "score", FRAMEWORK, renamed, "--units", UNITS, "-o", tmp_path / "o")
    assert code == 1
    assert "error[D112]" not in err
    assert err.count("error[D128]") == 1
    assert "khối Sở, ban, ngành" in err  # the tier's label, not its id 'province'
    assert "Sở, ban, ngành; UBND cấp huyện; UBND cấp xã" in err  # D115 names the sheets
    assert "2 lỗi" in err


def test_explain_shows_a_percent_input_as_a_percentage(capsys):
    code, out, _ = run(capsys, "explain", FRAMEWORK, DATA, "--unit", "P12")
    assert code == 0
    assert "(it_budget_share) = 1,36%" in out


def test_units_list_given_as_data_is_one_clear_error(tmp_path, capsys):
    """Not 115 errors (every question missing, once per tier) but one that names the mix-up."""
    code, _, err = run(capsys, "score", FRAMEWORK, UNITS, "-o", tmp_path / "o")
    assert code == 1
    assert err.count("error[") == 1
    assert "error[D129]" in err and "--units" in err


def test_explain_unknown_unit_suggests_the_code_in_the_right_case(capsys):
    code, _, err = run(capsys, "explain", FRAMEWORK, DATA, "--unit", "p12")
    assert code == 1
    assert "chữ hoa, chữ thường: ý bạn là P12?" in err
    code, _, err = run(capsys, "explain", FRAMEWORK, DATA, "--unit", "ZZZ")
    assert code == 1
    assert "cột A của phiếu khảo sát" in err


def test_sheet_without_its_id_row_is_not_also_reported_missing(tmp_path, capsys):
    book = openpyxl.load_workbook(DATA)
    book["Sở, ban, ngành"].delete_rows(2)
    broken = tmp_path / "broken.xlsx"
    book.save(broken)
    code, _, err = run(capsys, "score", FRAMEWORK, broken, "--units", UNITS, "-o", tmp_path / "o")
    assert code == 1
    assert "error[D203]" in err
    assert "error[D128]" not in err and "error[D112]" not in err


@pytest.mark.parametrize(
    ("args", "vietnamese"),
    [
        (["scor"], "không có lệnh 'scor'; ý bạn là score?"),
        (["check"], "thiếu đối số files"),
        (["check", "--formt", "json", FRAMEWORK], "không có tùy chọn --formt; ý bạn là --format?"),
        (["check", "--format", "xml", FRAMEWORK], "giá trị 'xml' của --format không hợp lệ"),
        (["explain", FRAMEWORK, DATA], "thiếu tùy chọn --unit"),
    ],
)
def test_usage_errors_are_in_vietnamese_with_exit_2(capsys, args, vietnamese):
    code, _, err = run(capsys, *args)
    assert code == 2
    assert vietnamese in err
    assert "Error:" not in err and "--help' để biết cách dùng" in err


def test_usage_errors_stay_as_click_writes_them_in_english(capsys):
    code, _, err = run(capsys, "--lang", "en", "check")
    assert code == 2
    assert "Error: Missing argument 'files'." in err


def test_help_and_version_still_exit_0_and_no_command_exits_2(capsys):
    assert run(capsys, "check", "--help")[0] == 0
    assert run(capsys, "--version")[0] == 0
    code, _, err = run(capsys)
    assert code == 2 and "check" in err


def test_template_does_not_overwrite_a_filled_form_unless_forced(tmp_path, capsys):
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(DATA.read_bytes())
    code, _, err = run(capsys, "template", FRAMEWORK, "-o", filled)
    assert code == 1
    assert "error[template.exists]" in err and "--force" in err
    assert filled.read_bytes() == DATA.read_bytes()
    code, _, _ = run(capsys, "template", FRAMEWORK, "-o", filled, "--force")
    assert code == 0
    assert filled.read_bytes() != DATA.read_bytes()


def test_template_output_must_be_an_xlsx_name(tmp_path, capsys):
    code, _, err = run(capsys, "template", FRAMEWORK, "-o", tmp_path / "form.csv")
    assert code == 2
    assert ".xlsx" in err
    assert not (tmp_path / "form.csv").exists()
