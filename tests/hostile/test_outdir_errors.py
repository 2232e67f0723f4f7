"""Problems of the output folder and the disk are diagnostics (exit 1), never tracebacks.

A path that is a file (E907), a disk that is full, read-only or over the file-size limit (E909):
each names the folder and the cause, and the folder is left as it was.
"""

from __future__ import annotations

import errno
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from cqdt.cli import main

DATA = Path(__file__).parent / "data" / "publication"


def _score(capsys, outdir: Path, *extra: str) -> tuple[int, str]:
    args = ["--lang", "en", "-q", "score", str(DATA / "small.cqdt"), str(DATA / "A.csv")]
    code = main([*args, "--units", str(DATA / "units.csv"), "-o", str(outdir), *extra])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_a_file_named_as_the_output_folder_is_e907(tmp_path, capsys, force):
    target = tmp_path / "a_file"
    target.write_text("not a folder", encoding="utf-8")
    code, err = _score(capsys, target, *(["--force"] if force else []))
    assert code == 1 and "Traceback" not in err
    assert "E907" in err and "is a file, not a folder" in err
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_a_folder_below_a_file_is_e907(tmp_path, capsys):
    (tmp_path / "a_file").write_text("x", encoding="utf-8")
    code, err = _score(capsys, tmp_path / "a_file" / "sub")
    assert code == 1 and "Traceback" not in err
    assert "E907" in err and "a_file is a file" in err


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EROFS, "read-only"),
        (errno.EACCES, "permission denied"),
        (errno.EIO, "Input/output error"),
    ],
)
def test_an_os_error_while_publishing_is_e909(tmp_path, capsys, monkeypatch, number, reason):
    from cqdt.runtime import atomic

    outdir = tmp_path / "out"
    code, _ = _score(capsys, outdir)
    before = {p.name: p.read_bytes() for p in outdir.iterdir()}

    def failing(target, files):
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(atomic, "_stage", failing)
    code, err = _score(capsys, outdir, "--force")
    assert code == 1 and "Traceback" not in err
    assert "E909" in err and reason in err and "is as it was" in err
    assert {p.name: p.read_bytes() for p in outdir.iterdir()} == before


def test_the_file_size_limit_is_e909(tmp_path):
    """``ulimit -f`` below the size of the PDF: EFBIG is a diagnostic, and no folder appears."""
    outdir = tmp_path / "big_out"

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (20 * 1024, 20 * 1024))

    args = ["--lang", "en", "-q", "score", str(DATA / "small.cqdt"), str(DATA / "A.csv")]
    args += ["--units", str(DATA / "units.csv"), "-o", str(outdir), "--formats", "docx,pdf"]
    done = subprocess.run(
        [sys.executable, "-m", "cqdt.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "E909" in done.stderr and "file-size limit" in done.stderr
    assert not outdir.exists()


def test_the_current_folder_as_outdir(tmp_path, capsys, monkeypatch):
    """``-o .`` (an empty current folder) works: the staging folder goes beside it, by name."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    code, err = _score(capsys, Path("."))
    assert code == 0, err
    assert sorted(p.name for p in here.iterdir()) == [
        "annex.html",
        "annex.md",
        "results.json",
        "results.xlsx",
    ]


def test_a_folder_that_cannot_be_listed_is_e909(tmp_path, capsys, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    real = Path.iterdir

    def refuse(self):
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "iterdir", refuse)  # as chmod 300 would, even for root
    code, err = _score(capsys, locked)
    assert code == 1 and "E909" in err and "permission denied" in err
    assert "Traceback" not in err
