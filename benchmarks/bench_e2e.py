"""End to end, cold: the commands people type, each in a fresh process, next to ``import polars``.

A scoring tool that needs Polars cannot start faster than ``python -c "import polars"``, so
that is the baseline, measured in the same run (and the bare interpreter below it). Figures:

- the README main command (``cqdt score`` on the Bắc Kạn example with units and decision
  file): goal under 4× the Polars import;
- ``cqdt check`` on the Bắc Kạn framework and ``cqdt --help``: the commands typed most, which
  need neither Polars nor the writers;
- an import-time breakdown (``python -X importtime``) of each command, listing the packages
  that load although the command does not need them, with their cumulative milliseconds.

Run::

    .venv/bin/python benchmarks/bench_e2e.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import Figure, print_figure  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
START_GOAL = 4.0
FRAMEWORK = "frameworks/2018_backan.cqdt"
EXAMPLE = "examples/backan_2018"

#: Top-level packages each command really needs (anything else heavy is reported).
NEEDED = {
    "help": {"cqdt", "click"},
    "check": {"cqdt", "click", "lark"},
    "score": {"cqdt", "click", "lark", "polars", "fastexcel", "jinja2", "markupsafe", "defusedxml"},
}


def cqdt_command() -> list[str]:
    """How to start the ``cqdt`` console script with this interpreter."""
    script = Path(sys.executable).parent / "cqdt"
    if script.exists():
        return [sys.executable, str(script)]
    return [sys.executable, "-c", "import sys; from cqdt.cli import main; sys.exit(main())"]


def commands(outdir: Path) -> dict[str, list[str]]:
    cqdt = cqdt_command()
    return {
        "python": [sys.executable, "-c", "pass"],
        "import polars": [sys.executable, "-c", "import polars"],
        "help": [*cqdt, "--help"],
        "check": [*cqdt, "check", FRAMEWORK],
        "score": [
            *cqdt,
            "score",
            FRAMEWORK,
            f"{EXAMPLE}/inputs.xlsx",
            "--units",
            f"{EXAMPLE}/units.csv",
            "--decision",
            f"{EXAMPLE}/decision.toml",
            "-o",
            str(outdir),
            "--force",
        ],
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cold(
    cmd: list[str], repeat: int, cpu: list[float] | None = None
) -> tuple[list[float], int, str]:
    """Wall-clock seconds of ``repeat`` fresh runs (after one unmeasured run warms the disk
    cache), the exit status, and the end of stderr when it failed. The CPU seconds of each
    run (user + system, all threads) are appended to ``cpu`` when given."""
    times = []
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), _children_cpu()
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - started)
        if cpu is not None:
            cpu.append(_children_cpu() - started_cpu)
    return times, proc.returncode, proc.stderr[-600:]


_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s+)(\S+)")
_STDLIB = set(sys.stdlib_module_names) | {"site", "encodings"}


def import_entries(cmd: list[str]) -> list[tuple[str, str, float]]:
    """Third-party packages imported by cqdt's own modules: ``(cqdt module, package, ms)``.

    ``-X importtime`` prints every module once, children before their parent, with its
    cumulative time; a third-party module whose parent is a cqdt module (or the script) is
    where cqdt pulls that package in, and its cumulative time is what it costs at start-up
    (its own dependencies included).
    """
    proc = subprocess.run(
        [cmd[0], "-X", "importtime", *cmd[1:]], cwd=REPO, capture_output=True, text=True
    )
    rows = []
    for line in proc.stderr.splitlines():
        m = _IMPORT_LINE.match(line)
        if m:
            rows.append(((len(m.group(3)) - 1) // 2, m.group(4), int(m.group(2)) / 1000))
    entries = []
    stack: list[tuple[int, str]] = []
    for depth, name, ms in reversed(rows):  # parents come after their children
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parent = stack[-1][1] if stack else "<main>"
        top = name.split(".")[0]
        by_us = parent == "<main>" or parent.split(".")[0] == "cqdt"
        third_party = top not in _STDLIB and top != "cqdt" and not top.startswith("__")
        if by_us and third_party:
            entries.append((parent, top, ms))
        stack.append((depth, name))
    return entries


def run(repeat: int) -> tuple[list[Figure], dict]:
    outdir = Path(tempfile.mkdtemp(prefix="cqdt-bench-e2e-"))
    figures: list[Figure] = []
    details: dict = {"unneeded": {}, "imports": {}}
    try:
        cmds = commands(outdir)
        cpu: dict[str, list[float]] = {name: [] for name in cmds}
        measured = {name: cold(cmd, repeat, cpu[name]) for name, cmd in cmds.items()}
        base = median(measured["import polars"][0])
        interp = median(measured["python"][0])
        base_cpu = median(cpu["import polars"])
        figures.append(
            Figure("python -c pass", interp, "s", repeat, note=f"cpu {median(cpu['python']):.3f} s")
        )
        figures.append(
            Figure('python -c "import polars"', base, "s", repeat, note=f"cpu {base_cpu:.3f} s")
        )
        labels = {
            "score": "cqdt score (README main command)",
            "check": f"cqdt check {Path(FRAMEWORK).name}",
            "help": "cqdt --help",
        }
        for name, label in labels.items():
            times, code, err = measured[name]
            note = f"cpu {median(cpu[name]):.3f} s = {median(cpu[name]) / base_cpu:.2f}× import"
            if code != 0:
                note += f"; exit {code}: {err.strip().splitlines()[-1][:120]}"
            figures.append(
                Figure(
                    label,
                    median(times),
                    "s",
                    repeat,
                    baseline=base,
                    baseline_name="import polars",
                    goal=START_GOAL if name == "score" else None,
                    note=note,
                    extra={"cpu": cpu[name], "import_polars_cpu": cpu["import polars"]},
                )
            )
        for name in labels:
            entries = import_entries(cmds[name])
            details["imports"][name] = entries
            details["unneeded"][name] = sorted(
                (e for e in entries if e[1] not in NEEDED[name] and e[2] >= 5),
                key=lambda e: -e[2],
            )
    finally:
        shutil.rmtree(outdir, ignore_errors=True)
    return figures, details


def print_details(details: dict) -> None:
    for name, heavy in details["unneeded"].items():
        print(f"  packages `{name}` loads without needing them (≥ 5 ms, cumulative):")
        for parent, package, ms in heavy:
            print(f"    {package:<14} {ms:6.0f} ms  imported by {parent}")
        if not heavy:
            print("    none")
        needed = sorted((e for e in details["imports"][name] if e[2] >= 5), key=lambda e: -e[2])
        listed = ", ".join(f"{p} {ms:.0f} ms ({parent})" for parent, p, ms in needed[:6])
        print(f"    largest third-party imports: {listed}")


def main(argv: list[str] | None = None) -> tuple[list[Figure], dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    print("end to end (cold processes):", flush=True)
    figures, details = run(args.repeat)
    for fig in figures:
        print_figure(fig)
    print_details(details)
    return figures, details


if __name__ == "__main__":
    main()
