"""Issue 13, the readers: each known way a cell was read as something it is not.

Every file under ``data/repros`` reproduced a silent wrong result, a crash or a traceback
(LibreOffice-saved forms, hand-edited sheet XML, truncated CSV, odd Parquet types). Each must
now be refused with the diagnostic named here, at the cell, with the value as typed — or, for
the clean controls, read exactly as before.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from cqdt.compiler.load import load_framework
from cqdt.diagnostics import CqdtError
from cqdt.runtime.intake.read import read_inputs
from cqdt.runtime.intake.registry import load_units

DATA = Path(__file__).parent / "data" / "repros"
ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def small():
    return load_framework(DATA / "small.cqdt"), load_units(DATA / "units.csv")


@pytest.fixture(scope="module")
def backan():
    fw = load_framework(ROOT / "frameworks" / "2018_backan.cqdt")
    return fw, load_units(ROOT / "examples" / "backan_2018" / "units.csv")


def _refused(fw, units, name: str) -> list[tuple[str, str, str | None]]:
    with pytest.raises(CqdtError) as err:
        read_inputs(fw, DATA / name, units=units)
    return [(d.code, str(d.where), d.value) for d in err.value.diagnostics if d.is_error]


# -- workbooks saved by LibreOffice Calc ------------------------------------------------------


def test_calc_form_reads(backan):
    fw, units = backan
    assert read_inputs(fw, DATA / "filled_lo.xlsx", units=units).frame.height == len(units.units)


def test_calc_deleted_row_is_a_missing_unit_not_an_oversized_sheet(backan):
    """Calc writes an empty <row r="1048576"> after a row is deleted: not content (was D226)."""
    fw, units = backan
    codes = {code for code, _, _ in _refused(fw, units, "v04_row_deleted.xlsx")}
    assert codes == {"D112"}


@pytest.mark.parametrize(
    ("name", "cell", "typed"),
    [("v08b_pct_1.xlsx", "U4", "100%"), ("v01c_half_percent.xlsx", "U3", "50%")],
)
def test_calc_percent_typed_without_sign_is_flagged(backan, name, cell, typed):
    """1 or 0,5 typed into a Calc % cell: read as 100 % / 50 %, never silently (D133)."""
    fw, units = backan
    read = read_inputs(fw, DATA / name, units=units)
    found = [(d.code, d.where.cell, d.value) for d in read.warnings if d.code == "D133"]
    assert found == [("D133", cell, typed)]


def test_thousands_dot_typed_as_text_is_refused(backan):
    """ "1.234" typed as text in a number column: 1234 or 1.234? (D130, was read as 1.234)."""
    fw, units = backan
    found = _refused(fw, units, "v01d_thousands_dot_text.xlsx")
    assert {c for c, _, _ in found} == {"D130"}
    assert "1.234" in {v for _, _, v in found}


def test_merged_answer_is_reported(backan):
    """A merge hides the answer below it: reported (D134), not scored as "Không"."""
    fw, units = backan
    found = _refused(fw, units, "v07_merged.xlsx")
    assert ("D134", "Sở, ban, ngành!I4", "I3") in found


# -- hand-edited sheet XML --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["byp_sq_both.xlsx", "byp_spaces.xlsx", "byp_ext_bin.xlsx"])
def test_stray_last_cell_is_refused_however_written(small, name):
    """Single quotes, spaces around '=', a sheet part not named .xml: D226, not an abort."""
    fw, units = small
    assert [c for c, _, _ in _refused(fw, units, name)] == ["D226"]


def test_error_value_in_single_quotes_is_found(small):
    fw, units = small
    assert _refused(fw, units, "x4_e_div0_P02_sq.xlsx") == [
        ("D127", "Sở, ban, ngành!E4", "#DIV/0!")
    ]


def test_boolean_in_number_column_is_refused(small):
    fw, units = small
    found = _refused(fw, units, "x4_bool_mbps.xlsx")
    assert [(c, v) for c, _, v in found] == [("D101", "TRUE")]


def test_nan_number_cell_is_refused():
    fw, units = load_framework(DATA / "nan.cqdt"), load_units(DATA / "nan_units.csv")
    for name in ("nan.xlsx", "nan_only.parquet"):
        found = _refused(fw, units, name)
        assert [c for c, _, _ in found] == ["D101"], name


# -- CSV ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["trunc_mid2.csv", "short_row.csv"])
def test_short_line_is_refused(small, name):
    fw, units = small
    found = _refused(fw, units, name)
    assert [c for c, _, _ in found] == ["D135"]


@pytest.mark.parametrize(
    ("name", "code", "typed"),
    [("percent_in_number.csv", "D131", "100%"), ("vn_grouping_dot.csv", "D130", "1.234")],
)
def test_csv_number_typing(small, name, code, typed):
    fw, units = small
    assert [(c, v) for c, _, v in _refused(fw, units, name)] == [(code, typed)]


def test_bidi_controls_are_removed_from_names(small):
    fw, units = small
    frame = read_inputs(fw, DATA / "bidi_name.csv", units=units).frame
    assert not frame["name"].str.contains("\u202e").any()


def test_too_many_columns_is_refused_before_reading(small, tmp_path):
    fw, units = small
    header = "tier,code,name," + ",".join(f"x{i}" for i in range(20_000))
    path = tmp_path / "wide.csv"
    path.write_text(header + "\n")
    assert [c for c, _, _ in _refused(fw, units, path)] == ["D230"]


# -- Parquet ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["date_col", "timestamp_col", "duration_col"])
def test_temporal_column_is_not_a_count(small, name):
    fw, units = small
    found = _refused(fw, units, f"{name}.parquet")
    assert found and {c for c, _, _ in found} == {"D101"}
    assert all(v and not v.replace(".", "").isdigit() for _, _, v in found)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("binary_col", "D136"),
        ("dup_cols", "D125"),
        ("list_col", "D136"),
        ("map_col", "D136"),
        ("struct_col", "D136"),
    ],
)
def test_odd_parquet_is_a_diagnostic(small, name, code):
    fw, units = small
    assert code in {c for c, _, _ in _refused(fw, units, f"{name}.parquet")}


# -- one read of the bytes ----------------------------------------------------------------------


def test_hash_is_of_the_bytes_parsed(small, tmp_path, monkeypatch):
    """The file is replaced right after it is first opened: the sha256 recorded and the
    answers scored are of the same version (the bytes are read once)."""
    import hashlib
    import os

    fw, units = small
    path = tmp_path / "data.csv"
    original = (DATA / "data.csv").read_bytes()
    path.write_bytes(original)
    lines = original.decode().splitlines()
    header, first = lines[0].split(","), lines[1].split(",")
    staff = header.index("staff")
    changed = "\n".join(
        [lines[0], ",".join(first[:staff] + ["1"] + first[staff + 1 :])] + lines[2:]
    )
    real_open = open
    swapped = []

    def swapping_open(file, *args, **kwargs):
        handle = real_open(file, *args, **kwargs)
        if Path(file) == path and not swapped:
            swapped.append(True)
            (tmp_path / "new.csv").write_text(changed + "\n")
            os.replace(tmp_path / "new.csv", path)
        return handle

    monkeypatch.setattr("builtins.open", swapping_open)
    read = read_inputs(fw, path, units=units)
    monkeypatch.undo()
    assert swapped
    assert read.sha256 == hashlib.sha256(original).hexdigest()
    assert read.frame["staff"][0] == float(first[staff])


def test_text_yesno_column_in_a_frame_is_a_diagnostic(small):
    """fw.score(frame) with a yes/no column of text: a diagnostic, not an exception."""
    from cqdt.runtime.score.run import prepare_inputs

    fw, _ = small
    frame = pl.read_csv(DATA / "data.csv", infer_schema=False)
    yesno = next(inp.id for inp in fw.inputs if inp.type.name == "YESNO")
    frame = frame.with_columns(pl.lit("Có").alias(yesno))
    _, problems = prepare_inputs(fw, frame)
    assert problems and problems[0].value == "Có"


def test_registry_with_a_huge_name_is_a_diagnostic(tmp_path):
    """A 200,000-character name is over the csv module's field limit: R006, not _csv.Error."""
    path = tmp_path / "units.csv"
    path.write_text("tier,code,name\nprovince,P01," + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(CqdtError) as err:
        load_units(path)
    assert [d.code for d in err.value.diagnostics] == ["R006"]


def test_shared_string_index_that_is_no_index_is_an_error(backan, tmp_path):
    """<c t="s"><v>NaN</v></c>: calamine shows another string; the reader refuses (D127)."""
    import io
    import re
    import zipfile

    fw, units = backan
    source = zipfile.ZipFile(DATA / "filled_lo.xlsx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                body = re.sub(rb'(<c r="B3"[^>]*t="s"><v>)\d+', rb"\1NaN", body, count=1)
            out.writestr(info, body)
    path = tmp_path / "form.xlsx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(CqdtError) as err:
        read_inputs(fw, path, units=units)
    assert [(d.code, str(d.where)) for d in err.value.diagnostics] == [
        ("D127", "Sở, ban, ngành!B3")
    ]


def test_unreadable_cell_without_an_error_is_a_bug():
    """The rule behind every fix here: a flagged cell is never "no answer". A reader that
    flags a cell without reporting it must stop the run (InternalError), not score it."""
    from cqdt.diagnostics import CellRef, InternalError
    from cqdt.runtime.intake.read import _assert_unreadable_reported
    from cqdt.runtime.intake.validate import TierRows

    frame = pl.DataFrame({"code": ["P01"], "name": [None], "staff": [None]})
    rows = TierRows(
        "province",
        frame,
        lambda column, row: CellRef("S", f"C{row + 3}"),
        lambda column: CellRef("S", "C2"),
        flagged={("staff", 0)},
    )
    with pytest.raises(InternalError):
        _assert_unreadable_reported([rows], [])
    from cqdt.runtime.intake.messages import data_diagnostic

    reported = [data_diagnostic("D127", CellRef("S", "C3"), value="#N/A")]
    _assert_unreadable_reported([rows], reported)  # reported: fine
