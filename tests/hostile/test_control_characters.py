"""Control characters in names and text answers never break a publish.

A name pasted from Word can carry a vertical tab (U+000B); a CSV exported by another system can
carry NUL or an ANSI escape. XML 1.0 cannot hold them: before this was handled, openpyxl raised
``IllegalCharacterError`` while writing results.xlsx and python-docx a ``ValueError`` while
writing annex.docx — an internal error after a successful scoring. Now the readers turn control
characters into spaces (with NFC and trimming, ``values.normalize_text``), and the xlsx and DOCX
writers drop whatever a hand-built results frame still carries (``values.xml_safe``).
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from cqdt.runtime.intake.read import read_inputs
from cqdt.runtime.intake.values import normalize_text, xml_safe
from cqdt.runtime.publish.outputs import render_outputs
from cqdt.runtime.publish.provenance import Provenance
from cqdt.runtime.score.run import score

sys.path.insert(0, str(Path(__file__).parent))
from workbooks import sample  # noqa: E402

PROVENANCE = Provenance("test", "test.cqdt", "0" * 64, (), "0")
HEADER = "tier,code,name,staff,staff_pc,antivirus,bandwidth,has_portal,portal_level,note\n"
NASTY = "Sở Nội\x0bvụ\x00\x1b[31m\x7f\x85"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Sở Nội\x0bvụ", "Sở Nội vụ"),
        ("\x00 Sở \x01", "Sở"),
        ("dòng 1\ndòng 2", "dòng 1\ndòng 2"),  # Alt+Enter line breaks stay
        ("a\tb", "a\tb"),
        ("Mu\u0323c", "Mục"),  # NFC still applies
    ],
)
def test_normalize_text(raw, clean):
    assert normalize_text(raw) == clean


def test_xml_safe_keeps_everything_else():
    text = "Sở <Nội> & \"vụ\" 'x' \t\n ✓ 😀 \u00a0"
    assert xml_safe(text) == text
    assert xml_safe("a\x00\x0b\x1b\ufffeb") == "ab"


def test_csv_with_control_characters_is_read_clean(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text(
        HEADER + f"province,P01,{NASTY},40,38,85%,100.5,Có,Mức 2,a\x01b\n", encoding="utf-8"
    )
    frame = read_inputs(sample.framework(), path).frame
    assert frame.row(0)[2] == "Sở Nội vụ  [31m"
    assert frame.row(0)[-1] == "a b"


def _publish_all(fw, results) -> dict[str, bytes]:
    return render_outputs(fw, results, PROVENANCE, formats=("json", "xlsx", "html", "md", "docx"))


def test_publishing_from_a_csv_with_control_characters(tmp_path):
    fw = sample.framework()
    path = tmp_path / "data.csv"
    path.write_text(HEADER + f"province,P01,{NASTY},40,38,85%,100.5,Có,Mức 2,\x0b\n", "utf-8")
    outputs = _publish_all(fw, score(fw, read_inputs(fw, path).frame))
    assert len(outputs) == 5


def test_writers_survive_a_hand_built_frame():
    """The Python API can score a frame that never went through a reader."""
    fw = sample.framework()
    frame = pl.DataFrame(
        {
            "tier": ["province"],
            "code": ["P01"],
            "name": [NASTY],
            "staff": [40.0],
            "staff_pc": [38.0],
            "antivirus": [0.85],
            "bandwidth": [100.5],
            "has_portal": [True],
            "portal_level": ["Mức 2"],
            "note": ["\x0b"],
        }
    )
    outputs = _publish_all(fw, score(fw, frame))
    wb = openpyxl.load_workbook(io.BytesIO(outputs["results.xlsx"]))
    names = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert "Sở Nộivụ[31m" in names
    with zipfile.ZipFile(io.BytesIO(outputs["annex.docx"])) as archive:
        assert "Sở Nộivụ[31m" in archive.read("word/document.xml").decode()
