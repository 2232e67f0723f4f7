"""The PDF annex: it renders, it is byte-identical, its text keeps the diacritics, and a long
table repeats its header on the next page."""

import os
import shutil
import subprocess

import pytest

from cqdt.runtime.publish.report import build_report

from . import sample


def _weasyprint():
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"WeasyPrint cannot be imported in CI: {exc}")
        pytest.skip(f"WeasyPrint cannot be imported: {exc}")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing (Debian package poppler-utils)")
        pytest.skip(f"{name} is missing (Debian package poppler-utils)")
    return path


def _long_results(extra: int = 60):
    """The sample plus ``extra`` districts: the district table runs over two pages."""
    units = list(sample.UNITS)
    for i in range(extra):
        units.append(
            (
                "district",
                f"D{i:02d}",
                f"Xã Đồng Lạc số {i}",
                50.0 - i / 2,
                "muc_4",
                40.0,
                "unclassified",
                3 + i,
            )
        )
    return sample.results(units)


@pytest.fixture(scope="module")
def pdf_bytes():
    _weasyprint()
    from cqdt.runtime.publish.render import render_pdf

    report = build_report(sample.framework(), _long_results(), sample.provenance())
    return render_pdf(report), render_pdf(report)


def _pages_text(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "annex.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        [_tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


def test_pdf_renders_and_is_byte_identical(pdf_bytes):
    first, second = pdf_bytes
    assert first.startswith(b"%PDF-")
    assert first == second
    assert b"/CreationDate" not in first and b"/ModDate" not in first


def test_pdf_text_keeps_vietnamese_and_repeats_table_headers(pdf_bytes, tmp_path):
    pages = [p for p in _pages_text(pdf_bytes[0], tmp_path) if p.strip()]
    assert len(pages) >= 3
    first = pages[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    # the issuing body splits before the place, never inside its name
    assert "ỦY BAN NHÂN DÂN" in first and "TỈNH BẮC KẠN" in first
    assert "Sở Thông tin và Truyền thông" in first
    # page numbers at the top from page 2, none on page 1
    assert first.lstrip().startswith("ỦY BAN") or not first.lstrip()[0].isdigit()
    assert pages[1].strip().startswith("2")
    district_pages = [p for p in pages if "Xã Đồng Lạc" in p]
    assert len(district_pages) >= 2
    for page in district_pages:
        assert "STT" in page and "Tên đơn vị" in page and "Xếp hạng" in page


def test_wide_annex_prints_landscape(tmp_path):
    _weasyprint()
    from cqdt.runtime.publish.render import render_pdf

    fw, frame = sample.wide()
    path = tmp_path / "wide.pdf"
    path.write_bytes(render_pdf(build_report(fw, frame, None)))
    info = subprocess.run(
        [_tool("pdfinfo"), "-f", "1", "-l", "1", str(path)], capture_output=True, text=True
    ).stdout
    assert "841.89 x 595.276" in info  # A4 landscape, in points


def _rows_per_page(pages: list[str], marker: str) -> list[int]:
    return [sum(1 for line in page.splitlines() if marker in line) for page in pages]


def test_no_page_carries_a_single_leftover_row(tmp_path):
    """47 districts fill page 1 (8 rows) and page 2 (38): without orphan control the last row
    would stand alone on page 3."""
    _weasyprint()
    from cqdt.runtime.publish.render import render_pdf

    report = build_report(sample.framework(), _long_results(47), sample.provenance())
    pages = [p for p in _pages_text(render_pdf(report), tmp_path) if p.strip()]
    counts = [n for n in _rows_per_page(pages, "Xã Đồng Lạc số") if n]
    assert len(counts) >= 2  # the table runs over pages
    assert min(counts) >= 2, counts


def test_provenance_is_on_its_own_page_after_the_signer(pdf_bytes, tmp_path):
    pages = [p for p in _pages_text(pdf_bytes[0], tmp_path) if p.strip()]
    body, last = pages[:-1], pages[-1]
    assert "sha256" in last and "Nguồn dữ liệu" in last
    assert all("sha256" not in page for page in body)
    assert "Xếp hạng" not in last.replace("Nguồn dữ liệu", "")
    # the signer block prints dots when the signer is not known
    assert body[-1].rstrip().endswith("……")


def _ink_right_margin_mm(pdf: bytes, tmp_path) -> float:
    """How far from the right edge of page 1 the rightmost ink is, in mm."""
    from PIL import Image

    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    stem = tmp_path / "page"
    subprocess.run(
        [_tool("pdftoppm"), "-png", "-gray", "-r", "50", "-f", "1", "-l", "1", "-singlefile"]
        + [str(path), str(stem)],
        check=True,
    )
    image = Image.open(f"{stem}.png").convert("L")
    pixels, (width, height) = image.load(), image.size
    right = max(x for x in range(width) for y in range(0, height, 2) if pixels[x, y] < 128)
    return (width - 1 - right) * 25.4 / 50


@pytest.mark.parametrize("wide", [False, True], ids=["two categories", "four categories"])
def test_group_columns_stay_inside_the_text_box(tmp_path, wide):
    """Each group's (pillar's) points as a column: the table still ends at the right margin."""
    import polars as pl

    from cqdt.runtime.publish.decision import DecisionInfo

    _weasyprint()
    from cqdt.runtime.publish.render import render_pdf

    fw, frame = sample.wide() if wide else (sample.framework(), sample.results())
    frame = frame.with_columns(
        infra=pl.col("readiness") * 0.6,
        policy=pl.col("readiness") * 0.4,
        presence=pl.col("results") / 2,
        interaction=pl.col("results") / 2,
    )
    report = build_report(fw, frame, None, DecisionInfo(group_columns=True, style="neutral"))
    margin = _ink_right_margin_mm(render_pdf(report), tmp_path)
    assert report.wide  # group columns print landscape
    assert margin >= 20 - 1, margin
