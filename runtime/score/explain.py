"""``cqdt explain``: why one unit got its points, levels and rank, and what it lacks.

An :class:`Explanation` is read from the results frame (one run scores everything, and the
frame keeps every intermediate value) and from the scoring plan (rules, resolved level bounds):
each input with whether its missing policy fired, each indicator's rule and points/max, group
and category subtotals, every level row's conditions passed or failed, the points still needed
to reach the next level, the total and the rank. ``to_dict()`` feeds ``--format json``;
``render_text()`` prints it in Vietnamese or English.

>>> # results = score(fw, inputs)
>>> # print(explain(fw, results, "P01").render_text())
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

import polars as pl

from cqdt.compiler.model.contract import asks
from cqdt.compiler.model.nodes import (
    Category,
    Framework,
    Group,
    Indicator,
    InputType,
    MissingPolicy,
    is_informational,
    not_applicable_parts,
)
from cqdt.compiler.plan.build import Check, LevelStep, Plan, build_plan
from cqdt.compiler.plan.columns import (
    RANK,
    TOTAL,
    classified_column,
    input_of_missing,
    level_column,
    max_column,
    missing_column,
    not_applicable_column,
)
from cqdt.compiler.plan.to_reference import expression_values
from cqdt.diagnostics import CqdtError, diagnostic
from cqdt.i18n import language
from cqdt.number_format import format_number, format_percent
from cqdt.runtime.score.explain_aggregates import AggregateTraces, aggregate_traces
from cqdt.runtime.score.filled import fill_template, filled_in
from cqdt.runtime.score.gaps import all_or_nothing_gaps
from cqdt.runtime.score.messages import MESSAGES
from cqdt.suggest import closest

__all__ = [
    "CategoryTrace",
    "CheckTrace",
    "Explanation",
    "Gap",
    "GroupTrace",
    "IndicatorTrace",
    "InputTrace",
    "LevelTrace",
    "explain",
    "explain_record",
    "row_values",
]


@dataclass(frozen=True)
class InputTrace:
    id: str
    label: str
    value: object
    asked: bool
    policy: str
    missing: bool  # the unit left it empty and the missing policy fired
    percent: bool = False  # a share (0.0136): shown as 1,36% like on the form


@dataclass(frozen=True)
class IndicatorTrace:
    id: str
    label: str
    rule: str | None
    points: float | None
    max: float | None
    scored: bool
    items: tuple[IndicatorTrace, ...] = ()
    #: the rule with a slot for each of the unit's numbers (``{0} / {1} * {2}``) and the
    #: values, ``(value, is_percent)``, that fill them (runtime/score/filled.py)
    filled: str | None = None
    filled_values: tuple[tuple[object, bool], ...] = ()
    #: the tier functions of the rule with their values across the tier (``best(x)``, 200.0)
    tier_values: tuple[tuple[str, object], ...] = ()
    #: ``not applicable when COND : POINTS`` as written (None without the clause), and
    #: whether COND held for the unit (its points are then POINTS: "không áp dụng")
    not_applicable_rule: str | None = None
    not_applicable: bool | None = None
    #: "bonus" (điểm cộng) or "penalty" (điểm trừ), None for an ordinary indicator
    adjustment: str | None = None


@dataclass(frozen=True)
class GroupTrace:
    id: str
    label: str
    score: float | None
    max: float | None
    scored: bool
    indicators: tuple[IndicatorTrace, ...]
    adjustment: str | None = None  # "bonus"/"penalty" group: added to/deducted from its category


@dataclass(frozen=True)
class CheckTrace:
    """One condition of a level row: ``subject`` (``score`` or a group id) ``op`` threshold."""

    subject: str
    value: float | None
    op: str
    threshold: float
    passed: bool


@dataclass(frozen=True)
class LevelTrace:
    id: str
    label: str
    passed: bool
    checks: tuple[CheckTrace, ...]


@dataclass(frozen=True)
class Gap:
    """Points still needed on ``subject`` to pass one condition of the next level up."""

    level: str
    label: str
    subject: str
    points: float
    strictly: bool  # the condition is ``>``: a hair more than ``points`` is needed
    #: when every indicator under ``subject`` gives all or nothing of the same max (yes/no
    #: criteria): how many more of them must be met, and what each is worth
    items: int | None = None
    item_points: float | None = None


@dataclass(frozen=True)
class CategoryTrace:
    id: str
    label: str
    score: float | None
    max: float | None
    level: str | None
    level_label: str | None
    classified: bool | None
    groups: tuple[GroupTrace, ...]
    levels: tuple[LevelTrace, ...]
    unclassified_by: tuple[str, ...]  # empty unclassified-policy inputs that decided it
    gaps: tuple[Gap, ...]
    scored: bool = True  # False: every group is not scored ("Thông tin chung"), shown only


@dataclass(frozen=True)
class Explanation:
    framework: str
    tier: str
    tier_label: str
    code: str
    name: str
    decimals: int
    inputs: tuple[InputTrace, ...]
    derived: tuple[tuple[str, str, object], ...]
    categories: tuple[CategoryTrace, ...]
    total: float | None
    rank: int | None
    total_label: str = "Tổng điểm"
    #: indexes, growths and named rankings (:mod:`cqdt.runtime.score.explain_aggregates`)
    aggregates: AggregateTraces = AggregateTraces()
    scale: float | None = None  # the declared ``points scale`` of the unit's tier

    def to_dict(self) -> dict:
        """Plain data for JSON (``cqdt explain --format json``); ``aggregates`` only when the
        framework declares some."""
        out = asdict(self)
        if not self.aggregates:
            del out["aggregates"]
        return out

    def render_text(self, lang: str | None = None) -> str:
        """A readable trace in Vietnamese (default) or English."""
        return _Renderer(self, lang or language()).render()


def _row(results: pl.DataFrame, code: str) -> dict:
    """The row of the unit named by ``code``: its code, else its name ignoring case and
    accents (``so y te`` is Sở Y tế), else the one name containing it; never a guess between
    two units."""
    from cqdt.runtime.intake.values import fold

    found = results.filter(pl.col("code") == code)
    if found.height:
        return found.row(0, named=True)
    wanted = " ".join(fold(code).split())
    names = [" ".join(fold(n or "").split()) for n in results["name"].to_list()]
    for matches in (
        [i for i, n in enumerate(names) if n == wanted],
        [i for i, n in enumerate(names) if wanted and wanted in n],
    ):
        if len(matches) == 1:
            return results.row(matches[0], named=True)
        if len(matches) > 1:
            units = ", ".join(f"{results['code'][i]} ({results['name'][i]})" for i in matches[:8])
            hint = MESSAGES["explain.unknown_unit.several"].render(units=units)
            raise CqdtError([diagnostic("explain.unknown_unit", code=code, hint=hint)])
    raise CqdtError(
        [
            diagnostic(
                "explain.unknown_unit",
                code=code,
                hint=_unit_hint(results["code"].to_list(), code),
            )
        ]
    )


def _unit_hint(codes: list[str], code: str) -> str:
    """'Did you mean P12?' for p12 or P012: unit codes are typed by hand, often in lower case."""
    same_case = [c for c in codes if c.casefold() == code.strip().casefold()]
    if same_case:
        return MESSAGES["explain.unknown_unit.case"].render(codes=", ".join(same_case))
    close = closest(code.strip(), codes, n=3)
    if close:
        return MESSAGES["explain.unknown_unit.did_you_mean"].render(codes=", ".join(close))
    return MESSAGES["explain.unknown_unit.hint"].render()


def _rule_text(ind: Indicator) -> str | None:
    if ind.rule is None:
        return None
    from cqdt.compiler.plan.show import rule_text

    parts = not_applicable_parts(ind)
    return rule_text(ind.rule if parts is None else parts[2])


def _not_applicable_text(ind: Indicator) -> str | None:
    from cqdt.compiler.plan.show import rule_text

    parts = not_applicable_parts(ind)
    return None if parts is None else f"{rule_text(parts[0])} : {rule_text(parts[1])}"


def _indicator(ind: Indicator, row: dict, tier: str, numbers=None) -> IndicatorTrace:
    """``numbers(ind)``: the rule's filled-in template, values and tier values (or None)."""
    held = row.get(not_applicable_column(ind.id)) if ind.not_applicable else None
    parts = not_applicable_parts(ind)
    shown = ind if parts is None else replace(ind, rule=parts[1] if held else parts[2])
    filled = numbers(shown) if numbers is not None and ind.rule is not None else None
    return IndicatorTrace(
        id=ind.id,
        label=ind.label,
        rule=_rule_text(ind),
        points=row.get(ind.id),
        max=ind.max_for(tier),
        scored=ind.scored,
        items=tuple(_indicator(i, row, tier, numbers) for i in ind.items if i.applies_to(tier)),
        filled=filled[0] if filled else None,
        filled_values=filled[1] if filled else (),
        tier_values=filled[2] if filled else (),
        not_applicable_rule=_not_applicable_text(ind),
        not_applicable=None if held is None else bool(held),
        adjustment=ind.adjustment,
    )


def _group(group: Group, row: dict, tier: str, numbers=None) -> GroupTrace:
    return GroupTrace(
        id=group.id,
        label=group.label,
        score=row.get(group.id),
        max=group.max_for(tier),
        scored=group.scored,
        indicators=tuple(
            _indicator(i, row, tier, numbers) for i in group.indicators if i.applies_to(tier)
        ),
        adjustment=group.adjustment,
    )


def _check(check: Check, row: dict, category_id: str) -> CheckTrace:
    subject = "score" if check.column == category_id else check.column
    value = row.get(check.column)
    return CheckTrace(subject, value, check.op, check.threshold, check.holds(value))


def _category(category: Category, plan: Plan, row: dict, tier: str, numbers=None) -> CategoryTrace:
    step = plan.step(level_column(category.id))
    assert isinstance(step, LevelStep)
    levels = []
    for rule in step.rules:
        checks = tuple(_check(c, row, category.id) for c in rule.checks_for(tier))
        levels.append(LevelTrace(rule.level_id, rule.label, all(c.passed for c in checks), checks))
    fired = dict(step.fired_by).get(tier, ())
    unclassified_by = tuple(input_of_missing(c) for c in fired if row.get(c) is True)
    level = row.get(level_column(category.id))
    labels = {lv.id: lv.label for lv in category.levels.levels} if category.levels else {}
    if category.levels is not None:
        labels[category.levels.unclassified_id] = category.levels.unclassified_label
    return CategoryTrace(
        id=category.id,
        label=category.label,
        score=row.get(category.id),
        max=row.get(max_column(category.id)),
        level=level,
        level_label=labels.get(level) if level is not None else None,
        classified=row.get(classified_column(category.id)),
        groups=tuple(_group(g, row, tier, numbers) for g in category.groups if g.applies_to(tier)),
        levels=tuple(levels),
        unclassified_by=unclassified_by,
        gaps=all_or_nothing_gaps(category, tier, _gaps(levels, level)),
        scored=not is_informational(category),
    )


def _gaps(levels: list[LevelTrace], level: str | None) -> tuple[Gap, ...]:
    """What the next level up asks that the unit does not have yet (empty at the top)."""
    ids = [lv.id for lv in levels]
    if not levels or level is None or level == (ids[0] if ids else None):
        return ()
    index = ids.index(level) if level in ids else len(levels)
    target = levels[index - 1]
    return tuple(
        Gap(
            target.id,
            target.label,
            c.subject,
            c.threshold - (c.value or 0.0),
            strictly=c.op == ">",
        )
        for c in target.checks
        if not c.passed
    )


def explain(fw: Framework, results: pl.DataFrame, code: str) -> Explanation:
    """The full trace of unit ``code`` in a results frame of ``fw``.

    Raises :class:`~cqdt.diagnostics.CqdtError` when no unit has that code.
    """
    plan = build_plan(fw)
    row = _row(results, code)
    index = results["code"].to_list().index(row["code"])
    return explain_record(fw, plan, row, row_values(plan, results)(index))


def row_values(plan: Plan, results: pl.DataFrame):
    """``values(i)``: the values of any expression for row ``i`` of ``results``, computed once
    for the whole frame (tier functions look across the tier), for :func:`explain_record`."""
    value_at = expression_values(plan, results.to_dicts())

    def values(index: int):
        return lambda expr, maxima: value_at(expr, index, maxima)

    return values


def explain_record(fw: Framework, plan: Plan, row: dict, values=None) -> Explanation:
    """The trace of one results row (a dict of the frame's columns) under ``plan``.

    For callers that explain every unit (report cards): the plan is built once, and a unit is
    taken by its row, so two tiers may use the same code. ``values`` (from
    :func:`row_values`) fills each rule with the unit's numbers; without it rules are shown as
    written.
    """
    tier = row["tier"]
    numbers = _numbers(fw, values, tier) if values is not None else None
    inputs = []
    for inp in fw.inputs:
        asked = asks(inp, tier)
        flag = row.get(missing_column(inp.id))
        inputs.append(
            InputTrace(
                inp.id,
                inp.label,
                row.get(inp.id),
                asked,
                inp.missing.value,
                bool(flag) and inp.missing is not MissingPolicy.ERROR,
                inp.type is InputType.PERCENT,
            )
        )
    derived = tuple((d.id, d.label or d.id, row.get(d.id)) for d in fw.derived)
    tier_label = next((t.label for t in fw.tiers if t.id == tier), tier)
    return Explanation(
        framework=fw.id,
        tier=tier,
        tier_label=tier_label,
        code=row["code"],
        name=row.get("name") or "",
        decimals=fw.decimals,
        inputs=tuple(inputs),
        derived=derived,
        categories=tuple(
            _category(c, plan, row, tier, numbers)
            for c in fw.categories
            if c.max_for(tier) is not None
        ),
        total=row.get(TOTAL),
        rank=row.get(RANK),
        total_label=fw.total_label,
        aggregates=aggregate_traces(fw, row, tier),
        scale=fw.scale.get(tier) if fw.scale is not None else None,
    )


def _numbers(fw: Framework, values, tier: str):
    """``numbers(ind)`` for :func:`_indicator`: the rule of ``ind`` with the unit's values."""
    percent = frozenset(i.id for i in fw.inputs if i.type is InputType.PERCENT)

    def numbers(ind: Indicator):
        maxima = ((tier, ind.max_for(tier)),)
        return filled_in(ind.rule, lambda e: values(e, maxima), percent)

    return numbers


class _Renderer:
    def __init__(self, ex: Explanation, lang: str):
        self.ex = ex
        self.lang = lang
        self.lines: list[str] = []

    def msg(self, msg_code: str, **fields) -> str:
        return MESSAGES[msg_code].render(self.lang, **fields)

    def num(self, value) -> str:
        if value is None:
            return "—"
        return format_number(float(value), self.ex.decimals, lang=self.lang)

    def value(self, value) -> str:
        if isinstance(value, bool):
            return ("có" if value else "không") if self.lang == "vi" else ("yes" if value else "no")
        if isinstance(value, float):
            return format_number(value, max(self.ex.decimals, 4), self.lang, trim=True)
        return "—" if value is None else str(value)

    def filled_value(self, value, percent: bool) -> str:
        """A value inside a filled-in formula: as on the form (a share as 1,02%), a text in
        quotes (an option of a choice)."""
        if isinstance(value, str):
            return f'"{value}"'
        return self.share(value) if percent else self.value(value)

    def share(self, value) -> str:
        """A percent input as the officer typed it on the form (1,36%), not as a fraction."""
        if not isinstance(value, float):
            return self.value(value)
        return format_percent(value, 2, self.lang, trim=True)

    def add(self, indent: int, text: str) -> None:
        self.lines.append("  " * indent + text)

    def render(self) -> str:
        ex = self.ex
        self.add(0, self.msg("explain.unit", name=ex.name, code=ex.code, tier=ex.tier_label))
        self.add(0, self.msg("explain.inputs"))
        for inp in ex.inputs:
            if not inp.asked:
                self.add(1, f"{inp.label} ({inp.id}): {self.msg('explain.not_asked')}")
                continue
            shown = self.share(inp.value) if inp.percent else self.value(inp.value)
            line = f"{inp.label} ({inp.id}) = {shown}"
            if inp.missing and inp.policy == "empty":
                line += "  ← " + self.msg("explain.missing_kept")
            elif inp.missing:
                line += "  ← " + self.msg(
                    "explain.missing_fired", value=self.value(inp.value), policy=inp.policy
                )
            self.add(1, line)
        if ex.derived:
            self.add(0, self.msg("explain.derived"))
            for id_, label, value in ex.derived:
                self.add(1, f"{label} ({id_}) = {self.value(value)}")
        for cat in ex.categories:
            self.category(cat)
        label = ex.total_label
        if label == "Tổng điểm" and self.lang != "vi":  # the default label, in the reader's words
            label = self.msg("explain.total_default")
        total = self.num(ex.total)
        if ex.scale is not None:
            scale = format_number(ex.scale, ex.decimals, self.lang, trim=True)
            total = self.msg("explain.on_scale", total=total, scale=scale)
        self.add(0, self.msg("explain.total", label=label, total=total))
        rank = str(ex.rank) if ex.rank is not None else self.msg("explain.unranked")
        self.add(0, self.msg("explain.rank", rank=rank))
        ex.aggregates.render(self.lang, ex.decimals, self.add)
        return "\n".join(self.lines) + "\n"

    def indicator(self, ind: IndicatorTrace, indent: int) -> None:
        line = self.msg(
            "explain.indicator",
            label=ind.label,
            id=ind.id,
            points=self.num(ind.points),
            max=self.num(ind.max),
        )
        if not ind.scored:  # informational: its value, not points out of a max
            line = self.msg(
                "explain.info", label=ind.label, id=ind.id, value=self.value(ind.points)
            )
        if not ind.scored:
            line += " " + self.msg("explain.not_scored")
        if ind.not_applicable:
            line += " " + self.msg("explain.not_applicable_held")
        if ind.adjustment is not None:
            line += " " + self.msg(f"explain.{ind.adjustment}")
        self.add(indent, line)
        if ind.not_applicable_rule:
            self.add(indent + 2, self.msg("explain.not_applicable", rule=ind.not_applicable_rule))
        if ind.rule:
            first, *rest = self.msg("explain.rule", rule=ind.rule).splitlines()
            self.add(indent + 2, first)
            for line in rest:
                self.add(indent + 3, line)
        if ind.filled is not None and ind.points is not None:
            separator = "; " if format_number(0.5, 1, self.lang) == "0,5" else ", "
            formula = fill_template(ind.filled, ind.filled_values, self.filled_value, separator)
            points = self.num(ind.points) if ind.scored else self.value(ind.points)
            text = self.msg("explain.filled", formula=formula, points=points)
            first, *rest = text.splitlines() if formula != points else ("",)
            if first:
                self.add(indent + 2, first)
            for line in rest:
                self.add(indent + 3, line)
        for func, value in ind.tier_values:
            self.add(
                indent + 2,
                self.msg(
                    "explain.tier_value",
                    func=func,
                    value=self.value(value),
                    tier=self.ex.tier_label,
                ),
            )
        for item in ind.items:
            self.indicator(item, indent + 1)

    def category(self, cat: CategoryTrace) -> None:
        if not cat.scored:
            self.informational_category(cat)
            return
        self.add(
            0,
            self.msg(
                "explain.category",
                label=cat.label,
                id=cat.id,
                score=self.num(cat.score),
                max=self.num(cat.max),
            ),
        )
        for group in cat.groups:
            line = self.msg(
                "explain.group",
                label=group.label,
                id=group.id,
                score=self.num(group.score),
                max=self.num(group.max),
            )
            if group.adjustment is not None:
                line += " " + self.msg(f"explain.{group.adjustment}")
            if not group.scored:
                line = self.msg("explain.group_info", label=group.label, id=group.id)
                line += ": " + self.value(group.score)
            self.add(1, line + ("" if group.scored else " " + self.msg("explain.not_scored")))
            for ind in group.indicators:
                self.indicator(ind, 2)
        if not cat.levels:
            self.add(1, self.msg("explain.no_levels"))
            return
        self.add(1, self.msg("explain.level", label=cat.level_label, id=cat.level))
        if cat.unclassified_by:
            self.add(2, self.msg("explain.fired", inputs=", ".join(cat.unclassified_by)))
        for level in cat.levels:
            mark = "✓" if level.passed else "✗"
            self.add(2, self.msg("explain.level_row", mark=mark, label=level.label, id=level.id))
            for check in level.checks:
                self.add(
                    3,
                    self.msg(
                        "explain.check",
                        mark="✓" if check.passed else "✗",
                        subject=self.subject(check.subject),
                        value=self.num(check.value),
                        op=check.op,
                        threshold=self.num(check.threshold),
                    ),
                )
        if not cat.gaps and cat.level == cat.levels[0].id:
            self.add(1, self.msg("explain.gap_best"))
        for gap in cat.gaps:
            if gap.items is not None:
                each = format_number(gap.item_points or 0.0, self.ex.decimals, self.lang, trim=True)
                self.add(
                    1,
                    self.msg(
                        "explain.gap_items",
                        label=gap.label,
                        items=gap.items,
                        each=each,
                        subject=self.subject(gap.subject),
                    ),
                )
                continue
            points = self.num(gap.points) + (" +" if gap.strictly else "")
            self.add(
                1,
                self.msg(
                    "explain.gap", label=gap.label, points=points, subject=self.subject(gap.subject)
                ),
            )

    def informational_category(self, cat: CategoryTrace) -> None:
        """A category of not-scored groups: shown with their values, never counted."""
        head = self.msg("explain.category_info", label=cat.label, id=cat.id)
        self.add(0, head + " " + self.msg("explain.not_scored"))
        for group in cat.groups:
            line = self.msg("explain.group_info", label=group.label, id=group.id)
            if any(ind.scored for ind in group.indicators):  # else the sum of nothing, 0
                line += ": " + self.value(group.score)
            self.add(1, f"{line} {self.msg('explain.not_scored')}")
            for ind in group.indicators:
                self.indicator(ind, 2)

    def subject(self, subject: str) -> str:
        if subject == "score":
            return self.msg("explain.score_subject")
        return self.msg("explain.group_subject", id=subject)
