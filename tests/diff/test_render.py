"""Rendering a diff: every format says the same facts, escapes what it must, both languages."""

from __future__ import annotations

import json

import pytest

from cqdt.compiler.diff.model_diff import diff_frameworks
from cqdt.runtime.diff.render import FORMATS, SCHEMA, diff_view, render
from tests.diff.edits import edit
from tests.diff.models import sample, tm


@pytest.fixture
def diff():
    fw = sample()
    new = edit(fw, "readiness", maxima=tm(province=50, commune=40))
    new = edit(new, "infra", maxima=tm(province=20, commune=40))
    new = edit(new, "pc_ratio", maxima=tm(province=10, commune=30), label="Máy tính <b>&</b>")
    return diff_frameworks(fw, new)


def test_view_groups_by_category_then_group(diff):
    view = diff_view(diff, lang="en")
    assert [(b.title, b.depth, len(b.lines)) for b in view] == [
        ("Category Điều kiện sẵn sàng (readiness)", 1, 1),
        ("Điều kiện sẵn sàng › Hạ tầng (infra)", 2, 3),
    ]
    assert view[1].lines[0].text == "Group infra: max points (UBND cấp xã) 30 → 40"
    assert view[1].lines[0].flags == ("category max shifts",)


def test_text_is_plain_unless_colour_is_asked(diff):
    plain = render(diff, "text", lang="vi")
    coloured = render(diff, "text", lang="vi", color=True)
    assert "\x1b[" not in plain
    assert "\x1b[32m" not in coloured and "\x1b[33m" in coloured
    assert "Tiêu chí pc_ratio: điểm tối đa (UBND cấp xã) 20 → 30" in plain
    assert "[đổi điểm tối đa hạng mục]" in plain


def test_html_escapes_labels(diff):
    html = render(diff, "html", lang="en")
    assert "<b>&</b>" not in html
    assert "Máy tính &lt;b&gt;&amp;&lt;/b&gt;" in html
    assert html.startswith("<!DOCTYPE html>") and 'lang="en"' in html


def test_markdown_headings_and_flags(diff):
    md = render(diff, "md", lang="en")
    assert "## Category Điều kiện sẵn sàng (readiness)" in md
    assert "### Điều kiện sẵn sàng › Hạ tầng (infra)" in md
    assert "— _category max shifts_" in md


def test_json_document(diff):
    doc = json.loads(render(diff, "json", lang="en"))
    assert doc["schema"] == SCHEMA
    assert doc["summary"] == {
        "changes": 4,
        "by_kind": {"node_relabelled": 1, "max": 3},
        "flags": {"budget": 3, "data_entry": 0},
    }
    first = doc["changes"][0]
    assert set(first) == {
        "kind",
        "node_kind",
        "node_id",
        "path",
        "tier",
        "old",
        "new",
        "flags",
        "text",
    }
    assert (first["kind"], first["path"], first["tier"], first["old"], first["new"]) == (
        "max",
        ["readiness"],
        "commune",
        30.0,
        40.0,
    )
    assert doc["impact"] is None


def test_empty_diff_says_so():
    fw = sample()
    for fmt in FORMATS:
        assert render(diff_frameworks(fw, fw), fmt, lang="en")
    assert "Both versions mean the same framework" in render(
        diff_frameworks(fw, fw), "text", lang="en"
    )


def test_unknown_format(diff):
    with pytest.raises(ValueError):
        render(diff, "pdf")
