"""Run ``read_one.py`` on a workbook with its wall time and resident memory bounded.

An address-space limit (``RLIMIT_AS``) does not fit Polars and calamine, which reserve far more
virtual memory than they touch; so the parent watches the child's resident set
(``/proc/PID/status``) and kills it when it passes the memory bound or the time bound. The
outcome says which bound, if any, was hit.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent


@dataclass
class Outcome:
    """What reading one workbook gave: diagnostics, rows, time, memory, or a bound hit."""

    codes: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    rows: list | None = None
    values: list | None = None
    count: int = 0
    seconds: float = 0.0
    peak_rss_mb: int = 0
    killed: str = ""  # "memory" or "time" when a bound was hit
    crashed: str = ""  # stderr of a child that died another way


def _rss_mb(pid: int) -> int:
    """Peak resident memory of ``pid`` so far (``VmHWM``; it starts afresh at exec)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def bounded_read(
    path: Path, *, memory_mb: int = 1024, seconds: float = 20.0, lang: str = "en"
) -> Outcome:
    """Read ``path`` in a child process; never more than ``memory_mb`` or ``seconds``."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, str(HERE / "read_one.py"), str(path), "--lang", lang],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak, killed = 0, ""
    while child.poll() is None:
        peak = max(peak, _rss_mb(child.pid))
        if peak > memory_mb:
            killed = "memory"
        elif time.perf_counter() - started > seconds:
            killed = "time"
        if killed:
            child.kill()
            break
        time.sleep(0.02)
    stdout, stderr = child.communicate()
    elapsed = time.perf_counter() - started
    if killed:
        return Outcome(seconds=elapsed, peak_rss_mb=peak, killed=killed)
    if child.returncode != 0 or not stdout.strip():
        return Outcome(seconds=elapsed, peak_rss_mb=peak, crashed=stderr[-2000:])
    data = json.loads(stdout.strip().splitlines()[-1])
    return Outcome(
        codes=data["codes"],
        messages=data["messages"],
        hints=data["hints"],
        where=data["where"],
        rows=data["rows"],
        values=data.get("values"),
        count=data["count"],
        seconds=elapsed,
        peak_rss_mb=peak,
    )
