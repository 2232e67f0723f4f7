"""results.json writes numbers without binary noise, and ranks stay those of the exact values."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cqdt.cli import main
from cqdt.runtime.publish.write_json import _number

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORK = ROOT / "frameworks" / "2018_backan.cqdt"
DATA = ROOT / "examples" / "backan_2018" / "inputs.xlsx"
UNITS = ROOT / "examples" / "backan_2018" / "units.csv"

_NUMBER = re.compile(r"(?<![\w.\"])-?\d+\.\d+(?:e-?\d+)?")


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (39.870000000000005, "39.87"),
        (0.33759999999999996, "0.3376"),
        (0.1 + 0.2, "0.3"),
        (180.21333333333334, "180.21333333333334"),
        (2 / 3, "0.6666666666666666"),
        (1e-7 + 2e-7, "3e-07"),
        (float(2**53), "9007199254740992.0"),
        (12345678901.25, "12345678901.25"),
    ],
)
def test_a_number_is_written_without_binary_noise(value, written):
    assert json.dumps(_number(value)) == written


def _digits(text: str) -> int:
    mantissa = text.lstrip("-").split("e")[0].replace(".", "").lstrip("0")
    return len(mantissa.rstrip("0"))


def test_the_bundled_example_has_no_float_artefacts(tmp_path, capsys):
    out = tmp_path / "out"
    assert (
        main(["-q", "score", str(FRAMEWORK), str(DATA), "--units", str(UNITS), "-o", str(out)]) == 0
    )
    text = (out / "results.json").read_text(encoding="utf-8")
    # noise looks like a short decimal followed by zeros or nines and a stray digit
    noisy = [n for n in _NUMBER.findall(text) if re.search(r"(0{6,}|9{6,})\d{1,2}$", n)]
    assert noisy == []
    doc = json.loads(text)
    for tier in {u["tier"] for u in doc["units"]}:
        units = [u for u in doc["units"] if u["tier"] == tier and u["rank"] is not None]
        by_rank = sorted(units, key=lambda u: u["rank"])
        totals = [u["total"] for u in by_rank]
        # rounding is monotonic: the written totals still follow the ranks of the exact ones
        assert totals == sorted(totals, reverse=True)
