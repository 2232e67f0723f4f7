"""Rules that can give more than the indicator's max or less than 0 (interval analysis)."""

from __future__ import annotations

from cqdt.compiler.checks import TOLERANCE, fmt_points, rules
from cqdt.compiler.checks.bounds import Env, interval
from cqdt.compiler.messages import make
from cqdt.compiler.model.contract import derived_reach
from cqdt.compiler.model.nodes import Framework, Input
from cqdt.diagnostics import Diagnostic
from cqdt.dsl.expr import Expr


def _resolved(rule: Expr, inputs: dict[str, Input], derived: dict[str, Expr]) -> bool:
    """Every name the rule uses (through derived values) is an input or a derived value, and
    no input it reads has an empty range (E312 says so; its interval would be empty)."""
    for name in derived_reach(rule, derived):
        if name in derived:
            continue
        if name not in inputs or _empty_range(inputs[name]):
            return False
    return True


def _empty_range(inp: Input) -> bool:
    return inp.minimum is not None and inp.maximum is not None and inp.minimum > inp.maximum


def _uncounted(fw: Framework) -> set[int]:
    """``id`` of every indicator or item whose points are never added up: it, its indicator
    or its group is ``not scored``."""
    out: set[int] = set()
    for _, group, ind in fw.indicators():
        if not (group.scored and ind.scored):
            out.add(id(ind))
        if id(ind) in out or not group.scored:
            out.update(id(item) for item in ind.items)
    return out


def rules_within_max(fw: Framework) -> list[Diagnostic]:
    """E501 a rule can exceed its max, E502 a rule can go below 0 (first failing tier shown).

    A max of 0 is checked too when the points are counted (``points = late * 100`` under
    ``max 0`` added 408 points to a category of max 10); only a node that is ``not scored``
    has nothing to exceed.
    """
    inputs = {i.id: i for i in fw.inputs}
    derived = {d.id: d.expr for d in fw.derived}
    uncounted = _uncounted(fw)
    envs: dict[float, Env] = {}  # one per max: what is worked out is shared between rules
    found = []
    for path, ind, rule in rules(fw):
        if not ind.maxima.entries:
            continue  # no max at all: E409
        if not any(v for _, v in ind.maxima.entries) and id(ind) in uncounted:
            continue  # an informational zero: shown, never counted
        if not _resolved(rule, inputs, derived):
            continue  # an unknown or misplaced name is reported by the name pass, once
        above = below = None
        for tier, max_points in ind.maxima.entries:
            env = envs.setdefault(max_points, Env(inputs, derived, max_points))
            bounds = interval(rule, env)
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
