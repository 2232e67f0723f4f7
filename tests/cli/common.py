"""What the CLI tests share: the bundled example's paths and an in-process runner."""

from pathlib import Path

from cqdt.cli import main

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORK = ROOT / "frameworks" / "2018_backan.cqdt"
FRAMEWORK_2019 = ROOT / "frameworks" / "2019_backan.cqdt"
EXAMPLE = ROOT / "examples" / "backan_2018"
DATA = EXAMPLE / "inputs.xlsx"
UNITS = EXAMPLE / "units.csv"
DECISION = EXAMPLE / "decision.toml"


def run(capsys, *args: object) -> tuple[int, str, str]:
    """Run ``cqdt ARGS`` in this process; return the exit status, stdout and stderr."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err
