"""CSV and Parquet problems point at ``file.csv!D7`` (column letter + line) or row/column."""

from __future__ import annotations

import polars as pl
import pytest

from cqdt.diagnostics import CqdtError
from cqdt.runtime.intake.read import read_inputs

HEADER = "tier,code,name,staff,staff_pc,antivirus,bandwidth,has_portal,portal_level,note\n"
GOOD_P01 = "province,P01,Sở Nội vụ,40,38,85%,100.5,Có,Mức 2,\n"


def problems(fw, path, units=None) -> list[tuple]:
    with pytest.raises(CqdtError) as err:
        read_inputs(fw, path, units=units)
    return [(d.code, str(d.where), d.value) for d in err.value.diagnostics if d.is_error]


def test_csv_cells_are_letter_and_line(fw, tmp_path):
    path = tmp_path / "data.csv"
    path.write_text(
        HEADER + GOOD_P01 + "province,P02,Sở Tư pháp,abc,3,1.5,,maybe,Mức 9,\n"
        "commune,X01,Xã,1,1,0.1,1,Có,,\n",
        encoding="utf-8",
    )
    assert problems(fw, path) == [
        ("D101", "data.csv!D3", "abc"),
        ("D102", "data.csv!F3", "1.5"),
        ("D118", "data.csv!G3", None),
        ("D108", "data.csv!H3", "maybe"),
        ("D109", "data.csv!I3", "Mức 9"),
        ("D124", "data.csv!A4", "commune"),
    ]


def test_csv_without_code_column(fw, tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("tier,staff\nprovince,1\n", encoding="utf-8")
    assert problems(fw, path) == [("D205", "data.csv!A1", None)]


def test_long_csv_duplicate_answer_and_unknown_input(fw, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(
        "tier,code,input,value\n"
        "district,058,staff,60\n"
        "district,058,staff,61\n"
        "district,058,wifi,1\n",
        encoding="utf-8",
    )
    found = problems(fw, path)
    assert ("D123", "long.csv!D3", "61") in found
    assert ("D114", "long.csv!C4", "wifi") in found
    # the unit's other required inputs are reported at its first line
    assert ("D118", "long.csv!B2", None) in found


def test_registry_unit_missing_from_csv(fw, registry, tmp_path):
    path = tmp_path / "data.csv"
    path.write_text(HEADER + GOOD_P01, encoding="utf-8")
    found = problems(fw, path, registry)
    assert {c for c, _, _ in found} == {"D112"}
    assert len(found) == 4  # P02, P03 and both districts: never dropped silently


def test_parquet_positions(fw, tmp_path):
    frame = pl.DataFrame(
        {
            "tier": ["district"],
            "code": ["058"],
            "name": ["Pác Nặm"],
            "staff": [-2.0],
            "staff_pc": [1.0],
            "antivirus": [0.5],
            "bandwidth": [1.0],
            "has_portal": [True],
            "note": [None],
        }
    )
    path = tmp_path / "data.parquet"
    frame.write_parquet(path)
    assert problems(fw, path) == [("D104", "data.parquet!row 1, column staff", "-2")]


def test_unsupported_suffix(fw, tmp_path):
    path = tmp_path / "data.ods"
    path.write_bytes(b"")
    assert problems(fw, path) == [("D202", "data.ods", ".ods")]


def test_unreadable_files(fw, tmp_path):
    bad_xlsx = tmp_path / "broken.xlsx"
    bad_xlsx.write_bytes(b"not a zip")
    # not a zip: refused by runtime/intake/safety.py before calamine sees it
    assert [c for c, _, _ in problems(fw, bad_xlsx)] == ["D220"]
    latin = tmp_path / "latin.csv"
    latin.write_bytes("tier,code,name\nprovince,P01,S\xf4\n".encode("latin-1"))
    assert [c for c, _, _ in problems(fw, latin)] == ["D201"]
    missing = tmp_path / "missing.csv"
    assert [c for c, _, _ in problems(fw, missing)] == ["D201"]
