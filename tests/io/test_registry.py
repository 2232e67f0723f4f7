"""The unit registry: a CSV of units, every bad row reported at ``file:line``."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqdt.diagnostics import CqdtError
from cqdt.runtime.intake.registry import Unit, load_units

EXAMPLE = Path(__file__).parents[2] / "examples" / "backan_2018" / "units.csv"


def test_backan_registry_loads():
    reg = load_units(EXAMPLE)
    assert reg.tiers[0] == "province"
    assert reg.get("province", "P01") == Unit("province", "P01", "Văn phòng UBND tỉnh")
    assert len(reg) == len(reg.by_tier("province")) + len(reg.by_tier("district")) + len(
        reg.by_tier("commune")
    )


def test_bad_rows_are_all_reported(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(
        "tier,code,name,parent\n"
        "province,P01,Sở Nội vụ,\n"
        "province,P01,Sở Tư pháp,\n"
        "district,058,,\n"
        ",059,Ba Bể,\n",
        encoding="utf-8",
    )
    with pytest.raises(CqdtError) as err:
        load_units(path)
    found = [(d.code, d.where.line) for d in err.value.diagnostics]
    assert found == [("R003", 3), ("R004", 4), ("R005", 5)]
    assert str(err.value.diagnostics[0].where).endswith("units.csv:3:1")


def test_unknown_and_missing_columns(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("tier,ma,name\nprovince,P01,Sở\n", encoding="utf-8")
    with pytest.raises(CqdtError) as err:
        load_units(path)
    assert sorted(d.code for d in err.value.diagnostics) == ["R001", "R002"]


def test_bom_and_nfc(tmp_path):
    path = tmp_path / "units.csv"
    path.write_bytes("\ufefftier,code,name\nprovince, P01 ,Sơ\u0309 Nội vụ\n".encode())
    reg = load_units(path)
    assert reg.get("province", "P01").name == "Sở Nội vụ"
