"""A publication is all or nothing: a kill at any step, or a second run, never mixes two runs.

The kill test forks a child per step k that publishes run B over run A and SIGKILLs itself just
before its k-th file-system call (fsync, rename, exchange, mkdir, rmdir, chmod, rmtree); the
folder must then be entirely A or entirely B, and the next run's recovery leaves no leftovers.
The concurrency tests start two real ``cqdt score`` processes at the same moment.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cqdt.runtime import atomic

DATA = Path(__file__).parent / "data" / "publication"
NAMES = ("results.json", "results.xlsx", "annex.html", "annex.md", "annex.docx", "annex.pdf")
RUN_A = {name: f"A {name}\n".encode() * 50 for name in NAMES}
RUN_B = {name: f"B {name}\n".encode() * 70 for name in NAMES}
_CALLS = ("fsync", "rename", "replace", "mkdir", "rmdir", "chmod", "open", "unlink")

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")


def _contents(folder: Path) -> dict[str, bytes] | None:
    if not folder.exists():
        return None
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def _publish_killed_at(outdir: Path, step: int, exchange: bool) -> bool:
    """Publish B over ``outdir`` in a child killed before its ``step``-th call; True if killed."""
    pid = os.fork()
    if pid == 0:  # the child: count calls, die at the step
        count = [0]

        def counted(real):
            def call(*args, **kwargs):
                count[0] += 1
                if count[0] == step:
                    os.kill(os.getpid(), signal.SIGKILL)
                return real(*args, **kwargs)

            return call

        for name in _CALLS:
            setattr(os, name, counted(getattr(os, name)))
        shutil.rmtree = counted(shutil.rmtree)
        atomic._exchange = counted(atomic._exchange if exchange else lambda a, b: False)
        try:
            atomic.publish_folder(outdir, RUN_B)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


@pytest.mark.parametrize("exchange", [True, False], ids=["rename-exchange", "two-renames"])
def test_a_kill_at_any_step_leaves_the_old_or_the_new_publication(tmp_path, exchange):
    outdir = tmp_path / "out"
    states = []
    for step in range(1, 200):
        shutil.rmtree(outdir, ignore_errors=True)
        atomic.publish_folder(outdir, RUN_A)
        killed = _publish_killed_at(outdir, step, exchange)
        seen = _contents(outdir)
        if exchange:
            # One exchange: at every moment a reader sees A or B, never a gap or a mix.
            assert seen in (RUN_A, RUN_B), f"step {step}: {seen and sorted(seen)}"
        with atomic.folder_lock(outdir):
            atomic.recover_folder(outdir)
        after = _contents(outdir)
        assert after in (RUN_A, RUN_B), f"step {step}: after recovery {after and sorted(after)}"
        assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"], step
        states.append("A" if after == RUN_A else "B")
        if not killed:
            break
    else:
        pytest.fail("the publication never finished")
    assert states[-1] == "B"
    assert len(states) > 10  # many distinct kill points were exercised
    assert "A" in states and states.count("B") >= 2  # killed both before and after the swap


def test_two_renames_cut_in_the_middle_is_rolled_back(tmp_path, monkeypatch):
    """Without an exchange, a kill between the renames leaves no folder; recovery restores A."""
    outdir = tmp_path / "out"
    atomic.publish_folder(outdir, RUN_A)
    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    real = os.rename
    calls = []

    def second_rename_fails(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise KeyboardInterrupt  # stands for the kill: nothing after it runs
        real(src, dst)

    monkeypatch.setattr(os, "rename", second_rename_fails)
    with pytest.raises(KeyboardInterrupt):
        atomic.publish_folder(outdir, RUN_B)
    monkeypatch.setattr(os, "rename", real)
    assert not outdir.exists()
    with atomic.folder_lock(outdir):
        atomic.recover_folder(outdir)
    assert _contents(outdir) == RUN_A
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]


def _score(data: str, outdir: Path, *extra: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "cqdt.cli", "-q", "--lang", "en", "score"]
    command += [str(DATA / "small.cqdt"), str(DATA / data), "--units", str(DATA / "units.csv")]
    return subprocess.Popen(
        [*command, "-o", str(outdir), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _one_run(outdir: Path) -> str:
    """Which data file the whole folder came from; fails if its files mix two runs."""
    doc = json.loads((outdir / "results.json").read_text(encoding="utf-8"))
    (data,) = doc["inputs"]
    digest = data["sha256"][:16]
    for name in ("annex.md", "annex.html"):
        assert digest in (outdir / name).read_text(encoding="utf-8"), name
    return data["path"]


def _held_lock(outdir: Path):
    import fcntl

    fd = os.open(outdir.parent / f".{outdir.name}.lock", os.O_RDWR | os.O_CREAT, 0o666)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def test_two_runs_into_one_new_folder_one_wins_the_other_is_refused(tmp_path):
    """Both start while the folder does not exist; the loser gets E902, nothing is overwritten."""
    outdir = tmp_path / "out"
    fd = _held_lock(outdir)  # both runs pass the early check, then queue on the lock
    runs = {"A.csv": _score("A.csv", outdir), "B.csv": _score("B.csv", outdir)}
    time.sleep(4)  # time to score and render; then both wait for the lock
    os.close(fd)
    done = {name: (run.wait(timeout=60), run.stderr.read()) for name, run in runs.items()}
    codes = sorted(code for code, _ in done.values())
    assert codes == [0, 1], done
    (winner,) = [name for name, (code, _) in done.items() if code == 0]
    (loser_err,) = [err for code, err in done.values() if code == 1]
    assert "E902" in loser_err and "Traceback" not in loser_err
    assert _one_run(outdir) == winner


def test_overlapping_force_runs_do_not_interleave(tmp_path):
    outdir = tmp_path / "out"
    first = _score("A.csv", outdir)
    assert first.wait(timeout=60) == 0
    fd = _held_lock(outdir)
    runs = [_score(name, outdir, "--force") for name in ("B.csv", "A.csv", "B.csv")]
    os.close(fd)
    assert [run.wait(timeout=90) for run in runs] == [0, 0, 0]
    assert _one_run(outdir) in ("A.csv", "B.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]


_SLOW_RENAMES = """
import os, sys, time
from cqdt.cli import main
def slow(real):
    def call(*args, **kwargs):
        time.sleep(0.5)
        return real(*args, **kwargs)
    return call
os.replace, os.rename = slow(os.replace), slow(os.rename)
sys.exit(main(sys.argv[1:]))
"""


def test_a_force_run_started_during_another_ones_renames_does_not_interleave(tmp_path):
    """Run X's renames are slowed (as on a network share); Y starts once X's first one landed."""
    outdir = tmp_path / "out"
    assert _score("A.csv", outdir).wait(timeout=60) == 0
    before = (outdir / "results.json").read_bytes()
    command = [sys.executable, "-c", _SLOW_RENAMES, "-q", "--lang", "en", "score"]
    command += [str(DATA / "small.cqdt"), str(DATA / "B.csv"), "--units", str(DATA / "units.csv")]
    slow = subprocess.Popen([*command, "-o", str(outdir), "--force"], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while (outdir / "results.json").read_bytes() == before and time.monotonic() < deadline:
        time.sleep(0.02)
    fast = _score("A.csv", outdir, "--force")
    assert fast.wait(timeout=60) == 0 and slow.wait(timeout=60) == 0
    assert _one_run(outdir) in ("A.csv", "B.csv")
