"""Surface AST → framework model: declarations gathered, maxima and applicability inferred.

Lowering never stops at the first problem: what it cannot place (an unknown tier, a repeated
id) is reported and skipped, and a model is still built so the check passes can look at the
rest. The caller (:mod:`cqdt.compiler.load`) drops the model when any error was found.

Inference rules (docs/language.md, "Maxima and applicability"):

- the tiers a group's children apply to by default: the group's ``for``, else the tiers of its
  ``max { … }`` block, else every tier; an item defaults to its indicator's tiers;
- ``max N`` applies to those default tiers (or the node's own ``for``); ``max { t N … }``
  applies to exactly the tiers listed;
- a node without ``max`` gets, per tier, the sum of its scored children's maxima (for a
  ``mean``/``weighted`` parent: the children's common max) — inference, never rescaling;
- ``Input.tiers``: the tiers asked the input (:func:`cqdt.compiler.model.contract.asked_tiers`);
- ``Framework.total`` defaults to the sum of the categories.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from cqdt.compiler.messages import make
from cqdt.compiler.model.contract import with_asked_tiers
from cqdt.compiler.model.lower_aggregates import aggregate_names, lower_aggregates
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
    counts_in_budget,
)
from cqdt.diagnostics import Diagnostic, Span
from cqdt.dsl import ast
from cqdt.dsl.expr import Binary, Expr, If, Num, Ref
from cqdt.dsl.keywords import RESERVED_WORDS


@dataclass
class Lowering:
    """State of one lowering: the framework's tiers and the diagnostics found so far."""

    tier_ids: tuple[str, ...]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    inputs: list[Input] = field(default_factory=list)
    derived: list[Derived] = field(default_factory=list)

    def report(self, code: str, where: Span | None, **fields) -> None:
        self.diagnostics.append(make(code, where, **fields))

    # -- tiers and maxima

    def tier_names(self, names: tuple[ast.Name, ...] | None, path: str) -> tuple[str, ...] | None:
        """Known tier ids of a ``for`` clause, in framework order; unknown ones reported."""
        if names is None:
            return None
        for n in names:
            if n.text not in self.tier_ids:
                self.unknown_tier(n, path)
        wanted = {n.text for n in names}
        return tuple(t for t in self.tier_ids if t in wanted)

    def unknown_tier(self, n: ast.Name, path: str) -> None:
        from cqdt.suggest import suggest_id

        self.diagnostics.append(
            make(
                "E204",
                n.span,
                path=path,
                name=n.text,
                suggestion=suggest_id(n.text, self.tier_ids),
                tiers=", ".join(self.tier_ids),
            )
        )

    def declared_max(
        self, max_clause: ast.SurfaceMax | None, default_tiers: tuple[str, ...], path: str
    ) -> TierMax | None:
        if max_clause is None:
            return None
        if max_clause.per_tier or max_clause.uniform is None:
            values: dict[str, float] = {}
            for n, value in max_clause.per_tier:
                if n.text not in self.tier_ids:
                    self.unknown_tier(n, path)
                elif n.text in values:
                    self.report("E207", n.span, path=path, name=n.text)
                else:
                    values[n.text] = value
            return TierMax(tuple((t, values[t]) for t in self.tier_ids if t in values))
        return TierMax.uniform(default_tiers, max_clause.uniform)

    def inferred_max(self, children, aggregation: Aggregation, within: tuple[str, ...]) -> TierMax:
        """Per tier, the sum (SUM) or the largest (MEAN/WEIGHTED) of the scored children."""
        entries = []
        for tier in self.tier_ids:
            if tier not in within:
                continue
            maxima = [
                c.maxima.get(tier)
                for c in children
                if counts_in_budget(c) and c.maxima.get(tier) is not None
            ]
            if not maxima:
                continue
            value = sum(maxima) if aggregation is Aggregation.SUM else max(maxima)
            entries.append((tier, float(value)))
        return TierMax(tuple(entries))

    # -- declarations

    def lower_input(self, s: ast.SurfaceInput) -> None:
        self.inputs.append(
            Input(
                id=s.name.text,
                label=s.label if s.label is not None else s.name.text,
                type=InputType(s.type),
                unit=s.unit,
                minimum=s.minimum,
                maximum=s.maximum,
                at_most=s.at_most.text if s.at_most else None,
                choices=s.choices,
                missing=MissingPolicy(s.missing) if s.missing else MissingPolicy.ERROR,
                description=s.description,
                span=s.name.span,
                comments=s.comments,
                end_comment=s.end_comment,
            )
        )

    def lower_value(self, s: ast.SurfaceValue) -> None:
        self.derived.append(
            Derived(
                id=s.name.text,
                label=s.label,
                expr=s.expr,
                span=s.name.span,
                comments=s.comments,
                end_comment=s.end_comment,
            )
        )

    def lower_indicator(
        self, s: ast.SurfaceIndicator, default_tiers: tuple[str, ...], path: str
    ) -> Indicator:
        path = f"{path} › {s.name.text}"
        for inp in s.inputs:
            self.lower_input(inp)
        for value in s.values:
            self.lower_value(value)
        own_tiers = self.tier_names(s.for_tiers, path)
        tiers = own_tiers if own_tiers is not None else default_tiers
        maxima = self.declared_max(s.max, tiers, path)
        item_tiers = maxima.tiers if maxima is not None else tiers
        items = []
        for item in s.items:
            if not s.is_item:
                items.append(self.lower_indicator(item, item_tiers, path))
            else:
                self.report("E408", item.name.span, path=path, name=item.name.text)
        for extra in s.rules[1:]:
            self.report("E121", extra[1], path=path, what="points")
        rule = s.rules[0][0] if s.rules else None
        for extra in s.not_applicable[1:]:
            self.report("E121", extra[1], path=path, what="not applicable")
        if s.not_applicable and (items or s.items or rule is None):
            self.report("E412", s.not_applicable[0][1], path=path, name=s.name.text)
        elif s.not_applicable:
            (when, points), _span = s.not_applicable[0]
            rule = If(when, points, rule, span=getattr(rule, "span", _span))
        if maxima is None:
            if items:
                maxima = self.inferred_max(items, Aggregation.SUM, tiers)
            elif not s.scored:
                maxima = TierMax.uniform(tiers, 0.0)
            else:
                self.report("E409", s.name.span, path=path, name=s.name.text)
                maxima = TierMax.uniform(tiers, 0.0)
        return Indicator(
            id=s.name.text,
            label=s.label,
            maxima=maxima,
            rule=rule,
            not_applicable=bool(s.not_applicable) and rule is not None and not items,
            adjustment=s.adjustment,
            items=tuple(items),
            weight=s.weight,
            scored=s.scored,
            description=s.description,
            reference=s.reference,
            span=s.name.span,
            comments=s.comments,
            end_comment=s.end_comment,
            statement_comments=s.statement_comments,
        )

    def lower_group(
        self, s: ast.SurfaceGroup, path: str, within: tuple[str, ...] | None = None
    ) -> Group:
        """``within``: the tiers the group applies to by default (its category's
        ``max { … }`` tiers; every tier when the category's max is one number or inferred)."""
        path = f"{path} › {s.name.text}"
        for inp in s.inputs:
            self.lower_input(inp)
        for value in s.values:
            self.lower_value(value)
        default_tiers = within if within is not None else self.tier_ids
        own_tiers = self.tier_names(s.for_tiers, path)
        tiers = own_tiers if own_tiers is not None else default_tiers
        maxima = self.declared_max(s.max, tiers, path)
        child_tiers = (
            own_tiers
            if own_tiers is not None
            else (maxima.tiers if maxima is not None else default_tiers)
        )
        aggregation = Aggregation(s.aggregation) if s.aggregation else Aggregation.SUM
        indicators = tuple(self.lower_indicator(i, child_tiers, path) for i in s.indicators)
        if maxima is None:
            maxima = self.inferred_max(indicators, aggregation, child_tiers)
            if not s.scored and not maxima.entries:  # informational: shown where it applies
                maxima = TierMax.uniform(child_tiers, 0.0)
        return Group(
            id=s.name.text,
            label=s.label,
            maxima=maxima,
            indicators=indicators,
            aggregation=aggregation,
            weight=s.weight,
            scored=s.scored,
            adjustment=s.adjustment,
            description=s.description,
            reference=s.reference,
            span=s.name.span,
            comments=s.comments,
            end_comment=s.end_comment,
            statement_comments=s.statement_comments,
        )

    def lower_category(self, s: ast.SurfaceCategory) -> Category:
        path = s.name.text
        for inp in s.inputs:
            self.lower_input(inp)
        for value in s.values:
            self.lower_value(value)
        aggregation = Aggregation(s.aggregation) if s.aggregation else Aggregation.SUM
        own_tiers = self.tier_names(s.for_tiers, path)
        maxima = self.declared_max(s.max, own_tiers or self.tier_ids, path)
        per_tier = s.max is not None and (bool(s.max.per_tier) or s.max.uniform is None)
        within = maxima.tiers if per_tier and maxima is not None else own_tiers
        groups = tuple(self.lower_group(g, path, within) for g in s.groups)
        if maxima is None:
            maxima = self.inferred_max(groups, aggregation, own_tiers or self.tier_ids)
            if groups and not any(g.scored for g in groups):  # "Thông tin chung": max 0
                shown = {t for g in groups for t in g.maxima.tiers}
                maxima = TierMax.uniform(tuple(t for t in self.tier_ids if t in shown), 0.0)
        for extra in s.levels[1:]:
            self.report("E121", extra.span, path=path, what="levels")
        return Category(
            id=s.name.text,
            label=s.label,
            maxima=maxima,
            groups=groups,
            levels=lower_levels(s.levels[0]) if s.levels else None,
            aggregation=aggregation,
            weight=s.weight,
            description=s.description,
            reference=s.reference,
            span=s.name.span,
            comments=s.comments,
            end_comment=s.end_comment,
            statement_comments=s.statement_comments,
        )


def lower_levels(s: ast.SurfaceLevels) -> LevelTable:
    levels = tuple(
        Level(
            id=level.name.text,
            label=level.label,
            conditions=tuple(
                Condition(
                    subject=Subject(c.subject),
                    op=c.op,
                    threshold=c.threshold,
                    percent=c.percent,
                    group=c.group.text if c.group else None,
                    span=c.span,
                )
                for c in level.conditions
            ),
            span=level.name.span,
            comments=level.comments,
            end_comment=level.end_comment,
        )
        for level in s.levels
    )
    layout = {
        "comments": s.comments,
        "end_comment": s.end_comment,
        "statement_comments": s.statement_comments,
    }
    if s.otherwise is None:
        return LevelTable(levels, span=s.span, **layout)
    name, label = s.otherwise
    return LevelTable(
        levels, unclassified_id=name.text, unclassified_label=label, span=s.span, **layout
    )


def lower_ranking(s: ast.SurfaceRanking) -> Ranking:
    return Ranking(
        measure=s.measure,
        descending=s.descending,
        ties=TiePolicy(s.ties) if s.ties else TiePolicy.COMPETITION,
        tiebreaks=tuple(TieBreak(t.measure, t.descending) for t in s.tiebreaks),
        unclassified=(
            UnclassifiedRanking(s.unclassified) if s.unclassified else UnclassifiedRanking.RANKED
        ),
        span=s.span,
        comments=s.comments,
        end_comment=s.end_comment,
        statement_comments=s.statement_comments,
    )


def _total_notes(total: ast.SurfaceTotal | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The comments of the ``total`` line, kept with the framework's statement comments."""
    if total is None:
        return ()
    notes = (("total", total.comments),) if total.comments else ()
    return notes + ((("total:end", (total.end_comment,)),) if total.end_comment else ())


def default_total(categories: tuple[Category, ...]) -> Expr:
    """``c1 + c2 + …`` as a left fold of refs; 0 when there is no category."""
    if not categories:
        return Num(0.0)
    total: Expr = Ref(categories[0].id)
    for category in categories[1:]:
        total = Binary("+", total, Ref(category.id))
    return total


#: Most decimals a framework may display (points are rounded for display only).
MAX_DECIMALS = 6


def _single(values: tuple[tuple[object, Span], ...], what: str, low: Lowering):
    for _, span in values[1:]:
        low.report("E121", span, what=what)
    return values[0][0] if values else None


def from_surface(s: ast.SurfaceFramework) -> tuple[Framework, list[Diagnostic]]:
    """Lower a parsed file into the framework model; diagnostics for what could not be placed."""
    tiers: list[Tier] = []
    low = Lowering(tier_ids=())
    seen_tiers: dict[str, Span] = {}
    for t in s.tiers:
        if t.name.text in seen_tiers:
            low.diagnostics.append(
                make(
                    "E201",
                    t.name.span,
                    name=t.name.text,
                    related=((seen_tiers[t.name.text], "first"),),
                )
            )
            continue
        seen_tiers[t.name.text] = t.name.span
        tiers.append(
            Tier(
                t.name.text,
                t.label,
                span=t.name.span,
                comments=t.comments,
                end_comment=t.end_comment,
            )
        )
    if not tiers:
        low.report("E208", s.name.span)
    if s.tier_blocks > 1:
        low.report("E121", s.span, what="tiers")
    low.tier_ids = tuple(t.id for t in tiers)
    for inp in s.inputs:
        low.lower_input(inp)
    for value in s.values:
        low.lower_value(value)
    categories = tuple(low.lower_category(c) for c in s.categories)
    meta = Metadata(
        title=s.title,
        year=_single(s.years, "year", low),
        period=_single(s.periods, "period", low),
        version=_single(s.versions, "version", low),
        basis=s.basis,
        issuer=_single(s.issuers, "issuer", low),
        description=_single(s.descriptions, "description", low),
    )
    decimals = _single(s.decimals, "decimals", low)
    if decimals is not None and not 0 <= decimals <= MAX_DECIMALS:
        low.report("E122", s.decimals[0][1], found=decimals)
        decimals = None
    scale_clause = _single(s.scales, "points scale", low)
    scale = low.declared_max(scale_clause, low.tier_ids, "scale") if scale_clause else None
    total = _single(tuple((t, t.span) for t in s.totals), "total", low)
    ranking = _single(tuple((r, r.span) for r in s.rankings), "ranking", low)
    framework = Framework(
        id=s.name.text,
        meta=meta,
        tiers=tuple(tiers),
        inputs=(),
        derived=tuple(low.derived),
        categories=categories,
        total=total.expr if total else default_total(categories),
        total_label=(total.label if total and total.label is not None else "Tổng điểm"),
        ranking=lower_ranking(ranking) if ranking else None,
        decimals=decimals if decimals is not None else 2,
        scale=scale,
        scale_span=s.scales[0][1] if s.scales else s.name.span,
        **lower_aggregates(s, low, categories, lower_ranking, lower_levels),
        span=s.name.span,
        comments=s.comments,
        trailing_comments=s.trailing_comments,
        statement_comments=s.statement_comments + _total_notes(total),
    )
    framework = with_asked_tiers(replace(framework, inputs=tuple(low.inputs)))
    low.diagnostics.extend(reserved_ids(s))
    return framework, low.diagnostics


def reserved_ids(s: ast.SurfaceFramework) -> list[Diagnostic]:
    """Ids spelled like a keyword (the parser accepts them where only an id can stand)."""
    names: list[ast.Name] = [s.name, *(t.name for t in s.tiers)]

    def add_decls(inputs, values):
        names.extend(i.name for i in inputs)
        names.extend(v.name for v in values)

    def add_indicator(ind: ast.SurfaceIndicator):
        names.append(ind.name)
        add_decls(ind.inputs, ind.values)
        for item in ind.items:
            add_indicator(item)

    add_decls(s.inputs, s.values)
    names.extend(aggregate_names(s))
    for c in s.categories:
        names.append(c.name)
        add_decls(c.inputs, c.values)
        for table in c.levels:
            names.extend(level.name for level in table.levels)
        for g in c.groups:
            names.append(g.name)
            add_decls(g.inputs, g.values)
            for ind in g.indicators:
                add_indicator(ind)
    return [make("E203", n.span, name=n.text) for n in names if n.text in RESERVED_WORDS]
