"""One message for a unit that answered nothing, instead of one per question.

A form sent back untouched (or a unit's row left blank) would otherwise give a "not answered"
(D118) line for every required question — 19 lines that bury the one fact the office needs:
this unit's form is empty (D141). This is a pass over the diagnostics of a file, run after
validation: it changes what is said, never what is accepted (the unit is refused either way).
"""

from __future__ import annotations

import polars as pl

from cqdt.compiler.model.contract import asked_inputs
from cqdt.compiler.model.nodes import Framework
from cqdt.diagnostics import CellRef, Diagnostic
from cqdt.runtime.intake.messages import data_diagnostic

__all__ = ["merge_empty_units"]


def merge_empty_units(fw: Framework, tier_rows, problems: list[Diagnostic]) -> list[Diagnostic]:
    """``problems`` with the D118 of every entirely empty unit row replaced by one D141 at its
    code cell. A row is empty when every input its tier is asked is blank (no value, and no
    text a reader could not classify)."""
    replaced: dict[tuple[str, str], Diagnostic] = {}
    for rows in tier_rows:
        for row, code, name, cells in _empty_rows(fw, rows):
            unanswered = {
                (d.where.sheet, d.where.cell)
                for d in problems
                if d.code == "D118" and isinstance(d.where, CellRef)
            } & cells
            if not unanswered:
                continue
            merged = data_diagnostic(
                "D141", rows.cell("code", row), code=code, name=name or code, count=len(unanswered)
            )
            for key in unanswered:
                replaced[key] = merged
    if not replaced:
        return problems
    out: list[Diagnostic] = []
    added: set[int] = set()
    for d in problems:
        key = (d.where.sheet, d.where.cell) if isinstance(d.where, CellRef) else None
        if d.code == "D118" and key in replaced:
            merged = replaced[key]
            if id(merged) not in added:
                added.add(id(merged))
                out.append(merged)
            continue
        out.append(d)
    return out


def _empty_rows(fw: Framework, rows):
    """``(row, code, name, cells)`` of every unit row of ``rows`` with no answer at all."""
    asked = [i.id for i in asked_inputs(fw, rows.tier) if i.id in rows.frame.columns]
    if not asked or "code" not in rows.frame.columns:
        return
    with_text = {row for cells in rows.text_cells.values() for row in cells}
    frame = rows.frame if "name" in rows.frame.columns else rows.frame.with_columns(name=None)
    frame = frame.with_row_index("row.index").filter(
        pl.col("code").is_not_null() & pl.all_horizontal(pl.col(asked).is_null())
    )
    for row, code, name in frame.select("row.index", "code", "name").iter_rows():
        if row in with_text:
            continue
        cells = set()
        for input_id in asked:
            where = rows.cell(input_id, row)
            cells.add((where.sheet, where.cell))
        yield row, code, name, cells
