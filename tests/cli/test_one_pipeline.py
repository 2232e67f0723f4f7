"""The command line and the Python API run one pipeline: same request, same bytes.

Also: ``--templates DIR`` reaches every templated format, ``annex.docx`` included (the format
table used to forget it, so ``cqdt score --templates DIR --formats docx`` ignored the override
docs/annex.md promises), and ``formats`` means "added to the defaults" on both sides.
"""

import io
import zipfile
from pathlib import Path

import pytest

import cqdt
from cqdt.runtime.publish.formats import DEFAULT_FORMATS, FILE_NAMES, FORMATS, TOP_NAMES
from tests.cli.common import DATA, DECISION, FRAMEWORK, UNITS, run

MARKER = "CQDT-TEMPLATE-MARKER-7f3a"


def _docx_with_marker(folder: Path) -> None:
    """The built-in Word template with one more paragraph holding the marker."""
    original = cqdt.bundled("templates/annex.docx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                body = b"<w:body>"
                paragraph = f"<w:p><w:r><w:t>{MARKER}</w:t></w:r></w:p>".encode()
                assert body in data
                data = data.replace(body, body + paragraph, 1)
            dst.writestr(item, data)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "annex.docx").write_bytes(out.getvalue())


def _document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml").decode("utf-8")


def test_score_templates_dir_overrides_the_word_annex(tmp_path, capsys):
    pytest.importorskip("docxtpl")
    _docx_with_marker(tmp_path / "tpl")
    code, _, err = run(
        capsys,
        *("score", FRAMEWORK, DATA, "--units", UNITS, "-o", tmp_path / "out"),
        *("--templates", tmp_path / "tpl", "--formats", "docx"),
    )
    assert code == 0, err
    assert MARKER in _document_xml(tmp_path / "out" / "annex.docx")


def test_api_templates_dir_overrides_the_word_annex(tmp_path):
    pytest.importorskip("docxtpl")
    _docx_with_marker(tmp_path / "tpl")
    results = cqdt.load(FRAMEWORK).score(DATA, units=UNITS)
    results.write(tmp_path / "out", formats=["docx"], templates=tmp_path / "tpl")
    assert MARKER in _document_xml(tmp_path / "out" / "annex.docx")


def test_formats_add_to_the_defaults_on_both_sides(tmp_path, capsys):
    pytest.importorskip("docxtpl")
    code, _, _ = run(
        capsys,
        "score",
        FRAMEWORK,
        DATA,
        "--units",
        UNITS,
        "-o",
        tmp_path / "cli",
        "--formats",
        "docx",
    )
    assert code == 0
    written = (
        cqdt.load(FRAMEWORK).score(DATA, units=UNITS).write(tmp_path / "api", formats=["docx"])
    )
    expected = sorted(FILE_NAMES[f] for f in (*DEFAULT_FORMATS, "docx"))
    assert sorted(p.name for p in (tmp_path / "cli").iterdir()) == expected
    assert sorted(p.name for p in written) == expected


def test_cli_and_api_write_the_same_bytes(tmp_path, capsys):
    """One request (every format, a decision, a templates folder) through both doors."""
    pytest.importorskip("docxtpl")
    pytest.importorskip("weasyprint")
    templates = tmp_path / "tpl"
    _docx_with_marker(templates)
    # every extra format but the PDF cards (150 PDFs twice; tests/site compares them)
    extra = [f.name for f in FORMATS if not f.default and f.name != "cards-pdf"]
    code, _, err = run(
        capsys,
        *("score", FRAMEWORK, DATA, "--units", UNITS, "--decision", DECISION),
        *("--templates", templates, "--formats", ",".join(extra), "-o", tmp_path / "cli"),
    )
    assert code == 0, err
    results = cqdt.load(FRAMEWORK).score(DATA, units=UNITS)
    results.write(tmp_path / "api", formats=extra, decision=DECISION, templates=templates)
    cli_files = sorted(p.relative_to(tmp_path / "cli") for p in (tmp_path / "cli").rglob("*"))
    api_files = sorted(p.relative_to(tmp_path / "api") for p in (tmp_path / "api").rglob("*"))
    assert cli_files == api_files
    assert sorted({p.parts[0] for p in cli_files}) == sorted(TOP_NAMES)
    cli_files = [p for p in cli_files if (tmp_path / "cli" / p).is_file()]
    for name in cli_files:
        assert (tmp_path / "cli" / name).read_bytes() == (tmp_path / "api" / name).read_bytes(), (
            name
        )


def test_the_formats_help_comes_from_the_table(capsys):
    code, out, _ = run(capsys, "--lang", "en", "score", "--help")
    assert code == 0
    assert (
        "Add formats: docx, pdf, cards, cards-pdf, site (default: json, xlsx, html, md)"
        in " ".join(out.split())
    )
