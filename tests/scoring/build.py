"""Small helpers to build framework models by hand in scoring tests (no parser needed).

>>> fw = framework([indicator("pc", 10, rule=ratio("a", "b"))])
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from cqdt.compiler.model.contract import asked_tiers
from cqdt.compiler.model.nodes import (
    Aggregation,
    Category,
    Framework,
    Group,
    Indicator,
    Input,
    InputType,
    LevelTable,
    Metadata,
    MissingPolicy,
    Ranking,
    Tier,
    TierMax,
)
from cqdt.dsl.expr import Binary, Expr, MaxPoints, Ref
from cqdt.runtime.score.run import score

TIERS = ("province", "district", "commune")


def maxima(value, tiers=TIERS) -> TierMax:
    """``10`` → 10 for every tier; ``{"province": 10, "district": 5}`` → per tier."""
    if isinstance(value, dict):
        return TierMax(tuple((t, float(v)) for t, v in value.items()))
    return TierMax.uniform(tiers, float(value))


def indicator(id_, max_, rule=None, *, items=(), weight=None, scored=True, tiers=TIERS):
    return Indicator(
        id=id_,
        label=f"Tiêu chí {id_}",
        maxima=maxima(max_, tiers),
        rule=rule,
        items=tuple(items),
        weight=weight,
        scored=scored,
    )


def ratio(a: str, b: str) -> Expr:
    """``a / b * max``."""
    return Binary("*", Binary("/", Ref(a), Ref(b)), MaxPoints())


def number(id_, *, missing=MissingPolicy.ERROR, type_=InputType.NUMBER, tiers=(), choices=()):
    return Input(
        id=id_, label=f"Đầu vào {id_}", type=type_, missing=missing, tiers=tiers, choices=choices
    )


def group(id_, indicators, max_=None, *, aggregation=Aggregation.SUM, weight=None, tiers=TIERS):
    if max_ is None:
        max_ = _sum_max(indicators, tiers)
    return Group(
        id=id_,
        label=f"Nhóm {id_}",
        maxima=maxima(max_, tiers),
        indicators=tuple(indicators),
        aggregation=aggregation,
        weight=weight,
    )


def _sum_max(children, tiers):
    out = {}
    for t in tiers:
        values = [c.max_for(t) for c in children if c.scored and c.max_for(t) is not None]
        if values:
            out[t] = sum(values)
    return out


def category(
    id_,
    groups,
    max_=None,
    *,
    levels: LevelTable | None = None,
    aggregation=Aggregation.SUM,
    tiers=TIERS,
):
    if max_ is None:
        max_ = _sum_max(groups, tiers)
    return Category(
        id=id_,
        label=f"Hạng mục {id_}",
        maxima=maxima(max_, tiers),
        groups=tuple(groups),
        levels=levels,
        aggregation=aggregation,
    )


def framework(
    categories, inputs=(), *, derived=(), ranking: Ranking | None = None, tiers=TIERS, total=None
):
    categories = tuple(categories)
    if total is None:
        total = Ref(categories[0].id)
        for c in categories[1:]:
            total = Binary("+", total, Ref(c.id))
    fw = Framework(
        id="test_fw",
        meta=Metadata(title="Khung thử"),
        tiers=tuple(Tier(t, t.title()) for t in tiers),
        inputs=tuple(inputs),
        derived=tuple(derived),
        categories=categories,
        total=total,
        ranking=ranking,
    )
    return _asked_where_read(fw)


def _asked_where_read(fw: Framework) -> Framework:
    """Inputs given without tiers are asked where the framework reads them (as when parsed);
    those given tiers keep them (a test of what happens when they differ)."""
    asked = asked_tiers(fw)
    inputs = tuple(i if i.tiers else replace(i, tiers=asked[i.id]) for i in fw.inputs)
    return replace(fw, inputs=inputs)


def one_indicator(rule: Expr, inputs, max_=10.0, tiers=TIERS) -> Framework:
    """A framework with a single indicator: handy to test one rule."""
    ind = indicator("ind", max_, rule, tiers=tiers)
    return framework(
        [category("cat", [group("grp", [ind], tiers=tiers)], tiers=tiers)], inputs, tiers=tiers
    )


def units(tier: str, column_values: dict[str, list], schema=None) -> pl.DataFrame:
    """An inputs frame of ``n`` units of one tier: codes U1…Un."""
    n = len(next(iter(column_values.values())))
    data = {
        "tier": [tier] * n,
        "code": [f"U{i + 1}" for i in range(n)],
        "name": [f"Đơn vị {i + 1}" for i in range(n)],
    }
    data.update(column_values)
    return pl.DataFrame(data, schema_overrides=schema or {})


def both(fw: Framework, frame: pl.DataFrame) -> pl.DataFrame:
    """Score with both backends, insist they agree exactly, return the results."""
    fast = score(fw, frame)
    slow = score(fw, frame, backend="reference")
    assert fast.equals(slow), (fast, slow)
    return fast


def points(fw: Framework, frame: pl.DataFrame, column: str = "ind") -> list:
    return both(fw, frame)[column].to_list()
