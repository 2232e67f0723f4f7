"""Rules that can give more than the indicator's max or less than 0 (interval analysis)."""

from __future__ import annotations

from cqdt.compiler.bounds import Env, interval
from cqdt.compiler.checks import TOLERANCE, fmt_points, rules
from cqdt.compiler.messages import make
from cqdt.compiler.model import Framework
from cqdt.diagnostics import Diagnostic


def rules_within_max(fw: Framework) -> list[Diagnostic]:
    """E501 a rule can exceed its max, E502 a rule can go below 0 (first failing tier shown)."""
    inputs = {i.id: i for i in fw.inputs}
    derived = {d.id: d.expr for d in fw.derived}
    found = []
    for path, ind, rule in rules(fw):
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
            found.append(make("E501", span, path=path, name=ind.id, high=fmt_points(high),
                              max=fmt_points(max_points), tier=fw.tier(tier).label))
        if below is not None:
            found.append(make("E502", span, path=path, name=ind.id, low=fmt_points(below)))
    return found
