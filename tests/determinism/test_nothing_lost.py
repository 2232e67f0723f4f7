"""Nothing lost: every unit of the registry appears in every output exactly once.

A unit that vanishes between the workbook and the annex loses its rank without anyone noticing;
a unit listed twice is ranked against itself. The invariant is checked across the whole chain —
reader → scorer → results.json → results.xlsx → annex (HTML, Markdown, DOCX) — on every scored
example (Bắc Kạn 2018, the I/O sample form) and on random frameworks with random data. A unit
the data lacks is not scored silently without it: the reader refuses with a diagnostic naming it.
"""

from __future__ import annotations

import html
import io
import json
import sys
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from hypothesis import given, settings

import cqdt
from cqdt.diagnostics import CqdtError
from cqdt.runtime.intake.read import read_inputs
from cqdt.runtime.publish.outputs import render_outputs
from cqdt.runtime.publish.provenance import Provenance
from cqdt.runtime.publish.render import escape_markdown
from cqdt.runtime.score.run import score
from tests.strategies import framework_and_inputs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hostile"))
from workbooks import base_form, corpus, sample  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PROVENANCE = Provenance("test", "test.cqdt", "0" * 64, (("data.xlsx", "1" * 64),), "0.0")


def units_in_json(document: dict) -> Counter:
    return Counter((u["tier"], u["code"]) for u in document["units"])


def units_in_xlsx(data: bytes, tier_of_sheet: dict[str, str]) -> Counter:
    """(tier, code) of every row of every tier sheet; the id row (``code`` in A) marks the top."""
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    found: Counter = Counter()
    for ws in wb.worksheets:
        tier = tier_of_sheet.get(ws.title)
        if tier is None:
            continue
        rows = ws.iter_rows(values_only=True)
        for row in rows:
            if row and row[0] == "code":
                break
        for row in rows:
            if row and row[0] is not None:
                found[(tier, str(row[0]))] += 1
    wb.close()
    return found


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def assert_nothing_lost(fw, registry_units, results: pl.DataFrame, outputs: dict[str, bytes]):
    """Every expected (tier, code) once in results, json and xlsx; every name in each annex."""
    expected = Counter((u.tier, u.code) for u in registry_units)
    assert max(expected.values()) == 1
    assert Counter(results.select("tier", "code").iter_rows()) == expected
    document = json.loads(outputs["results.json"])
    assert units_in_json(document) == expected
    tier_of_sheet = {t["label"]: t["id"] for t in document["tiers"]}
    # a sheet title is at most 31 characters: match on the start of the label
    tier_of_sheet |= {label[:31]: tier for label, tier in tier_of_sheet.items()}
    assert units_in_xlsx(outputs["results.xlsx"], tier_of_sheet) == expected
    names = Counter(u.name for u in registry_units)
    annexes = {
        "annex.html": (outputs.get("annex.html", b"").decode(), html.escape),
        "annex.md": (outputs.get("annex.md", b"").decode(), escape_markdown),
        "annex.docx": (docx_text(outputs["annex.docx"]) if "annex.docx" in outputs else "", None),
    }
    for file, (body, escape) in annexes.items():
        if not body:
            continue
        for name, count in names.items():
            shown = escape(name) if escape else html.escape(name, quote=False)
            assert body.count(shown) >= count, f"{name!r} missing from {file}"


# -- Bắc Kạn 2018 ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def backan():
    fw = cqdt.load(ROOT / "frameworks/2018_backan.cqdt")
    units = ROOT / "examples/backan_2018/units.csv"
    results = fw.score(ROOT / "examples/backan_2018/inputs.xlsx", units=units)
    from cqdt.runtime.intake.registry import load_units

    return fw, load_units(units), results


def test_backan_every_unit_once_everywhere(backan):
    fw, registry, results = backan
    assert len(registry.units) == 150
    outputs = render_outputs(
        fw.model, results.frame, results.provenance, formats=("json", "xlsx", "html", "md", "docx")
    )
    assert_nothing_lost(fw.model, registry.units, results.frame, outputs)


def test_backan_unclassified_units_are_still_listed(backan):
    """Units that reach no level ("Không xếp loại") keep their row, rank and reason."""
    fw, _, results = backan
    document = results.to_json()
    unclassified = [
        u for u in document["units"] if any(not c["classified"] for c in u["categories"].values())
    ]
    assert unclassified, "the example has unclassified units"
    assert all(u["rank"] is not None for u in unclassified)


# -- the I/O sample form -----------------------------------------------------------------


def test_io_sample_every_unit_once_everywhere(tmp_path):
    fw, registry = sample.framework(), sample.registry()
    path = base_form(tmp_path / "form.xlsx")
    frame = read_inputs(fw, path, units=registry).frame
    results = score(fw, frame)
    outputs = render_outputs(
        fw, results, PROVENANCE, formats=("json", "xlsx", "html", "md", "docx")
    )
    assert_nothing_lost(fw, registry.units, results, outputs)


def test_a_unit_without_data_is_reported_not_dropped(tmp_path):
    fw, registry = sample.framework(), sample.registry()

    def drop_p02(wb):
        ws = corpus.tier_sheets(wb)["province"]
        ws.delete_rows(corpus.row_of(ws, "P02"))

    path = corpus.filled_form(fw, registry, tmp_path / "form.xlsx", drop_p02)
    with pytest.raises(CqdtError) as error:
        read_inputs(fw, path, units=registry)
    assert [(d.code, d.expected) for d in error.value.diagnostics] == [("D112", "P02")]


# -- random frameworks -------------------------------------------------------------------


@settings(max_examples=20)
@given(case=framework_and_inputs())
def test_random_frameworks_keep_every_unit(case):
    """The scorer and the JSON writer keep every row of random data, once."""
    fw, frame = case
    results = score(fw, frame)
    expected = Counter(frame.select("tier", "code").iter_rows())
    assert Counter(results.select("tier", "code").iter_rows()) == expected
    document = json.loads(
        render_outputs(fw, results, PROVENANCE, formats=("json",))["results.json"]
    )
    assert units_in_json(document) == expected
