"""Read one workbook in a child process: ``python read_one.py PATH [--lang en]``.

The hostile-workbook tests run each read in a child whose memory and time the parent bounds
(``bounded.py``), so a bomb that gets past the checks kills the child, not the test run.
Prints one JSON line: the diagnostic codes, messages, hints and places, the rows read and the
seconds taken.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", type=Path)
    parser.add_argument("--lang", default="en")
    args = parser.parse_args()

    from workbooks import sample

    from cqdt.diagnostics import CqdtError
    from cqdt.i18n import set_language
    from cqdt.runtime.intake.read import read_inputs

    set_language(args.lang)
    fw, registry = sample.framework(), sample.registry()
    started = time.perf_counter()
    outcome: dict = {"codes": [], "messages": [], "where": [], "rows": None}
    try:
        data = read_inputs(fw, args.path, units=registry)
        outcome["rows"] = data.frame.select("tier", "code", "name").rows()
        outcome["values"] = data.frame.drop("tier", "code", "name").rows()
        diagnostics = data.warnings
    except CqdtError as error:
        diagnostics = error.diagnostics
    outcome["codes"] = [d.code for d in diagnostics]
    outcome["messages"] = [d.message for d in diagnostics[:5]]
    outcome["hints"] = [d.hint for d in diagnostics[:5]]
    outcome["where"] = [str(d.where) for d in diagnostics[:5]]
    outcome["count"] = len(diagnostics)
    outcome["seconds"] = round(time.perf_counter() - started, 3)
    print(json.dumps(outcome, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
