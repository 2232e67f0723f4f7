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

from dataclasses import asdict, dataclass

import polars as pl

from cqdt.compiler.model.contract import asks
from cqdt.compiler.model.nodes import (
    Category,
    Framework,
    Group,
    Indicator,
    InputType,
    MissingPolicy,
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
)
from cqdt.diagnostics import CqdtError, diagnostic
from cqdt.i18n import language
from cqdt.number_format import format_number, format_percent
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


@dataclass(frozen=True)
class GroupTrace:
    id: str
    label: str
    score: float | None
    max: float | None
    scored: bool
    indicators: tuple[IndicatorTrace, ...]


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

    def to_dict(self) -> dict:
        """Plain data for JSON (``cqdt explain --format json``)."""
        return asdict(self)

    def render_text(self, lang: str | None = None) -> str:
        """A readable trace in Vietnamese (default) or English."""
        return _Renderer(self, lang or language()).render()


def _row(results: pl.DataFrame, code: str) -> dict:
    found = results.filter(pl.col("code") == code)
    if found.height == 0:
        raise CqdtError(
            [
                diagnostic(
                    "explain.unknown_unit",
                    code=code,
                    hint=_unit_hint(results["code"].to_list(), code),
                )
            ]
        )
    return found.row(0, named=True)


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

    return rule_text(ind.rule)


def _indicator(ind: Indicator, row: dict, tier: str) -> IndicatorTrace:
    return IndicatorTrace(
        id=ind.id,
        label=ind.label,
        rule=_rule_text(ind),
        points=row.get(ind.id),
        max=ind.max_for(tier),
        scored=ind.scored,
        items=tuple(_indicator(i, row, tier) for i in ind.items if i.applies_to(tier)),
    )


def _group(group: Group, row: dict, tier: str) -> GroupTrace:
    return GroupTrace(
        id=group.id,
        label=group.label,
        score=row.get(group.id),
        max=group.max_for(tier),
        scored=group.scored,
        indicators=tuple(_indicator(i, row, tier) for i in group.indicators if i.applies_to(tier)),
    )


def _check(check: Check, row: dict, category_id: str) -> CheckTrace:
    subject = "score" if check.column == category_id else check.column
    value = row.get(check.column)
    return CheckTrace(subject, value, check.op, check.threshold, check.holds(value))


def _category(category: Category, plan: Plan, row: dict, tier: str) -> CategoryTrace:
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
        groups=tuple(_group(g, row, tier) for g in category.groups if g.applies_to(tier)),
        levels=tuple(levels),
        unclassified_by=unclassified_by,
        gaps=_gaps(levels, level),
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
    tier = row["tier"]
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
        code=code,
        name=row.get("name") or "",
        decimals=fw.decimals,
        inputs=tuple(inputs),
        derived=derived,
        categories=tuple(
            _category(c, plan, row, tier) for c in fw.categories if c.max_for(tier) is not None
        ),
        total=row.get(TOTAL),
        rank=row.get(RANK),
    )


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
        self.add(0, self.msg("explain.total", total=self.num(ex.total)))
        rank = str(ex.rank) if ex.rank is not None else self.msg("explain.unranked")
        self.add(0, self.msg("explain.rank", rank=rank))
        return "\n".join(self.lines) + "\n"

    def indicator(self, ind: IndicatorTrace, indent: int) -> None:
        line = self.msg(
            "explain.indicator",
            label=ind.label,
            id=ind.id,
            points=self.num(ind.points),
            max=self.num(ind.max),
        )
        if not ind.scored:
            line += " " + self.msg("explain.not_scored")
        self.add(indent, line)
        if ind.rule:
            first, *rest = self.msg("explain.rule", rule=ind.rule).splitlines()
            self.add(indent + 2, first)
            for line in rest:
                self.add(indent + 3, line)
        for item in ind.items:
            self.indicator(item, indent + 1)

    def category(self, cat: CategoryTrace) -> None:
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
            points = self.num(gap.points) + (" +" if gap.strictly else "")
            self.add(
                1,
                self.msg(
                    "explain.gap", label=gap.label, points=points, subject=self.subject(gap.subject)
                ),
            )

    def subject(self, subject: str) -> str:
        if subject == "score":
            return self.msg("explain.score_subject")
        return self.msg("explain.group_subject", id=subject)
