"""A bug in cqdt exits 70 with a short "please report" message, never a raw traceback.

Repro 04 (cli-internal-error-handler-broken): ``except click_errors.Abort`` raised
AttributeError inside the handler, so every unexpected error ended in two tracebacks and exit 1
(which means "a problem in your data").
"""

import pytest

from cqdt.diagnostics import InternalError
from tests.cli.common import DATA, FRAMEWORK, UNITS, run


def _explode(*args, **kwargs):
    raise RuntimeError("boom in the scorer")


def _broken_invariant(*args, **kwargs):
    raise InternalError("a unit vanished")


@pytest.mark.parametrize("failure", [_explode, _broken_invariant])
def test_an_unexpected_error_exits_70_in_vietnamese(failure, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("CQDT_DEBUG", raising=False)
    monkeypatch.setattr("cqdt.runtime.score.run.score", failure)
    code, _, err = run(capsys, "score", FRAMEWORK, DATA, "--units", UNITS, "-o", tmp_path / "o")
    assert code == 70
    assert "lỗi nội bộ" in err and "Xin báo lỗi" in err
    assert ("boom in the scorer" in err) or ("a unit vanished" in err)
    assert "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_the_bug_message_is_english_with_lang_en(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("CQDT_DEBUG", raising=False)
    monkeypatch.setattr("cqdt.runtime.score.run.score", _explode)
    code, _, err = run(capsys, "--lang", "en", "score", FRAMEWORK, DATA, "-o", tmp_path / "o")
    assert code == 70
    assert "this is a bug in cqdt" in err and "Please report it" in err
    assert "RuntimeError: boom in the scorer" in err
    assert "Traceback" not in err


def test_cqdt_debug_adds_the_traceback(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CQDT_DEBUG", "1")
    monkeypatch.setattr("cqdt.runtime.score.run.score", _explode)
    code, _, err = run(capsys, "score", FRAMEWORK, DATA, "-o", tmp_path / "o")
    assert code == 70
    assert "Traceback" in err and "boom in the scorer" in err
