"""Rules that can give more than the indicator's max or less than 0 (interval analysis)."""

from __future__ import annotations

from cqdt.compiler.checks import TOLERANCE, fmt_points, rules
from cqdt.compiler.checks.bounds import Env, interval
from cqdt.compiler.messages import make
from cqdt.compiler.model.contract import derived_reach
from cqdt.compiler.model.nodes import Framework
from cqdt.diagnostics import Diagnostic
from cqdt.dsl.expr import Expr


def _resolved(rule: Expr, inputs: dict, derived: dict[str, Expr]) -> bool:
    """Every name the rule uses (through derived values) is an input or a derived value."""
    return all(name in inputs or name in derived for name in derived_reach(rule, derived))


def rules_within_max(fw: Framework) -> list[Diagnostic]:
    """E501 a rule can exceed its max, E502 a rule can go below 0 (first failing tier shown)."""
    inputs = {i.id: i for i in fw.inputs}
    derived = {d.id: d.expr for d in fw.derived}
    found = []
    for path, ind, rule in rules(fw):
        if not any(v for _, v in ind.maxima.entries):
            continue  # no max at all (E409) or an informational zero: nothing to exceed
        if not _resolved(rule, inputs, derived):
            continue  # an unknown or misplaced name is reported by the name pass, once
        above = below = None
        for tier, max_points in ind.maxima.entries:
            bounds = interval(rule, Env(inputs, derived, max_points))
            if bounds is None:
                continue
            if above is None and bounds.high > max_points + TOLERANCE:
                above = (tier, bounds.high, max_points)
            if below is None and bounds.low < -TOLERANCE:
                below = bounds.low
        span = getattr(rule, "span", ind.span)
        if above is not None:
            tier, high, max_points = above
            found.append(
                make(
                    "E501",
                    span,
                    path=path,
                    name=ind.id,
                    high=fmt_points(high),
                    max=fmt_points(max_points),
                    tier=fw.tier(tier).label,
                )
            )
        if below is not None:
            found.append(make("E502", span, path=path, name=ind.id, low=fmt_points(below)))
    return found
