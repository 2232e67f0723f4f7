"""The Bắc Kạn 2018 example, loaded and scored once for every test of this folder.

Loading goes the way a user's run goes: the framework text through the parser and checks,
the filled-in workbook through the validating reader (with the units registry, so no unit can
be dropped or invented), then the scorer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORK = ROOT / "frameworks" / "2018_backan.cqdt"
EXAMPLE = ROOT / "examples" / "backan_2018"
INPUTS = EXAMPLE / "inputs.xlsx"
UNITS = EXAMPLE / "units.csv"


@pytest.fixture(scope="session")
def backan_framework():
    from cqdt.compiler.load import load_framework

    return load_framework(FRAMEWORK)


@pytest.fixture(scope="session")
def backan_units():
    from cqdt.runtime.intake.registry import load_units

    return load_units(UNITS)


@pytest.fixture(scope="session")
def backan_inputs(backan_framework, backan_units):
    from cqdt.runtime.intake.read import read_inputs

    return read_inputs(backan_framework, INPUTS, units=backan_units)


@pytest.fixture(scope="session")
def backan_results(backan_framework, backan_inputs):
    from cqdt.runtime.score.run import score

    return score(backan_framework, backan_inputs.frame)
