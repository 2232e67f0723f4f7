"""Types of expressions: numbers, yes/no, choices and texts are kept apart.

Kinds: ``number``, ``bool`` (yes/no and conditions), ``choice`` (a choice input), ``text`` (a
text input or a quoted text), ``unknown`` (a name already reported by the name pass: no second
message). Scoring rules, the total and derived values used as numbers must give numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cqdt.compiler.checks import node_paths
from cqdt.compiler.checks.names import kinds
from cqdt.compiler.messages import make, word
from cqdt.compiler.model.nodes import Framework, Input, InputType
from cqdt.compiler.model.types import INPUT_TYPES
from cqdt.diagnostics import NO_SPAN, Diagnostic
from cqdt.dsl.expr import (
    ARITHMETIC_OPS,
    COMPARISON_OPS,
    YES_NO_FUNCTIONS,
    Binary,
    Bool,
    Call,
    Case,
    Expr,
    If,
    IsMissing,
    Ladder,
    MaxPoints,
    Num,
    Ref,
    Str,
    TierFunc,
    Unary,
)


@dataclass
class TypeChecker:
    fw: Framework
    found: list[Diagnostic] = field(default_factory=list)
    derived_kinds: dict[str, str] = field(default_factory=dict)
    path: str = ""
    in_rule: bool = False

    def __post_init__(self):
        self.inputs = {i.id: i for i in self.fw.inputs}
        self.derived = {d.id: d for d in self.fw.derived}
        self.kinds = kinds(self.fw)

    def report(self, code: str, where, **fields) -> None:
        self.found.append(make(code, where, path=self.path, **fields))

    def kind_of_ref(self, ref: Ref) -> str:
        name = ref.id
        if name in self.inputs and self.kinds.get(name) == "input":
            inp = self.inputs[name]
            if inp.type is InputType.TEXT:
                self.report("E306", ref.span, name=name)
                return "unknown"
            return INPUT_TYPES[inp.type].rule_kind
        if name in self.derived and self.kinds.get(name) == "derived":
            if name not in self.derived_kinds:
                self.derived_kinds[name] = "unknown"  # guards cycles (reported elsewhere)
                saved = (self.path, self.in_rule)
                self.path, self.in_rule = name, False
                self.derived_kinds[name] = self.kind(self.derived[name].expr)
                self.path, self.in_rule = saved
            return self.derived_kinds[name]
        if name == "total" or self.kinds.get(name) in (
            "indicator",
            "group",
            "category",
            "index",
            "growth",
        ):
            return "number"
        return "unknown"

    def need(self, expr: Expr, wanted: str, op: str) -> str:
        """Kind of ``expr``, reporting it when it is not ``wanted`` (number or bool).

        ``wanted="operand"``: a number, or a yes/no counted as 1/0 (``+ - * /``)."""
        kind = self.kind(expr)
        if wanted == "operand":
            if kind == "bool":
                return kind
            wanted = "number"
        if kind in ("unknown", wanted):
            return kind
        if wanted == "number" and kind == "bool":
            name = expr.id if isinstance(expr, Ref) else "…"
            self.report("E301", _span(expr), op=op, name=name)
        elif wanted == "bool":
            self.report("E308", _span(expr), kind=word(f"kind.{kind}"), example="x > 0")
        else:
            self.report("E302", _span(expr), left=word(f"kind.{kind}"), right=word("kind.number"))
        return "unknown"

    def kind(self, expr: Expr) -> str:  # noqa: C901 - one branch per node type
        match expr:
            case Num():
                return "number"
            case Str():
                return "text"
            case Bool():
                return "bool"
            case MaxPoints(span=span):
                if not self.in_rule:
                    self.report("E307", span)
                return "number"
            case Ref():
                return self.kind_of_ref(expr)
            case Unary(op="not", operand=operand):
                self.need(operand, "bool", "not")
                return "bool"
            case Unary(operand=operand):
                self.need(operand, "number", "-")
                return "number"
            case Binary(op=op, left=left, right=right) if op in ARITHMETIC_OPS:
                self.need(left, "operand", op)
                self.need(right, "operand", op)
                return "number"
            case Binary(op=op, left=left, right=right) if op in COMPARISON_OPS:
                self.comparison(op, left, right)
                return "bool"
            case Binary(op=op, left=left, right=right):
                self.need(left, "bool", op)
                self.need(right, "bool", op)
                return "bool"
            case Call(func=func, args=args):
                wanted = "bool" if func in YES_NO_FUNCTIONS else "number"
                for arg in args:
                    self.need(arg, wanted, func)
                return "number"
            case TierFunc(func=func, arg=arg):
                self.need(arg, "number", func)
                return "number"
            case IsMissing(operand=operand):
                self.kind(operand)  # any kind may be missing; its own errors are reported
                return "bool"
            case If(cond=cond, then=then, otherwise=otherwise):
                self.need(cond, "bool", "if")
                return _join(self.kind(then), self.kind(otherwise))
            case Ladder(subject=subject, steps=steps, otherwise=otherwise):
                self.need(subject, "number", "ladder")
                result = self.kind(otherwise)
                for step in steps:
                    self.need(step.threshold, "number", step.op)
                    result = _join(result, self.kind(step.value))
                return result
            case Case(subject=subject, branches=branches, otherwise=otherwise):
                self.case_subject(subject, branches)
                result = self.kind(otherwise)
                for branch in branches:
                    result = _join(result, self.kind(branch.value))
                return result
        return "unknown"

    def comparison(self, op: str, left: Expr, right: Expr) -> None:
        lk, rk = self.kind(left), self.kind(right)
        if "unknown" in (lk, rk):
            return
        if lk == rk == "number" or (lk == rk == "bool" and op in ("=", "!=")):
            return
        for subject, other in ((left, right), (right, left)):
            if isinstance(other, Str) and self.choice_input(subject) is not None:
                inp = self.choice_input(subject)
                if op in ("=", "!=") and other.value not in inp.choices:
                    self.report(
                        "E303", other.span, name=inp.id, option=other.value, options=_options(inp)
                    )
                if op in ("=", "!="):
                    return
        self.report("E302", _span(left), left=word(f"kind.{lk}"), right=word(f"kind.{rk}"))

    def choice_input(self, expr: Expr) -> Input | None:
        if isinstance(expr, Ref) and expr.id in self.inputs:
            inp = self.inputs[expr.id]
            return inp if inp.type is InputType.CHOICE else None
        return None

    def case_subject(self, subject: Expr, branches) -> None:
        inp = self.choice_input(subject)
        if inp is None:
            kind = self.kind(subject)
            if kind != "unknown":
                name = subject.id if isinstance(subject, Ref) else "…"
                self.report("E304", _span(subject), name=name, kind=word(f"kind.{kind}"))
            return
        for branch in branches:
            if branch.option not in inp.choices:
                self.report(
                    "E303", branch.span, name=inp.id, option=branch.option, options=_options(inp)
                )


def _options(inp: Input) -> str:
    return ", ".join(f'"{c}"' for c in inp.choices)


def _join(a: str, b: str) -> str:
    return a if b == "unknown" else b if a == "unknown" else a


def _span(expr: Expr):
    return getattr(expr, "span", None)


def expression_types(fw: Framework) -> list[Diagnostic]:
    """E301–E311: type errors in rules, derived values, the total and the ranking."""
    checker = TypeChecker(fw)
    paths = node_paths(fw)
    for d in fw.derived:
        checker.path, checker.in_rule = d.id, False
        checker.kind_of_ref(Ref(d.id, span=d.span))
    for _, _, ind in fw.indicators():
        if ind.rule is None:
            continue
        checker.path, checker.in_rule = paths.get(ind.id, ind.id), True
        kind = checker.kind(ind.rule)
        if kind not in ("number", "unknown"):
            checker.report(
                "E311",
                _span(ind.rule),
                what=word("what.rule"),
                kind=word(f"kind.{kind}"),
                example="max",
            )
    # The default total (the sum of the categories, no source text) is only checked when the
    # file writes one: if a category id clashes with an input, E201 already says so, and a type
    # error on the generated sum would point nowhere in the file (found by tests/fuzz).
    if _span(fw.total) not in (None, NO_SPAN):
        checker.path, checker.in_rule = "total", False
        kind = checker.kind(fw.total)
        if kind not in ("number", "unknown"):
            checker.report(
                "E311",
                _span(fw.total),
                what=word("what.measure"),
                kind=word(f"kind.{kind}"),
                example="1",
            )
    for inp in fw.inputs:
        target = checker.inputs.get(inp.at_most) if inp.at_most else None
        numeric = (InputType.NUMBER, InputType.COUNT, InputType.PERCENT)
        if target is not None and (target.type not in numeric or inp.type not in numeric):
            bad = target.id if target.type not in numeric else inp.id
            checker.found.append(make("E309", inp.span, path=inp.id, name=bad))
    return checker.found
