"""Template → filled in like a person would → read: the expected frame, from every format."""

from __future__ import annotations

import polars as pl
import pytest

from cqdt.runtime.intake.read import read_inputs


def expected_frame(fw, sample) -> pl.DataFrame:
    ids = [inp.id for inp in fw.inputs]
    schema = {"tier": pl.String, "code": pl.String, "name": pl.String}
    types = {"has_portal": pl.Boolean, "portal_level": pl.String, "note": pl.String}
    schema.update({i: types.get(i, pl.Float64) for i in ids})
    return pl.DataFrame(sample.EXPECTED_ROWS, schema=schema, orient="row")


def test_filled_form_reads_back(fw, registry, filled_form, sample):
    data = read_inputs(fw, filled_form, units=registry)
    assert data.frame.equals(expected_frame(fw, sample))
    assert data.warnings == []
    assert len(data.sha256) == 64 and data.path == filled_form


def test_form_reads_without_registry(fw, filled_form, sample):
    data = read_inputs(fw, filled_form)
    assert data.frame.equals(expected_frame(fw, sample))


def wide_csv(fw, sample) -> str:
    ids = [inp.id for inp in fw.inputs]
    lines = [",".join(["tier", "code", "name", *ids])]
    for tier, units in sample.ANSWERS.items():
        names = {u.code: u.name for u in sample.registry().by_tier(tier)}
        for code, values in units.items():
            cells = [tier, code, names[code]]
            for i in ids:
                v = values.get(i)
                if i == "antivirus" and v is not None:
                    v = f"{v * 100:g}%"  # engineers may write 85% in a CSV
                cells.append("" if v is None else f'"{v}"')
            lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def long_csv(fw, sample) -> str:
    lines = ["tier,code,name,input,value"]
    for tier, units in sample.ANSWERS.items():
        names = {u.code: u.name for u in sample.registry().by_tier(tier)}
        for code, values in units.items():
            for input_id, v in values.items():
                if v is not None:
                    lines.append(f'{tier},{code},{names[code]},{input_id},"{v}"')
    return "\n".join(lines) + "\n"


def test_csv_wide_gives_the_same_frame(fw, registry, tmp_path, sample):
    path = tmp_path / "answers.csv"
    path.write_text(wide_csv(fw, sample), encoding="utf-8")
    assert read_inputs(fw, path, units=registry).frame.equals(expected_frame(fw, sample))


def test_csv_long_gives_the_same_frame(fw, registry, tmp_path, sample):
    path = tmp_path / "answers_long.csv"
    path.write_text(long_csv(fw, sample), encoding="utf-8")
    assert read_inputs(fw, path, units=registry).frame.equals(expected_frame(fw, sample))


def test_parquet_gives_the_same_frame(fw, registry, filled_form, tmp_path, sample):
    frame = read_inputs(fw, filled_form).frame
    path = tmp_path / "answers.parquet"
    frame.write_parquet(path)
    assert read_inputs(fw, path, units=registry).frame.equals(expected_frame(fw, sample))


def test_parquet_with_integer_and_text_columns(fw, tmp_path, sample):
    """Typed Parquet columns (Int64 counts, text yes/no) are converted like CSV text."""
    frame = expected_frame(fw, sample).with_columns(
        pl.col("staff").cast(pl.Int64),
        pl.col("has_portal").replace_strict(
            {True: "Có", False: "Không"}, default=None, return_dtype=pl.String
        ),
    )
    path = tmp_path / "typed.parquet"
    frame.write_parquet(path)
    assert read_inputs(fw, path).frame.equals(expected_frame(fw, sample))


def test_text_is_nfc_and_trimmed(fw, registry, tmp_path, sample):
    decomposed = "Co\u0301"  # "Có" typed as C + o + combining acute
    path = tmp_path / "nfc.csv"
    text = wide_csv(fw, sample).replace('"Có"', f'"  {decomposed} "', 1)
    path.write_text(text, encoding="utf-8")
    assert read_inputs(fw, path, units=registry).frame.equals(expected_frame(fw, sample))


@pytest.mark.parametrize("spelling", ["có", "CÓ", "yes", "x", "1", "TRUE", "đúng"])
def test_yes_spellings_in_the_form(fw, registry, tmp_path, spelling, sample, corpus):
    path = tmp_path / "yes.xlsx"

    def edit(wb):
        ws = corpus.tier_sheets(wb)["province"]
        ws.cell(corpus.row_of(ws, "P02"), corpus.column_of(ws, "has_portal")).value = spelling

    corpus.filled_form(fw, registry, path, edit)
    frame = read_inputs(fw, path, units=registry).frame
    assert frame.filter(pl.col("code") == "P02")["has_portal"].item() is True


def test_percent_typed_with_sign_in_a_cell(fw, registry, tmp_path, sample, corpus):
    """A percent typed as text "85%" reads as 0.85."""
    path = tmp_path / "pct.xlsx"

    def edit(wb):
        ws = corpus.tier_sheets(wb)["province"]
        ws.cell(corpus.row_of(ws, "P01"), corpus.column_of(ws, "antivirus")).value = "85%"

    corpus.filled_form(fw, registry, path, edit)
    assert read_inputs(fw, path, units=registry).frame.equals(expected_frame(fw, sample))


def test_percent_typed_as_text_without_sign_is_ambiguous(fw, registry, tmp_path, corpus):
    """Text "0,5" in a percent cell: 0.5 % or 50 %? Refused with the value as typed (D132)."""
    from cqdt.diagnostics import CqdtError

    path = tmp_path / "pct.xlsx"

    def edit(wb):
        ws = corpus.tier_sheets(wb)["province"]
        ws.cell(corpus.row_of(ws, "P03"), corpus.column_of(ws, "antivirus")).value = "0,5"

    corpus.filled_form(fw, registry, path, edit)
    with pytest.raises(CqdtError) as err:
        read_inputs(fw, path, units=registry)
    (found,) = err.value.diagnostics
    assert (found.code, found.value) == ("D132", "0,5")


def test_empty_form_with_registry_is_all_unanswered(fw, registry, tmp_path, sample):
    """An untouched form: one "empty form" diagnostic (D141) per unit, not one per cell."""
    from cqdt.diagnostics import CqdtError
    from cqdt.runtime.intake.form import write_template

    path = tmp_path / "empty.xlsx"
    write_template(fw, path, units=registry)
    with pytest.raises(CqdtError) as err:
        read_inputs(fw, path, units=registry)
    codes = {d.code for d in err.value.diagnostics}
    assert codes == {"D141"}
    assert len(err.value.diagnostics) == 5  # one per unit (4 required questions each)
    assert all("(4 required)" in d.message for d in err.value.diagnostics)


def test_renamed_unit_is_a_warning(fw, registry, tmp_path, corpus):
    path = tmp_path / "renamed.xlsx"

    def edit(wb):
        ws = corpus.tier_sheets(wb)["district"]
        ws.cell(corpus.row_of(ws, "059"), 2).value = "Huyện Ba Bể (mới)"

    corpus.filled_form(fw, registry, path, edit)
    data = read_inputs(fw, path, units=registry)
    assert [(d.code, str(d.where), d.value, d.expected) for d in data.warnings] == [
        ("D120", "UBND cấp huyện!B4", "Huyện Ba Bể (mới)", "Huyện Ba Bể")
    ]
    assert data.frame["name"][4] == "Huyện Ba Bể"  # the registry's name is the official one


def test_many_percent_texts_stay_fast(fw, tmp_path, sample):
    """Cells read one by one (text like 85%) must not make reading quadratic."""
    import time

    lines = ["tier,code,name,staff,staff_pc,antivirus,bandwidth,has_portal,portal_level,note"]
    lines += [f'province,U{i},Đơn vị {i},10,5,85%,"1,5",có,Mức 1,' for i in range(20_000)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    frame = read_inputs(fw, path).frame
    assert time.perf_counter() - started < 10
    assert frame["antivirus"].unique().to_list() == [0.85]
    assert frame["bandwidth"].unique().to_list() == [1.5]


def test_columns_are_matched_by_id_not_position(fw, registry, tmp_path, corpus, sample):
    """Moving columns and rewording labels changes nothing."""
    path = tmp_path / "moved.xlsx"

    def edit(wb):
        ws = corpus.tier_sheets(wb)["province"]
        a, b = corpus.column_of(ws, "staff"), corpus.column_of(ws, "note")
        for r in range(1, ws.max_row + 1):
            x, y = ws.cell(r, a), ws.cell(r, b)
            x.value, y.value = y.value, x.value
        ws.cell(1, b).value = "Tổng số cán bộ (đã đổi tên)"

    corpus.filled_form(fw, registry, path, edit)
    assert read_inputs(fw, path, units=registry).frame.equals(expected_frame(fw, sample))


def test_rows_added_above_the_header_shift_cell_references(fw, registry, tmp_path, corpus):
    """A title row inserted on top: the id row is found and cells are still named right."""
    from cqdt.diagnostics import CqdtError

    path = tmp_path / "shifted.xlsx"

    def edit(wb):
        ws = corpus.tier_sheets(wb)["province"]
        ws.cell(corpus.row_of(ws, "P02"), corpus.column_of(ws, "staff")).value = "mười"
        ws.insert_rows(1)
        ws["A1"].value = "PHIẾU KHẢO SÁT"

    corpus.filled_form(fw, registry, path, edit)
    with pytest.raises(CqdtError) as err:
        read_inputs(fw, path, units=registry)
    assert [(d.code, str(d.where)) for d in err.value.diagnostics] == [
        ("D101", "Sở, ban, ngành!C5")
    ]


def test_form_without_hidden_sheet_is_matched_by_sheet_titles(
    fw, registry, tmp_path, corpus, sample
):
    path = tmp_path / "no_meta.xlsx"
    corpus.filled_form(fw, registry, path, lambda wb: wb.remove(wb["_cqdt"]))
    assert read_inputs(fw, path, units=registry).frame.equals(expected_frame(fw, sample))


def test_same_questions_other_framework_id_is_a_warning(fw, registry, tmp_path, corpus, sample):
    import dataclasses

    other = dataclasses.replace(fw, id="demo_2019")
    path = tmp_path / "other_id.xlsx"
    corpus.filled_form(other, registry, path)
    data = read_inputs(fw, path, units=registry)
    assert data.frame.equals(expected_frame(fw, sample))
    assert [d.code for d in data.warnings] == ["D126"]


def test_formula_with_error_value(fw, registry, tmp_path, corpus):
    """A formula whose cached value is an Excel error (#DIV/0!) is not a number."""
    import zipfile

    from cqdt.diagnostics import CqdtError

    path = tmp_path / "div0.xlsx"
    corpus.filled_form(fw, registry, path)
    # Excel writes the cached error value next to the formula; openpyxl cannot, so patch it.
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet2.xml"
    xml = members[sheet].decode()
    start = xml.index('<c r="C3"')
    end = xml.index("</c>", start) + 4
    members[sheet] = (
        xml[:start] + '<c r="C3" t="e"><f>1/0</f><v>#DIV/0!</v></c>' + xml[end:]
    ).encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    with pytest.raises(CqdtError) as err:
        read_inputs(fw, path, units=registry)
    assert [(d.code, str(d.where), d.value) for d in err.value.diagnostics] == [
        ("D127", "Sở, ban, ngành!C3", "#DIV/0!")
    ]


def test_form_reads_back_without_pyarrow(fw, registry, filled_form, sample, monkeypatch):
    from cqdt.runtime.intake import xlsx as read_xlsx

    monkeypatch.setattr(read_xlsx, "HAS_PYARROW", False)
    assert read_inputs(fw, filled_form, units=registry).frame.equals(expected_frame(fw, sample))
