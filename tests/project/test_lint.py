"""The code base stays ruff-clean and says nothing of the machine it was written on."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _ruff() -> list[str]:
    exe = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if exe is None:
        pytest.fail("ruff is part of the test extras: pip install -e '.[test]'")
    return [exe]


def test_ruff_check_is_clean():
    run = subprocess.run([*_ruff(), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_ruff_format_is_clean():
    run = subprocess.run(
        [*_ruff(), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_no_machine_paths_in_tracked_text():
    """Code, docs and examples never name this machine's folders."""
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout")
    # Spelled in pieces so that this file does not match itself.
    pieces = ["/wo" + "rk/", "/ro" + "ot/", "/ho" + r"me/\w+", "bash" + "_jobs", r"\.lib" + "rary"]
    pattern = re.compile("|".join(pieces))
    offenders = []
    for name in tracked:
        path = ROOT / name
        if path.suffix in {".xlsx", ".docx", ".pdf", ".png", ".parquet"} or not path.is_file():
            continue
        try:
            content = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for lineno, line in enumerate(content.splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{name}:{lineno}: {line.strip()[:80]}")
    assert not offenders, "\n".join(offenders)
