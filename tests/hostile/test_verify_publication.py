"""``--verify`` compares in the publication's own language and reports files it did not publish."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cqdt.cli import main

DATA = Path(__file__).parent / "data" / "publication"
BASE = ["score", str(DATA / "small.cqdt"), str(DATA / "A.csv"), "--units", str(DATA / "units.csv")]


def _run(capsys, *args: str) -> tuple[int, str]:
    code = main([str(a) for a in args])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(("published", "verifier"), [("vi", "en"), ("en", "vi")])
def test_verify_in_another_language_confirms(tmp_path, capsys, monkeypatch, published, verifier):
    monkeypatch.delenv("CQDT_LANG", raising=False)
    out = tmp_path / "pub"
    assert _run(capsys, "--lang", published, *BASE, "-o", out)[0] == 0
    assert json.loads((out / "results.json").read_text(encoding="utf-8"))["language"] == published
    code, err = _run(capsys, "--lang", verifier, *BASE, "--verify", out)
    assert code == 0, err
    assert ("verified: 4 files" if verifier == "en" else "khớp: 4 tệp") in err
    monkeypatch.setenv("CQDT_LANG", verifier)
    code, err = _run(capsys, *BASE, "--verify", out)
    assert code == 0, err


def test_a_tampered_file_is_still_caught_in_another_language(tmp_path, capsys):
    out = tmp_path / "pub"
    assert _run(capsys, *BASE, "-o", out)[0] == 0
    annex = out / "annex.md"
    annex.write_bytes(annex.read_bytes().replace(b"|", b"!", 1))
    code, err = _run(capsys, "--lang", "en", *BASE, "--verify", out)
    assert code == 1
    assert "E906" in err and "annex.md" in err
    assert "results.xlsx" not in err and "annex.html" not in err  # only the changed file


def test_a_file_cqdt_did_not_publish_is_reported(tmp_path, capsys):
    out = tmp_path / "pub"
    assert _run(capsys, *BASE, "-o", out)[0] == 0
    (out / "annex-final.html").write_text("<h1>forged</h1>", encoding="utf-8")
    code, err = _run(capsys, "--lang", "en", *BASE, "--verify", out)
    assert code == 1
    assert "E910" in err and "annex-final.html" in err
    assert "E906" not in err


def test_verify_with_output_is_a_usage_error(tmp_path, capsys):
    out = tmp_path / "pub"
    assert _run(capsys, *BASE, "-o", out)[0] == 0
    code, err = _run(capsys, "--lang", "en", *BASE, "--verify", out, "-o", tmp_path / "elsewhere")
    assert code == 2
    assert "--verify only compares" in err
    assert not (tmp_path / "elsewhere").exists()


def test_verify_of_a_missing_folder_reports_every_file(tmp_path, capsys):
    code, err = _run(capsys, "--lang", "en", *BASE, "--verify", tmp_path / "nowhere")
    assert code == 1 and "E905" in err and "Traceback" not in err
