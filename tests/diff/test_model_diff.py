"""The model diff on a hand-built framework: each edit is reported as exactly one fact."""

from __future__ import annotations

from dataclasses import replace

from cqdt.compiler.diff.model_diff import Change, ChangeKind, Flag, diff_frameworks
from cqdt.compiler.model.nodes import (
    Condition,
    Input,
    InputType,
    Level,
    MissingPolicy,
    Ranking,
    Subject,
    TiePolicy,
    Tier,
)
from cqdt.dsl.expr import Num, Ref
from tests.diff.edits import add_indicator, edit, map_nodes, remove
from tests.diff.models import TIERS, levels, sample, tm


def kinds(diff) -> list[str]:
    return [c.kind.value for c in diff.changes]


def only(diff) -> Change:
    assert len(diff.changes) == 1, diff.changes
    return diff.changes[0]


def test_same_framework_has_no_changes():
    assert diff_frameworks(sample(), sample()).is_empty


def test_spans_and_comments_do_not_count():
    fw = sample()
    other = edit(fw, "pc_ratio", comments=("# a note",))
    assert diff_frameworks(fw, other).is_empty


def test_indicator_max_for_one_tier():
    fw = sample()
    change = only(diff_frameworks(fw, edit(fw, "pc_ratio", maxima=tm(province=10, commune=15))))
    assert change == Change(
        ChangeKind.MAX,
        ("readiness", "infra", "pc_ratio"),
        "pc_ratio",
        20.0,
        15.0,
        (),
        "commune",
        "indicator",
    )


def test_category_max_change_is_flagged_budget_and_flags_its_children():
    fw = sample()
    new = edit(fw, "readiness", maxima=tm(province=50, commune=35))
    new = edit(new, "infra", maxima=tm(province=20, commune=35))
    new = edit(new, "pc_ratio", maxima=tm(province=10, commune=25))
    diff = diff_frameworks(fw, new)
    assert [(c.node_id, c.tier, c.flags) for c in diff.changes] == [
        ("readiness", "commune", (Flag.BUDGET,)),
        ("infra", "commune", (Flag.BUDGET,)),
        ("pc_ratio", "commune", (Flag.BUDGET,)),
    ]


def test_max_moved_between_indicators_keeps_budget():
    fw = sample()
    new = edit(fw, "email", maxima=tm(province=40, commune=70))
    new = edit(new, "sign", maxima=tm(province=60, commune=30))
    diff = diff_frameworks(fw, new)
    assert [(c.node_id, c.old, c.new, c.flags) for c in diff.changes] == [
        ("email", 50.0, 40.0, ()),
        ("sign", 50.0, 60.0, ()),
    ]


def test_applicability():
    fw = sample()
    change = only(diff_frameworks(fw, edit(fw, "web", maxima=tm(province=30, commune=30))))
    assert (change.kind, change.old, change.new) == (
        ChangeKind.APPLICABILITY,
        ("province",),
        ("province", "commune"),
    )


def test_threshold_in_level_table():
    fw = sample()
    change = only(diff_frameworks(fw, edit(fw, "results", levels=levels(first=0.95))))
    assert change.kind is ChangeKind.LEVEL_CONDITIONS
    assert (change.path, change.node_id) == (("results",), "muc_1")
    assert (change.old, change.new) == ("score >= 90%", "score >= 95%")


def test_level_rows_added_removed_relabelled_and_unclassified():
    fw = sample()
    table = levels()
    rows = (
        replace(table.levels[0], label="Mức một"),
        Level("muc_3", "Mức 3", (Condition(Subject.EACH_GROUP, ">", 0.3, True),)),
    )
    new_table = replace(table, levels=rows, unclassified_label="Chưa xếp loại")
    diff = diff_frameworks(fw, edit(fw, "readiness", levels=new_table))
    assert [(c.kind.value, c.node_id, c.old, c.new) for c in diff.changes] == [
        ("level_added", "muc_3", None, "Mức 3: each group > 30%"),
        ("level_removed", "muc_2", "Mức 2: score >= 50%", None),
        ("level_relabelled", "muc_1", "Mức 1", "Mức một"),
        (
            "unclassified",
            "unclassified",
            "unclassified: Không xếp loại",
            "unclassified: Chưa xếp loại",
        ),
    ]


def test_added_and_removed_indicators():
    fw = sample()
    extra = replace(
        sample().categories[1].groups[0].indicators[0], id="payment", label="Thanh toán"
    )
    extra = replace(extra, rule=Ref("has_lan"))  # different content: not a rename
    diff = diff_frameworks(fw, add_indicator(remove(fw, "sign"), "interaction", extra))
    assert [(c.kind.value, c.path, c.new if c.new else c.old) for c in diff.changes] == [
        ("node_added", ("results", "interaction", "payment"), "Thanh toán"),
        ("node_removed", ("results", "interaction", "sign"), "Chữ ký số"),
    ]


def test_rename_when_unambiguous():
    fw = sample()
    diff = diff_frameworks(fw, edit(fw, "sign", id="signature", label="Chữ ký số chuyên dùng"))
    assert [(c.kind.value, c.node_id, c.old, c.new) for c in diff.changes] == [
        ("node_renamed", "signature", "sign", "signature"),
        ("node_relabelled", "signature", "Chữ ký số", "Chữ ký số chuyên dùng"),
    ]


def test_no_rename_when_ambiguous():
    fw = sample()
    # lan and lan2 have the same content: replacing both by two copies is ambiguous
    item = fw.node("lan")
    twins = (replace(item, id="lan3"), replace(item, id="lan4"))
    new = map_nodes(fw, lambda n: replace(n, items=twins) if n.id == "network" else n)
    assert sorted(kinds(diff_frameworks(fw, new))) == [
        "node_added",
        "node_added",
        "node_removed",
        "node_removed",
    ]


def test_single_twin_replaced_is_a_rename():
    fw = sample()
    item = fw.node("lan")
    items = (fw.node("lan2"), replace(item, id="lan3"))
    new = map_nodes(fw, lambda n: replace(n, items=items) if n.id == "network" else n)
    assert [(c.kind.value, c.old, c.new) for c in diff_frameworks(fw, new).changes] == [
        ("node_renamed", "lan", "lan3")
    ]


def test_moved_indicator():
    fw = sample()
    sign = fw.node("sign")
    new = add_indicator(remove(fw, "sign"), "web_group", replace(sign, maxima=tm(province=50)))
    diff = diff_frameworks(fw, new)
    moved = [c for c in diff.changes if c.kind is ChangeKind.NODE_MOVED]
    assert [(c.old, c.new, c.path) for c in moved] == [
        ("results › interaction", "readiness › web_group", ("readiness", "web_group", "sign"))
    ]


def test_rule_change_is_printed_canonically():
    fw = sample()
    change = only(diff_frameworks(fw, edit(fw, "sign", rule=Num(5.0))))
    assert change.kind is ChangeKind.RULE
    assert isinstance(change.old, str) and isinstance(change.new, str)
    assert change.old != change.new


def test_input_changes_and_data_entry_flags():
    fw = sample()
    inputs = list(fw.inputs)
    inputs[0] = replace(inputs[0], minimum=5.0, unit="người")  # narrowed, new unit
    inputs[2] = replace(inputs[2], missing=MissingPolicy.ERROR)  # stricter
    inputs[3] = replace(inputs[3], choices=("Chưa có", "Đang xây dựng"))  # one removed
    inputs.append(Input("budget", "Kinh phí", InputType.PERCENT, tiers=("province",)))
    diff = diff_frameworks(fw, replace(fw, inputs=tuple(inputs)))
    facts = [(c.kind.value, c.node_id, Flag.DATA_ENTRY in c.flags) for c in diff.changes]
    assert facts == [
        ("input_unit", "staff", False),
        ("input_range", "staff", True),
        ("input_missing", "has_lan", True),
        ("input_choices", "portal", True),
        ("node_added", "budget", True),
    ]
    assert diff.contract_changed


def test_range_widened_is_not_flagged():
    fw = sample()
    inputs = (replace(fw.inputs[0], maximum=9000.0), *fw.inputs[1:])
    change = only(diff_frameworks(fw, replace(fw, inputs=inputs)))
    assert change.flags == ()
    assert (change.old, change.new) == ((1, 5000), (1, 9000.0))


def test_relabelled_input_keeps_the_contract():
    fw = sample()
    inputs = (replace(fw.inputs[0], label="Số CBCC"), *fw.inputs[1:])
    diff = diff_frameworks(fw, replace(fw, inputs=inputs))
    assert kinds(diff) == ["node_relabelled"]
    assert not diff.contract_changed


def test_tiers_metadata_total_and_ranking():
    fw = sample()
    new = replace(
        fw,
        id="demo2",
        meta=replace(fw.meta, year=2019),
        decimals=3,
        tiers=(Tier("province", "Sở, ngành"), *fw.tiers[1:], Tier("district", "Huyện")),
        total=Ref("results"),
        ranking=Ranking(Ref("results"), ties=TiePolicy.DENSE),
    )
    diff = diff_frameworks(fw, new)
    assert [(c.kind.value, c.node_id) for c in diff.changes] == [
        ("metadata", "id"),
        ("metadata", "year"),
        ("metadata", "decimals"),
        ("tier_relabelled", "province"),
        ("tier_added", "district"),
        ("total", "total"),
        ("ranking_measure", "ranking"),
        ("ranking_ties", "ranking"),
    ]
    assert diff.changes[4].flags == (Flag.DATA_ENTRY,)


def test_derived_value():
    fw = sample()
    new = replace(fw, derived=(replace(fw.derived[0], expr=Ref("pcs")),))
    assert kinds(diff_frameworks(fw, new)) == ["derived_expr"]


def test_counts_and_flagged():
    fw = sample()
    diff = diff_frameworks(fw, edit(fw, "readiness", maxima=tm(province=60, commune=30)))
    assert diff.counts() == {"max": 1}
    assert len(diff.flagged(Flag.BUDGET)) == 1


def test_an_id_that_changes_sort_of_node_is_removed_and_added():
    fw = sample()
    inputs = (*fw.inputs, Input("sign_x", "X", InputType.COUNT, tiers=TIERS))
    old = replace(fw, inputs=inputs)
    new = replace(edit(fw, "sign", id="sign_x"), inputs=fw.inputs)
    assert sorted(kinds(diff_frameworks(old, new))) == [
        "node_added",
        "node_removed",
        "node_removed",
    ]


def test_a_bonus_turned_penalty_is_a_change():
    """Issue 14: a node's ``bonus points``/``penalty points`` changes its parent's score; the
    diff must say so (it said "the same content")."""
    from cqdt.compiler.load import load_framework_text

    text = """framework par "P" {
  tiers { department "Sở" }
  input a "A" yesno missing zero
  category c "C" max 2 {
    group g "G" max 2 {
      indicator i "I" max 2 { points = a * max }
      indicator award "Thưởng" max 1 bonus points { points = a * max }
    }
  }
}
"""
    old = load_framework_text(text)
    new = load_framework_text(text.replace("bonus points", "penalty points"))
    changes = diff_frameworks(old, new).changes
    assert [(c.kind, c.node_id, c.old, c.new) for c in changes] == [
        (ChangeKind.ADJUSTMENT, "award", "bonus", "penalty")
    ]
