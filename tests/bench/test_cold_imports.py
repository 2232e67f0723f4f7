"""The README's main job imports only what it uses.

A cold ``cqdt score`` of the bundled example is measured against ``import polars`` (see
docs/performance.md); every library it imports without needing it is paid on every run. The
job runs in a fresh interpreter and the modules it loaded are checked.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples/backan_2018"

#: Libraries the default job (xlsx in; json, xlsx, html, md out) does not need.
UNUSED = ("pyarrow", "numpy", "openpyxl", "pandas", "pydantic", "docx", "weasyprint")

_PROBE = """
import json, sys
from cqdt.cli.entry import main
code = main(sys.argv[1:])
print(json.dumps([code, sorted({m.split('.')[0] for m in sys.modules})]))
"""


def test_main_job_imports_nothing_it_does_not_use(tmp_path):
    args = [
        "--quiet",
        "score",
        str(ROOT / "frameworks/2018_backan.cqdt"),
        str(EXAMPLE / "inputs.xlsx"),
        "--units",
        str(EXAMPLE / "units.csv"),
        "--decision",
        str(EXAMPLE / "decision.toml"),
        "-o",
        str(tmp_path / "out"),
    ]
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, check=True
    )
    code, modules = json.loads(done.stdout.strip().splitlines()[-1])
    assert code == 0, done.stderr
    assert [m for m in UNUSED if m in modules] == []
