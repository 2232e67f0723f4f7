"""Properties of the diff on random valid frameworks (``tests/strategies.py``).

- a framework compared with itself has no change;
- one generated edit (a max, a level threshold, an added or a removed node, a label) is
  reported as exactly that edit, keyed by the node's id;
- any two frameworks can be compared and rendered in every format.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cqdt.compiler.diff.model_diff import ChangeKind, diff_frameworks
from cqdt.compiler.model.nodes import Framework, Indicator, TierMax
from cqdt.dsl.expr import Num
from cqdt.runtime.diff.render import FORMATS, render
from tests.diff.edits import add_indicator, edit, remove
from tests.strategies import framework_and_inputs, frameworks


def leaves(fw: Framework) -> list[tuple[tuple[str, ...], Indicator]]:
    """(path, indicator) of every indicator and sub-item, parents first."""
    out = []
    for cat, grp, ind in fw.indicators():
        parent = next((i for i in grp.indicators if ind in i.items), None)
        path = (cat.id, grp.id, parent.id, ind.id) if parent else (cat.id, grp.id, ind.id)
        out.append((path, ind))
    return out


@given(frameworks())
def test_a_framework_equals_itself(fw):
    assert diff_frameworks(fw, fw).is_empty
    assert diff_frameworks(fw, replace(fw)).changes == ()


@given(frameworks(), st.data())
def test_one_max_changed(fw, data):
    path, ind = data.draw(st.sampled_from(leaves(fw)))
    tier = data.draw(st.sampled_from(ind.maxima.tiers))
    before = ind.max_for(tier)
    after = data.draw(st.sampled_from([before + 1, before * 2 + 1, max(before - 1, 0.5)]))
    maxima = TierMax(tuple((t, after if t == tier else v) for t, v in ind.maxima.entries))
    (change,) = diff_frameworks(fw, edit(fw, ind.id, maxima=maxima)).changes
    assert (change.kind, change.path, change.tier) == (ChangeKind.MAX, path, tier)
    assert (change.old, change.new) == (before, after)


@given(frameworks(), st.data())
def test_one_threshold_changed(fw, data):
    tables = [c for c in fw.categories if c.levels is not None and c.levels.levels]
    if not tables:
        return
    cat = data.draw(st.sampled_from(tables))
    row = data.draw(st.integers(0, len(cat.levels.levels) - 1))
    level = cat.levels.levels[row]
    if not level.conditions:
        return
    cond = level.conditions[0]
    moved = replace(
        cond, threshold=cond.threshold + data.draw(st.sampled_from([0.01, 1.0, -0.005]))
    )
    rows = list(cat.levels.levels)
    rows[row] = replace(level, conditions=(moved, *level.conditions[1:]))
    new = edit(fw, cat.id, levels=replace(cat.levels, levels=tuple(rows)))
    (change,) = diff_frameworks(fw, new).changes
    assert (change.kind, change.path, change.node_id) == (
        ChangeKind.LEVEL_CONDITIONS,
        (cat.id,),
        level.id,
    )


@given(frameworks(), st.data())
def test_one_indicator_added(fw, data):
    cat, grp = data.draw(st.sampled_from(list(fw.groups())))
    fresh = Indicator("fresh_x", "Tiêu chí mới", grp.maxima, rule=Num(0.0))
    (change,) = diff_frameworks(fw, add_indicator(fw, grp.id, fresh)).changes
    assert (change.kind, change.path, change.new) == (
        ChangeKind.NODE_ADDED,
        (cat.id, grp.id, "fresh_x"),
        "Tiêu chí mới",
    )


@given(frameworks(), st.data())
def test_one_indicator_removed(fw, data):
    path, ind = data.draw(st.sampled_from(leaves(fw)))
    changes = diff_frameworks(fw, remove(fw, ind.id)).changes
    gone = {ind.id, *(item.id for item in ind.items)}  # its sub-items go with it
    assert {c.node_id for c in changes} == gone
    assert all(c.kind is ChangeKind.NODE_REMOVED for c in changes)
    assert next(c for c in changes if c.node_id == ind.id).path == path


@given(frameworks(), st.data())
def test_one_label_changed(fw, data):
    path, ind = data.draw(st.sampled_from(leaves(fw)))
    (change,) = diff_frameworks(fw, edit(fw, ind.id, label=ind.label + " (sửa)")).changes
    assert (change.kind, change.path) == (ChangeKind.NODE_RELABELLED, path)


@given(frameworks(), st.data())
def test_one_indicator_renamed(fw, data):
    path, ind = data.draw(st.sampled_from(leaves(fw)))
    (change,) = diff_frameworks(fw, edit(fw, ind.id, id="renamed_x")).changes
    assert (change.kind, change.path[:-1], change.old, change.new) == (
        ChangeKind.NODE_RENAMED,
        path[:-1],
        ind.id,
        "renamed_x",
    )


@given(frameworks(), frameworks())
def test_any_two_frameworks_compare_and_render(a, b):
    diff = diff_frameworks(a, b)
    for fmt in FORMATS:
        assert render(diff, fmt, lang="en")
    back = diff_frameworks(b, a)
    added = sum(c.kind is ChangeKind.NODE_ADDED for c in diff.changes)
    removed_back = sum(c.kind is ChangeKind.NODE_REMOVED for c in back.changes)
    assert added == removed_back


@given(framework_and_inputs(max_units=6))
def test_same_framework_and_data_affect_nobody(case):
    pytest.importorskip("cqdt.runtime.score.run")
    from cqdt.runtime.diff.impact import measure_impact

    fw, frame = case
    report = measure_impact(fw, fw, frame)
    assert report.summary()["changed"] == 0
    assert report.summary()["units"] == frame.height
    assert report.assumed_inputs == ()
