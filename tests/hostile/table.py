"""Print the hostile-workbook table of ``docs/reliability.md``: ``python tests/hostile/table.py``.

Builds every case into a temporary folder and reads it in a bounded child process (the same
way the tests do), printing one Markdown row per case: what it gets, where, the time taken by
the read (child start-up included) and the peak resident memory of the child.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bounded import bounded_read  # noqa: E402
from workbooks import CASES, build  # noqa: E402


def main() -> int:
    print("| case | file size | outcome | where | read time | peak memory |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for case in CASES:
            path = build(case, Path(folder))
            outcome = bounded_read(path, memory_mb=1500, seconds=60)
            if outcome.killed or outcome.crashed:
                result = f"**{outcome.killed or 'crashed'}**"
            elif outcome.rows is not None:
                warnings = ", ".join(sorted(set(outcome.codes)))
                result = f"read correctly ({len(outcome.rows)} units)" + (
                    f", warning {warnings}" if warnings else ""
                )
            else:
                result = f"{', '.join(sorted(set(outcome.codes)))}: {outcome.messages[0]}"
            where = outcome.where[0] if outcome.where else ""
            size = path.stat().st_size
            print(
                f"| {case} | {size:,} B | {result} | {where} | {outcome.seconds:.1f} s "
                f"| {outcome.peak_rss_mb} MB |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
