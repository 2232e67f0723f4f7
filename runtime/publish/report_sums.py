"""The sums check: a signed annex never shows categories that do not add up to the total.

When the published total is the plain sum of the categories, each unit's displayed category
scores must add up to its displayed total under the declared rounding (87,61 + 10,00 = 97,61).
If rounding makes them disagree the build stops with a diagnostic naming the unit and the
numbers, because a signed annex cannot be corrected afterwards.
"""

from __future__ import annotations

from decimal import Decimal

from cqdt.compiler.model.nodes import Category, Framework
from cqdt.diagnostics import Diagnostic, diagnostic
from cqdt.dsl.expr import Binary, Expr, Ref
from cqdt.number_format import format_decimal, round_display
from cqdt.runtime.publish.report_messages import CATALOGUE  # noqa: F401 - registers the codes
from cqdt.runtime.publish.report_model import TierSection

__all__ = ["check_sums", "summed_categories"]


def summed_categories(fw: Framework) -> list[Category] | None:
    """The categories whose plain sum is the published total, or ``None`` when it is not one."""
    terms: list[Expr] = []

    def flatten(expr: Expr) -> bool:
        if isinstance(expr, Binary) and expr.op == "+":
            return flatten(expr.left) and flatten(expr.right)
        if isinstance(expr, Ref):
            terms.append(expr)
            return True
        return False

    if not flatten(fw.total):
        return None
    by_id = {c.id: c for c in fw.categories}
    if not all(isinstance(t, Ref) and t.id in by_id for t in terms):
        return None
    return [by_id[t.id] for t in terms if isinstance(t, Ref)]


def check_sums(fw: Framework, section: TierSection, lang: str) -> list[Diagnostic]:
    """Each unit's displayed categories must add up to its displayed total."""
    parts = summed_categories(fw)
    if parts is None:
        return []
    ids = [c.id for c in parts]
    problems = []
    for row in section.rows:
        if row.total is None:
            continue
        cells = {cell.category_id: cell for cell in row.cells}
        shown = [cells[i] for i in ids if i in cells and cells[i].score is not None]
        if len(shown) != len(ids):
            continue
        rounded = [round_display(cell.score, fw.decimals) for cell in shown]
        total = round_display(row.total, fw.decimals)
        added = sum(rounded, Decimal(0))
        if added != total:
            problems.append(
                diagnostic(
                    "annex-sum",
                    lang=lang,
                    unit=row.name,
                    code=row.code,
                    total=format_decimal(total, lang),
                    parts=" + ".join(format_decimal(r, lang) for r in rounded),
                    sum=format_decimal(added, lang),
                    decimals=fw.decimals,
                    path=f"{section.label} › {row.code}",
                    value=format_decimal(total, lang),
                    expected=format_decimal(added, lang),
                )
            )
    return problems
