"""A small framework, a registry and answers built by hand, shared by the I/O tests.

The parser is written in parallel, so the tests build the model directly: two tiers, every
input type, an ``at most`` pair, a percent, a choice asked of one tier only, two categories
with level tables.
"""

from __future__ import annotations

from cqdt.compiler.model.nodes import (
    Category,
    Condition,
    Framework,
    Group,
    Indicator,
    Input,
    InputType,
    Level,
    LevelTable,
    Metadata,
    MissingPolicy,
    Ranking,
    Subject,
    Tier,
    TierMax,
)
from cqdt.dsl.expr import Ref
from cqdt.runtime.intake.registry import Unit, UnitRegistry

TIERS = ("province", "district")


def framework(version: str = "1", bandwidth_max: float = 10000.0) -> Framework:
    both = TIERS
    inputs = (
        Input("staff", "Tổng số CBCC", InputType.COUNT, unit="người", tiers=both),
        Input(
            "staff_pc",
            "Số CBCC có máy tính",
            InputType.COUNT,
            unit="người",
            at_most="staff",
            tiers=both,
        ),
        Input("antivirus", "Tỷ lệ máy tính có phần mềm diệt virus", InputType.PERCENT, tiers=both),
        Input(
            "bandwidth",
            "Băng thông Internet",
            InputType.NUMBER,
            unit="Mbps",
            minimum=0.0,
            maximum=bandwidth_max,
            tiers=both,
        ),
        Input(
            "has_portal",
            "Có cổng thông tin điện tử",
            InputType.YESNO,
            missing=MissingPolicy.ZERO,
            tiers=both,
        ),
        Input(
            "portal_level",
            "Mức độ cổng thông tin",
            InputType.CHOICE,
            choices=("Mức 1", "Mức 2", "Mức 3"),
            missing=MissingPolicy.ZERO,
            tiers=("province",),
        ),
        Input("note", "Ghi chú", InputType.TEXT, missing=MissingPolicy.ZERO, tiers=both),
    )
    m = TierMax.uniform(both, 10.0)
    levels = LevelTable(
        (
            Level("muc_1", "Mức 1", (Condition(Subject.SCORE, ">=", 0.9, True),)),
            Level("muc_2", "Mức 2", (Condition(Subject.SCORE, ">=", 0.5, True),)),
        )
    )
    readiness = Category(
        "readiness",
        "Điều kiện sẵn sàng",
        TierMax.uniform(both, 20.0),
        (
            Group(
                "infra",
                "Hạ tầng",
                TierMax.uniform(both, 20.0),
                (
                    Indicator("pc_ratio", "Tỷ lệ CBCC có máy tính", m, rule=Ref("staff_pc")),
                    Indicator("av", "Diệt virus", m, rule=Ref("antivirus")),
                ),
            ),
        ),
        levels=levels,
    )
    results = Category(
        "results",
        "Kết quả",
        TierMax.uniform(both, 10.0),
        (
            Group(
                "presence",
                "Hiện diện",
                m,
                (Indicator("portal", "Cổng", m, rule=Ref("has_portal")),),
            ),
        ),
        levels=levels,
    )
    return Framework(
        id="demo",
        meta=Metadata(title="Bộ tiêu chí thử", year=2018, version=version),
        tiers=(Tier("province", "Sở, ban, ngành"), Tier("district", "UBND cấp huyện")),
        inputs=inputs,
        derived=(),
        categories=(readiness, results),
        total=Ref("readiness"),
        ranking=Ranking(Ref("total")),
    )


def registry() -> UnitRegistry:
    return UnitRegistry(
        (
            Unit("province", "P01", "Sở Nội vụ"),
            Unit("province", "P02", "Sở Tư pháp"),
            Unit("province", "P03", "Sở Thông tin và Truyền thông"),
            Unit("district", "058", "Huyện Pác Nặm", None),
            Unit("district", "059", "Huyện Ba Bể", None),
        )
    )


#: Answers as a person types them into the form (code → input → cell value).
ANSWERS = {
    "province": {
        "P01": {
            "staff": 40,
            "staff_pc": 38,
            "antivirus": 0.85,
            "bandwidth": 100.5,
            "has_portal": "Có",
            "portal_level": "Mức 2",
            "note": "  đủ  ",
        },
        "P02": {
            "staff": 25,
            "staff_pc": 25,
            "antivirus": 1,
            "bandwidth": 20,
            "has_portal": "Không",
            "portal_level": "Mức 1",
            "note": None,
        },
        "P03": {
            "staff": 30,
            "staff_pc": 12,
            "antivirus": 0.5,
            "bandwidth": 0,
            "has_portal": None,
            "portal_level": None,
            "note": None,
        },
    },
    "district": {
        "058": {
            "staff": 60,
            "staff_pc": 55,
            "antivirus": 0.25,
            "bandwidth": 8,
            "has_portal": "Có",
            "note": None,
        },
        "059": {
            "staff": 70,
            "staff_pc": 70,
            "antivirus": 0.0,
            "bandwidth": 12.25,
            "has_portal": "Không",
            "note": "Sáp nhập",
        },
    },
}

#: What the reader must return for :data:`ANSWERS` (ids in framework order).
EXPECTED_ROWS = [
    ("province", "P01", "Sở Nội vụ", 40.0, 38.0, 0.85, 100.5, True, "Mức 2", "đủ"),
    ("province", "P02", "Sở Tư pháp", 25.0, 25.0, 1.0, 20.0, False, "Mức 1", None),
    ("province", "P03", "Sở Thông tin và Truyền thông", 30.0, 12.0, 0.5, 0.0, None, None, None),
    ("district", "058", "Huyện Pác Nặm", 60.0, 55.0, 0.25, 8.0, True, None, None),
    ("district", "059", "Huyện Ba Bể", 70.0, 70.0, 0.0, 12.25, False, None, "Sáp nhập"),
]


def fake_results(fw: Framework):
    """A results frame shaped like the scorer's (see the brief's contract), built by hand."""
    import polars as pl

    rows = [
        # tier, code, name, pc_ratio, av, infra, readiness, portal, presence, results, lvl_r,
        # lvl_res, total, rank
        (
            "province",
            "P01",
            "Sở Nội vụ",
            9.5,
            8.5,
            18.0,
            18.0,
            10.0,
            10.0,
            10.0,
            "muc_1",
            "muc_1",
            18.0,
            1,
        ),
        (
            "province",
            "P02",
            '=HYPERLINK("x")',
            2 / 3,
            10.0,
            10 + 2 / 3,
            10 + 2 / 3,
            0.0,
            0.0,
            0.0,
            "muc_2",
            "unclassified",
            10 + 2 / 3,
            2,
        ),
        (
            "province",
            "P03",
            "Sở Thông tin và Truyền thông",
            4.0,
            5.0,
            9.0,
            9.0,
            0.0,
            0.0,
            0.0,
            "unclassified",
            "unclassified",
            9.0,
            None,
        ),
        (
            "district",
            "058",
            "Huyện Pác Nặm",
            9.0,
            2.5,
            11.5,
            11.5,
            10.0,
            10.0,
            10.0,
            "muc_2",
            "muc_1",
            11.5,
            2,
        ),
        (
            "district",
            "059",
            "Huyện Ba Bể",
            10.0,
            10.0,
            20.0,
            20.0,
            0.0,
            0.0,
            0.0,
            "muc_1",
            "unclassified",
            20.0,
            1,
        ),
    ]
    frame = pl.DataFrame(
        rows,
        schema={
            "tier": pl.String,
            "code": pl.String,
            "name": pl.String,
            "pc_ratio": pl.Float64,
            "av": pl.Float64,
            "infra": pl.Float64,
            "readiness": pl.Float64,
            "portal": pl.Float64,
            "presence": pl.Float64,
            "results": pl.Float64,
            "readiness.level": pl.String,
            "results.level": pl.String,
            "total": pl.Float64,
            "rank": pl.Int64,
        },
        orient="row",
    )
    inputs = pl.DataFrame(
        [r[3:] for r in EXPECTED_ROWS],
        schema={
            "staff": pl.Float64,
            "staff_pc": pl.Float64,
            "antivirus": pl.Float64,
            "bandwidth": pl.Float64,
            "has_portal": pl.Boolean,
            "portal_level": pl.String,
            "note": pl.String,
        },
        orient="row",
    )
    return pl.concat(
        [frame.select("tier", "code", "name"), inputs, frame.drop("tier", "code", "name")],
        how="horizontal",
    ).with_columns(
        pl.col("has_portal").is_null().alias("has_portal.missing"),
        pl.lit(20.0).alias("readiness.max"),
        pl.lit(10.0).alias("results.max"),
        (pl.col("readiness.level") != "unclassified").alias("readiness.classified"),
        (pl.col("results.level") != "unclassified").alias("results.classified"),
    )
