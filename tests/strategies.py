"""Hypothesis strategies: random VALID framework models and random data for them.

Shared by the scoring tests (Polars backend == reference evaluator) and the language tests
(print → parse round trip). Models are built to pass the language checks:

- ids are unique across the framework and never a keyword: every id is a short prefix, a
  number and ``_x`` (``in3_x``, ``ind7_x``), never an English or Vietnamese word;
- every rule stays within ``[0, max]`` for every tier (ratios are clamped, counts capped,
  ladder/case values are fractions of ``max``), so point budgets hold;
- a SUM parent's max is the sum of its scored children's maxima, tier by tier; MEAN and
  WEIGHTED parents have children with exactly the parent's max (and weights when WEIGHTED);
- inputs are asked of exactly the tiers of the scoring nodes that read them;
- level rows are ordered best first with strictly decreasing score thresholds.

Usage::

    @given(framework_and_inputs())
    def test_backends_agree(case):
        fw, frame = case
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import polars as pl
from hypothesis import strategies as st

from cqdt.compiler.model.aggregates import Growth, Index, NamedRanking
from cqdt.compiler.model.contract import with_asked_tiers
from cqdt.compiler.model.lower_aggregates import member_maxima
from cqdt.compiler.model.nodes import (
    Aggregation,
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
    TieBreak,
    TiePolicy,
    Tier,
    TierMax,
    UnclassifiedRanking,
)
from cqdt.dsl.expr import (
    Binary,
    Call,
    Case,
    CaseBranch,
    Expr,
    If,
    IsMissing,
    Ladder,
    LadderStep,
    MaxPoints,
    Num,
    Ref,
    TierFunc,
    Unary,
)

__all__ = ["RULE_KINDS", "framework_and_inputs", "frameworks", "inputs_for"]

NUMERIC = (InputType.NUMBER, InputType.COUNT, InputType.PERCENT)
#: Ranges of generated inputs (a percent is a fraction).
RANGES = {
    InputType.NUMBER: (0.0, 100.0),
    InputType.COUNT: (0.0, 50.0),
    InputType.PERCENT: (0.0, 1.0),
}
#: A number input with this range stands for an amount in đồng (an IT budget of 12e9): rank
#: keys and tier functions must stay exact at such magnitudes.
LARGE_RANGE = (0.0, 1e13)
OPTIONS = ("Chưa có", "Đang xây dựng", "Đã vận hành")
#: Missing policies of generated inputs: ``empty`` is left out, its rules must handle the
#: missing value (tests/index cover it).
POLICIES = [p for p in MissingPolicy if p is not MissingPolicy.EMPTY]
POINTS = (1.0, 2.0, 2.5, 5.0, 10.0, 20.0)
FRACTIONS = (0.0, 0.25, 0.5, 0.75, 1.0)

RULE_KINDS = (
    "ratio",
    "best",
    "capped",
    "yesno",
    "ladder",
    "case",
    "round",
    "mean",
    "minmax",
    "zscore",
    "worst",
    "tier_mean",
    "arith",
    "derived",
    "not",
    "count_yes",
    "not_applicable",  # not a rule of its own: wraps a leaf's rule in a not-applicable clause
    "adjustment",  # not a rule of its own: adds a bonus or penalty indicator to a sum group
    "transform",
    "statistic",
)


def _bounds(inp: Input) -> tuple[float, float]:
    """The range a generated numeric input was given."""
    low, high = RANGES[inp.type]
    return (
        low if inp.minimum is None else inp.minimum,
        high if inp.maximum is None else inp.maximum,
    )


def _num(v: float) -> Num:
    return Num(float(v))


def _frac(f: float) -> Expr:
    """``f × max``: a value within the indicator's max for every tier."""
    return Binary("*", _num(f), MaxPoints())


def _unit(x: Expr) -> Expr:
    """``clamp(x, 0, 1)``: keeps any ratio within [0, 1]."""
    return Call("clamp", (x, _num(0.0), _num(1.0)))


def _div(a: Expr, b: Expr) -> Expr:
    """``a / b`` with the declared fallback: a division by 0 is missing, and scores 0 here."""
    quotient = Binary("/", a, b)
    return If(IsMissing(quotient), _num(0.0), quotient)


@dataclass
class _Draft:
    """Mutable state while one framework is drawn (ids, inputs made on demand)."""

    draw: st.DrawFn
    tiers: tuple[str, ...]
    rule_kinds: tuple[str, ...] = RULE_KINDS
    #: every number input is an amount in đồng and the ranking breaks ties by one of them
    large: bool = False
    inputs: list[Input] = field(default_factory=list)
    derived: list[Derived] = field(default_factory=list)
    counter: int = 0
    ladder_points: dict[str, set[float]] = field(default_factory=dict)

    def new_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}_x"

    def input_of(self, types: tuple[InputType, ...]) -> Input:
        """An existing input of one of ``types``, or a new one."""
        existing = [i for i in self.inputs if i.type in types]
        if existing and self.draw(st.booleans()):
            return self.draw(st.sampled_from(existing))
        kind = self.draw(st.sampled_from(types))
        policy = self.draw(st.sampled_from(POLICIES))
        low, high = RANGES.get(kind, (None, None))
        if kind is InputType.NUMBER and (self.large or self.draw(st.integers(0, 3)) == 0):
            low, high = LARGE_RANGE
        inp = Input(
            id=self.new_id("in"),
            label=f"Đầu vào {self.counter}",
            type=kind,
            minimum=low,
            maximum=high,
            choices=OPTIONS if kind is InputType.CHOICE else (),
            missing=policy,
            unit="Mbps" if kind is InputType.NUMBER and self.draw(st.booleans()) else None,
        )
        self.inputs.append(inp)
        return inp

    def numeric(self) -> Ref:
        return Ref(self.input_of(NUMERIC).id)

    def ratio(self) -> Expr:
        """A value in [0, 1]: a percent input, or a clamped ratio of two inputs."""
        if self.draw(st.booleans()):
            return Ref(self.input_of((InputType.PERCENT,)).id)
        return _unit(_div(self.numeric(), self.numeric()))

    def note_threshold(self, input_id: str, value: float) -> None:
        self.ladder_points.setdefault(input_id, set()).add(value)


def _or_zero(x: Expr) -> Expr:
    """``x``, or 0 where it is missing (a log of 0, a skew of equal values): declared."""
    return If(IsMissing(x), _num(0.0), x)


def _index_rule(d: _Draft, kind: str) -> Expr:
    """Rules of index frameworks: transforms (issue 15) and tier statistics, within 0..max."""
    x = d.numeric()
    if kind == "transform":
        shape = d.draw(st.sampled_from(("log", "sqrt", "pow", "exp")))
        if shape == "log":
            value: Expr = Binary("/", Call("log", (Binary("+", x, _num(1.0)),)), _num(31.0))
        elif shape == "sqrt":
            value = _div(Call("sqrt", (x,)), Call("sqrt", (TierFunc("best", x),)))
        elif shape == "pow":
            power = d.draw(st.sampled_from((2.0, 3.0, 0.5, 1.5, 12.0)))
            value = _div(
                Call("pow", (x, _num(power))), Call("pow", (TierFunc("best", x), _num(power)))
            )
        else:
            value = Call("exp", (Unary("-", _div(x, TierFunc("best", x))),))
        return Binary("*", _unit(_or_zero(value)), MaxPoints())
    func = d.draw(st.sampled_from(("median", "quantile", "skew", "kurtosis")))
    param = d.draw(st.sampled_from((0.0, 0.1, 0.25, 0.9, 1.0))) if func == "quantile" else None
    stat = TierFunc(func, x, param=param)
    if func in ("skew", "kurtosis"):
        value = Binary("+", _num(0.5), Binary("/", stat, _num(8.0)))
    else:
        value = _div(stat, TierFunc("best", x))
    return Binary("*", _unit(_or_zero(value)), MaxPoints())


def _rule(d: _Draft) -> Expr:
    """A rule of a random kind whose points stay within ``[0, max]`` for every tier."""
    kind = d.draw(st.sampled_from(d.rule_kinds))
    if kind in ("transform", "statistic"):
        return _index_rule(d, kind)
    match kind:
        case "ratio":
            return Binary("*", d.ratio(), MaxPoints())
        case "best":
            x = d.numeric()
            return Binary("*", _div(x, TierFunc("best", x)), MaxPoints())
        case "capped":
            x = Ref(d.input_of((InputType.COUNT,)).id)
            per = d.draw(st.sampled_from((0.5, 1.0, 2.0)))
            return Call("cap", (Binary("*", x, _num(per)), MaxPoints()))
        case "yesno":
            flag = Ref(d.input_of((InputType.YESNO,)).id)
            cond: Expr = flag
            if d.draw(st.booleans()):
                other = Ref(d.input_of((InputType.YESNO,)).id)
                cond = Binary(d.draw(st.sampled_from(("and", "or"))), flag, other)
            return If(cond, MaxPoints(), _num(0.0))
        case "ladder":
            inp = d.input_of(NUMERIC)
            low, high = _bounds(inp)
            n = d.draw(st.integers(1, 3))
            cuts = sorted(
                d.draw(
                    st.lists(
                        st.sampled_from((0.25, 0.5, 0.6, 0.75, 0.9)),
                        min_size=n,
                        max_size=n,
                        unique=True,
                    )
                ),
                reverse=True,
            )
            fracs = sorted(
                d.draw(st.lists(st.sampled_from(FRACTIONS), min_size=n, max_size=n)), reverse=True
            )
            steps = []
            for cut, frac in zip(cuts, fracs, strict=True):
                threshold = low + cut * (high - low)
                if inp.type is InputType.COUNT:
                    threshold = float(round(threshold))
                d.note_threshold(inp.id, threshold)
                op = d.draw(st.sampled_from((">=", ">")))
                steps.append(LadderStep(op, _num(threshold), _frac(frac)))
            return Ladder(Ref(inp.id), tuple(steps), _num(0.0))
        case "case":
            inp = d.input_of((InputType.CHOICE,))
            options = d.draw(
                st.lists(st.sampled_from(OPTIONS), min_size=1, max_size=3, unique=True)
            )
            branches = tuple(
                CaseBranch(o, _frac(d.draw(st.sampled_from(FRACTIONS)))) for o in options
            )
            return Case(Ref(inp.id), branches, _num(0.0))
        case "round":  # rounding can go up by half a unit (round(2.5, 0) is 3): capped at max
            rounded = Call(
                "round", (Binary("*", d.ratio(), MaxPoints()), _num(d.draw(st.integers(0, 2))))
            )
            return Call("min", (rounded, MaxPoints()))
        case "mean":
            return Binary("*", Call("mean", (d.ratio(), d.ratio())), MaxPoints())
        case "minmax":
            return Binary("*", TierFunc("minmax", d.numeric()), MaxPoints())
        case "zscore":
            z = TierFunc("zscore", d.numeric())
            return Binary(
                "*", _unit(Binary("+", _num(0.5), Binary("/", z, _num(4.0)))), MaxPoints()
            )
        case "worst":
            x = d.numeric()
            return Binary("*", _unit(_div(TierFunc("worst", x), x)), MaxPoints())
        case "tier_mean":
            x = d.numeric()
            return Binary(
                "*",
                _unit(_div(x, Binary("*", _num(2.0), TierFunc("tier_mean", x)))),
                MaxPoints(),
            )
        case "arith":
            a, b = d.numeric(), d.numeric()
            diff = Call("abs", (Binary("-", a, b),))
            bounded = Call("min", (Binary("/", diff, _num(100.0)), _num(1.0)))
            return Binary("*", Call("max", (bounded, _num(0.0))), MaxPoints())
        case "derived":
            if not d.derived or d.draw(st.booleans()):
                dv = Derived(
                    id=d.new_id("dv"), label=None, expr=_unit(_div(d.numeric(), d.numeric()))
                )
                d.derived.append(dv)
            else:
                dv = d.draw(st.sampled_from(d.derived))
            return Binary("*", Ref(dv.id), MaxPoints())
        case "count_yes":  # yes/no as numbers: counted, or 1/0 in arithmetic (issue 14)
            if d.draw(st.booleans()):
                n = d.draw(st.integers(1, 3))
                flags = tuple(Ref(d.input_of((InputType.YESNO,)).id) for _ in range(n))
                return Binary("*", Binary("/", Call("count_yes", flags), _num(n)), MaxPoints())
            flag = Ref(d.input_of((InputType.YESNO,)).id)
            cond = Binary(">=", d.numeric(), _num(10.0))
            return Binary("*", Binary("/", Binary("+", flag, cond), _num(2.0)), MaxPoints())
        case _:  # "not" (and "not_applicable", see _leaf): negated yes/no and a comparison
            flag = Ref(d.input_of((InputType.YESNO,)).id)
            x = d.numeric()
            cond = Binary("or", Unary("not", flag), Binary(">=", x, _num(10.0)))
            return If(cond, _frac(0.5), _num(0.0))


def _tiers_subset(d: _Draft, within: tuple[str, ...]) -> tuple[str, ...]:
    chosen = d.draw(
        st.lists(st.sampled_from(within), min_size=1, max_size=len(within), unique=True)
    )
    return tuple(t for t in within if t in chosen)


def _maxima(d: _Draft, tiers: tuple[str, ...], fixed: float | None = None) -> TierMax:
    if fixed is not None:
        return TierMax.uniform(tiers, fixed)
    if d.draw(st.booleans()):
        return TierMax.uniform(tiers, d.draw(st.sampled_from(POINTS)))
    return TierMax(tuple((t, d.draw(st.sampled_from(POINTS))) for t in tiers))


def _sum_maxima(children, all_tiers: tuple[str, ...]) -> TierMax:
    entries = []
    for t in all_tiers:
        values = [c.max_for(t) for c in children if c.scored and c.max_for(t) is not None]
        if values:
            total = 0.0
            for v in values:
                total += v
            entries.append((t, total))
    return TierMax(tuple(entries))


def _leaf(d: _Draft, tiers: tuple[str, ...], fixed: float | None, scored: bool = True) -> Indicator:
    rule = _rule(d)
    not_applicable = "not_applicable" in d.rule_kinds and d.draw(st.integers(0, 3)) == 0
    if not_applicable:  # "không phát sinh thì đạt điểm tối đa" (or a share of it)
        x = d.numeric()
        when = Binary(d.draw(st.sampled_from(("=", "<="))), x, _num(0.0))
        rule = If(when, _frac(d.draw(st.sampled_from(FRACTIONS))), rule)
    return Indicator(
        id=d.new_id("ind"),
        label=f"Tiêu chí {d.counter}",
        maxima=_maxima(d, tiers, fixed),
        rule=rule,
        scored=scored,
        not_applicable=not_applicable,
    )


def _indicator(d: _Draft, tiers: tuple[str, ...], fixed: float | None, first: bool) -> Indicator:
    scored = first or d.draw(st.integers(0, 9)) > 0
    if fixed is None and d.draw(st.integers(0, 4)) == 0:
        items = [
            replace(_leaf(d, tiers if i == 0 else _tiers_subset(d, tiers), None), id=d.new_id("it"))
            for i in range(d.draw(st.integers(1, 3)))
        ]
        return Indicator(
            id=d.new_id("ind"),
            label=f"Tiêu chí {d.counter}",
            maxima=_sum_maxima(items, d.tiers),
            items=tuple(items),
            scored=scored,
        )
    ind_tiers = tiers if first else _tiers_subset(d, tiers)
    return _leaf(d, ind_tiers, fixed, scored)


def _group(d: _Draft, tiers: tuple[str, ...], fixed: float | None, first: bool) -> Group:
    aggregation = d.draw(st.sampled_from(list(Aggregation))) if fixed is None else Aggregation.SUM
    if fixed is not None:  # a child of a MEAN/WEIGHTED category: the group sums to `fixed`
        aggregation = Aggregation.MEAN
    group_tiers = tiers if first else _tiers_subset(d, tiers)
    n = d.draw(st.integers(1, 3))
    if aggregation is Aggregation.SUM:
        children = tuple(_indicator(d, group_tiers, None, i == 0) for i in range(n))
        maxima = _sum_maxima(children, d.tiers)
        if "adjustment" in d.rule_kinds and d.draw(st.integers(0, 3)) == 0:
            # điểm cộng / điểm trừ: outside the budget (not in `maxima`), capped by its own max
            kind = d.draw(st.sampled_from(("bonus", "penalty")))
            children += (replace(_leaf(d, group_tiers, None), adjustment=kind),)
    else:
        group_max = fixed if fixed is not None else d.draw(st.sampled_from(POINTS))
        children = tuple(_indicator(d, group_tiers, group_max, i == 0) for i in range(n))
        if aggregation is Aggregation.WEIGHTED:
            children = tuple(replace(c, weight=float(d.draw(st.integers(1, 3)))) for c in children)
        maxima = TierMax.uniform(group_tiers, group_max)
    return Group(
        id=d.new_id("gr"),
        label=f"Nhóm {d.counter}",
        maxima=maxima,
        indicators=children,
        aggregation=aggregation,
    )


def _levels(d: _Draft, groups: tuple[Group, ...], maxima: TierMax) -> LevelTable:
    n = d.draw(st.integers(1, 4))
    cuts = sorted(
        d.draw(
            st.lists(
                st.sampled_from((0.1, 0.2, 0.3, 0.5, 0.6, 0.75, 0.9)),
                min_size=n,
                max_size=n,
                unique=True,
            )
        ),
        reverse=True,
    )
    smallest_max = min(v for _, v in maxima.entries)
    rows = []
    for i, cut in enumerate(cuts):
        op = d.draw(st.sampled_from((">=", ">")))
        if d.draw(st.booleans()):
            cond = Condition(Subject.SCORE, op, cut, percent=True)
        else:
            cond = Condition(Subject.SCORE, op, round(cut * smallest_max, 2), percent=False)
        conditions = [cond]
        if i == 0 and d.draw(st.booleans()):
            conditions.append(Condition(Subject.EACH_GROUP, ">=", 0.5, percent=True))
        if i == 0 and d.draw(st.booleans()):
            g = d.draw(st.sampled_from(groups))
            conditions.append(Condition(Subject.GROUP, ">=", 0.6, percent=True, group=g.id))
        rows.append(Level(id=d.new_id("lv"), label=f"Mức {i + 1}", conditions=tuple(conditions)))
    return LevelTable(
        tuple(rows), unclassified_id=d.new_id("unc"), unclassified_label="Không xếp loại"
    )


def _category(d: _Draft, first: bool) -> Category:
    aggregation = d.draw(st.sampled_from(list(Aggregation)))
    tiers = d.tiers if first else _tiers_subset(d, d.tiers)
    n = d.draw(st.integers(1, 3))
    if aggregation is Aggregation.SUM:
        groups = tuple(_group(d, tiers, None, i == 0) for i in range(n))
        maxima = _sum_maxima(groups, d.tiers)
    else:
        cat_max = d.draw(st.sampled_from((1.0, 10.0, 100.0)))
        groups = tuple(_group(d, tiers, cat_max, i == 0) for i in range(n))
        maxima = TierMax.uniform(tiers, cat_max)
        if aggregation is Aggregation.WEIGHTED:
            groups = tuple(replace(g, weight=float(d.draw(st.integers(1, 3)))) for g in groups)
    levels = _levels(d, groups, maxima) if d.draw(st.integers(0, 3)) > 0 else None
    return Category(
        id=d.new_id("ca"),
        label=f"Hạng mục {d.counter}",
        maxima=maxima,
        groups=groups,
        levels=levels,
        aggregation=aggregation,
    )


@st.composite
def frameworks(
    draw: st.DrawFn, rule_kinds: tuple[str, ...] = RULE_KINDS, large: bool = False
) -> Framework:
    """A random valid framework: 1–3 tiers, 1–2 categories, every rule kind (or those of
    ``rule_kinds``), sub-items, per-tier maxima, levels, ranking with ties and tie-breaks."""
    n_tiers = draw(st.integers(1, 3))
    tier_ids = tuple(f"ti{i}_x" for i in range(1, n_tiers + 1))
    d = _Draft(draw, tier_ids, rule_kinds, large=large)
    categories = tuple(_category(d, i == 0) for i in range(draw(st.integers(1, 2))))
    total: Expr = Ref(categories[0].id)
    for c in categories[1:]:
        total = Binary("+", total, Ref(c.id))
    ranking = None
    if large or draw(st.integers(0, 3)) > 0:
        tiebreaks = tuple(
            TieBreak(Ref(c.id), draw(st.booleans()))
            for c in draw(st.lists(st.sampled_from(categories), max_size=2, unique=True))
        )
        numeric = [i for i in d.inputs if i.type in NUMERIC]
        if numeric and (large or draw(st.booleans())):  # then by an answer, e.g. a budget in đồng
            tiebreaks += (TieBreak(Ref(draw(st.sampled_from(numeric)).id), draw(st.booleans())),)
        ranking = Ranking(
            measure=Ref("total") if draw(st.booleans()) else Ref(categories[-1].id),
            descending=draw(st.integers(0, 4)) > 0,
            ties=draw(st.sampled_from(list(TiePolicy))),
            tiebreaks=tiebreaks,
            unclassified=draw(st.sampled_from(list(UnclassifiedRanking))),
        )
    if draw(st.integers(0, 5)) == 0:  # an informational text input, never in a rule
        d.inputs.append(
            Input(
                id=d.new_id("in"), label="Ghi chú", type=InputType.TEXT, missing=MissingPolicy.ZERO
            )
        )
    aggregates = _aggregates(d, categories) if draw(st.integers(0, 2)) > 0 else {}
    fw = Framework(
        id="fw_x",
        meta=Metadata(title="Bộ tiêu chí thử nghiệm", year=2018),
        tiers=tuple(Tier(t, f"Khối {i + 1}") for i, t in enumerate(tier_ids)),
        inputs=tuple(d.inputs),
        derived=tuple(d.derived),
        categories=categories,
        total=total,
        ranking=ranking,
        **aggregates,
    )
    return with_asked_tiers(fw)


def _scored_nodes(categories: tuple[Category, ...]) -> list[str]:
    out = []
    for c in categories:
        out.append(c.id)
        for g in c.groups:
            if g.scored:
                out.append(g.id)
            for ind in g.indicators:
                if ind.scored:
                    out.append(ind.id)
                out += [item.id for item in ind.items if item.scored]
    return out


def _index_levels(d: _Draft) -> LevelTable:
    """A level table on an index's share: strictly decreasing percentages, best first."""
    cuts = sorted(d.draw(st.lists(st.sampled_from(FRACTIONS), min_size=1, max_size=3, unique=True)))
    cuts = [c for c in reversed(cuts) if 0 < c <= 1] or [0.5]
    levels = tuple(
        Level(f"lv{i}_x", f"Mức {i}", (Condition(Subject.SCORE, ">=", cut, percent=True),))
        for i, cut in enumerate(cuts, 1)
    )
    return LevelTable(levels, unclassified_id="lv_none_x", unclassified_label="Chưa đạt")


def _aggregates(d: _Draft, categories: tuple[Category, ...]) -> dict:
    """Indexes over random scored nodes (a node in several of them), a growth of one of them
    from last year's value (any missing policy), named rankings by an index or a category."""
    nodes = _scored_nodes(categories)
    indexes = []
    for _ in range(d.draw(st.integers(1, 3))):
        members = tuple(
            d.draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=4, unique=True))
        )
        scale = member_maxima(categories, members, d.tiers)
        entries = tuple((t, v) for t, v in scale.entries if v > 0)
        if entries:
            levels = _index_levels(d) if d.draw(st.booleans()) else None
            index = Index(d.new_id("ix"), "Chỉ số thử", members, TierMax(entries), levels=levels)
            indexes.append(index)
    growths = []
    if indexes and d.draw(st.booleans()):
        previous = Input(
            id=d.new_id("in"),
            label="Chỉ số năm trước",
            type=InputType.NUMBER,
            minimum=0.0,
            maximum=1.0,
            missing=d.draw(st.sampled_from(list(MissingPolicy))),
        )
        d.inputs.append(previous)
        of = d.draw(st.sampled_from(indexes)).id
        growths.append(Growth(d.new_id("gr"), "Tăng so với năm trước", of, previous.id))
    rankings = []
    for _ in range(d.draw(st.integers(0, 2))):
        measures = [i.id for i in indexes] + [c.id for c in categories]
        measure = Ref(d.draw(st.sampled_from(measures)))
        ranking = Ranking(
            measure=measure,
            descending=d.draw(st.booleans()),
            ties=d.draw(st.sampled_from(list(TiePolicy))),
            unclassified=d.draw(st.sampled_from(list(UnclassifiedRanking))),
        )
        rankings.append(NamedRanking(d.new_id("rk"), "Xếp hạng thử", ranking))
    return {"indexes": tuple(indexes), "growths": tuple(growths), "rankings": tuple(rankings)}


def _thresholds(fw: Framework) -> dict[str, list[float]]:
    """Ladder thresholds per input id: data lands exactly on them on purpose."""
    out: dict[str, list[float]] = {}
    for _, _, ind in fw.indicators():
        if ind.rule is None:
            continue
        cond = ind.rule.cond if ind.not_applicable and isinstance(ind.rule, If) else None
        if isinstance(cond, Binary) and isinstance(cond.left, Ref) and isinstance(cond.right, Num):
            out.setdefault(cond.left.id, []).append(cond.right.value)  # data on the condition
        for node in _walk(ind.rule):
            if isinstance(node, Ladder) and isinstance(node.subject, Ref):
                for step in node.steps:
                    if isinstance(step.threshold, Num):
                        out.setdefault(node.subject.id, []).append(step.threshold.value)
    return out


def _walk(expr: Expr):
    from cqdt.dsl.expr import walk

    return walk(expr)


def _value(draw: st.DrawFn, inp: Input, thresholds: list[float]):
    if inp.type is InputType.YESNO:
        return draw(st.booleans())
    if inp.type is InputType.CHOICE:
        return draw(st.sampled_from(inp.choices))
    if inp.type is InputType.TEXT:
        return draw(st.sampled_from(("", "ghi chú", "Đã có kế hoạch")))
    low, high = _bounds(inp)
    special = [low, high, 10.0, *thresholds]
    if inp.type is InputType.PERCENT:  # halves after × max: where rounding modes differ
        special += [0.125, 0.675, 0.005, 0.335]
    # floating-point noise around a threshold: within EPSILON counts as reaching it
    special += [t - 5e-10 for t in thresholds] + [t - 1e-8 for t in thresholds]
    special = [min(max(v, low), high) for v in special]
    if inp.type is InputType.COUNT:
        anywhere = st.integers(int(low), int(high)).map(float)
    else:
        anywhere = st.floats(low, high, allow_nan=False, allow_infinity=False)
    return draw(st.one_of(st.sampled_from(special), anywhere))


DTYPES = {
    InputType.NUMBER: pl.Float64,
    InputType.COUNT: pl.Float64,
    InputType.PERCENT: pl.Float64,
    InputType.YESNO: pl.Boolean,
    InputType.CHOICE: pl.String,
    InputType.TEXT: pl.String,
}


@st.composite
def inputs_for(draw: st.DrawFn, fw: Framework, max_units: int = 12) -> pl.DataFrame:
    """A random inputs frame for ``fw``: nulls only where the missing policy allows them,
    zeros, values exactly at ladder thresholds, and repeated rows (ties)."""
    thresholds = _thresholds(fw)
    n = draw(st.integers(1, max_units))
    rows: list[dict] = []
    for k in range(n):
        tier = draw(st.sampled_from(fw.tier_ids))
        same_tier = [r for r in rows if r["tier"] == tier]
        if same_tier and draw(st.integers(0, 3)) == 0:  # a tie: copy another unit's answers
            row = dict(draw(st.sampled_from(same_tier)))
        else:
            row = {"tier": tier}
            for inp in fw.inputs:
                asked = not inp.tiers or tier in inp.tiers
                if not asked:
                    row[inp.id] = None
                elif inp.missing is not MissingPolicy.ERROR and draw(st.integers(0, 4)) == 0:
                    row[inp.id] = None
                else:
                    row[inp.id] = _value(draw, inp, thresholds.get(inp.id, []))
        row["code"] = f"U{k + 1:03d}"
        row["name"] = f"Đơn vị {k + 1}"
        rows.append(row)
    numeric = [inp for inp in fw.inputs if inp.type in NUMERIC]
    if numeric and draw(st.integers(0, 3)) == 0:  # everyone gives the same answer: sd 0
        flat = draw(st.sampled_from(numeric))
        value = _value(draw, flat, thresholds.get(flat.id, []))
        for row in rows:
            if row[flat.id] is not None:
                row[flat.id] = value
    schema = {"tier": pl.String, "code": pl.String, "name": pl.String}
    schema.update({inp.id: DTYPES[inp.type] for inp in fw.inputs})
    return pl.DataFrame(rows, schema=schema)


@st.composite
def framework_and_inputs(
    draw: st.DrawFn,
    max_units: int = 20,
    rule_kinds: tuple[str, ...] = RULE_KINDS,
    large: bool = False,
) -> tuple[Framework, pl.DataFrame]:
    fw = draw(frameworks(rule_kinds, large))
    return fw, draw(inputs_for(fw, max_units=max_units))
