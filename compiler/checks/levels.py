"""Level tables: rows best first, every row reachable, thresholds within the max, known groups.

Each row is turned, per tier, into the points it requires of the category score and of each
group (``each group >= 70%`` requires 70% of every applicable group). A later row whose
requirement on the score is higher is out of order (E601); a later row that every unit meeting
an earlier row would also meet can never be given (E602).
"""

from __future__ import annotations

from cqdt.compiler.checks import TOLERANCE, fmt_points
from cqdt.compiler.messages import make
from cqdt.compiler.model.nodes import Category, Condition, Framework, Level, Subject
from cqdt.diagnostics import Diagnostic
from cqdt.i18n import text

Requirement = dict[str, tuple[float, bool]]  # "score" or a group id → (points, strict)


def requirement(level: Level, category: Category, tier: str) -> Requirement:
    """What ``level`` asks of a unit of ``tier``, in points."""
    groups = {g.id: g for g in category.groups if g.scored and g.adjustment is None}
    out: Requirement = {}

    def need(key: str, maximum: float | None, c: Condition) -> None:
        if maximum is None:
            return
        points = c.threshold * maximum if c.percent else c.threshold
        current = out.get(key)
        candidate = (points, c.op == ">")
        if current is None or candidate > current:
            out[key] = candidate

    for c in level.conditions:
        if c.subject is Subject.SCORE:
            need("score", category.max_for(tier), c)
        elif c.subject is Subject.GROUP and c.group in groups:
            need(c.group, groups[c.group].max_for(tier), c)
        elif c.subject is Subject.EACH_GROUP:
            for g in groups.values():
                need(g.id, g.max_for(tier), c)
    return out


def implies(stronger: Requirement, weaker: Requirement) -> bool:
    """Every unit meeting ``stronger`` meets ``weaker``."""
    return all(
        key in stronger and stronger[key] >= (points - TOLERANCE, strict)
        for key, (points, strict) in weaker.items()
    )


def level_tables(fw: Framework) -> list[Diagnostic]:
    """E601 out of order, E602 unreachable, E603 above the max, E604 unknown group."""
    found = []
    for category in fw.categories:
        if category.levels is None:
            continue
        found += table_problems(fw, category)
    return found


def table_problems(fw: Framework, category: Category) -> list[Diagnostic]:
    """The problems of one level table (a category's, or an index's seen as a category)."""
    found = _duplicate_levels(category)
    found += _unknown_groups(category)
    found += _above_max(fw, category)
    found += _order(fw, category)
    return found


def _duplicate_levels(category: Category) -> list[Diagnostic]:
    """E201 within one table (level ids may repeat across categories: Mức 1 in each)."""
    first: dict[str, object] = {}
    found = []
    for level in category.levels.levels:
        if level.id in first:
            found.append(
                make(
                    "E201",
                    level.span,
                    path=category.id,
                    name=level.id,
                    related=((first[level.id], "first"),),
                )
            )
        else:
            first[level.id] = level.span
    return found


def _unknown_groups(category: Category) -> list[Diagnostic]:
    names = [g.id for g in category.groups]
    return [
        make(
            "E604",
            c.span,
            path=category.id,
            category=category.id,
            name=c.group,
            groups=", ".join(names),
        )
        for level in category.levels.levels
        for c in level.conditions
        if c.subject is Subject.GROUP and c.group not in names
    ]


def _above_max(fw: Framework, category: Category) -> list[Diagnostic]:
    found = []
    groups = {g.id: g for g in category.groups}
    for level in category.levels.levels:
        for c in level.conditions:
            if c.percent:
                if c.threshold > 1 + TOLERANCE:
                    found.append(
                        make(
                            "E603",
                            c.span,
                            path=f"{category.id} › {level.id}",
                            threshold=fmt_points(c.threshold * 100) + "%",
                            max="100%",
                            tier=text("mọi khối", "every tier"),
                        )
                    )
                continue
            for tier in fw.tier_ids:
                if c.subject is Subject.SCORE:
                    maxima = [category.max_for(tier)]
                elif c.subject is Subject.GROUP:
                    maxima = [groups[c.group].max_for(tier)] if c.group in groups else []
                else:
                    maxima = [
                        g.max_for(tier)
                        for g in category.groups
                        if g.scored and g.adjustment is None
                    ]
                maxima = [m for m in maxima if m is not None]
                if maxima and c.threshold > min(maxima) + TOLERANCE:
                    found.append(
                        make(
                            "E603",
                            c.span,
                            path=f"{category.id} › {level.id}",
                            threshold=fmt_points(c.threshold),
                            max=fmt_points(min(maxima)),
                            tier=fw.tier(tier).label,
                        )
                    )
                    break
    return found


def _order(fw: Framework, category: Category) -> list[Diagnostic]:
    """A row is reported when it is out of order / unreachable in every tier the category
    applies to (a table mixing points and percentages may be fine for some tiers only)."""
    levels = category.levels.levels
    tiers = [t for t in fw.tier_ids if category.max_for(t) is not None]
    if not tiers:
        return []
    needs = {t: [requirement(level, category, t) for level in levels] for t in tiers}
    found = []
    for j in range(1, len(levels)):
        for i in range(j):
            if all(_higher(needs[t][j], needs[t][i]) for t in tiers):
                found.append(
                    make(
                        "E601",
                        levels[j].span,
                        path=category.id,
                        name=levels[j].id,
                        previous=levels[i].id,
                    )
                )
                break
            if all(implies(needs[t][j], needs[t][i]) for t in tiers):
                found.append(
                    make(
                        "E602",
                        levels[j].span,
                        path=category.id,
                        name=levels[j].id,
                        previous=levels[i].id,
                    )
                )
                break
    return found


def _higher(later: Requirement, earlier: Requirement) -> bool:
    """The later row asks more of the category score than the earlier one."""
    a, b = later.get("score"), earlier.get("score")
    return bool(a and b and a[0] > b[0] + TOLERANCE)
