"""A small hand-built framework and results frame, as the scorer would produce them.

Two tiers, two categories with four levels and "Không xếp loại", total = sum of the
categories, competition ranking; the province tier has a tie (ranks 1, 2, 2, 4) and a unit with
a hostile name, the district tier an unranked unit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import polars as pl

from cqdt.compiler.model.nodes import (
    Category,
    Condition,
    Framework,
    Group,
    Indicator,
    Level,
    LevelTable,
    Metadata,
    Ranking,
    Subject,
    Tier,
    TierMax,
)
from cqdt.dsl.expr import Binary, Ref

TIERS = ("province", "district")
XSS = "<script>alert(1)</script>"


def _levels() -> LevelTable:
    return LevelTable(
        levels=(
            Level(
                "muc_1",
                "Mức 1",
                (
                    Condition(Subject.SCORE, ">=", 0.9, True),
                    Condition(Subject.EACH_GROUP, ">=", 0.7, True),
                ),
            ),
            Level("muc_2", "Mức 2", (Condition(Subject.SCORE, ">=", 0.75, True),)),
            Level("muc_3", "Mức 3", (Condition(Subject.SCORE, ">=", 0.6, True),)),
            Level("muc_4", "Mức 4", (Condition(Subject.SCORE, ">=", 50.0, False),)),
        )
    )


def _category(cid: str, label: str, groups: tuple[tuple[str, str, float], ...]) -> Category:
    total = sum(m for _, _, m in groups)
    return Category(
        id=cid,
        label=label,
        maxima=TierMax.uniform(TIERS, total),
        groups=tuple(
            Group(
                id=gid,
                label=glabel,
                maxima=TierMax.uniform(TIERS, gmax),
                indicators=(
                    Indicator(f"{gid}_i", glabel, TierMax.uniform(TIERS, gmax), rule=Ref("x")),
                ),
            )
            for gid, glabel, gmax in groups
        ),
        levels=_levels(),
    )


def framework(decimals: int = 2) -> Framework:
    return Framework(
        id="demo",
        meta=Metadata(
            title="Bộ tiêu chí đánh giá mức độ xây dựng CQĐT",
            year=2018,
            basis=(
                "Quyết định số 2015/QĐ-UBND ngày 29/11/2018 của UBND tỉnh Bắc Kạn",
                "Quyết định số 2342/QĐ-BTTTT ngày 18/12/2017 của Bộ TT&TT",
            ),
            issuer="UBND tỉnh Bắc Kạn",
        ),
        tiers=(Tier("province", "Sở, ban, ngành"), Tier("district", "UBND cấp huyện")),
        inputs=(),
        derived=(),
        categories=(
            _category(
                "readiness",
                "Điều kiện sẵn sàng",
                (
                    ("infra", "Cơ sở hạ tầng thông tin", 60.0),
                    ("policy", "Môi trường chính sách", 40.0),
                ),
            ),
            _category(
                "results",
                "Kết quả CQĐT đạt được",
                (("presence", "Mức độ hiện diện", 50.0), ("interaction", "Tương tác", 50.0)),
            ),
        ),
        total=Binary("+", Ref("readiness"), Ref("results")),
        ranking=Ranking(measure=Ref("total")),
        decimals=decimals,
    )


# tier, code, name, readiness, level, results, level, rank
UNITS = [
    ("province", "P01", "Sở Thông tin và Truyền thông", 92.5, "muc_1", 88.25, "muc_2", 1),
    ("province", "P03", "Sở Công Thương", 70.0, "muc_3", 61.5, "muc_3", 2),
    ("province", "P02", "Sở Giao thông Vận tải", 71.5, "muc_3", 60.0, "muc_3", 2),
    ("province", "P04", XSS, 40.0, "unclassified", 30.125, "unclassified", 4),
    ("province", "P05", "Sở Tư pháp", 20.0, "unclassified", 10.0, "unclassified", 5),
    ("district", "058", "Thành phố Bắc Kạn", 80.0, "muc_2", 52.0, "muc_4", 1),
    ("district", "060", "Huyện Pác Nặm", 45.0, "unclassified", 20.0, "unclassified", None),
    ("district", "061", "Huyện Ba Bể", 55.5, "muc_4", 40.0, "unclassified", 2),
]


def results(units=UNITS) -> pl.DataFrame:
    rows = []
    for tier, code, name, ready, ready_lv, res, res_lv, rank in units:
        rows.append(
            {
                "tier": tier,
                "code": code,
                "name": name,
                "readiness": ready,
                "readiness.max": 100.0,
                "readiness.level": ready_lv,
                "readiness.classified": ready_lv != "unclassified",
                "results": res,
                "results.max": 100.0,
                "results.level": res_lv,
                "results.classified": res_lv != "unclassified",
                "total": ready + res,
                "rank": rank,
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "tier": pl.String,
            "code": pl.String,
            "name": pl.String,
            "readiness": pl.Float64,
            "readiness.max": pl.Float64,
            "readiness.level": pl.String,
            "readiness.classified": pl.Boolean,
            "results": pl.Float64,
            "results.max": pl.Float64,
            "results.level": pl.String,
            "results.classified": pl.Boolean,
            "total": pl.Float64,
            "rank": pl.Int64,
        },
    )


def wide() -> tuple[Framework, pl.DataFrame]:
    """Four categories (more than fit across A4 portrait): the annex turns landscape."""
    fw = framework(decimals=3)
    extra = tuple(
        replace(fw.categories[1], id=cid, label=f"Hạng mục bổ sung {cid}") for cid in ("c3", "c4")
    )
    total = Binary(
        "+", Binary("+", Binary("+", Ref("readiness"), Ref("results")), Ref("c3")), Ref("c4")
    )
    fw = replace(fw, categories=fw.categories + extra, total=total)
    frame = results().with_columns(
        pl.col(column).alias(column.replace("results", cid, 1))
        for cid in ("c3", "c4")
        for column in ("results", "results.max", "results.level", "results.classified")
    )
    frame = frame.with_columns(total=pl.col("readiness") + pl.col("results") * 3)
    return fw, frame


@dataclass(frozen=True)
class Provenance:
    framework_id: str = "demo"
    framework_path: str = "frameworks/demo.cqdt"
    framework_sha256: str = "0123456789abcdef" * 4
    inputs: tuple[tuple[str, str], ...] = (("data/demo.xlsx", "fedcba9876543210" * 4),)
    tool_version: str = "0.1.0"


def provenance() -> Provenance:
    return Provenance()


__all__ = ["XSS", "UNITS", "framework", "provenance", "results", "wide"]
