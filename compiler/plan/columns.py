"""The names of the results frame's columns, in one place.

The plan names its columns and every reader of a results frame (explanations, results.json,
results.xlsx, the annex, the impact of a diff) finds them again by the same names: building the
name here, once, keeps ``"<category>.level"`` from being spelt in five modules that could drift.

>>> level_column("readiness"), category_of_level("readiness.level")
('readiness.level', 'readiness')
"""

from __future__ import annotations

__all__ = [
    "IDENTITY",
    "RANK",
    "TOTAL",
    "category_of_level",
    "classified_column",
    "input_of_missing",
    "level_column",
    "max_column",
    "missing_column",
    "not_applicable_column",
]

#: The columns naming a unit, first in every inputs and results frame.
IDENTITY = ("tier", "code", "name")
#: The framework's total score.
TOTAL = "total"
#: The rank within the unit's tier.
RANK = "rank"

_MISSING = ".missing"
_MAX = ".max"
_LEVEL = ".level"
_CLASSIFIED = ".classified"


def missing_column(input_id: str) -> str:
    """The column telling whether a unit left ``input_id`` empty (``staff.missing``)."""
    return input_id + _MISSING


def not_applicable_column(indicator_id: str) -> str:
    """Whether the indicator's ``not applicable`` condition held for the unit
    (``on_time.not_applicable``)."""
    return indicator_id + ".not_applicable"


def input_of_missing(column: str) -> str:
    """The input a ``<input>.missing`` column is about."""
    return column.removesuffix(_MISSING)


def max_column(category_id: str) -> str:
    """The category's maximum for the unit's tier (``readiness.max``)."""
    return category_id + _MAX


def level_column(category_id: str) -> str:
    """The level the unit reached in the category (``readiness.level``)."""
    return category_id + _LEVEL


def category_of_level(column: str) -> str:
    """The category a ``<category>.level`` column is about."""
    return column.removesuffix(_LEVEL)


def classified_column(category_id: str) -> str:
    """Whether the unit was classified in the category (``readiness.classified``)."""
    return category_id + _CLASSIFIED
