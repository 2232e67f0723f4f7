"""The Ministry's IT-application method for ministries (QĐ 2342/QĐ-BTTTT, Phụ lục 1B), shipped
as ``frameworks/2017_ungdung_cntt_bo.cqdt``: Part I as the decision writes it, the index on 0–1
ranked on its three published decimals (equal published values share a rank, the next is
skipped), and the example of 18 ministries."""

from __future__ import annotations

import polars as pl
import pytest

from tests.frameworks.shipped import (
    ROOT,
    Shipped,
    canonical,
    check_report,
    publish,
    remade_identically,
    score_both,
)

MINISTRIES = Shipped(
    framework=ROOT / "frameworks" / "2017_ungdung_cntt_bo.cqdt",
    example=ROOT / "examples" / "ungdung_cntt_bo_2017",
    data="inputs.csv",
    unit="BNV",
)


@pytest.fixture(scope="module")
def scored():
    return score_both(MINISTRIES)


def test_checks_clean_and_is_canonical():
    report = check_report(MINISTRIES)
    assert [(d.code, d.message) for d in report.diagnostics] == []
    text, printed = canonical(MINISTRIES)
    assert text == printed


def test_part_one_is_the_decisions(scored):
    fw, _ = scored
    (category,) = fw.categories
    part_one = category.groups[0]
    assert part_one.max_for("ministry") == 200
    maxima = {i.id: i.max_for("ministry") for i in part_one.indicators}
    assert {k: maxima[k] for k in ("tc1", "tc2", "tc3", "tc4", "tc5")} == {
        "tc1": 20,
        "tc2": 20,
        "tc3": 40,
        "tc4": 50,
        "tc5": 60,
    }


def test_wan_is_share_connected_times_45_plus_one_point_an_application_at_most_5(scored):
    from cqdt.runtime.score.run import score

    fw, results = scored
    row = results.filter(pl.col("code") == "BTC").select(
        [c for c in results.columns if c in {i.id for i in fw.inputs}] + ["tier", "code", "name"]
    )
    row = row.with_columns(
        pl.lit(40.0).alias("units_total"),
        pl.lit(30.0).alias("units_connected"),
        pl.lit(8.0).alias("wan_apps"),
        pl.lit(25.0).alias("units_with_it"),
    )
    scored_row = score(fw, row.select(["tier", "code", "name", *(i.id for i in fw.inputs)]))
    assert scored_row["tc4_ket_noi"][0] == 33.75
    assert scored_row["tc4_ung_dung"][0] == 5.0
    assert scored_row["tc4"][0] == 38.75


def test_equal_published_indexes_share_a_rank_and_the_next_is_skipped(scored):
    _, results = scored
    twins = results.filter(pl.col("code").is_in(["BTP", "BNV"]))
    assert twins["chi_so"][0] != twins["chi_so"][1]  # they differ in the fourth decimal
    assert {round(v, 3) for v in twins["chi_so"]} == {0.630}
    assert set(twins["rank"]) == {5}
    assert 6 not in set(results["rank"]) and 7 in set(results["rank"])


def test_scores_explains_and_publishes(scored, tmp_path):
    from cqdt.runtime.score.explain import explain

    fw, results = scored
    text = explain(fw, results, "BNV").render_text("vi")
    assert "Chỉ số ứng dụng CNTT (chi_so): 0,6305 = 630,49 / 1.000,00 điểm" in text
    document = publish(MINISTRIES, tmp_path / "out")
    ranks = {u["code"]: u["rank"] for u in document["units"]}
    assert ranks["BTP"] == ranks["BNV"] == 5


def test_the_example_is_remade_byte_for_byte(tmp_path):
    remade_identically(MINISTRIES, tmp_path, ("inputs.csv", "units.csv"))
