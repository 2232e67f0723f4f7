"""Readers under mutation: a CSV in another encoding or cut anywhere, a Calc-saved sheet with
its XML edited — each is read to the clean frame, or refused with diagnostics; never an
exception, never a different frame without an error.

Bounded for CI (a few seconds); ``CQDT_FUZZ_EXAMPLES=5000 pytest tests/fuzz/test_fuzz_readers.py``
is the long profile.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cqdt.compiler.load import load_framework
from cqdt.diagnostics import CqdtError
from cqdt.runtime.intake.read import read_inputs
from cqdt.runtime.intake.registry import load_units

DATA = Path(__file__).parents[1] / "io" / "data" / "repros"
ROOT = Path(__file__).parents[2]
EXAMPLES = int(os.environ.get("CQDT_FUZZ_EXAMPLES", "15"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def small():
    fw, units = load_framework(DATA / "small.cqdt"), load_units(DATA / "units.csv")
    clean = read_inputs(fw, DATA / "data.csv", units=units).frame
    return fw, units, clean


@pytest.fixture(scope="module")
def calc():
    fw = load_framework(ROOT / "frameworks" / "2018_backan.cqdt")
    units = load_units(ROOT / "examples" / "backan_2018" / "units.csv")
    return fw, units, read_inputs(fw, DATA / "filled_lo.xlsx", units=units).frame


def _outcome(fw, units, path: Path):
    try:
        return read_inputs(fw, path, units=units).frame
    except CqdtError as err:
        assert err.diagnostics and all(d.code and d.message for d in err.diagnostics)
        return None


@FUZZ
@given(
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1258", "utf-16"]),
    separator=st.sampled_from([",", ";"]),
    cut=st.one_of(st.none(), st.integers(min_value=1, max_value=2000)),
)
def test_csv_encodings_and_cuts(small, tmp_path, encoding, separator, cut):
    fw, units, clean = small
    text = (DATA / "data.csv").read_text(encoding="utf-8")
    if separator == ";":
        text = text.replace(",", ";")
    if encoding == "cp1258":  # Vietnamese in cp1258 is written with combining marks
        text = unicodedata.normalize("NFD", text)
    data = text.encode(encoding, errors="replace")
    if cut is not None:
        data = data[: min(cut, len(data))]
    path = tmp_path / "data.csv"
    path.write_bytes(data)
    frame = _outcome(fw, units, path)
    if frame is not None:
        assert frame.equals(clean), (encoding, separator, cut)


_MUTATIONS = [
    (rb'r="', b"r='"),
    (rb'r="', b'r = "'),
    (rb' t="n"', b' t="e"'),
    (rb' t="n"', b' t="b"'),
    (rb"<v>([0-9.]+)</v>", rb"<v>NaN</v>"),
    (rb"<v>([0-9.]+)</v>", rb"<f>1+1</f>"),
    (rb"<v>([0-9.]+)</v>", rb"<v>\1e999</v>"),
    (rb"</sheetData>", rb'<row r="1048576"></row></sheetData>'),
    (rb"</sheetData>", rb'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'),
    (rb'<c r="([A-Z]+)([0-9]+)"', rb'<c r="\g<1>0\2"'),
    (rb"</row>", b"</rw>"),
]


@FUZZ
@given(
    mutation=st.sampled_from(range(len(_MUTATIONS))),
    index=st.integers(min_value=0, max_value=400),
)
def test_calc_sheet_xml_mutations(calc, tmp_path, mutation, index):
    """One structured edit of the sheet XML of a LibreOffice-saved form, at one occurrence."""
    fw, units, clean = calc
    pattern, replacement = _MUTATIONS[mutation]
    source = zipfile.ZipFile(DATA / "filled_lo.xlsx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                matches = list(re.finditer(pattern, body))
                if matches:
                    m = matches[index % len(matches)]
                    body = body[: m.start()] + m.expand(replacement) + body[m.end() :]
            out.writestr(info, body)
    path = tmp_path / "form.xlsx"
    path.write_bytes(buffer.getvalue())
    frame = _outcome(fw, units, path)
    if frame is not None:  # a harmless edit (quotes, an empty row) reads to the same frame
        assert frame.equals(clean), _MUTATIONS[mutation]
