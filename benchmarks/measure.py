"""Timing, memory and reporting helpers shared by the benchmarks.

Every benchmark reports a figure the same way: the median of several runs, the number of runs,
and — when there is a baseline measured in the same run — the ratio to it and the goal it is
held to. Ratios, not seconds, are what stays comparable between machines and between a quiet
and a busy machine, which is why each benchmark measures its own baseline next to it.

Memory is the peak resident set size of a *fresh* process (``resource.getrusage`` in a child),
so one measurement cannot inherit the heap of another.

>>> t = Timing("sleep", [0.3, 0.1, 0.2])
>>> t.median, t.runs
(0.2, 3)
>>> Figure("x", 2.0, "s", baseline=1.0, goal=3.0).ratio
2.0
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = [
    "Figure",
    "Timing",
    "machine",
    "peak_rss_mb",
    "print_figure",
    "run_worker",
    "timed",
    "worker_output",
]

HERE = Path(__file__).resolve().parent


@dataclass
class Timing:
    """Wall-clock seconds of repeated runs of one thing, and the CPU seconds they used.

    CPU time (all threads of the process) is kept because the machine is shared: when other
    work competes for the cores, wall time grows but CPU time barely moves.
    """

    name: str
    times: list[float]
    cpu: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else 0.0

    @property
    def runs(self) -> int:
        return len(self.times)


def timed(name: str, fn: Callable[[], object], repeat: int, warmup: int = 0) -> Timing:
    """Run ``fn`` ``warmup`` times unmeasured, then ``repeat`` times measured."""
    for _ in range(warmup):
        fn()
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return Timing(name, times, cpu)


@dataclass
class Figure:
    """One reported number, with its baseline and goal when it has them.

    ``goal`` is the largest acceptable ratio to the baseline (``higher_is_better=False``), or
    the smallest (``True``, for speed-ups); without a baseline the goal applies to ``value``.
    """

    name: str
    value: float
    unit: str
    runs: int = 1
    baseline: float | None = None
    baseline_name: str = ""
    goal: float | None = None
    higher_is_better: bool = False
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline

    @property
    def met(self) -> bool | None:
        if self.goal is None:
            return None
        measured = self.ratio if self.baseline is not None else self.value
        if measured is None:
            return None
        return measured >= self.goal if self.higher_is_better else measured <= self.goal

    def as_dict(self) -> dict:
        out = asdict(self)
        out["ratio"] = self.ratio
        out["met"] = self.met
        return out


def _fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "µs":
        return f"{value:.2f} µs"
    return f"{value:,.1f} {unit}"


def print_figure(fig: Figure) -> None:
    """One line per figure: name, median, runs, ratio to baseline, goal and verdict."""
    line = f"  {fig.name:<44} {_fmt(fig.value, fig.unit):>12}  (n={fig.runs})"
    if fig.ratio is not None:
        line += f"  = {fig.ratio:,.2f}× {fig.baseline_name}"
    if fig.goal is not None:
        sign = "≥" if fig.higher_is_better else "≤"
        line += f"  goal {sign} {fig.goal:g}{'×' if fig.baseline is not None else ''}"
        line += "  OK" if fig.met else "  MISSED"
    if fig.note:
        line += f"  [{fig.note}]"
    print(line, flush=True)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """Current resident memory of this process, in MB (from /proc; 0 where unavailable)."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError):
        return 0.0


def worker_output(payload: dict) -> None:
    """What a worker process prints: one JSON line the parent reads."""
    payload.setdefault("peak_rss_mb", peak_rss_mb())
    print("@@" + json.dumps(payload), flush=True)


def run_worker(script: str, args: list[str], timeout: float = 600) -> dict:
    """Run ``benchmarks/<script> --worker …`` in a fresh interpreter; its JSON result."""
    cmd = [sys.executable, str(HERE / script), "--worker", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("@@"):
            return json.loads(line[2:])
    raise RuntimeError(
        f"worker {' '.join(args)} failed:\n{proc.stdout[-2000:]}{proc.stderr[-4000:]}"
    )


def machine() -> dict:
    """What the figures were measured on."""
    import polars as pl

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "memory_gb": round(mem_gb, 1),
        "python": platform.python_version(),
        "polars": pl.__version__,
        "polars_threads": pl.thread_pool_size(),
    }
