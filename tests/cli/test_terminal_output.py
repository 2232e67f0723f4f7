"""The command line owns the terminal: warnings follow ``--color/--no-color`` like errors do."""

from pathlib import Path

from tests.cli.common import run

DATA = Path(__file__).resolve().parents[1] / "determinism" / "data"


def _score_with_warnings(capsys, tmp_path, *options):
    # data.csv has a column the district tier is not asked (D122 warnings), and no error
    args = [*options, "score", DATA / "small.cqdt", DATA / "data.csv", "-o", tmp_path / "o"]
    return run(capsys, *args)


def test_warnings_are_coloured_with_color(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    code, _, err = _score_with_warnings(capsys, tmp_path, "--color")
    assert code == 0
    assert "D122" in err and "\x1b[" in err


def test_warnings_are_plain_with_no_color(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    code, _, err = _score_with_warnings(capsys, tmp_path, "--no-color")
    assert code == 0
    assert "D122" in err and "\x1b[" not in err


def test_quiet_hides_warnings_and_the_summary(tmp_path, capsys):
    code, _, err = _score_with_warnings(capsys, tmp_path, "-q")
    assert code == 0
    assert err == ""
