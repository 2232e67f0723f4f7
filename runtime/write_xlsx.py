"""results.xlsx: the ranking as staff read it in Excel, plus a trace and the provenance.

One sheet per tier (framework order), units ordered by rank; two header rows (labels, then ids
so a tool can match columns the way the reader does); every indicator's points, group and
category scores, levels, total and rank; a fill colour per level; frozen panes. Numbers are
written unrounded with a display format of ``fw.decimals`` decimals: Excel shows what the annex
prints, and anyone who recomputes gets the exact value. A long ``Trace`` sheet (unit, node,
value) and a ``Provenance`` sheet make the file self-describing.

Output is byte-identical for identical input (:func:`workbook_bytes` fixes the timestamps that
openpyxl and zipfile would otherwise take from the clock). Text that starts like a formula
(``=``, ``+``, ``-``, ``@``) is always written as text.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from typing import TYPE_CHECKING, Any

import polars as pl

from cqdt.compiler.model import Framework
from cqdt.i18n import text
from cqdt.runtime.atomic import write_bytes_atomic
from cqdt.runtime.provenance import Provenance

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook

__all__ = ["results_workbook", "set_text", "workbook_bytes", "write_results_xlsx"]

#: Fixed time stamp of generated workbooks (zip entries and document properties).
FIXED_TIME = (2000, 1, 1, 0, 0, 0)
_FIXED_ISO = "2000-01-01T00:00:00Z"

#: Fill colours of levels, best first (green → red); unclassified is grey.
LEVEL_FILLS = ("C6EFCE", "DDEBF7", "FFF2CC", "FCE4D6", "F8CBAD", "E4DFEC")
UNCLASSIFIED_FILL = "D9D9D9"


def _formula_like(value: str) -> bool:
    return value[:1] in ("=", "+", "-", "@")


def set_text(cell: Any, value: str | None) -> None:
    """Write ``value`` as a plain string cell, never a formula."""
    cell.value = value
    if value is not None and _formula_like(value):
        cell.data_type = "s"


def workbook_bytes(wb: Workbook) -> bytes:
    """Serialise ``wb`` deterministically: fixed document time stamps and zip entry times."""
    import datetime

    fixed = datetime.datetime(*FIXED_TIME)
    wb.properties.creator = "cqdt"
    wb.properties.lastModifiedBy = "cqdt"
    wb.properties.created = fixed
    wb.properties.modified = fixed
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    lambda m: m.group(1) + _FIXED_ISO.encode() + m.group(3),
                    data,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, data)
    return out.getvalue()


def write_results_xlsx(
    fw: Framework,
    results: pl.DataFrame,
    provenance: Provenance,
    path: str | os.PathLike[str],
) -> None:
    """Write results.xlsx atomically (see the module docstring)."""
    write_bytes_atomic(path, workbook_bytes(results_workbook(fw, results, provenance)))


# -- the workbook ---------------------------------------------------------------------------


def _columns(fw: Framework, tier: str, results: pl.DataFrame) -> list[tuple[str, str, str]]:
    """(column id, label, kind) of a tier's sheet; kind: text, points, level, rank, input."""
    cols: list[tuple[str, str, str]] = [
        ("code", text("Mã đơn vị", "Unit code"), "text"),
        ("name", text("Tên đơn vị", "Unit"), "text"),
    ]
    for category in fw.categories:
        if category.max_for(tier) is None:
            continue
        for group in category.groups:
            if not group.applies_to(tier):
                continue
            for indicator in group.indicators:
                if indicator.applies_to(tier):
                    cols.append((indicator.id, indicator.label, "points"))
                for item in indicator.items:
                    if item.applies_to(tier):
                        cols.append((item.id, item.label, "points"))
            cols.append((group.id, group.label, "points"))
        cols.append((category.id, category.label, "points"))
        if category.levels is not None:
            cols.append(
                (f"{category.id}.level", f"{category.label} — {text('Mức', 'Level')}", "level")
            )
    cols.append(("total", fw.total_label, "points"))
    cols.append(("rank", text("Xếp hạng", "Rank"), "rank"))
    return [c for c in cols if c[0] in results.columns]


def _level_labels(fw: Framework) -> dict[str, dict[str, str]]:
    """category id → level id → label (the unclassified outcome included)."""
    out: dict[str, dict[str, str]] = {}
    for category in fw.categories:
        if category.levels is None:
            continue
        table = category.levels
        labels = {lv.id: lv.label for lv in table.levels}
        labels[table.unclassified_id] = table.unclassified_label
        out[category.id] = labels
    return out


def _level_fill(fw: Framework, category_id: str, level_id: str) -> str:
    category = next(c for c in fw.categories if c.id == category_id)
    table = category.levels
    assert table is not None
    ids = [lv.id for lv in table.levels]
    if level_id in ids:
        return LEVEL_FILLS[min(ids.index(level_id), len(LEVEL_FILLS) - 1)]
    return UNCLASSIFIED_FILL


def _sheet_title(label: str, taken: set[str]) -> str:
    from cqdt.runtime.template import sheet_title

    return sheet_title(label, taken)


def results_workbook(fw: Framework, results: pl.DataFrame, provenance: Provenance) -> Workbook:
    """The results workbook in memory (tests and :func:`write_results_xlsx` use it)."""
    from openpyxl import Workbook
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    grey = Font(color="808080", size=9)
    number_format = "0" if fw.decimals <= 0 else "0." + "0" * fw.decimals
    levels = _level_labels(fw)
    taken: set[str] = {"trace", "provenance"}
    for tier in fw.tiers:
        rows = results.filter(pl.col("tier") == tier.id)
        if "rank" in rows.columns:
            rows = (
                rows.with_row_index("_order")
                .sort(["rank", "_order"], nulls_last=True)
                .drop("_order")
            )
        ws = wb.create_sheet(_sheet_title(tier.label, taken))
        cols = _columns(fw, tier.id, results)
        for j, (col_id, label, _kind) in enumerate(cols, start=1):
            head = ws.cell(row=1, column=j)
            set_text(head, label)
            head.font = bold
            head.alignment = Alignment(wrap_text=True, vertical="top")
            id_cell = ws.cell(row=2, column=j)
            set_text(id_cell, col_id)
            id_cell.font = grey
            ws.column_dimensions[get_column_letter(j)].width = 40 if col_id == "name" else 12
        for i, row in enumerate(rows.iter_rows(named=True), start=3):
            for j, (col_id, _, kind) in enumerate(cols, start=1):
                cell = ws.cell(row=i, column=j)
                value = row.get(col_id)
                if kind == "points":
                    if value is not None:
                        cell.value = float(value)
                        cell.number_format = number_format
                elif kind == "rank":
                    cell.value = None if value is None else int(value)
                elif kind == "level":
                    category_id = col_id.removesuffix(".level")
                    set_text(cell, None if value is None else levels[category_id].get(value, value))
                else:
                    set_text(cell, None if value is None else str(value))
        last = max(3, rows.height + 2)
        for j, (col_id, _, kind) in enumerate(cols, start=1):
            if kind != "level":
                continue
            category_id = col_id.removesuffix(".level")
            letter = get_column_letter(j)
            for level_id, label in levels[category_id].items():
                fill = PatternFill("solid", fgColor=_level_fill(fw, category_id, level_id))
                escaped = label.replace('"', '""')
                ws.conditional_formatting.add(
                    f"{letter}3:{letter}{last}",
                    FormulaRule(formula=[f'{letter}3="{escaped}"'], fill=fill),
                )
        ws.freeze_panes = "C3"
        ws.row_dimensions[1].height = 45
    _trace_sheet(wb, fw, results, taken)
    _provenance_sheet(wb, fw, provenance)
    return wb


def _trace_sheet(wb: Workbook, fw: Framework, results: pl.DataFrame, taken: set[str]) -> None:
    """Long format: tier, unit code, node id, value — every number of every unit."""
    from openpyxl.styles import Font

    ws = wb.create_sheet("Trace")
    headers = ("tier", "code", "node", "value")
    for j, h in enumerate(headers, start=1):
        ws.cell(row=1, column=j, value=h).font = Font(bold=True)
    skip = {"tier", "code", "name"}
    row_no = 2
    for row in results.iter_rows(named=True):
        for column in results.columns:
            if column in skip:
                continue
            value = row[column]
            if value is None:
                continue
            set_text(ws.cell(row=row_no, column=1), str(row["tier"]))
            set_text(ws.cell(row=row_no, column=2), str(row["code"]))
            set_text(ws.cell(row=row_no, column=3), column)
            cell = ws.cell(row=row_no, column=4)
            if isinstance(value, bool):
                cell.value = value
            elif isinstance(value, int | float):
                cell.value = float(value) if isinstance(value, float) else value
            else:
                set_text(cell, str(value))
            row_no += 1
    ws.freeze_panes = "A2"


def _provenance_sheet(wb: Workbook, fw: Framework, provenance: Provenance) -> None:
    from openpyxl.styles import Font

    ws = wb.create_sheet("Provenance")
    rows: list[tuple[str, Any]] = [
        ("framework_id", provenance.framework_id),
        ("framework_title", fw.meta.title),
        ("framework_year", fw.meta.year),
        ("framework_version", fw.meta.version),
        ("framework_path", provenance.framework_path),
        ("framework_sha256", provenance.framework_sha256),
        ("tool_version", provenance.tool_version),
    ]
    for path, sha in provenance.inputs:
        rows.append(("input", f"{path} sha256:{sha}"))
    ws.cell(row=1, column=1, value="key").font = Font(bold=True)
    ws.cell(row=1, column=2, value="value").font = Font(bold=True)
    for i, (key, value) in enumerate(rows, start=2):
        set_text(ws.cell(row=i, column=1), key)
        if isinstance(value, str) or value is None:
            set_text(ws.cell(row=i, column=2), value)
        else:
            ws.cell(row=i, column=2, value=value)
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 80
