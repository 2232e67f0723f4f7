"""Framework model → canonical ``.cqdt`` text: the printer behind ``cqdt fmt``.

One layout: 2-space indent, declarations in model order, comments where the author wrote them
(``comments``: the lines before a node; ``statement_comments``: before or after one of its
statements, such as ``points`` or ``ties``; ``end_comment``: at the end of the node's last
line), maxima always written out (a maximum the parser inferred becomes explicit, so budgets can
be read in the file), the ``total`` line always written. Inputs and derived values are printed
at the top of the framework unless one indicator alone uses them (the model does not keep where
they were declared; the form order is the same). Expressions are printed by
:mod:`cqdt.dsl.printer`. Properties, tested: ``parse(print(m)) == m`` and ``print`` is
idempotent through ``cqdt fmt``.
"""

from __future__ import annotations

from cqdt.compiler.model.contract import derived_reach
from cqdt.compiler.model.nodes import (
    Aggregation,
    Category,
    Condition,
    Framework,
    Group,
    Indicator,
    Input,
    LevelTable,
    Ranking,
    Subject,
    TierMax,
    not_applicable_parts,
)
from cqdt.compiler.model.print_aggregates import print_aggregates
from cqdt.dsl.expr import Expr
from cqdt.dsl.keywords import spelling
from cqdt.dsl.printer import INDENT, LOWEST, ExprPrinter, literal, percent_literal

# -- declarations ------------------------------------------------------------------------------


def print_framework(fw: Framework, keywords: str = "en") -> str:
    """Canonical text of a whole framework; ``keywords="vi"`` writes Vietnamese keywords."""
    return _Printer(fw, keywords).framework()


def declaration_homes(fw: Framework) -> dict[str, str]:
    """Input/derived id → the indicator to print it in; the others go to the top.

    Where a declaration stood is not part of the model, only the order of inputs (the form's
    order) is. An input or derived value used by one indicator only (through its rule, its
    items' rules or derived values) is printed inside it, where a reader looks for it, as long
    as reading the printed file back gives the model's order: the longest tail of such
    declarations whose indicators come in hierarchy order is placed; the rest (shared values
    such as the staff count) stays at the top.
    """
    derived = {d.id: d.expr for d in fw.derived}
    users: dict[str, list[tuple[int, str]]] = {}
    position = 0
    for category in fw.categories:
        for group in category.groups:
            for ind in group.indicators:
                names = set()
                for node in (ind, *ind.items):
                    if node.rule is not None:
                        names |= derived_reach(node.rule, derived).keys()
                for name in names:
                    users.setdefault(name, []).append((position, ind.id))
                position += 1
    homes: dict[str, str] = {}
    for kind in (fw.inputs, fw.derived):
        split = len(kind)
        last = float("inf")
        for k in range(len(kind) - 1, -1, -1):  # the longest tail of single-user declarations
            found = users.get(kind[k].id, [])
            if len(found) != 1 or found[0][0] > last:
                break
            last, split = found[0][0], k
        homes.update((x.id, users[x.id][0][1]) for x in kind[split:])
    return homes


class _Printer:
    def __init__(self, fw: Framework, keywords: str):
        self.fw = fw
        self.kw = keywords
        self.exprs = ExprPrinter(keywords, comments=True)
        self.lines: list[str] = []
        self.depth = 0

    def word(self, terminal: str) -> str:
        return spelling(terminal, self.kw)

    def emit(self, text: str = "") -> None:
        if not text:
            self.lines.append("")
            return
        pad = INDENT * self.depth
        self.lines.extend(pad + line if line else "" for line in text.split("\n"))

    def comments(self, comments: tuple[str, ...]) -> None:
        for comment in comments:
            self.emit("#" + comment)

    def statement(self, node, key: str, text: str) -> None:
        """One statement of ``node``, between the comments written before it and the one
        written at the end of its line."""
        notes = dict(node.statement_comments)
        self.comments(notes.get(key, ()))
        self.emit(text)
        self.end_of_line(notes.get(f"{key}:end", (None,))[0])

    def end_of_line(self, comment: str | None) -> None:
        """A comment at the end of the last line written (where the author had it)."""
        if comment:
            self.lines[-1] += "  #" + comment

    def expr(self, expr: Expr) -> str:
        return self.exprs.show(expr, LOWEST)

    def open(self, header: str) -> None:
        self.emit(header + " {")
        self.depth += 1

    def close(self) -> None:
        self.depth -= 1
        self.emit("}")

    # -- pieces

    def max_clause(self, maxima: TierMax, context: tuple[str, ...], allow_for: bool) -> str:
        tiers = maxima.tiers
        if tiers and maxima.is_uniform():
            value = literal(maxima.entries[0][1])
            if tiers == context:
                return f"{self.word('MAX')} {value}"
            if allow_for:
                return f"{self.word('MAX')} {value} {self.word('FOR')} {', '.join(tiers)}"
        inner = "  ".join(f"{t} {literal(v)}" for t, v in maxima.entries)
        return f"{self.word('MAX')} {{ {inner} }}" if inner else f"{self.word('MAX')} {{ }}"

    def adjustment(self, node) -> str:
        """`` bonus points`` / `` penalty points`` on a header (empty for an ordinary node)."""
        if node.adjustment is None:
            return ""
        return " " + self.word(f"{node.adjustment.upper()}_POINTS")

    def text_stmt(self, node, key: str, terminal: str, value: str | None) -> None:
        if value is not None:
            self.statement(node, key, f'{self.word(terminal)} "{value}"')

    # -- framework

    def framework(self) -> str:
        fw = self.fw
        self.comments(fw.comments)
        self.open(f'{self.word("FRAMEWORK")} {fw.id} "{fw.meta.title}"')
        meta = fw.meta
        header_lines = len(self.lines)
        if meta.year is not None:
            self.statement(fw, "year", f"{self.word('YEAR')} {meta.year}")
        self.text_stmt(fw, "period", "PERIOD", meta.period)
        self.text_stmt(fw, "version", "VERSION", meta.version)
        for n, basis in enumerate(meta.basis):
            self.text_stmt(fw, f"basis.{n}", "BASIS", basis)
        self.text_stmt(fw, "issuer", "ISSUER", meta.issuer)
        self.text_stmt(fw, "description", "DESCRIPTION", meta.description)
        self.statement(fw, "decimals", f"{self.word('DECIMALS')} {fw.decimals}")
        if fw.scale is not None:
            scale = self.max_clause(fw.scale, fw.tier_ids, allow_for=False)
            scale = scale.removeprefix(self.word("MAX"))
            self.statement(fw, "scale", f"{self.word('POINTS_SCALE')}{scale}")
        if len(self.lines) > header_lines:
            self.emit()
        notes = dict(fw.statement_comments)
        self.comments(notes.get("tiers", ()))
        self.open(self.word("TIERS"))
        for tier in fw.tiers:
            self.comments(tier.comments)
            self.emit(f'{tier.id} "{tier.label}"')
            self.end_of_line(tier.end_comment)
        self.close()
        self.end_of_line(notes.get("tiers:end", (None,))[0])
        self.homes = declaration_homes(fw)
        top_inputs = [i for i in fw.inputs if i.id not in self.homes]
        top_values = [d for d in fw.derived if d.id not in self.homes]
        if top_inputs or top_values:
            self.emit()
        for inp in top_inputs:
            self.input(inp)
        for d in top_values:
            self.value(d)
        for category in fw.categories:
            self.emit()
            self.category(category)
        self.emit()  # always written, even when it is the default: readers look for it
        total = f'{self.word("TOTAL")} "{fw.total_label}" = {self.expr(fw.total)}'
        self.statement(fw, "total", total)
        if fw.ranking is not None:
            self.emit()
            self.ranking(fw.ranking)
        print_aggregates(self, fw)
        if fw.trailing_comments:
            self.emit()
            self.comments(fw.trailing_comments)
        self.close()
        return "\n".join(self.lines) + "\n"

    def value(self, d) -> None:
        self.comments(d.comments)
        label = f' "{d.label}"' if d.label is not None else ""
        self.emit(f"{self.word('VALUE')} {d.id}{label} = {self.expr(d.expr)}")
        self.end_of_line(d.end_comment)

    def input(self, inp: Input) -> None:
        self.comments(inp.comments)
        parts = [self.word("INPUT"), inp.id, f'"{inp.label}"', self.input_type(inp)]
        if inp.unit is not None:
            parts += [self.word("UNIT"), f'"{inp.unit}"']
        if inp.minimum is not None and inp.maximum is not None:
            parts += [
                self.word("RANGE"),
                literal(inp.minimum),
                "..",
                literal(inp.maximum),
            ]
        if inp.at_most is not None:
            parts += [self.word("AT_MOST"), inp.at_most]
        policy = {
            "error": "ERROR",
            "zero": "ZERO",
            "unclassified": "UNCLASSIFIED",
            "empty": "EMPTY",
        }[inp.missing.value]
        parts += [self.word("MISSING"), self.word(policy)]  # always: it matters to the units
        if inp.description is not None:
            parts.append(f'{{ {self.word("DESCRIPTION")} "{inp.description}" }}')
        self.emit(" ".join(parts))
        self.end_of_line(inp.end_comment)

    def input_type(self, inp: Input) -> str:
        if inp.type.value == "choice":
            return f"{self.word('CHOICE_TYPE')} " + " | ".join(f'"{c}"' for c in inp.choices)
        return self.word(f"{inp.type.value.upper()}_TYPE")

    def common(self, node) -> None:
        self.text_stmt(node, "description", "DESCRIPTION", node.description)
        self.text_stmt(node, "reference", "REFERENCE", node.reference)
        if node.weight is not None:
            self.statement(node, "weight", f"{self.word('WEIGHT')} {literal(node.weight)}")
        aggregation = getattr(node, "aggregation", Aggregation.SUM)
        if aggregation is not Aggregation.SUM:
            text = f"{self.word('AGGREGATE')} {self.word(aggregation.value.upper())}"
            self.statement(node, "aggregate", text)

    def category(self, c: Category) -> None:
        self.comments(c.comments)
        max_text = self.max_clause(c.maxima, self.fw.tier_ids, allow_for=False)
        self.open(f'{self.word("CATEGORY")} {c.id} "{c.label}" {max_text}')
        self.common(c)
        for i, group in enumerate(c.groups):
            if i or c.description or c.reference or c.weight is not None:
                self.emit()
            self.group(group, self._group_context(c))
        if c.levels is not None:
            self.emit()
            self.levels(c.levels)
        self.close()
        self.end_of_line(c.end_comment)

    def _group_context(self, c: Category) -> tuple[str, ...]:
        """The tiers a group of ``c`` applies to by default once ``c`` is printed: every tier
        after ``max N``, the listed ones after ``max { … }``."""
        every = self.fw.tier_ids
        if c.maxima.is_uniform() and c.maxima.tiers == every:
            return every
        return c.maxima.tiers

    def group(self, g: Group, context: tuple[str, ...] | None = None) -> None:
        self.comments(g.comments)
        context = self.fw.tier_ids if context is None else context
        max_text = self.max_clause(g.maxima, context, allow_for=True)
        scored = "" if g.scored else " " + self.word("NOT_SCORED")
        scored += self.adjustment(g)
        self.open(f'{self.word("GROUP")} {g.id} "{g.label}" {max_text}{scored}')
        before = len(self.lines)
        self.common(g)
        for i, ind in enumerate(g.indicators):
            if i or len(self.lines) > before:
                self.emit()
            self.indicator(ind, g.maxima.tiers, "INDICATOR")
        self.close()
        self.end_of_line(g.end_comment)

    def indicator(self, ind: Indicator, context: tuple[str, ...], keyword: str) -> None:
        self.comments(ind.comments)
        max_text = self.max_clause(ind.maxima, context, allow_for=True)
        scored = "" if ind.scored else " " + self.word("NOT_SCORED")
        scored += self.adjustment(ind)
        self.open(f'{self.word(keyword)} {ind.id} "{ind.label}" {max_text}{scored}')
        self.common(ind)
        for inp in self.fw.inputs:
            if self.homes.get(inp.id) == ind.id:
                self.input(inp)
        for d in self.fw.derived:
            if self.homes.get(d.id) == ind.id:
                self.value(d)
        rule = ind.rule
        parts = not_applicable_parts(ind)
        if parts is not None:
            when, points, rule = parts
            text = (
                f"{self.word('NOT_APPLICABLE')} {self.word('WHEN')} {self.expr(when)} : "
                f"{self.expr(points)}"
            )
            self.statement(ind, "not_applicable", text)
        if rule is not None:
            self.statement(ind, "points", f"{self.word('POINTS')} = {self.expr(rule)}")
        for item in ind.items:
            self.indicator(item, ind.maxima.tiers, "ITEM")
        self.close()
        self.end_of_line(ind.end_comment)

    def levels(self, table: LevelTable) -> None:
        self.comments(table.comments)
        self.open(self.word("LEVELS"))
        for level in table.levels:
            self.comments(level.comments)
            conditions = f" {self.word('AND')} ".join(self.condition(c) for c in level.conditions)
            self.emit(
                f'{self.word("LEVEL")} {level.id} "{level.label}" {self.word("WHEN")} {conditions}'
            )
            self.end_of_line(level.end_comment)
        otherwise = f'{self.word("OTHERWISE")} {table.unclassified_id} "{table.unclassified_label}"'
        self.statement(table, "otherwise", otherwise)
        self.close()
        self.end_of_line(table.end_comment)

    def condition(self, c: Condition) -> str:
        threshold = percent_literal(c.threshold) if c.percent else literal(c.threshold)
        subject = {
            Subject.SCORE: self.word("SCORE"),
            Subject.GROUP: f"{self.word('GROUP')} {c.group}",
            Subject.EACH_GROUP: self.word("EACH_GROUP"),
        }[c.subject]
        return f"{subject} {c.op} {threshold}"

    def ranking(self, r: Ranking, header: str | None = None) -> None:
        def direction(descending: bool) -> str:
            return self.word("DESCENDING" if descending else "ASCENDING")

        self.comments(r.comments)
        self.open(header or self.word("RANKING"))
        self.statement(
            r, "by", f"{self.word('BY')} {self.expr(r.measure)} {direction(r.descending)}"
        )
        self.statement(r, "ties", f"{self.word('TIES')} {self.word(r.ties.value.upper())}")
        for n, t in enumerate(r.tiebreaks):
            text = f"{self.word('THEN_BY')} {self.expr(t.measure)} {direction(t.descending)}"
            self.statement(r, f"then_by.{n}", text)
        unclassified = f"{self.word('UNCLASSIFIED')} {self.word(r.unclassified.value.upper())}"
        self.statement(r, "unclassified", unclassified)
        self.close()
        self.end_of_line(r.end_comment)
