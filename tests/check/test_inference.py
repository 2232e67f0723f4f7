"""What the front end works out: maxima per tier, applicability, input tiers, the total."""

from __future__ import annotations

from cqdt.compiler.load import check_source
from cqdt.compiler.model.nodes import TierMax
from cqdt.dsl.expr import Binary, Ref

HEAD = 'framework f "F" { tiers { p "Sở"  d "Huyện"  c "Xã" }\n'


def model(body: str):
    result = check_source(HEAD + body + "\n}", "f.cqdt")
    assert [d.code for d in result.diagnostics if d.is_error] == [], result.diagnostics
    return result.framework


def test_plain_max_applies_to_the_groups_tiers_and_sums_are_inferred():
    fw = model("""
      input x "X" percent
      category k "K" {
        group g "G" for p, d {
          indicator a "A" max 10 { points = x * max }
          indicator b "B" max { p 5  d 7 } { points = x * max }
        }
        group h "H" max { c 4 } {
          indicator e "E" max 4 { points = x * max }
        }
      }""")
    (k,) = fw.categories
    g, h = k.groups
    assert g.indicators[0].maxima == TierMax((("p", 10.0), ("d", 10.0)))
    assert g.maxima == TierMax((("p", 15.0), ("d", 17.0)))
    assert h.indicators[0].maxima == TierMax((("c", 4.0),))
    assert k.maxima == TierMax((("p", 15.0), ("d", 17.0), ("c", 4.0)))


def test_items_sum_into_their_indicator_and_not_scored_nodes_are_left_out():
    fw = model("""
      input n "N" count
      category k "K" {
        group g "G" {
          indicator a "A" {
            item a1 "A1" max 3 { points = n cap 3 }
            item a2 "A2" max 2 { points = n cap 2 }
          }
          indicator info "Thông tin" not scored { points = n cap 1 }
        }
      }""")
    a, info = fw.categories[0].groups[0].indicators
    assert a.maxima == TierMax.uniform(("p", "d", "c"), 5.0)
    assert not info.scored and fw.categories[0].maxima == TierMax.uniform(("p", "d", "c"), 5.0)


def test_inputs_are_asked_of_the_tiers_that_use_them_through_derived_values():
    fw = model("""
      input staff "CBCC" count
      input pcs "Máy" count at most staff
      input fax "Fax" count
      value share = pcs / staff
      category k "K" {
        group g "G" {
          indicator a "A" max 10 for d { points = share * max }
          indicator b "B" max 10 for c { points = fax cap max }
        }
      }""")
    tiers = {i.id: i.tiers for i in fw.inputs}
    assert tiers == {"staff": ("d",), "pcs": ("d",), "fax": ("c",)}


def test_the_total_defaults_to_the_sum_of_categories():
    fw = model("""
      input x "X" percent
      category k1 "K1" { group g1 "G1" { indicator a "A" max 1 { points = x * max } } }
      category k2 "K2" { group g2 "G2" { indicator b "B" max 1 { points = x * max } } }
      category k3 "K3" { group g3 "G3" { indicator e "E" max 1 { points = x * max } } }""")
    assert fw.total == Binary("+", Binary("+", Ref("k1"), Ref("k2")), Ref("k3"))
    assert fw.total_label == "Tổng điểm"


def test_a_categorys_max_per_tier_is_where_its_groups_apply():
    """Issue 14: ``category … max { d 10 }`` gave E401 about the other tiers; the tiers listed
    in a category's max are the tiers its groups apply to by default (as a group's are for its
    indicators)."""
    fw = model("""
      input x "X" percent
      category k "K" max { d 10 } {
        group g "G" max 10 {
          indicator a "A" max 10 { points = x * max }
        }
      }""")
    (k,) = fw.categories
    (g,) = k.groups
    assert k.maxima == TierMax((("d", 10.0),))
    assert g.maxima == TierMax((("d", 10.0),))
    assert g.indicators[0].maxima == TierMax((("d", 10.0),))


def test_a_group_for_a_tier_its_category_leaves_out_is_told_so():
    result = check_source(
        HEAD
        + """
      input x "X" percent
      category k "K" max { d 10 } {
        group g "G" max 10 for p, d {
          indicator a "A" max 10 { points = x * max }
        }
      }
    }""",
        "f.cqdt",
    )
    assert [d.code for d in result.diagnostics] == ["E411"]
    assert "'g'" in result.diagnostics[0].message and "Sở" in result.diagnostics[0].message


def test_for_on_a_category_is_where_its_groups_apply():
    """Issue 14 (13): ``category … max 10 for d`` reads like the decision's "áp dụng cho cấp
    huyện"; it means what ``max { d 10 }`` means."""
    from cqdt.compiler.model.printer import print_framework

    fw = model("""
      input x "X" percent
      category k "K" max 10 for d {
        group g "G" max 10 {
          indicator a "A" max 10 { points = x * max }
        }
      }""")
    (k,) = fw.categories
    assert k.maxima == TierMax((("d", 10.0),))
    assert k.groups[0].indicators[0].maxima == TierMax((("d", 10.0),))
    from cqdt.compiler.load import load_framework_text

    assert load_framework_text(print_framework(fw)) == fw
