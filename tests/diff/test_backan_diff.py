"""2018 → 2019 Bắc Kạn: the diff and its impact on the example data, pinned.

Read and judged before pinning: the diff lists exactly the eight documented revisions of
``frameworks/2019_backan.cqdt`` (its header) and nothing else — metadata, raised level
thresholds, the new online-payment indicator and its input (the only change flagged for the
data-entry form), the moved indicator with both group maxima, the maxima traded inside groups
(no budget flag: every category keeps 100 points), the relabels and the skills →
it_certificates rename. The impact: on the 2018 answers, every department and district loses
a few points (pc_ratio and one_stop weigh less, the new indicator has no data yet), three
departments drop a level, two swap ranks; communes are untouched (none used the one-stop
software or online services in the example data, and all stay unclassified).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cqdt.compiler.diff.model_diff import ChangeKind, Flag, diff_frameworks
from cqdt.runtime.diff.render import render, to_json_document

ROOT = Path(__file__).resolve().parents[2]
OLD = ROOT / "frameworks" / "2018_backan.cqdt"
NEW = ROOT / "frameworks" / "2019_backan.cqdt"
EXAMPLE = ROOT / "examples" / "backan_2018"


@pytest.fixture(scope="module")
def versions():
    from cqdt.compiler.load import load_framework

    return load_framework(OLD), load_framework(NEW)


@pytest.fixture(scope="module")
def diff(versions):
    return diff_frameworks(*versions)


@pytest.fixture(scope="module")
def impact(versions, diff):
    pytest.importorskip("cqdt.runtime.score.run")
    from cqdt.runtime.diff.impact import measure_impact
    from cqdt.runtime.intake.read import read_inputs
    from cqdt.runtime.intake.registry import load_units

    old, new = versions
    units = load_units(EXAMPLE / "units.csv")
    data = read_inputs(old, EXAMPLE / "inputs.xlsx", units=units)
    renames = {c.old: c.new for c in diff.changes if c.kind is ChangeKind.NODE_RENAMED}
    return measure_impact(
        old, new, data.frame, renames=renames, data_path="inputs.xlsx", data_sha256=data.sha256
    )


def test_counts(diff):
    # Failing after a correction of the 2018 file? Run `python tests/diff/make_2019.py`.
    assert len(diff.changes) == 36, [c.kind.value + ":" + str(c.node_id) for c in diff.changes]
    assert diff.counts() == {
        "metadata": 6,
        "node_added": 2,
        "node_renamed": 1,
        "node_moved": 1,
        "node_relabelled": 4,
        "max": 15,
        "rule": 1,
        "level_conditions": 6,
    }
    assert [c.node_id for c in diff.flagged(Flag.DATA_ENTRY)] == ["files_paid_online"]
    assert diff.flagged(Flag.BUDGET) == ()
    assert diff.contract_changed


def test_text(diff, snapshot):
    assert render(diff, "text", lang="vi") == snapshot


def test_text_english(diff, snapshot):
    assert render(diff, "text", lang="en") == snapshot


def test_markdown(diff, snapshot):
    assert render(diff, "md", lang="vi") == snapshot


def test_json(diff, snapshot):
    doc = to_json_document(diff, lang="en")
    # the contract fingerprints belong to the I/O contract's own tests: only check their shape
    for side in ("old", "new"):
        assert len(doc[side].pop("contract")) == 64
    assert json.dumps(doc, ensure_ascii=False, indent=1) == snapshot


def test_impact_counts(impact):
    assert impact.assumed_inputs == ("files_paid_online",)
    assert impact.summary() == {
        "units": 150,
        "changed": 28,
        "total_changed": 28,
        "level_changed": 3,
        "level_up": 0,
        "level_down": 3,
        "rank_changed": 2,
    }


def test_impact_explains_every_total(impact):
    for tier in impact.tiers:
        for unit in tier.changed:
            assert sum(c.delta for c in unit.contributions) == pytest.approx(unit.total_delta)


def test_impact_text(diff, impact, snapshot):
    assert render(diff, "text", impact=impact, lang="vi") == snapshot


def test_impact_json(diff, impact, snapshot):
    doc = to_json_document(diff, impact, lang="en")["impact"]
    assert len(doc["data"].pop("sha256")) == 64  # the example's own fingerprint: not pinned here
    assert json.dumps(doc, ensure_ascii=False, indent=1) == snapshot


def test_impact_html_renders(diff, impact):
    html = render(diff, "html", impact=impact, lang="vi")
    assert "<table>" in html and "Sở Thông tin và Truyền thông" in html
