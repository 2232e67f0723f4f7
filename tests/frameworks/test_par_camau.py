"""The PAR INDEX of Cà Mau (QĐ 1880/QĐ-UBND), shipped as ``frameworks/2018_par_camau.cqdt``:
departments (8 areas) and districts (9), scale 100 for both, area 1 as the decision writes it,
each area's index (points / max) beside its points, the level table on the total, and the
survey scored from the mean over respondents (computed by the example's script)."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

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

PAR = Shipped(
    framework=ROOT / "frameworks" / "2018_par_camau.cqdt",
    example=ROOT / "examples" / "par_camau",
    data="inputs.csv",
    unit="964",
)
AREAS = ("chi_dao", "the_che", "tthc", "bo_may", "can_bo", "tai_chinh", "hien_dai_hoa", "mot_cua")


@pytest.fixture(scope="module")
def scored():
    return score_both(PAR)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return publish(PAR, tmp_path_factory.mktemp("par") / "out")


def test_checks_clean_and_is_canonical():
    report = check_report(PAR)
    assert [(d.code, d.message) for d in report.diagnostics] == []
    text, printed = canonical(PAR)
    assert text == printed


def test_departments_have_8_areas_districts_9_both_on_100(scored):
    fw, _ = scored
    (par,) = fw.categories
    applies = {t: [g.id for g in par.groups if g.applies_to(t)] for t in fw.tier_ids}
    assert applies == {"department": list(AREAS), "district": [*AREAS, "tac_dong"]}
    assert par.max_for("department") == par.max_for("district") == 100
    assert par.groups[0].max_for("department") == par.groups[0].max_for("district") == 20


def _rescore(fw, results, code: str, **answers) -> dict:
    from cqdt.runtime.score.run import score

    columns = ["tier", "code", "name", *(i.id for i in fw.inputs)]
    row = results.filter(pl.col("code") == code).select(columns)
    row = row.with_columns(*(pl.lit(v).alias(k) for k, v in answers.items()))
    return score(fw, row).to_dicts()[0]


@pytest.mark.parametrize(
    ("issued", "done", "plan_points"),
    [
        ("Ban hành đúng hạn", 0.95, (1.0, 2.0)),  # on time; above 90 %
        ("Ban hành chậm", 0.9, (0.5, 1.0)),  # late: 0.5; 70–90 %: 1
        ("Chưa ban hành", 0.69, (0.0, 0.0)),  # not issued; below 70 %
    ],
)
def test_area_one_scores_the_plan_as_the_decision_says(scored, issued, done, plan_points):
    fw, results = scored
    row = _rescore(fw, results, "S02", kh_ban_hanh=issued, kh_hoan_thanh=done)
    assert (row["kh_1_1_1"], row["kh_1_1_4"]) == plan_points


def test_each_area_index_is_its_points_over_its_max(published, scored):
    fw, _ = scored
    groups = {g.id: g for _, g in fw.groups()}
    for unit in published["units"]:
        tier = unit["tier"]
        for index in fw.indexes[1:]:
            (area,) = index.members
            entry = unit["indexes"].get(index.id)
            if not groups[area].applies_to(tier):
                assert entry is None  # area 9 is not a department's
                continue
            points = unit["groups"][area]
            assert entry["value"] == pytest.approx(points / groups[area].max_for(tier))
            assert entry["max"] == groups[area].max_for(tier)


def test_the_level_is_read_on_the_total(published):
    for unit in published["units"]:
        total = unit["total"]
        expected = (
            "tot"
            if total >= 85
            else "kha"
            if total >= 70
            else "trung_binh"
            if total >= 50
            else "yeu"
        )
        assert unit["categories"]["par"]["level"] == expected, unit["code"]
    assert {u["categories"]["par"]["level"] for u in published["units"]} == {
        "tot",
        "kha",
        "trung_binh",
        "yeu",
    }


def test_survey_inputs_are_the_mean_over_respondents():
    answers = defaultdict(list)
    with (PAR.example / "survey.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            answers[(row["code"], row["area"])].append(Decimal(row["answer"]))
    with (PAR.example / "inputs.csv").open(encoding="utf-8") as f:
        units = list(csv.DictReader(f))
    checked = 0
    for unit in units:
        for area in range(1, 10):
            given = unit[f"dtxhh_{area}"]
            found = answers.get((unit["code"], str(area)))
            if not given:
                assert found is None
                continue
            mean = sum(found) / len(found)
            assert Decimal(given) == mean.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
            checked += 1
    assert checked == 15 * 8 + 9 * 9


def test_the_example_is_remade_byte_for_byte(tmp_path):
    remade_identically(PAR, tmp_path, ("inputs.csv", "survey.csv", "units.csv"))
