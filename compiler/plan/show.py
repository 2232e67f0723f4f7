"""``cqdt compile``: the scoring plan as text, stage by stage, with the Polars expressions.

Engineers read it to see what a framework turns into: which values are computed in which
stage, what each depends on, where it applies, and the exact Polars expression that computes
it (the expression is the one :func:`cqdt.compiler.plan.to_polars.to_polars` runs).

Example output (shortened)::

    stage 0
      staff            input (count, missing error)                   all tiers
        col("staff").strict_cast(Float64)
    stage 1
      pc_ratio         indicator ← staff_with_pc, staff               province, district
        …
"""

from __future__ import annotations

from cqdt.compiler.plan.build import (
    AggregateStep,
    ComputeStep,
    InputStep,
    LevelStep,
    Plan,
    RankStep,
    Step,
)
from cqdt.compiler.plan.to_polars import compile_step, context
from cqdt.i18n import text

__all__ = ["describe_step", "render_plan"]


def describe_step(step: Step, plan: Plan) -> str:
    """One line saying what a step is, what it reads and where it applies."""
    what = step.kind.value
    match step:
        case InputStep():
            what += f" ({step.input_type.value}, missing {step.policy.value})"
        case AggregateStep() if step.children:
            what += f" = {step.method.value}({', '.join(step.children)})"
        case LevelStep():
            what += f" ({text('số mức', 'levels')}: {len(step.rules)})"
        case RankStep():
            what += f" ({step.ties.value}, unclassified {step.unclassified.value})"
    if step.deps and not isinstance(step, AggregateStep):
        what += " ← " + ", ".join(step.deps)
    if set(step.tiers) >= set(plan.tier_ids):
        where = text("mọi khối", "all tiers")
    else:
        where = ", ".join(step.tiers) or text("không khối nào", "no tier")
    return f"{step.column:<24} {what}  [{where}]"


def render_plan(plan: Plan, *, expressions: bool = True) -> str:
    """The plan as readable text; with ``expressions`` each step's Polars expression too."""
    ctx = context(plan)
    lines = [f"{text('Kế hoạch tính điểm', 'Scoring plan')}: {plan.framework.id}"]
    for n, stage in enumerate(plan.stages):
        lines.append(f"{text('giai đoạn', 'stage')} {n}")
        for step in stage:
            lines.append("  " + describe_step(step, plan))
            if isinstance(step, ComputeStep) and step.expr is not None:
                lines.append("      " + text("quy tắc", "rule") + ": " + rule_text(step.expr))
            if expressions:
                lines.append("      " + str(compile_step(step, plan, ctx)))
    lines.append(text("Cột kết quả", "Result columns") + ": " + ", ".join(plan.columns))
    return "\n".join(lines) + "\n"


def rule_text(expr) -> str:
    """A rule in the language's own syntax (the printer of ``cqdt fmt`` when available)."""
    try:
        from cqdt.dsl.printer import print_expr
    except ImportError:  # the printer is optional for the backend
        return repr(expr)
    return print_expr(expr)
