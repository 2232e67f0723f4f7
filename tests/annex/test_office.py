"""annex.docx as its readers see it: opened by a real office suite (LibreOffice), not only by
python-docx.

One conversion (``soffice --headless --convert-to pdf``) of the Bắc Kạn example's annex is shared
by every test here (module fixture). Checked on the printed pages: the page count, no table row
split across a page break, the top unit's name on one line, the whole header block on page 1,
the national title never broken ("…VIỆT / NAM"), provenance only on the last page; and pages
rendered to PNG (pdftoppm) compared with reviewed reference images, with a tolerance.

Regenerate the reference images after an intended change of the Word annex (then look at them
before committing)::

    CQDT_OFFICE_REFERENCE=update .venv/bin/pytest tests/annex/test_office.py

The tests skip when LibreOffice (``soffice``) or poppler is missing, and fail instead in CI
(``CI`` set), where .ci/run installs them (Debian packages libreoffice-writer, poppler-utils).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import cqdt
from cqdt.runtime.publish.decision import load_decision
from cqdt.runtime.publish.render import render_docx
from cqdt.runtime.publish.report import build_report

REFERENCE = Path(__file__).with_name("office_reference")
#: The pages compared with a reference image: the header block and first table, the summaries.
PAGES = (1, 5)
DPI = 30


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        reason = f"{name} is missing (Debian package {package}): the office-suite tests need it"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """The example's annex.docx converted to PDF by LibreOffice, and its pages' text."""
    soffice = _tool("soffice", "libreoffice-writer")
    _tool("pdftotext", "poppler-utils")
    folder = tmp_path_factory.mktemp("office")
    fw = cqdt.load(cqdt.bundled("frameworks/2018_backan.cqdt"))
    res = fw.score(
        cqdt.bundled("examples/backan_2018/inputs.xlsx"),
        units=cqdt.bundled("examples/backan_2018/units.csv"),
    )
    decision = load_decision(cqdt.bundled("examples/backan_2018/decision.toml"))
    report = build_report(fw.model, res.frame, res.provenance, decision)
    docx = folder / "annex.docx"
    docx.write_bytes(render_docx(report))
    profile = (folder / "profile").as_uri()  # its own profile: no clash with a running office
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(folder), str(docx)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = folder / "annex.pdf"
    assert pdf.is_file(), "LibreOffice wrote no PDF"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    return pdf, pages, report


def test_page_count_is_in_range(office):
    _, pages, _ = office
    assert 5 <= len(pages) <= 9, len(pages)


def test_header_block_is_whole_on_page_one(office):
    _, pages, _ = office
    first = pages[0]
    lines = [line.strip() for line in first.splitlines()]
    assert any(line.startswith("ỦY BAN NHÂN DÂN") for line in lines)
    assert any(line.startswith("TỈNH BẮC KẠN") for line in lines)  # never "TỈNH BẮC / KẠN"
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line for line in lines)
    assert any("Độc lập - Tự do - Hạnh phúc" in line for line in lines)
    assert "Bắc Kạn, ngày 21 tháng 02 năm 2019" in first
    assert "PHỤ LỤC I" in first and "KẾT QUẢ ĐÁNH GIÁ, XẾP HẠNG" in first
    assert "Kèm theo Quyết định số 290/QĐ-UBND" in first


def test_top_unit_name_is_on_one_line(office):
    _, pages, report = office
    top = report.tiers[0].rows[0].name
    assert any(top in line for line in pages[0].splitlines()), top


_ROW = re.compile(r"^\s*(\d+)\s+\S")


def test_no_table_row_splits_across_pages(office):
    """On every page the first line under a repeated table header starts a row (its STT): a
    row split at the page break would start the page with the rest of a name."""
    _, pages, report = office
    header_line = re.compile(r"^\s*Điểm\s+Mức\s+Điểm\s+Mức")
    checked = 0
    for page in pages:
        lines = page.splitlines()
        for i, line in enumerate(lines):
            if header_line.match(line):
                following = next((x for x in lines[i + 1 :] if x.strip()), "")
                assert _ROW.match(following), f"a row continues onto this page: {following!r}"
                checked += 1
    assert checked >= len(report.tiers) + 2  # every table's header, and repeated ones
    # and every unit printed exactly once, with its rank
    numbers = [int(m.group(1)) for page in pages for m in map(_ROW.match, page.splitlines()) if m]
    assert len(numbers) >= sum(t.units for t in report.tiers)


def test_provenance_is_only_on_the_last_page(office):
    _, pages, _ = office
    assert "sha256" in pages[-1] and "Nguồn dữ liệu" in pages[-1]
    assert all("sha256" not in page for page in pages[:-1])
    assert pages[-2].rstrip().endswith("……")  # the signer block, dots to fill in


# -- what the pages look like ----------------------------------------------------------------


def _render(pdf: Path, page: int, folder: Path):
    from PIL import Image

    _tool("pdftoppm", "poppler-utils")
    stem = folder / f"page-{page}"
    subprocess.run(
        ["pdftoppm", "-png", "-gray", "-r", str(DPI), "-f", str(page), "-l", str(page)]
        + ["-singlefile", str(pdf), str(stem)],
        check=True,
    )
    return Image.open(f"{stem}.png").convert("L")


def difference(a, b) -> tuple[float, float]:
    """(mean absolute difference 0–255, share of pixels differing by more than 96 levels)."""
    from PIL import ImageChops

    if a.size != b.size:
        return 255.0, 1.0
    diff = ImageChops.difference(a, b)
    histogram = diff.histogram()
    total = a.size[0] * a.size[1]
    mean = sum(level * count for level, count in enumerate(histogram)) / total
    strong = sum(histogram[97:]) / total
    return mean, strong


#: Fonts are anti-aliased a little differently from one LibreOffice build to the next; a moved
#: table, a lost column or a wrapped header changes far more than this.
TOLERANCE = (6.0, 0.03)


@pytest.mark.parametrize("page", PAGES)
def test_page_looks_like_the_reviewed_reference(office, page, tmp_path):
    pdf, _, _ = office
    image = _render(pdf, page, tmp_path)
    reference = REFERENCE / f"page-{page}.png"
    if os.environ.get("CQDT_OFFICE_REFERENCE") == "update":
        REFERENCE.mkdir(exist_ok=True)
        image.save(reference, optimize=True)
        pytest.skip(f"reference image {reference.name} written: look at it before committing")
    from PIL import Image

    assert reference.is_file(), "no reference image: run with CQDT_OFFICE_REFERENCE=update"
    mean, strong = difference(image, Image.open(reference).convert("L"))
    assert mean <= TOLERANCE[0] and strong <= TOLERANCE[1], (page, mean, strong)


def test_the_comparison_sees_a_different_page(office, tmp_path):
    """The tolerance is not so loose that another page passes for page 1."""
    from PIL import Image

    pdf, _, _ = office
    reference = REFERENCE / f"page-{PAGES[0]}.png"
    if not reference.is_file():
        pytest.skip("no reference image yet")
    other = _render(pdf, 2, tmp_path)
    mean, strong = difference(other, Image.open(reference).convert("L"))
    assert mean > TOLERANCE[0] or strong > TOLERANCE[1]
