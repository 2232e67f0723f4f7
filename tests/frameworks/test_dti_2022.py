"""The provincial DTI 2022 (QĐ 922/QĐ-BTTTT), shipped as ``frameworks/2022_dti_tinh.cqdt``.

The published values of Trà Vinh 2022 are the test: a province with Trà Vinh's main-index points
gets DTI 0.6077, pillars 0.6683 / 0.6647 / 0.5991 and +0.1783 against 2021 (four decimals, as
published). The example's other provinces exercise the pillars' separate rankings and a
province without a 2021 value (no growth, never its whole index).
"""

from __future__ import annotations

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

DTI = Shipped(
    framework=ROOT / "frameworks" / "2022_dti_tinh.cqdt",
    example=ROOT / "examples" / "dti_2022",
    data="inputs.csv",
    unit="84",
)
TRA_VINH = "84"
DIEN_BIEN = "11"  # no published 2021 value in the example


@pytest.fixture(scope="module")
def scored():
    return score_both(DTI)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return publish(DTI, tmp_path_factory.mktemp("dti") / "out")


def _unit(document: dict, code: str) -> dict:
    return next(u for u in document["units"] if u["code"] == code)


def test_checks_clean_and_is_canonical():
    report = check_report(DTI)
    assert [(d.code, d.message) for d in report.diagnostics] == []
    text, printed = canonical(DTI)
    assert text == printed


def test_structure_is_the_decisions(scored):
    fw, _ = scored
    assert fw.tier_ids == ("province",)
    assert [(c.id, c.max_for("province")) for c in fw.categories] == [
        ("nen_tang", 500.0),
        ("hoat_dong", 500.0),
    ]
    groups = [(g.id, g.max_for("province"), len(g.indicators), g.scored) for _, g in fw.groups()]
    assert [n for _, _, n, _ in groups] == [10, 11, 7, 13, 12, 3, 22, 12, 8]  # 98 components
    assert [m for _, m, _, scored in groups if scored] == [100, 100, 100, 100, 100, 200, 150, 150]
    assert [(i.id, i.members, i.max_for("province")) for i in fw.indexes] == [
        ("dti", ("nen_tang", "hoat_dong"), 1000.0),
        ("chinh_quyen_so", ("nen_tang", "hd_chinh_quyen"), 700.0),
        ("kinh_te_so", ("nen_tang", "hd_kinh_te"), 650.0),
        ("xa_hoi_so", ("nen_tang", "hd_xa_hoi"), 650.0),
    ]


def test_tra_vinh_gets_its_published_values(published):
    tra_vinh = _unit(published, TRA_VINH)
    indexes = {k: round(v["value"], 4) for k, v in tra_vinh["indexes"].items()}
    assert indexes == {
        "dti": 0.6077,
        "chinh_quyen_so": 0.6683,
        "kinh_te_so": 0.6647,
        "xa_hoi_so": 0.5991,
    }
    assert round(tra_vinh["growths"]["dti_tang"]["value"], 4) == 0.1783
    assert tra_vinh["growths"]["dti_tang"]["previous"] == 0.4294
    assert tra_vinh["indexes"]["chinh_quyen_so"]["points"] == pytest.approx(467.81)


def test_a_province_without_last_years_value_has_no_growth(published, scored):
    dien_bien = _unit(published, DIEN_BIEN)
    assert dien_bien["growths"]["dti_tang"] == {
        "label": "Tăng so với năm 2021",
        "of": "dti",
        "previous": None,
        "value": None,
    }
    assert dien_bien["indexes"]["dti"]["value"] > 0  # not "growth = the whole index"


def test_each_pillar_is_ranked_separately(published):
    units = published["units"]
    for pillar, ranking in (
        ("chinh_quyen_so", "hang_chinh_quyen_so"),
        ("kinh_te_so", "hang_kinh_te_so"),
        ("xa_hoi_so", "hang_xa_hoi_so"),
    ):
        by_value = sorted(units, key=lambda u: -u["indexes"][pillar]["value"])
        ranks = [u["rankings"][ranking]["rank"] for u in by_value]
        assert ranks == list(range(1, len(units) + 1)), pillar
    orders = {
        tuple(u["rankings"][r]["rank"] for u in units)
        for r in ("hang_chinh_quyen_so", "hang_kinh_te_so", "hang_xa_hoi_so")
    }
    assert len(orders) > 1  # the example's pillars do not all rank alike


def test_explain_shows_the_numbers_in_each_index(scored):
    from cqdt.runtime.score.explain import explain

    fw, results = scored
    text = explain(fw, results, TRA_VINH).render_text("vi")
    assert "Chỉ số chính quyền số (chinh_quyen_so): 0,6683 = 467,81 / 700,00 điểm" in text
    assert "Tăng so với năm 2021 (dti_tang): +0,1783 = 0,6077 − 0,4294" in text
    no_growth = explain(fw, results, DIEN_BIEN).render_text("en")
    assert "Tăng so với năm 2021 (dti_tang): not applicable (no previous value 'dti_2021')" in (
        no_growth
    )


def test_the_example_is_remade_byte_for_byte(tmp_path):
    remade_identically(DTI, tmp_path, ("inputs.csv", "units.csv"))
