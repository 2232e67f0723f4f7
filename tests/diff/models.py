"""A small framework built by hand, for diff tests that must not depend on the parser.

Two tiers, two categories; every kind of node (input, derived value, category, group,
indicator, sub-item, level table, ranking) appears once or twice.
"""

from __future__ import annotations

from cqdt.compiler.model.nodes import (
    Category,
    Condition,
    Derived,
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
from cqdt.dsl.expr import Binary, If, MaxPoints, Ref

TIERS = ("province", "commune")


def tm(**per_tier: float) -> TierMax:
    return TierMax(tuple((t, float(v)) for t, v in per_tier.items()))


def levels(first: float = 0.9) -> LevelTable:
    return LevelTable(
        (
            Level("muc_1", "Mức 1", (Condition(Subject.SCORE, ">=", first, True),)),
            Level("muc_2", "Mức 2", (Condition(Subject.SCORE, ">=", 0.5, True),)),
        )
    )


def ratio_rule(a: str, b: str):
    return Binary("*", Binary("/", Ref(a), Ref(b)), MaxPoints())


def sample() -> Framework:
    inputs = (
        Input("staff", "Tổng số CBCC", InputType.COUNT, minimum=1, maximum=5000, tiers=TIERS),
        Input("pcs", "Số CBCC có máy tính", InputType.COUNT, at_most="staff", tiers=TIERS),
        Input("has_lan", "Có mạng LAN", InputType.YESNO, missing=MissingPolicy.ZERO, tiers=TIERS),
        Input(
            "portal",
            "Cổng thông tin",
            InputType.CHOICE,
            choices=("Chưa có", "Đã vận hành"),
            tiers=("province",),
        ),
    )
    pc = Indicator(
        "pc_ratio", "Tỷ lệ máy tính", tm(province=10, commune=20), ratio_rule("pcs", "staff")
    )
    lan = Indicator(
        "network",
        "Mạng",
        tm(province=10, commune=10),
        items=(
            Indicator(
                "lan",
                "LAN",
                tm(province=5, commune=5),
                If(Ref("has_lan"), MaxPoints(), Ref("zero")),
            ),
            Indicator(
                "lan2",
                "LAN 2",
                tm(province=5, commune=5),
                If(Ref("has_lan"), MaxPoints(), Ref("zero")),
            ),
        ),
    )
    web = Indicator("web", "Cổng", tm(province=30), Ref("portal_points"))
    readiness = Category(
        "readiness",
        "Điều kiện sẵn sàng",
        tm(province=50, commune=30),
        (
            Group("infra", "Hạ tầng", tm(province=20, commune=30), (pc, lan)),
            Group("web_group", "Cổng", tm(province=30), (web,)),
        ),
        levels=levels(),
    )
    use = Indicator("email", "Thư điện tử", tm(province=50, commune=70), ratio_rule("pcs", "staff"))
    sign = Indicator("sign", "Chữ ký số", tm(province=50, commune=30), ratio_rule("pcs", "staff"))
    results = Category(
        "results",
        "Kết quả",
        tm(province=100, commune=100),
        (Group("interaction", "Tương tác", tm(province=100, commune=100), (use, sign)),),
        levels=levels(),
    )
    return Framework(
        id="demo",
        meta=Metadata(title="Demo", year=2018, basis=("QĐ 1",)),
        tiers=(Tier("province", "Sở, ban, ngành"), Tier("commune", "UBND cấp xã")),
        inputs=inputs,
        derived=(Derived("share", "Tỷ lệ", Binary("/", Ref("pcs"), Ref("staff"))),),
        categories=(readiness, results),
        total=Binary("+", Ref("readiness"), Ref("results")),
        ranking=Ranking(Ref("total")),
    )
