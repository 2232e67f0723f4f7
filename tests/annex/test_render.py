"""The annex in every format: snapshots, escaping, DOCX content, determinism, atomic writes."""

import datetime as dt
import io
import zipfile

import pytest

from cqdt.diagnostics import CqdtError
from cqdt.i18n import set_language
from cqdt.runtime.publish.decision import DecisionInfo
from cqdt.runtime.publish.formats import write_annexes
from cqdt.runtime.publish.render import (
    escape_markdown,
    render_docx,
    render_html,
    render_markdown,
)
from cqdt.runtime.publish.report import build_report

from . import sample

DECISION = DecisionInfo(
    number="290/QĐ-UBND",
    date=dt.date(2019, 2, 21),
    place="Bắc Kạn",
    signer_title="KT. CHỦ TỊCH",
    signer_name="Nguyễn Văn A",
)


@pytest.fixture
def report():
    return build_report(sample.framework(), sample.results(), sample.provenance(), DECISION)


def test_html_snapshot(report, snapshot):
    """The document body (the stylesheet is pinned by test_html_has_layout_rules)."""
    html = render_html(report)
    assert html[html.index("<body>") :] == snapshot


def test_markdown_snapshot(report, snapshot):
    assert render_markdown(report) == snapshot


def test_markdown_snapshot_english(snapshot):
    set_language("en")
    report = build_report(sample.framework(), sample.results(), sample.provenance(), None)
    assert render_markdown(report) == snapshot


def test_html_has_layout_rules(report):
    html = render_html(report)
    assert "margin: 20mm 15mm 20mm 30mm" in html
    assert "@page :first" in html and "counter(page)" in html
    assert "thead { display: table-header-group; }" in html
    assert '"Times New Roman", "Liberation Serif", "DejaVu Serif", serif' in html
    assert html.count('<table class="data ranking"') == 2
    assert html.count('<table class="data level-summary"') == 2
    assert html.count("<svg") == 4


def test_hostile_unit_name_is_text_in_html_and_markdown(report):
    html = render_html(report)
    assert sample.XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = render_markdown(report)
    assert sample.XSS not in md and "<script" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md


def test_hostile_texts_everywhere_in_docx():
    fw = sample.framework()
    decision = DecisionInfo(number="1/<b>&", issuer="UBND <i>tỉnh</i> & co")
    report = build_report(fw, sample.results(), sample.provenance(), decision)
    data = render_docx(report)
    document = _docx(data)
    names = [row.cells[1].text for row in document.tables[1].rows]
    assert sample.XSS in names
    assert any("1/<b>&" in p.text for p in document.paragraphs)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "<script>" not in xml and "&lt;script&gt;alert(1)&lt;/script&gt;" in xml


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a|b", "a\\|b"),
        ("*x* _y_ [l](u)", "\\*x\\* \\_y\\_ \\[l\\](u)"),
        ("# heading", "\\# heading"),
        ("- item", "\\- item"),
        ("1. item", "1\\. item"),
        ("0.1.0", "0.1.0"),
        ("Độc lập - Tự do", "Độc lập - Tự do"),
        ("TT&TT &amp;", "TT&TT &amp;amp;"),
        ("line\nbreak", "line break"),
    ],
)
def test_escape_markdown(text, expected):
    assert escape_markdown(text) == expected


def _docx(data: bytes):
    import docx

    return docx.Document(io.BytesIO(data))


def test_docx_opens_and_holds_the_tables(report):
    document = _docx(render_docx(report))
    # header block, two ranking tables, two level summaries, signer block
    assert len(document.tables) == 6
    header = document.tables[0].rows[0].cells
    assert header[0].text.startswith("ỦY BAN NHÂN DÂN\nTỈNH BẮC KẠN")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1].text
    province = document.tables[1]
    assert [c.text for c in province.rows[1].cells] == [
        "STT",
        "Tên đơn vị",
        "Điểm",
        "Mức",
        "Điểm",
        "Mức",
        "Tổng điểm\n(tối đa 200)",
        "Xếp hạng",
    ]
    assert [c.text for c in province.rows[2].cells] == [
        "1",
        "Sở Thông tin và Truyền thông",
        "92,50",
        "Mức 1",
        "88,25",
        "Mức 2",
        "180,75",
        "1",
    ]
    # the PDF's summary: a row per category, a count and a share under each level
    summary = document.tables[3]
    assert [c.text for c in summary.rows[2].cells] == [
        "Điều kiện sẵn sàng",
        *("1", "20%", "0", "0%", "2", "40%", "0", "0%", "2", "40%"),
    ]
    assert "KT. CHỦ TỊCH" in document.tables[-1].rows[0].cells[1].text
    texts = [p.text for p in document.paragraphs]
    assert "PHỤ LỤC" in texts
    assert "KẾT QUẢ ĐÁNH GIÁ, XẾP HẠNG MỨC ĐỘ XÂY DỰNG CQĐT NĂM 2018" in texts
    assert (
        "(Kèm theo Quyết định số 290/QĐ-UBND ngày 21 tháng 02 năm 2019 của UBND tỉnh Bắc Kạn)"
        in texts
    )
    assert not any("⟦" in t or "{{" in t for t in texts)
    section = document.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.page_width.mm) == 210
    assert section.different_first_page_header_footer


def _xml(element) -> str:
    from lxml import etree

    return etree.tostring(element, encoding="unicode")


def test_docx_tables_are_laid_out_like_the_pdf(report):
    from docx.oxml.ns import qn

    document = _docx(render_docx(report))
    province = document.tables[1]._tbl
    assert province.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    widths = [int(col.get(qn("w:w"))) for col in province.tblGrid.findall(qn("w:gridCol"))]
    assert widths[1] == max(widths)  # the unit name gets the room, not 1169 twips each
    assert abs(sum(widths) - 165 * 1440 / 25.4) < 20  # the whole A4 text box
    rows = province.findall(qn("w:tr"))
    assert all(
        row.trPr is not None and row.trPr.find(qn("w:cantSplit")) is not None for row in rows
    )
    assert [row.trPr.find(qn("w:tblHeader")) is not None for row in rows[:3]] == [1, 1, 0]
    for tc in rows[0].findall(qn("w:tc")):
        assert tc.tcPr.find(qn("w:vAlign")).get(qn("w:val")) == "center"
        assert tc.findall(qn("w:p"))[0].pPr.find(qn("w:jc")).get(qn("w:val")) == "center"
    # the header block is a borderless table; the rule under the issuer is drawn
    header = document.tables[0]._tbl
    assert 'w:val="nil"' in _xml(header.tblPr.find(qn("w:tblBorders")))
    assert "w:pBdr" in _xml(header) and "__" not in _xml(header) and "————" not in _xml(header)
    # bold headings, the document in Vietnamese
    heading = next(p for p in document.paragraphs if p.text == "Bảng 1. Sở, ban, ngành")
    assert heading.runs[0].bold and heading.paragraph_format.keep_with_next
    assert 'w:val="vi-VN"' in _xml(document.styles.element)
    assert document.core_properties.language == "vi-VN"


def test_docx_provenance_on_its_own_last_page_and_signer_dots(report):
    document = _docx(render_docx(report))
    texts = [p.text for p in document.paragraphs]
    first = next(i for i, t in enumerate(texts) if t.startswith("Nguồn dữ liệu"))
    assert document.paragraphs[first].paragraph_format.page_break_before
    assert all("sha256" not in t for t in texts[:first])
    assert any("sha256" in t for t in texts[first:])
    unsigned = build_report(sample.framework(), sample.results(), None, DecisionInfo())
    signer = _docx(render_docx(unsigned)).tables[-1].rows[0].cells[1].text
    assert signer.startswith("……") and signer.endswith("……")


def test_docx_neutral_style_and_group_columns():
    import polars as pl

    frame = sample.results().with_columns(
        infra=pl.col("readiness") * 0.6,
        policy=pl.col("readiness") * 0.4,
        presence=pl.col("results") / 2,
        interaction=pl.col("results") / 2,
    )
    info = DecisionInfo(style="neutral", group_columns=True)
    document = _docx(render_docx(build_report(sample.framework(), frame, None, info)))
    everything = " ".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    assert "CỘNG HÒA" not in everything and "Độc lập" not in everything
    assert "PHỤ LỤC" not in everything and "Kèm theo" not in everything
    assert "……" not in everything  # no signer dots: no signer block at all
    province = document.tables[1]
    assert province.rows[1].cells[2].text == "Cơ sở hạ tầng thông tin\n(tối đa 60)"
    assert province.rows[2].cells[2].text == "55,50"


def test_docx_is_byte_identical_and_timeless(report):
    first = render_docx(report)
    assert first == render_docx(report)
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = _docx(first).core_properties
    assert core.created == core.modified and core.created.year == 1980


def test_docx_template_script_rebuilds_the_shipped_template():
    import importlib.util
    from importlib import resources

    template_dir = resources.files("cqdt") / "templates"
    spec = importlib.util.spec_from_file_location(
        "build_docx_template", template_dir / "build_docx_template.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == (template_dir / "annex.docx").read_bytes()


def test_write_annexes_writes_atomically_and_identically(report, tmp_path):
    paths = write_annexes(report, tmp_path / "out", ["html", "md", "docx"])
    assert [p.name for p in paths] == ["annex.html", "annex.md", "annex.docx"]
    before = {p.name: p.read_bytes() for p in paths}
    write_annexes(report, tmp_path / "out", ["html", "md", "docx"])
    assert {p.name: p.read_bytes() for p in paths} == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(before)
    with pytest.raises(ValueError):
        write_annexes(report, tmp_path / "out", ["odt"])


def test_user_templates_override_by_name_inside_the_sandbox(report, tmp_path):
    (tmp_path / "annex.md.j2").write_text("# {{ report.title }} | {{ report.tiers|length }}\n")
    assert render_markdown(report, templates_dir=tmp_path) == (
        "# Bộ tiêu chí đánh giá mức độ xây dựng CQĐT | 2\n"
    )
    # the other templates still come from cqdt
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in render_html(report, templates_dir=tmp_path)
    (tmp_path / "annex.html.j2").write_text("{{ report.__class__.__mro__ }}")
    with pytest.raises(CqdtError) as error:
        render_html(report, templates_dir=tmp_path)
    assert [d.code for d in error.value.diagnostics] == ["E923"]
    (tmp_path / "annex.html.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(CqdtError) as error:
        render_html(report, templates_dir=tmp_path)
    assert [d.code for d in error.value.diagnostics] == ["E923"]


def test_wide_docx_is_landscape():
    fw, frame = sample.wide()
    document = _docx(render_docx(build_report(fw, frame, None)))
    section = document.sections[0]
    assert round(section.page_width.mm) == 297 and round(section.page_height.mm) == 210
    assert len(document.tables[1].rows[0].cells) == 2 + 4 * 2 + 2
