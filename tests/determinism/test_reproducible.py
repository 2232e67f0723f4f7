"""A published ranking can be reproduced byte for byte, and a tampered one is caught.

``cqdt score`` runs twice on the Bắc Kạn 2018 example, in two separate processes that differ in
``PYTHONHASHSEED``, time zone and locale, into two folders; every output (json, xlsx, html, md,
docx, pdf) must be byte-identical. Every output records the framework hash, the input hash and
the tool version; ``cqdt score --verify`` confirms the published folder and fails with exit 1
(diagnostic E906) once a single byte of it changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import cqdt

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORK = Path("frameworks/2018_backan.cqdt")
EXAMPLE = Path("examples/backan_2018")
FILES = ("results.json", "results.xlsx", "annex.html", "annex.md", "annex.docx", "annex.pdf")
ENVIRONMENTS = (
    {"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8"},
    {"PYTHONHASHSEED": "4242", "TZ": "Asia/Ho_Chi_Minh", "LC_ALL": "C"},
)


def cqdt_command(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the ``cqdt`` command of this interpreter from the repository root."""
    environment = {**os.environ, **(env or {})}
    environment.pop("CQDT_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "cqdt.cli", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def score_args(*more: str) -> list[str]:
    return [
        "score",
        str(FRAMEWORK),
        str(EXAMPLE / "inputs.xlsx"),
        "--units",
        str(EXAMPLE / "units.csv"),
        "--decision",
        str(EXAMPLE / "decision.toml"),
        "--formats",
        "docx",
        "--formats",
        "pdf",
        *more,
    ]


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> list[Path]:
    """Two folders scored by two processes with different hash seeds, time zones and locales."""
    folders = []
    for k, env in enumerate(ENVIRONMENTS):
        outdir = tmp_path_factory.mktemp(f"run{k}") / "out"
        done = cqdt_command(*score_args("-o", str(outdir)), env=env)
        assert done.returncode == 0, done.stderr
        folders.append(outdir)
    return folders


def test_cli_module_runs():
    """``python -m cqdt.cli`` is the console command (so the test needs no PATH)."""
    assert cqdt_command("--help").returncode == 0


def test_every_output_is_byte_identical(published):
    first, second = published
    assert sorted(p.name for p in first.iterdir()) == sorted(FILES)
    for name in FILES:
        a, b = (first / name).read_bytes(), (second / name).read_bytes()
        assert a == b, f"{name} differs between two runs"


def test_no_clock_time_in_outputs(published):
    """Zip members carry the fixed 2000-01-01 time stamp, not the time of the run."""
    for name in ("results.xlsx", "annex.docx"):
        with zipfile.ZipFile(published[0] / name) as archive:
            stamps = {info.date_time[:3] for info in archive.infolist()}
        assert stamps <= {(1980, 1, 1), (2000, 1, 1)}, (name, stamps)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _texts(path: Path) -> str:
    """The searchable text of an output (zip parts joined; the PDF through pdftotext)."""
    if path.suffix in (".xlsx", ".docx"):
        with zipfile.ZipFile(path) as archive:
            return "\n".join(
                archive.read(n).decode("utf-8", "replace")
                for n in archive.namelist()
                if n.endswith(".xml")
            )
    if path.suffix == ".pdf":
        if shutil.which("pdftotext") is None:
            pytest.skip("pdftotext is not installed")
        done = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        )
        return done.stdout
    return path.read_text(encoding="utf-8")


def test_every_output_records_provenance(published):
    """Full hashes in the machine-readable files; the first 16 hex digits in the annex."""
    framework_sha = _sha(ROOT / FRAMEWORK)
    input_sha = _sha(ROOT / EXAMPLE / "inputs.xlsx")
    document = json.loads((published[0] / "results.json").read_text(encoding="utf-8"))
    assert document["framework"]["sha256"] == framework_sha
    assert [i["sha256"] for i in document["inputs"]] == [input_sha]
    assert document["tool"] == {"name": "cqdt", "version": cqdt.__version__}
    for name in FILES:
        text = " ".join(_texts(published[0] / name).split())
        width = 64 if name.startswith("results") else 16
        assert framework_sha[:width] in text, name
        assert input_sha[:width] in text, name
        assert cqdt.__version__ in text, name


def test_verify_confirms_a_published_folder(published):
    done = cqdt_command(*score_args("--verify", str(published[0])))
    assert done.returncode == 0, done.stderr


def test_verify_catches_a_changed_byte(published, tmp_path):
    tampered = tmp_path / "tampered"
    shutil.copytree(published[0], tampered)
    annex = tampered / "annex.md"
    data = bytearray(annex.read_bytes())
    data[len(data) // 2] ^= 0x01
    annex.write_bytes(bytes(data))
    done = cqdt_command(*score_args("--verify", str(tampered)), env={"CQDT_LANG": "en"})
    assert done.returncode == 1, done.stderr
    assert "E906" in done.stderr and "annex.md" in done.stderr
    assert "Traceback" not in done.stderr


def test_verify_catches_a_missing_file(published, tmp_path):
    partial = tmp_path / "partial"
    shutil.copytree(published[0], partial)
    (partial / "results.xlsx").unlink()
    done = cqdt_command(*score_args("--verify", str(partial)))
    assert done.returncode == 1
    assert "E905" in done.stderr and "Traceback" not in done.stderr


def test_verify_checks_every_published_file(published, tmp_path):
    tampered = tmp_path / "tampered"
    shutil.copytree(published[0], tampered)
    docx = tampered / "annex.docx"
    docx.write_bytes(docx.read_bytes() + b"\0")
    args = score_args("--verify", str(tampered))
    without_formats = [a for a in args if a not in ("--formats", "docx", "pdf")]
    done = cqdt_command(*without_formats)
    assert done.returncode == 1, done.stderr
