"""The check phase: every pass in :data:`RULES`, run in order, all diagnostics collected.

Passes are independent plain functions (sqlglot-optimizer style); a pass that needs names to be
resolved skips what the name pass already reported, so one mistake gives one message.

>>> [rule.__name__ for rule in RULES][:2]
['duplicate_ids', 'unknown_names']
"""

from __future__ import annotations

from cqdt.compiler.checks.aggregates import index_declarations
from cqdt.compiler.checks.bounds_check import rules_within_max
from cqdt.compiler.checks.budgets import point_budgets
from cqdt.compiler.checks.calls import function_arguments
from cqdt.compiler.checks.cycles import derived_cycles
from cqdt.compiler.checks.domains import transform_domains
from cqdt.compiler.checks.items import indicator_items
from cqdt.compiler.checks.levels import level_tables
from cqdt.compiler.checks.lint import constant_rules, unused_inputs
from cqdt.compiler.checks.names import duplicate_ids, unknown_names
from cqdt.compiler.checks.ranking import ranking_measures
from cqdt.compiler.checks.scale import declared_scale
from cqdt.compiler.checks.types import expression_types
from cqdt.compiler.checks.values import case_branches, input_values, weights
from cqdt.compiler.model.nodes import Framework
from cqdt.diagnostics import Diagnostic

RULES = (
    duplicate_ids,
    unknown_names,
    derived_cycles,
    expression_types,
    function_arguments,
    input_values,
    case_branches,
    indicator_items,
    weights,
    point_budgets,
    declared_scale,
    rules_within_max,
    transform_domains,
    level_tables,
    ranking_measures,
    index_declarations,
    constant_rules,
    unused_inputs,
)


#: Follow-on diagnostic → the diagnostic that explains it, at the same path: the second is not
#: shown when the first is (an item inside an item is dropped, so its parent has no rule; an
#: indicator without a max gets 0 as a placeholder, which its rule would then exceed).
CASCADES = {"E406": "E408", "E501": "E409"}
#: Follow-on warning → errors anywhere in the file that may explain it: an input looks unused
#: when the rule meant to use it misspelt its name (E202) or was dropped with its item (E408).
FILE_CASCADES = {"W802": frozenset({"E202", "E408"})}


def without_cascades(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """``diagnostics`` less the follow-ons of another one (see :data:`CASCADES`)."""
    codes = {d.code for d in diagnostics}
    causes = {(d.code, d.path) for d in diagnostics if d.code in CASCADES.values()}
    return [
        d
        for d in diagnostics
        if (d.code not in CASCADES or (CASCADES[d.code], d.path) not in causes)
        and not (FILE_CASCADES.get(d.code, frozenset()) & codes)
    ]


def check(fw: Framework) -> list[Diagnostic]:
    """Run every pass over ``fw``; diagnostics sorted by position."""
    found: list[Diagnostic] = []
    for rule in RULES:
        found.extend(rule(fw))
    return sorted(found, key=Diagnostic.sort_key)
