"""The check phase: every pass in :data:`RULES`, run in order, all diagnostics collected.

Passes are independent plain functions (sqlglot-optimizer style); a pass that needs names to be
resolved skips what the name pass already reported, so one mistake gives one message.

>>> [rule.__name__ for rule in RULES][:2]
['duplicate_ids', 'unknown_names']
"""

from __future__ import annotations

from cqdt.compiler.checks.bounds_check import rules_within_max
from cqdt.compiler.checks.budgets import point_budgets
from cqdt.compiler.checks.cycles import derived_cycles
from cqdt.compiler.checks.items import indicator_items
from cqdt.compiler.checks.levels import level_tables
from cqdt.compiler.checks.lint import constant_rules, unused_inputs
from cqdt.compiler.checks.names import duplicate_ids, unknown_names
from cqdt.compiler.checks.ranking import ranking_measures
from cqdt.compiler.checks.types import expression_types
from cqdt.compiler.model import Framework
from cqdt.diagnostics import Diagnostic

RULES = (
    duplicate_ids,
    unknown_names,
    derived_cycles,
    expression_types,
    indicator_items,
    point_budgets,
    rules_within_max,
    level_tables,
    ranking_measures,
    constant_rules,
    unused_inputs,
)


def check(fw: Framework) -> list[Diagnostic]:
    """Run every pass over ``fw``; diagnostics sorted by position."""
    found: list[Diagnostic] = []
    for rule in RULES:
        found.extend(rule(fw))
    return sorted(found, key=Diagnostic.sort_key)
