"""Property: any valid answers survive form → read, and CSV gives the same frame."""

from __future__ import annotations

import csv
import io

import openpyxl
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from cqdt.runtime.intake.read import read_inputs

counts = st.integers(min_value=0, max_value=10_000).map(float)
percents = st.integers(min_value=0, max_value=1000).map(lambda n: n / 1000)
numbers = st.floats(min_value=0, max_value=10_000, allow_nan=False).map(lambda x: round(x, 6))
yesno = st.sampled_from([None, True, False])
choice = st.sampled_from([None, "Mức 1", "Mức 2", "Mức 3"])
# A leading "=" makes a formula in Excel (and in openpyxl): not a text answer.
texts = st.one_of(
    st.none(),
    st.text(alphabet="abcđêộ ,;\"'=+-", min_size=1, max_size=12).filter(
        lambda t: not t.startswith("=")
    ),
)


@st.composite
def unit_answers(draw, tier: str):
    staff = draw(counts)
    return {
        "staff": staff,
        "staff_pc": float(draw(st.integers(min_value=0, max_value=int(staff)))),
        "antivirus": draw(percents),
        "bandwidth": draw(numbers),
        "has_portal": draw(yesno),
        "portal_level": draw(choice) if tier == "province" else None,
        "note": draw(texts),
    }


@st.composite
def answer_sets(draw):
    return {
        "province": {c: draw(unit_answers("province")) for c in ("P01", "P02", "P03")},
        "district": {c: draw(unit_answers("district")) for c in ("058", "059")},
    }


def expected(fw, registry, answers) -> pl.DataFrame:
    rows = []
    for tier in ("province", "district"):
        for unit in registry.by_tier(tier):
            values = answers[tier][unit.code]
            note = values["note"].strip() if values["note"] else None
            rows.append(
                {
                    "tier": tier,
                    "code": unit.code,
                    "name": unit.name,
                    **{**values, "note": note or None},
                }
            )
    schema = {"tier": pl.String, "code": pl.String, "name": pl.String}
    schema.update({i.id: pl.Float64 for i in fw.inputs[:4]})
    schema.update({"has_portal": pl.Boolean, "portal_level": pl.String, "note": pl.String})
    return pl.DataFrame(rows, schema=schema)


@settings(max_examples=15)
@given(answers=answer_sets())
def test_form_and_csv_round_trip(tmp_path_factory, sample, corpus, answers):
    fw, registry = sample.framework(), sample.registry()
    tmp = tmp_path_factory.mktemp("prop")
    path = tmp / "form.xlsx"
    corpus.filled_form(fw, registry, path)
    wb = openpyxl.load_workbook(path)
    shown = {
        tier: {
            code: {k: ("Có" if v is True else "Không" if v is False else v) for k, v in a.items()}
            for code, a in units.items()
        }
        for tier, units in answers.items()
    }
    for tier in shown:
        for code in shown[tier]:
            shown[tier][code].pop("portal_level") if tier == "district" else None
    corpus.fill(wb, shown)
    wb.save(path)
    want = expected(fw, registry, answers)
    assert read_inputs(fw, path, units=registry).frame.equals(want)

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    ids = [i.id for i in fw.inputs]
    writer.writerow(["tier", "code", "name", *ids])
    for row in want.iter_rows(named=True):
        writer.writerow(
            [
                ""
                if row[k] is None
                else (
                    "Có"
                    if row[k] is True
                    else "Không"
                    if row[k] is False
                    else repr(row[k])
                    if isinstance(row[k], float)
                    else row[k]
                )
                for k in ["tier", "code", "name", *ids]
            ]
        )
    csv_path = tmp / "answers.csv"
    csv_path.write_text(buffer.getvalue(), encoding="utf-8")
    assert read_inputs(fw, csv_path, units=registry).frame.equals(want)
