"""The example reproduces what Decision 290/QĐ-UBND (21/02/2019) published for 2018.

- Provincial departments: 1st Sở Thông tin và Truyền thông, 2nd Sở Giao thông Vận tải,
  3rd Sở Công Thương.
- "Không xếp loại" in both categories: 60% of provincial units (12 of 20), 88% of district
  units (7 of 8), 100% of commune units (122 of 122).

The facts must hold with room to spare (no knife-edge data): the tests also pin the margins.
"""

from __future__ import annotations

import polars as pl
import pytest

from .conftest import FRAMEWORK

CATEGORIES = ("readiness", "results")

#: tier → (units, units "Không xếp loại" in both categories), as published.
PUBLISHED_UNCLASSIFIED = {"province": (20, 12), "district": (8, 7), "commune": (122, 122)}

#: Smallest distance, in points, allowed between a category score and the lowest level's
#: threshold, and between consecutive totals at the top of the provincial ranking.
MARGIN = 2.5


def unclassified_in_both(results: pl.DataFrame) -> pl.Expr:
    return pl.all_horizontal(~pl.col(f"{c}.classified") for c in CATEGORIES)


def test_framework_checks_clean_without_warnings():
    from cqdt.compiler.load import check_source

    checked = check_source(FRAMEWORK.read_text(encoding="utf-8"), str(FRAMEWORK))
    assert checked.framework is not None
    assert [(d.code, str(d.where), d.message) for d in checked.diagnostics] == []


def test_every_category_is_out_of_100_in_every_tier(backan_framework):
    for category in backan_framework.categories:
        assert dict(category.maxima.entries) == {"province": 100, "district": 100, "commune": 100}


def test_every_unit_is_scored(backan_results, backan_units):
    assert backan_results.height == len(backan_units) == 150
    assert backan_results.get_column("code").to_list() == [u.code for u in backan_units]


def test_top_three_departments(backan_results):
    top = (
        backan_results.filter(pl.col("tier") == "province")
        .sort("rank")
        .select("rank", "code", "name")
        .head(3)
        .rows()
    )
    assert top == [
        (1, "P12", "Sở Thông tin và Truyền thông"),
        (2, "P09", "Sở Giao thông Vận tải"),
        (3, "P07", "Sở Công Thương"),
    ]


def test_top_of_the_ranking_is_not_a_photo_finish(backan_results):
    totals = (
        backan_results.filter(pl.col("tier") == "province")
        .sort("total", descending=True)
        .get_column("total")
        .to_list()
    )
    gaps = [a - b for a, b in zip(totals[:3], totals[1:4], strict=True)]
    assert min(gaps) >= MARGIN, gaps


@pytest.mark.parametrize("tier", list(PUBLISHED_UNCLASSIFIED))
def test_unclassified_in_both_categories(backan_results, tier):
    units, unclassified = PUBLISHED_UNCLASSIFIED[tier]
    in_tier = backan_results.filter(pl.col("tier") == tier)
    assert in_tier.height == units
    assert in_tier.filter(unclassified_in_both(backan_results)).height == unclassified


def test_who_is_classified(backan_results):
    """The 8 departments and the 1 district classified in at least one category."""
    classified = backan_results.filter(~unclassified_in_both(backan_results))
    by_tier = {
        tier: sorted(classified.filter(pl.col("tier") == tier).get_column("code").to_list())
        for tier in PUBLISHED_UNCLASSIFIED
    }
    assert by_tier == {
        "province": ["P01", "P03", "P05", "P06", "P07", "P09", "P11", "P12"],
        "district": ["058"],  # Thành phố Bắc Kạn
        "commune": [],
    }


@pytest.mark.parametrize("category", CATEGORIES)
def test_no_unit_sits_on_the_classification_threshold(backan_framework, backan_results, category):
    """Each category score is clear of "Mức 4" (the lowest level) by at least MARGIN points."""
    lowest = next(c for c in backan_framework.categories if c.id == category).levels.levels[-1]
    (condition,) = lowest.conditions
    threshold = pl.col(f"{category}.max") * condition.threshold
    distance = (pl.col(category) - threshold).abs()
    close = backan_results.filter(distance < MARGIN).select("code", category)
    assert close.height == 0, close
