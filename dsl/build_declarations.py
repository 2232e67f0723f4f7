"""Builder methods for declarations: the framework and its metadata, tiers, inputs and values,
categories › groups › indicators › items, level tables, the total and the ranking.

A mixin of :class:`cqdt.dsl.build.SurfaceBuilder`, which gives it the walk, spans
(``self.span``), comments (``self.leading``, ``self.layout``, ``self.notes``) and leaves
(``self._string``, ``self._integer``). Each method takes the rule's first and last token
(``meta``) and its children, already built.
"""

from __future__ import annotations

from decimal import Decimal

from cqdt.dsl import ast
from cqdt.dsl.comments import TRAILING


class DeclarationRules:
    """Grammar rules of declarations and statements → surface AST nodes."""

    # -- framework and metadata

    def start(self, meta, children):
        (framework,) = children
        return framework

    def framework(self, meta, children):
        name, title, *statements = children
        parts: dict[str, list] = {}
        tiers: list[ast.SurfaceTier] = []
        notes: list[tuple[str, tuple[str, ...]]] = []
        for kind, value in statements:
            if kind == "tiers":
                tiers.extend(value[0])
                parts.setdefault("tier_blocks", []).append(value)
            else:
                parts.setdefault(kind, []).append(value)
            if kind in _FRAMEWORK_STATEMENTS:
                if kind == "basis":  # repeated: one key per document, in order
                    kind = f"basis.{len(parts['basis']) - 1}"
                notes += self.notes(kind, value[1])

        def get(kind):
            return tuple(parts.get(kind, ()))

        inputs, values = self._inputs_values(statements)
        comments, end = self.layout(meta)
        trailing = self.unplaced_comments() + self.comments.get(TRAILING, ())
        trailing += (end,) if end is not None else ()
        return ast.SurfaceFramework(
            name=name,
            title=self._string(title),
            years=get("year"),
            periods=get("period"),
            versions=get("version"),
            basis=tuple(b for b, _ in get("basis")),
            issuers=get("issuer"),
            descriptions=get("description"),
            decimals=get("decimals"),
            scales=get("scale"),
            tiers=tuple(tiers),
            tier_blocks=len(get("tier_blocks")),
            inputs=inputs,
            values=values,
            categories=get("category"),
            totals=get("total"),
            rankings=get("ranking"),
            indexes=get("index"),
            growths=get("growth"),
            named_rankings=get("named_ranking"),
            span=self.span(meta),
            comments=comments,
            trailing_comments=trailing,
            statement_comments=tuple(notes),
        )

    @staticmethod
    def _inputs_values(statements) -> tuple[tuple, tuple]:
        inputs = tuple(v for k, v in statements if k == "input")
        values = tuple(v for k, v in statements if k == "value")
        return inputs, values

    def _stmt(kind: str, integer: bool = False):  # noqa: N805 - a method factory
        def method(self, meta, children):
            (token,) = children
            value = self._integer(token) if integer else self._string(token)
            return kind, (value, self.span(meta))

        return method

    year_stmt = _stmt("year", integer=True)
    period_stmt = _stmt("period")
    version_stmt = _stmt("version")
    basis_stmt = _stmt("basis")
    issuer_stmt = _stmt("issuer")
    description_stmt = _stmt("description")
    reference_stmt = _stmt("reference")
    decimals_stmt = _stmt("decimals", integer=True)

    def scale_stmt(self, meta, children):
        (scale,) = (c for c in children if isinstance(c, ast.SurfaceMax))
        return "scale", (scale, self.span(meta))

    def weight_stmt(self, meta, children):
        (value,) = children
        return "weight", (value, self.span(meta))

    def aggregate_stmt(self, meta, children):
        (kind,) = children
        return "aggregate", (kind, self.span(meta))

    def agg_sum(self, meta, children):
        return "sum"

    def agg_mean(self, meta, children):
        return "mean"

    def agg_weighted(self, meta, children):
        return "weighted"

    # -- tiers

    def tiers_block(self, meta, children):
        return "tiers", (tuple(children), self.span(meta))

    def tier_decl(self, meta, children):
        name, label = children
        return ast.SurfaceTier(
            name,
            self._string(label),
            span=self.span(meta),
            comments=self.leading(meta),
            end_comment=self.trailing(meta),
        )

    # -- inputs and values

    def input_decl(self, meta, children):
        name, *rest = children
        label = None
        if rest and isinstance(rest[0], str):
            label = self._string(rest.pop(0))
        (type_name, choices), *options = rest
        fields: dict[str, object] = {}
        comments = self.leading(meta)
        for option, value in options:
            if option == "range":
                fields["minimum"], fields["maximum"] = value
            elif option == "description":  # its comments go above the input's one line
                fields["description"], inner = value
                comments += inner
            else:
                fields[option] = value
        return "input", ast.SurfaceInput(
            name=name,
            label=label,
            type=type_name,
            choices=choices,
            span=self.span(meta),
            comments=comments,
            end_comment=self.trailing(meta),
            **fields,
        )

    def type_number(self, meta, children):
        return "number", ()

    def type_count(self, meta, children):
        return "count", ()

    def type_percent(self, meta, children):
        return "percent", ()

    def type_yesno(self, meta, children):
        return "yesno", ()

    def type_text(self, meta, children):
        return "text", ()

    def type_choice(self, meta, children):
        return "choice", tuple(self._string(t) for t in children)

    def unit_option(self, meta, children):
        (token,) = children
        return "unit", self._string(token)

    def range_option(self, meta, children):
        low, high = children
        return "range", (low, high)

    def at_most_option(self, meta, children):
        (name,) = children
        return "at_most", name

    def missing_option(self, meta, children):
        (policy,) = children
        return "missing", policy

    def missing_zero(self, meta, children):
        return "zero"

    def missing_error(self, meta, children):
        return "error"

    def missing_unclassified(self, meta, children):
        return "unclassified"

    def missing_empty(self, meta, children):
        return "empty"

    def input_body(self, meta, children):
        if not children:
            return "description", (None, ())
        _kind, (description, span) = children[0]
        end = self.end_comment_at(span.line, span.col)
        return "description", (description, self.comments_at(span) + ((end,) if end else ()))

    def value_decl(self, meta, children):
        name, *rest = children
        label = (
            self._string(rest.pop(0))
            if isinstance(rest[0], str) and rest[0].type == "STRING"
            else None
        )
        expr = rest[-1]
        return "value", ast.SurfaceValue(
            name,
            label,
            expr,
            span=self.span(meta),
            comments=self.leading(meta),
            end_comment=self.trailing(meta),
        )

    # -- hierarchy

    def max_uniform(self, meta, children):
        (value,) = children
        return ast.SurfaceMax(uniform=value, span=self.span(meta))

    def max_per_tier(self, meta, children):
        return ast.SurfaceMax(per_tier=tuple(children), span=self.span(meta))

    def tier_max(self, meta, children):
        name, value = children
        return name, value

    def for_clause(self, meta, children):
        return tuple(children)

    def not_scored(self, meta, children):
        return "not_scored"

    def bonus_points(self, meta, children):
        return ("adjustment", "bonus")

    def penalty_points(self, meta, children):
        return ("adjustment", "penalty")

    @staticmethod
    def _adjustment(statements) -> str | None:
        return next((v for k, v in statements if k == "adjustment"), None)

    def _header(self, children):
        """Split ``name "label" [max] [for] [not scored] statements…``."""
        name, label, *rest = children
        max_clause = for_tiers = None
        scored = True
        statements = []
        for part in rest:
            if isinstance(part, ast.SurfaceMax):
                max_clause = part
            elif part == "not_scored":
                scored = False
            elif isinstance(part, tuple) and (not part or isinstance(part[0], ast.Name)):
                for_tiers = part
            else:
                statements.append(part)
        return name, self._string(label), max_clause, for_tiers, scored, statements

    def _common(self, statements) -> dict:
        """Fields shared by categories, groups and indicators (last one wins; repeats reported)."""
        out: dict[str, object] = {}
        for kind in ("description", "reference", "weight", "aggregate"):
            found = [v for k, v in statements if k == kind]
            if len(found) > 1:
                self.report("E121", found[1][1], what=kind)
            if found:
                out[kind] = found[0][0]
        return out

    def _node_fields(self, meta, statements, *, aggregates: bool = True) -> dict:
        """The fields every category, group and indicator node has, read the same way
        (indicators have no ``aggregate``)."""
        common = self._common(statements)
        inputs, values = self._inputs_values(statements)
        extra = {"aggregation": common.get("aggregate")} if aggregates else {}
        return dict(
            **extra,
            description=common.get("description"),
            reference=common.get("reference"),
            weight=common.get("weight"),
            inputs=inputs,
            values=values,
            span=self.span(meta),
            comments=self.leading(meta),
            end_comment=self.trailing(meta),
            statement_comments=self.statement_comments(statements),
        )

    def category(self, meta, children):
        name, label, max_clause, for_tiers, _scored, statements = self._header(children)
        return "category", ast.SurfaceCategory(
            name=name,
            label=label,
            max=max_clause,
            for_tiers=for_tiers,
            groups=tuple(v for k, v in statements if k == "group"),
            levels=tuple(v for k, v in statements if k == "levels"),
            **self._node_fields(meta, statements),
        )

    def group(self, meta, children):
        name, label, max_clause, for_tiers, scored, statements = self._header(children)
        return "group", ast.SurfaceGroup(
            name=name,
            label=label,
            max=max_clause,
            for_tiers=for_tiers,
            scored=scored,
            adjustment=self._adjustment(statements),
            indicators=tuple(v for k, v in statements if k in ("indicator", "item")),
            **self._node_fields(meta, statements),
        )

    def _indicator(self, meta, children, is_item: bool):
        name, label, max_clause, for_tiers, scored, statements = self._header(children)
        return ("item" if is_item else "indicator"), ast.SurfaceIndicator(
            name=name,
            label=label,
            max=max_clause,
            for_tiers=for_tiers,
            scored=scored,
            is_item=is_item,
            adjustment=self._adjustment(statements),
            rules=tuple(v for k, v in statements if k == "points"),
            items=tuple(v for k, v in statements if k == "item"),
            not_applicable=tuple(v for k, v in statements if k == "not_applicable"),
            **self._node_fields(meta, statements, aggregates=False),
        )

    def indicator(self, meta, children):
        return self._indicator(meta, children, is_item=False)

    def item(self, meta, children):
        return self._indicator(meta, children, is_item=True)

    def points_stmt(self, meta, children):
        return "points", (children[-1], self.span(meta))

    def not_applicable_stmt(self, meta, children):
        when, points = (c for c in children if not isinstance(c, str))
        return "not_applicable", ((when, points), self.span(meta))

    # -- levels

    def levels_block(self, meta, children):
        levels = tuple(c for c in children if isinstance(c, ast.SurfaceLevel))
        otherwise = next((c for c in children if isinstance(c, tuple)), None)
        notes = ()
        if otherwise is not None:
            *otherwise, (comments, end) = otherwise
            otherwise = tuple(otherwise)
            notes = _notes("otherwise", comments, end)
        return "levels", ast.SurfaceLevels(
            levels,
            otherwise,
            span=self.span(meta),
            comments=self.leading(meta),
            end_comment=self.trailing(meta),
            statement_comments=notes,
        )

    def level_decl(self, meta, children):
        name, label, *conditions = children
        return ast.SurfaceLevel(
            name,
            self._string(label),
            tuple(conditions),
            span=self.span(meta),
            comments=self.leading(meta),
            end_comment=self.trailing(meta),
        )

    def levels_otherwise(self, meta, children):
        name, label = children
        return name, self._string(label), self.layout(meta)

    def score_condition(self, meta, children):
        op, (threshold, percent) = children
        return ast.SurfaceCondition("score", op, threshold, percent, span=self.span(meta))

    def group_condition(self, meta, children):
        name, op, (threshold, percent) = children
        return ast.SurfaceCondition(
            "group", op, threshold, percent, group=name, span=self.span(meta)
        )

    def each_group_condition(self, meta, children):
        op, (threshold, percent) = children
        return ast.SurfaceCondition("each_group", op, threshold, percent, span=self.span(meta))

    def level_op(self, meta, children):
        (token,) = children
        return ">=" if token.type == "GE" else ">"

    def threshold(self, meta, children):
        value, *percent = children
        if percent:
            return float(Decimal(repr(value)) / 100), True
        return value, False

    # -- total and ranking

    def total_decl(self, meta, children):
        label = self._string(children[0]) if len(children) == 3 else None
        return "total", ast.SurfaceTotal(
            label,
            children[-1],
            span=self.span(meta),
            comments=self.leading(meta),
            end_comment=self.trailing(meta),
        )

    def ranking(self, meta, children):
        comments, end = self.layout(meta)
        (measure, descending, by_layout), *options = children
        fields: dict[str, object] = {"tiebreaks": []}
        notes = _notes("by", *by_layout)
        for kind, value, option_layout in options:
            if kind == "tiebreak":
                key = f"then_by.{len(fields['tiebreaks'])}"
                fields["tiebreaks"].append(value)
            else:
                key = kind
                fields[kind] = value
            notes += _notes(key, *option_layout)
        fields["tiebreaks"] = tuple(fields["tiebreaks"])
        return "ranking", ast.SurfaceRanking(
            measure,
            descending,
            span=self.span(meta),
            comments=comments,
            end_comment=end,
            statement_comments=tuple(notes),
            **fields,
        )

    def rank_by(self, meta, children):
        return children[0], (children[1] if len(children) > 1 else True), self.layout(meta)

    def ties_option(self, meta, children):
        return "ties", children[0], self.layout(meta)

    def tiebreak_option(self, meta, children):
        descending = children[1] if len(children) > 1 else True
        tiebreak = ast.SurfaceTieBreak(children[0], descending, span=self.span(meta))
        return "tiebreak", tiebreak, self.layout(meta)

    def unclassified_option(self, meta, children):
        return "unclassified", children[0], self.layout(meta)

    def descending(self, meta, children):
        return True

    def ascending(self, meta, children):
        return False

    def ties_competition(self, meta, children):
        return "competition"

    def ties_dense(self, meta, children):
        return "dense"

    def unclassified_ranked(self, meta, children):
        return "ranked"

    def unclassified_last(self, meta, children):
        return "last"

    def unclassified_unranked(self, meta, children):
        return "unranked"


def _notes(key: str, comments: tuple[str, ...], end: str | None) -> list:
    """``statement_comments`` entries: leading comments under ``key``, the end-of-line
    comment under ``key:end``."""
    out = [(key, comments)] if comments else []
    return out + ([(f"{key}:end", (end,))] if end is not None else [])


#: Framework statements whose comments are kept by statement name.
_FRAMEWORK_STATEMENTS = frozenset(
    {"year", "period", "version", "basis", "issuer", "description", "decimals", "scale", "tiers"}
)
