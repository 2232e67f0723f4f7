"""A units registry with history: one file for every year, the run takes the units that exist
at the end of the framework's period (Bắc Kạn's communes merged on 01/02/2020)."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from cqdt.compiler.load import load_checked
from cqdt.diagnostics import CqdtError
from cqdt.driver.pipeline import load_registry
from cqdt.runtime.intake.registry import evaluation_day, load_units, parse_day

REGISTRY = """tier,code,name,parent,valid_from,valid_to,merged_into,split_from
province,P01,Văn phòng UBND tỉnh,,,,,
commune,01834,Xã A,058,,01/02/2020,01900,
commune,01837,Xã B,058,,01/02/2020,01900,
commune,01900,Xã A B,058,2020-02-01,,,
commune,01840,Xã C,058,,,,
"""


@pytest.fixture
def units_file(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(REGISTRY, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def fw_2018():
    from pathlib import Path

    return load_checked(Path(__file__).resolve().parents[2] / "frameworks" / "2018_backan.cqdt")


def test_history_columns_are_read(units_file):
    a = load_units(units_file).get("commune", "01834")
    assert a.valid_to == datetime.date(2020, 2, 1) and a.merged_into == "01900"
    assert load_units(units_file).get("commune", "01900").valid_from == datetime.date(2020, 2, 1)


def test_a_run_takes_the_units_of_its_period(units_file, fw_2018):
    before = load_registry(units_file, fw_2018)
    assert [u.code for u in before.by_tier("commune")] == ["01834", "01837", "01840"]
    meta_2020 = dataclasses.replace(fw_2018.model.meta, year=2020, period=None)
    fw_2020 = dataclasses.replace(fw_2018, model=dataclasses.replace(fw_2018.model, meta=meta_2020))
    after = load_registry(units_file, fw_2020)
    assert [u.code for u in after.by_tier("commune")] == ["01900", "01840"]


def test_evaluation_day_is_the_end_of_the_period(fw_2018):
    meta = dataclasses.replace(fw_2018.model.meta, period="01/01/2020 – 31/01/2020")
    assert evaluation_day(dataclasses.replace(fw_2018.model, meta=meta)) == datetime.date(
        2020, 1, 31
    )
    assert evaluation_day(fw_2018.model) == datetime.date(2018, 12, 31)


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("01/02/2020", datetime.date(2020, 2, 1)),
        ("2020-02-01", datetime.date(2020, 2, 1)),
        ("2020/02/01", None),
        ("31/02/2020", None),
    ],
)
def test_dates_day_first_or_iso(raw, day):
    assert parse_day(raw) == day


def test_a_date_that_cannot_be_read_is_reported(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("tier,code,name,valid_to\ncommune,01834,Xã A,1/2/20\n", encoding="utf-8")
    with pytest.raises(CqdtError) as caught:
        load_units(path)
    (d,) = caught.value.diagnostics
    assert d.code == "R008" and str(d.where).endswith(":2:1") and d.value == "1/2/20"
