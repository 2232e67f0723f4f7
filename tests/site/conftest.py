"""Fixtures of the cards, site and history tests: the Bắc Kạn example scored once, in Vietnamese.

The 2019 edition is the same answers scored under ``frameworks/2019_backan.cqdt``: the 2018
answers are read, reshaped for 2019 (its new input left empty, as ``cqdt diff`` does for an
impact report) and written as a CSV, which ``cqdt score`` then reads like any data file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import cqdt
from cqdt.i18n import set_language

ROOT = Path(__file__).resolve().parents[2]
FW_2018 = ROOT / "frameworks" / "2018_backan.cqdt"
FW_2019 = ROOT / "frameworks" / "2019_backan.cqdt"
DATA = ROOT / "examples" / "backan_2018" / "inputs.xlsx"
UNITS = ROOT / "examples" / "backan_2018" / "units.csv"
DECISION = ROOT / "examples" / "backan_2018" / "decision.toml"


@pytest.fixture(autouse=True)
def vietnamese():
    set_language("vi")
    yield
    set_language(None)


@pytest.fixture(scope="session")
def backan():
    """The 2018 framework and its scored results (the API's objects)."""
    set_language("vi")
    fw = cqdt.load(FW_2018)
    return fw, fw.score(DATA, units=UNITS)


@pytest.fixture(scope="session")
def data_2019(tmp_path_factory) -> Path:
    """The example's answers as a CSV for the 2019 framework."""
    from cqdt.runtime.diff.impact import adapt_inputs

    old = cqdt.load(FW_2018)
    new = cqdt.load(FW_2019)
    frame = cqdt.read_inputs(old, DATA, units=UNITS).frame
    adapted, assumed = adapt_inputs(frame, new.model, {})
    assert assumed == ("files_paid_online",)
    path = tmp_path_factory.mktemp("data") / "inputs_2019.csv"
    adapted.write_csv(path)
    return path


@pytest.fixture(scope="session")
def published(tmp_path_factory, data_2019):
    """Both editions published by the command line: 2018 with cards, 2019 with the site and a
    two-edition history. Returns the two output folders."""
    from cqdt.cli import main

    set_language("vi")
    base = tmp_path_factory.mktemp("published")
    out18, out19 = base / "b18", base / "b19"
    args18 = [
        *("score", str(FW_2018), str(DATA), "--units", str(UNITS)),
        *("--decision", str(DECISION), "-o", str(out18), "--formats", "cards,site"),
    ]
    args19 = [
        *("score", str(FW_2019), str(data_2019), "--units", str(UNITS), "-o", str(out19)),
        *("--formats", "site", "--history", str(out18 / "results.json")),
        *("--history", str(FW_2018)),
    ]
    for args in (args18, args19):
        assert main(args) == 0
    return out18, out19
