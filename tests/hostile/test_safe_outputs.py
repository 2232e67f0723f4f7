"""Safe outputs: nothing a unit types can run in a reader's spreadsheet, browser or Word, and a
failure while publishing never leaves a half-written or clobbered OUTDIR.

Units are given hostile names (formulas, ``<script>``, Markdown and XML metacharacters) and a
text answer that is a DDE payload; the whole pipeline runs; the outputs are inspected the way a
reader's software would open them: openpyxl for the workbook (no cell is a formula), lxml for
the DOCX XML (well-formed, names as text), the HTML and Markdown as text (no raw tag).
"""

from __future__ import annotations

import html
import io
import json
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from cqdt.diagnostics import CqdtError
from cqdt.runtime.intake.read import read_inputs
from cqdt.runtime.intake.registry import Unit, UnitRegistry
from cqdt.runtime.publish import outputs as publish_module
from cqdt.runtime.publish.outputs import publish
from cqdt.runtime.publish.provenance import Provenance
from cqdt.runtime.score.run import score

sys.path.insert(0, str(Path(__file__).parent))
from workbooks import corpus, sample  # noqa: E402

HOSTILE_NAMES = {
    ("province", "P01"): '=HYPERLINK("http://evil.example","Bấm vào đây")',
    ("province", "P02"): "+1+2",
    ("province", "P03"): "-2+3",
    ("district", "058"): "@SUM(1)",
    ("district", "059"): '<script>alert("x")</script> & | *đậm* # [a](javascript:x)',
}
DDE = '=cmd|" /C calc"!A0'
PROVENANCE = Provenance("test", "test.cqdt", "0" * 64, (("data.xlsx", "1" * 64),), "0.0")
FORMATS = ("json", "xlsx", "html", "md", "docx")


@pytest.fixture(scope="module")
def hostile_results(tmp_path_factory):
    """The sample framework scored on a form whose unit names and a note are hostile."""
    fw = sample.framework()
    registry = UnitRegistry(
        tuple(
            Unit(u.tier, u.code, HOSTILE_NAMES[(u.tier, u.code)], u.parent)
            for u in sample.registry().units
        )
    )

    def note(wb):
        ws = corpus.tier_sheets(wb)["province"]
        cell = ws.cell(corpus.row_of(ws, "P02"), corpus.column_of(ws, "note"))
        cell.value = DDE
        cell.data_type = "s"

    path = corpus.filled_form(fw, registry, tmp_path_factory.mktemp("form") / "form.xlsx", note)
    data = read_inputs(fw, path, units=registry)
    assert sorted(data.frame["name"].to_list()) == sorted(HOSTILE_NAMES.values())
    return fw, score(fw, data.frame)


@pytest.fixture(scope="module")
def outputs(hostile_results, tmp_path_factory) -> Path:
    fw, results = hostile_results
    outdir = tmp_path_factory.mktemp("out") / "published"
    publish(fw, results, PROVENANCE, outdir, formats=FORMATS)
    return outdir


def test_formula_like_text_is_text_in_the_workbook(outputs):
    wb = openpyxl.load_workbook(outputs / "results.xlsx")
    formula_like = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    formula_like.append(cell.value)
    for name in list(HOSTILE_NAMES.values())[:4]:
        assert name in formula_like, f"{name!r} not written (as text)"


def test_no_formula_in_the_sheet_xml(outputs):
    """The same, on the raw XML: no ``<f>`` element anywhere in results.xlsx."""
    with zipfile.ZipFile(outputs / "results.xlsx") as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_html_escapes_everything(outputs):
    body = (outputs / "annex.html").read_text(encoding="utf-8")
    assert "<script>alert" not in body
    assert html.escape(HOSTILE_NAMES[("district", "059")], quote=False) in body.replace(
        "&#34;", '"'
    ).replace("&#x27;", "'").replace("&quot;", '"')


def test_markdown_escapes_everything(outputs):
    body = (outputs / "annex.md").read_text(encoding="utf-8")
    assert "<script>" not in body
    assert "&lt;script&gt;" in body
    assert "[a](javascript:" not in body  # escaped brackets: text, not a link
    assert "\\[a\\](javascript:x)" in body


def test_docx_is_well_formed_and_literal(outputs):
    from lxml import etree

    with zipfile.ZipFile(outputs / "annex.docx") as archive:
        xml = archive.read("word/document.xml")
    etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    assert b"<script>" not in xml
    assert b"&lt;script&gt;" in xml
    assert b"HYPERLINK" not in xml.replace(b"=HYPERLINK(", b"")  # no field code, only text


def test_json_keeps_names_exactly(outputs):
    document = json.loads((outputs / "results.json").read_text(encoding="utf-8"))
    names = {(u["tier"], u["code"]): u["name"] for u in document["units"]}
    assert names == HOSTILE_NAMES


# -- all or nothing ------------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def _explode(*args, **kwargs):
    raise RuntimeError("the PDF renderer crashed half-way")


def test_a_crash_while_rendering_leaves_no_new_outdir(hostile_results, tmp_path, monkeypatch):
    fw, results = hostile_results
    monkeypatch.setattr("cqdt.runtime.publish.render.render_pdf", _explode)
    outdir = tmp_path / "new"
    with pytest.raises(RuntimeError):
        publish(fw, results, PROVENANCE, outdir, formats=(*FORMATS, "pdf"))
    assert not outdir.exists()


def test_a_crash_while_rendering_keeps_the_old_outputs(
    hostile_results, outputs, tmp_path, monkeypatch
):
    """With --force over a published folder: the old files stay, byte for byte, no temp files."""
    fw, results = hostile_results
    folder = tmp_path / "published"
    folder.mkdir()
    for name, data in _snapshot(outputs).items():
        (folder / name).write_bytes(data)
    before = _snapshot(folder)
    monkeypatch.setattr("cqdt.runtime.publish.render.render_pdf", _explode)
    with pytest.raises(RuntimeError):
        publish(fw, results, PROVENANCE, folder, formats=(*FORMATS, "pdf"), force=True)
    assert _snapshot(folder) == before


def test_a_crash_while_writing_leaves_no_partial_set(hostile_results, tmp_path, monkeypatch):
    """Disk full on the third file: E909, no output folder at all, nothing left beside it."""
    fw, results = hostile_results
    from cqdt.runtime import atomic

    real = atomic.os.fsync
    calls = []

    def disk_full_on_third(fd):
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(fd)

    monkeypatch.setattr(atomic.os, "fsync", disk_full_on_third)
    outdir = tmp_path / "new"
    with pytest.raises(CqdtError) as error:
        publish(fw, results, PROVENANCE, outdir, formats=FORMATS)
    assert [d.code for d in error.value.diagnostics] == ["E909"]
    assert len(calls) == 3
    assert not outdir.exists()
    assert [p.name for p in tmp_path.iterdir()] == [".new.lock"]


def test_force_removes_outputs_of_formats_not_written_now(hostile_results, outputs, tmp_path):
    """A PDF from an earlier run must not sit beside a new publication that has none."""
    fw, results = hostile_results
    folder = tmp_path / "published"
    folder.mkdir()
    (folder / "annex.pdf").write_bytes(b"%PDF- an older run")
    publish(fw, results, PROVENANCE, folder, formats=FORMATS, force=True)
    assert not (folder / "annex.pdf").exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        publish_module.FILE_NAMES[f] for f in FORMATS
    )


def test_force_refuses_a_folder_with_files_cqdt_did_not_write(hostile_results, tmp_path):
    """--force replaces the whole folder, so a user's own file there is refused, never deleted."""
    fw, results = hostile_results
    folder = tmp_path / "published"
    folder.mkdir()
    (folder / "annex.pdf").write_bytes(b"%PDF- an older run")
    (folder / "notes.txt").write_text("the clerk's notes", encoding="utf-8")
    with pytest.raises(CqdtError) as error:
        publish(fw, results, PROVENANCE, folder, formats=FORMATS, force=True)
    assert [d.code for d in error.value.diagnostics] == ["E908"]
    assert "notes.txt" in error.value.diagnostics[0].message
    assert _snapshot(folder) == {
        "annex.pdf": b"%PDF- an older run",
        "notes.txt": b"the clerk's notes",
    }


def test_no_temporary_files_left(outputs):
    assert all(not p.name.startswith(".") for p in outputs.iterdir())
    assert sorted(p.name for p in outputs.iterdir()) == sorted(
        publish_module.FILE_NAMES[f] for f in FORMATS
    )


def test_an_existing_outdir_is_not_clobbered(hostile_results, outputs, tmp_path):
    fw, results = hostile_results
    folder = tmp_path / "published"
    folder.mkdir()
    (folder / "annex.html").write_text("the published annex", encoding="utf-8")
    with pytest.raises(CqdtError) as error:
        publish(fw, results, PROVENANCE, folder, formats=FORMATS)
    assert [d.code for d in error.value.diagnostics] == ["E902"]
    assert _snapshot(folder) == {"annex.html": b"the published annex"}
    publish(fw, results, PROVENANCE, folder, formats=FORMATS, force=True)
    assert (folder / "annex.html").read_bytes() == (outputs / "annex.html").read_bytes()


def test_the_command_refuses_to_clobber(tmp_path, capsys, monkeypatch):
    """``cqdt score -o EXISTING`` exits 1 with E902 and no traceback; the folder is untouched."""
    from cqdt.cli import main

    root = Path(__file__).resolve().parents[2]
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "results.json").write_text("{}", encoding="utf-8")
    monkeypatch.delenv("CQDT_LANG", raising=False)
    code = main(
        [
            "score",
            str(root / "frameworks/2018_backan.cqdt"),
            str(root / "examples/backan_2018/inputs.xlsx"),
            "-o",
            str(folder),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1, err
    assert "E902" in err and "Traceback" not in err
    assert _snapshot(folder) == {"results.json": b"{}"}


def test_docx_xml_has_no_entity_declarations(outputs):
    with zipfile.ZipFile(outputs / "annex.docx") as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                assert b"<!DOCTYPE" not in archive.read(name)[:4096], name


def test_xlsx_opens_with_defused_parsing(outputs):
    """The workbook we publish is itself free of DTDs (openpyxl with defusedxml would refuse)."""
    from cqdt.runtime.intake.safety import inspect_workbook

    assert inspect_workbook(outputs / "results.xlsx") == []
    assert openpyxl.load_workbook(io.BytesIO((outputs / "results.xlsx").read_bytes()))


def test_a_hostile_decision_file_is_printed_as_text(hostile_results, tmp_path):
    """The decision details (``--decision decision.toml``) reach the annex header as text."""
    fw, results = hostile_results
    decision = tmp_path / "decision.toml"
    decision.write_text(
        'number = "<b>290</b>/QĐ-UBND"\n'
        "issuer = \"=cmd|' /C calc'!A0\"\n"
        'signer_name = "Nguyễn Văn A\\u000b<script>x</script>"\n'
        'place = "Bắc Kạn & {{ 7*7 }}"\n',
        encoding="utf-8",
    )
    outdir = tmp_path / "out"
    publish(fw, results, PROVENANCE, outdir, formats=FORMATS, decision=decision)
    page = (outdir / "annex.html").read_text(encoding="utf-8")
    assert "<b>290</b>" not in page and "&lt;b&gt;290&lt;/b&gt;" in page
    assert "<script>x" not in page
    assert "49" not in page.split("Bắc Kạn &amp;")[1][:20]  # no template evaluation
    with zipfile.ZipFile(outdir / "annex.docx") as archive:
        xml = archive.read("word/document.xml")
    assert b"&lt;script&gt;" in xml and b"{{ 7*7 }}" in xml
