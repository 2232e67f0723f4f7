"""The long framework fuzz run: ``python tests/fuzz/run_long.py N [--seed S] [--out DIR]``.

Runs N mutants of the seed frameworks (plus one random-bytes file in every 20) through
``check_source`` on one core and counts the cases whose outcome is unacceptable (an exception,
or a diagnostic without a code, a message or a position inside the file). Each failing text is
saved under ``--out`` (default: a fresh temporary folder) so it can be replayed with
``check_source``. Deterministic for a given seed. Exit status 1 when anything failed.

The CI tests (``tests/fuzz/test_fuzz_frameworks.py``) run the same mutators through
hypothesis, bounded; this script is what the ≥ 100,000-case figure in ``docs/reliability.md``
comes from.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from cqdt.tests.fuzz.mutate import (  # the repository is the cqdt package (editable install)
    judge,
    mutate,
    random_bytes_text,
    seed_texts,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", type=int, nargs="?", default=100_000)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--report-every", type=int, default=10_000)
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="cqdt-fuzz-"))
    out.mkdir(parents=True, exist_ok=True)
    seeds = seed_texts()
    names = sorted(seeds)
    rng = random.Random(args.seed)
    failures: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    clean = 0
    started = time.monotonic()
    for case in range(1, args.cases + 1):
        if case % 20 == 0:
            text = random_bytes_text(rng, rng.choice((0, 1, 16, 256, 4096, 65536)))
        else:
            text = mutate(seeds[rng.choice(names)], rng)
        try:
            result, problems = judge(text)
        except Exception as error:  # noqa: BLE001 - every exception is a finding
            problems = [f"{type(error).__name__}: {error}"[:200]]
            (out / f"case-{case}.traceback").write_text(traceback.format_exc(), "utf-8")
        else:
            if result.diagnostics:
                codes[result.diagnostics[0].code] += 1
            else:
                clean += 1
        if problems:
            failures[problems[0]] += 1
            (out / f"case-{case}.cqdt").write_text(text, "utf-8", errors="surrogatepass")
        if case % args.report_every == 0 or case == args.cases:
            elapsed = time.monotonic() - started
            print(
                f"{case} cases, {sum(failures.values())} failing, {clean} clean, "
                f"{elapsed:.0f} s ({case / elapsed:.0f}/s)",
                flush=True,
            )
    print("first diagnostic codes:", dict(codes.most_common(15)))
    for problem, count in failures.most_common():
        print(f"FAIL ×{count}: {problem}")
    print(f"failing texts (if any) in {out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
