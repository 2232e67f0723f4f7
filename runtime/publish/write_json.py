"""results.json: every unit's scores, levels and rank, with where they came from.

The document is for tools (dashboards, next year's comparison, archives): plain JSON, keys in a
fixed order (framework order for nodes), floats exact but without binary noise (see
:func:`_number`; ``decimals`` is for the annex), non-finite numbers written as ``null``. Its schema is documented in ``docs/results-json.md``; ``schema``
names its version so readers can tell.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

import polars as pl

from cqdt.compiler.model.contract import asks
from cqdt.compiler.model.nodes import Framework, is_informational
from cqdt.compiler.plan.columns import (
    RANK,
    TOTAL,
    classified_column,
    level_column,
    max_column,
    missing_column,
    not_applicable_column,
)
from cqdt.i18n import language
from cqdt.runtime.atomic import write_bytes_atomic
from cqdt.runtime.publish.aggregate_results import aggregate_entries
from cqdt.runtime.publish.provenance import Provenance

__all__ = ["SCHEMA", "results_document", "results_json_bytes", "write_results_json"]

SCHEMA = "cqdt-results/1"


#: A double's decimal precision (DBL_DIG): every decimal of 15 digits survives the round trip.
PRECISION = 15
#: A value that rounds, at :data:`PRECISION` digits, to a decimal this short is that decimal
#: plus the binary noise of arithmetic (39.87 computed as 39.870000000000005).
SHORT_DECIMAL = 12


def _number(value: Any) -> float | None:
    """A finite number for JSON, without binary noise; None for NaN and infinities.

    ``39.870000000000005`` is written ``39.87`` and ``0.33759999999999996`` (33.76 %) is
    ``0.3376``: rounded at 15 significant digits they are decimals of at most 12 digits. Any
    other value (``2/3``, ``10.666666666666666``) is written exactly, in the shortest form that
    reads back as the same double. The change is below one unit of the 15th digit, and ranks,
    levels and totals were computed on the unrounded values before.
    """
    if value is None:
        return None
    value = float(value)
    if not math.isfinite(value):
        return None
    short = f"{value:.{PRECISION}g}"
    mantissa = short.lstrip("-").split("e")[0].replace(".", "").strip("0")
    return float(short) if len(mantissa) <= SHORT_DECIMAL else value


def _plain(value: Any) -> Any:
    """An input value for JSON: floats checked, everything else as is."""
    if isinstance(value, float):
        return _number(value)
    return value


def _submission(status: str) -> dict[str, str | None]:
    """``{"status": "not_submitted", "reason": "chưa gửi phiếu"}`` (reason ``None`` when the
    form was received)."""
    from cqdt.runtime.intake.collect import not_submitted_reason

    reason = not_submitted_reason() if status == "not_submitted" else None
    return {"status": status, "reason": reason}


def results_document(fw: Framework, results: pl.DataFrame, provenance: Provenance) -> dict:
    """The results document as a dict (see ``docs/results-json.md``)."""
    columns = set(results.columns)
    level_labels = _level_labels(fw)
    # "không áp dụng": listed per unit only by frameworks that have the clause
    not_applicable = [
        ind.id for _, _, ind in fw.indicators() if not_applicable_column(ind.id) in columns
    ]
    units = [
        _unit_entry(fw, row, columns, level_labels, not_applicable)
        for row in results.iter_rows(named=True)
    ]
    return {
        "schema": SCHEMA,
        "framework": {
            "id": fw.id,
            "title": fw.meta.title,
            "year": fw.meta.year,
            "version": fw.meta.version,
            "path": provenance.framework_path,
            "sha256": provenance.framework_sha256,
        },
        "inputs": [{"path": path, "sha256": sha} for path, sha in provenance.inputs],
        "tool": {"name": "cqdt", "version": provenance.tool_version},
        # The language of the annexes and results.xlsx published with it (``--verify``).
        "language": language(),
        "decimals": fw.decimals,
        "tiers": [
            {"id": t.id, "label": t.label, "units": sum(1 for u in units if u["tier"] == t.id)}
            for t in fw.tiers
        ],
        "units": units,
    }


def _level_labels(fw: Framework) -> dict[str, dict[str, str]]:
    """Category id → level id → its label (the unclassified outcome included)."""
    out: dict[str, dict[str, str]] = {}
    for category in fw.categories:
        if category.levels is not None:
            labels = {lv.id: lv.label for lv in category.levels.levels}
            labels[category.levels.unclassified_id] = category.levels.unclassified_label
            out[category.id] = labels
    return out


def _unit_entry(
    fw: Framework,
    row: dict,
    columns: set[str],
    level_labels: dict[str, dict[str, str]],
    not_applicable: list[str],
) -> dict[str, Any]:
    """One unit of ``units``: identity, total, rank, every node's points, its answers."""
    tier = row["tier"]
    answers = {
        inp.id: _plain(row.get(inp.id))
        for inp in fw.inputs
        if asks(inp, tier) and inp.id in columns
    }
    missing = [
        inp.id
        for inp in fw.inputs
        if missing_column(inp.id) in columns and row.get(missing_column(inp.id))
    ]
    categories, groups, indicators = _node_scores(fw, row, level_labels)
    rank = row.get(RANK)
    unit = {
        "tier": tier,
        "code": row["code"],
        "name": row.get("name"),
        "total": _number(row.get(TOTAL)),
        "rank": None if rank is None else int(rank),
        "categories": categories,
        "groups": groups,
        "indicators": indicators,
        "inputs": answers,
        "missing_inputs": missing,
        **aggregate_entries(fw, row, _number),
    }
    if "submission" in columns:  # a run over a folder of returned forms
        unit["submission"] = _submission(row["submission"])
    if not_applicable:
        unit["not_applicable"] = [
            i for i in not_applicable if row.get(not_applicable_column(i)) is True
        ]
    return unit


def _node_scores(fw: Framework, row: dict, level_labels: dict[str, dict[str, str]]):
    """The unit's categories (with levels), groups and indicators/items that apply to its tier."""
    tier = row["tier"]
    categories: dict[str, Any] = {}
    groups: dict[str, float | None] = {}
    indicators: dict[str, float | None] = {}
    for category in fw.categories:
        if category.max_for(tier) is None:
            continue
        level = row.get(level_column(category.id))
        classified = row.get(classified_column(category.id))
        maximum = row.get(max_column(category.id), category.max_for(tier))
        categories[category.id] = {
            "label": category.label,
            "score": _number(row.get(category.id)),
            "max": _number(maximum),
            "level": level,
            "level_label": level_labels.get(category.id, {}).get(level) if level else None,
            "classified": None if classified is None else bool(classified),
        }
        if is_informational(category):  # "Thông tin chung": shown, never counted
            categories[category.id]["scored"] = False
        for group in category.groups:
            if group.applies_to(tier):
                groups[group.id] = _number(row.get(group.id))
            for indicator in group.indicators:
                if indicator.applies_to(tier):
                    indicators[indicator.id] = _number(row.get(indicator.id))
                for item in indicator.items:
                    if item.applies_to(tier):
                        indicators[item.id] = _number(row.get(item.id))
    return categories, groups, indicators


def results_json_bytes(fw: Framework, results: pl.DataFrame, provenance: Provenance) -> bytes:
    """The document serialised: UTF-8, two-space indent, trailing newline."""
    doc = results_document(fw, results, provenance)
    return (json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode()


def write_results_json(
    fw: Framework, results: pl.DataFrame, provenance: Provenance, path: str | os.PathLike[str]
) -> None:
    """Write results.json atomically."""
    write_bytes_atomic(path, results_json_bytes(fw, results, provenance))
