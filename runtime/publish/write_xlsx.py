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

Size: tier sheets go through openpyxl's write-only mode; the trace (a row per unit and value)
is written as sheet XML directly from Polars and split at Excel's row limit. 150 units take
well under a second; 10,000 units × 105 columns about 25 s, mostly openpyxl.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import polars as pl

from cqdt.compiler.model.nodes import Framework
from cqdt.compiler.plan.columns import IDENTITY, RANK, TOTAL, category_of_level, level_column
from cqdt.i18n import text
from cqdt.runtime.atomic import write_bytes_atomic
from cqdt.runtime.intake.values import xml_safe
from cqdt.runtime.intake.workbook import formula_like, sheet_title, workbook_bytes
from cqdt.runtime.publish.provenance import Provenance

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook

__all__ = ["results_xlsx_bytes", "write_results_xlsx"]

#: Fill colours of levels, best first (green → red); unclassified is grey.
LEVEL_FILLS = ("C6EFCE", "DDEBF7", "FFF2CC", "FCE4D6", "F8CBAD", "E4DFEC")
UNCLASSIFIED_FILL = "D9D9D9"


def write_results_xlsx(
    fw: Framework,
    results: pl.DataFrame,
    provenance: Provenance,
    path: str | os.PathLike[str],
) -> None:
    """Write results.xlsx atomically (see the module docstring)."""
    write_bytes_atomic(path, results_xlsx_bytes(fw, results, provenance))


def results_xlsx_bytes(fw: Framework, results: pl.DataFrame, provenance: Provenance) -> bytes:
    """results.xlsx as bytes (deterministic)."""
    wb, replace = _results_workbook(fw, results, provenance)
    return workbook_bytes(wb, replace)


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
                (level_column(category.id), f"{category.label} — {text('Mức', 'Level')}", "level")
            )
    cols.append((TOTAL, fw.total_label, "points"))
    cols.append((RANK, text("Xếp hạng", "Rank"), "rank"))
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


#: Rows of an Excel sheet, header included; the trace continues on further sheets.
EXCEL_MAX_ROWS = 1_048_576


def _cell(ws: Any, value: Any, *, font: Any = None, number_format: str | None = None) -> Any:
    """A write-only cell; text that looks like a formula stays text, and characters a worksheet
    cannot hold (control characters) are dropped rather than failing the whole workbook."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        value = xml_safe(value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and formula_like(value):
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _text_value(ws: Any, value: str) -> Any:
    """A text value for ``ws.append``: the plain string when openpyxl would store it as text
    anyway (cheaper than a cell object), else a cell forced to text (see :func:`_cell`)."""
    value = xml_safe(value)
    return _cell(ws, value) if formula_like(value) else value


def _results_workbook(
    fw: Framework, results: pl.DataFrame, provenance: Provenance
) -> tuple[Workbook, dict[str, bytes]]:
    """The results workbook in openpyxl's write-only mode, and the trace sheets' XML (written
    directly: the trace has a row per unit and node, too many for openpyxl cell objects)."""
    from openpyxl import Workbook
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    grey = Font(color="808080", size=9)
    number_format = "0" if fw.decimals <= 0 else "0." + "0" * fw.decimals
    levels = _level_labels(fw)
    taken: set[str] = {"trace", "provenance"}
    for tier in fw.tiers:
        rows = results.filter(pl.col("tier") == tier.id)
        if RANK in rows.columns:
            rows = (
                rows.with_row_index("_order").sort([RANK, "_order"], nulls_last=True).drop("_order")
            )
        ws = wb.create_sheet(sheet_title(tier.label, taken))
        cols = _columns(fw, tier.id, results)
        for j, (col_id, _label, _kind) in enumerate(cols, start=1):
            ws.column_dimensions[get_column_letter(j)].width = 40 if col_id == "name" else 12
        ws.freeze_panes = "C3"
        ws.append([_cell(ws, label, font=bold) for _, label, _ in cols])
        ws.append([_cell(ws, col_id, font=grey) for col_id, _, _ in cols])
        # write-only rows are serialised as they are appended, so each points column reuses
        # one styled cell for every row (a new styled cell per value cost ~40 % of the sheet)
        points = [_cell(ws, 0.0, number_format=number_format) for _ in cols]
        labels = [levels.get(category_of_level(col_id), {}) for col_id, _, _ in cols]
        for row in rows.select([c for c, _, _ in cols]).iter_rows():
            out: list[Any] = []
            for j, (value, (_, _, kind)) in enumerate(zip(row, cols, strict=True)):
                if value is None:
                    out.append(None)
                elif kind == "points":
                    cell = points[j]
                    cell.value = float(value)
                    out.append(cell)
                elif kind == "rank":
                    out.append(int(value))
                else:
                    label = labels[j].get(value, value) if kind == "level" else str(value)
                    out.append(_text_value(ws, label))
            ws.append(out)
        last = max(3, rows.height + 2)
        for j, (col_id, _, kind) in enumerate(cols, start=1):
            if kind != "level":
                continue
            category_id = category_of_level(col_id)
            letter = get_column_letter(j)
            for level_id, label in levels[category_id].items():
                fill = PatternFill("solid", fgColor=_level_fill(fw, category_id, level_id))
                escaped = label.replace('"', '""')
                ws.conditional_formatting.add(
                    f"{letter}3:{letter}{last}",
                    FormulaRule(formula=[f'{letter}3="{escaped}"'], fill=fill),
                )
    replace = {}
    for chunk in _trace_xml(results):
        wb.create_sheet("Trace" if not replace else f"Trace {len(replace) + 1}")
        replace[f"xl/worksheets/sheet{len(wb.worksheets)}.xml"] = chunk
    _provenance_sheet(wb, fw, provenance)
    return wb, replace


_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
    'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
    '<cols><col min="1" max="2" width="12" customWidth="1"/>'
    '<col min="3" max="3" width="28" customWidth="1"/></cols><sheetData>'
)
_SHEET_TAIL = "</sheetData></worksheet>"
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"


def _xml_text(expr: pl.Expr) -> pl.Expr:
    """Text for an inline string: control characters dropped, ``& < >`` escaped."""
    return (
        expr.str.replace_all(_CONTROL, "")
        .str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
    )


def _trace_xml(results: pl.DataFrame) -> list[bytes]:
    """The trace (tier, code, node, value; one row per non-null value of every unit, in unit
    then column order) as worksheet XML, split at Excel's row limit."""
    schema = results.schema
    value_columns = [c for c in results.columns if c not in IDENTITY]
    header = (
        '<row r="1">'
        + "".join(
            f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>'
            for c, h in zip("ABCD", ("tier", "code", "node", "value"), strict=True)
        )
        + "</row>"
    )
    if not value_columns:
        return [(_SHEET_HEAD + header + _SHEET_TAIL).encode()]
    # every value column's text (null where the trace skips it) in one query, then one unpivot:
    # a query per column cost ~1 ms each, the unpivot a few ms for all of them
    texts = []
    for k, column in enumerate(value_columns):
        col = pl.col(column)
        dtype = schema[column]
        if dtype == pl.Boolean:
            text_expr = pl.when(col).then(pl.lit("1")).when(col.not_()).then(pl.lit("0"))
        elif dtype.is_numeric():
            number = col.cast(pl.Float64)
            text_expr = pl.when(number.is_finite()).then(number.cast(pl.String))
        else:
            text_expr = _xml_text(col.cast(pl.String))
        texts.append(text_expr.alias(str(k)))
    nodes = pl.DataFrame(
        {
            "_col": range(len(value_columns)),
            "node": [_xml_escape(c) for c in value_columns],
            "kind": [_trace_kind(schema[c]) for c in value_columns],
        },
        schema={"_col": pl.Int64, "node": pl.String, "kind": pl.String},
    )
    long = (
        results.with_row_index("_unit")
        .select(
            "_unit",
            _xml_text(pl.col("tier").cast(pl.String)).alias("tier"),
            _xml_text(pl.col("code").cast(pl.String)).alias("code"),
            *texts,
        )
        .unpivot(index=["_unit", "tier", "code"], variable_name="_col", value_name="text")
        .drop_nulls("text")
        .with_columns(pl.col("_col").cast(pl.Int64))
        .join(nodes, on="_col", how="left")
        .select("_unit", "_col", "tier", "code", "node", "kind", "text")
        .sort("_unit", "_col")
    )
    per_sheet = EXCEL_MAX_ROWS - 1
    long = long.with_columns(
        (pl.int_range(pl.len()) // per_sheet).alias("_sheet"),
        (pl.int_range(pl.len()) % per_sheet + 2).cast(pl.String).alias("r"),
    )

    def inline(letter: str, field: str) -> pl.Expr:
        return pl.concat_str(
            pl.lit(f'<c r="{letter}'),
            pl.col("r"),
            pl.lit('" t="inlineStr"><is><t>'),
            pl.col(field),
            pl.lit("</t></is></c>"),
        )

    value = (
        pl.when(pl.col("kind") == "s")
        .then(inline("D", "text"))
        .when(pl.col("kind") == "b")
        .then(
            pl.concat_str(
                pl.lit('<c r="D'),
                pl.col("r"),
                pl.lit('" t="b"><v>'),
                pl.col("text"),
                pl.lit("</v></c>"),
            )
        )
        .otherwise(
            pl.concat_str(
                pl.lit('<c r="D'), pl.col("r"), pl.lit('"><v>'), pl.col("text"), pl.lit("</v></c>")
            )
        )
    )
    rows = long.select(
        "_sheet",
        pl.concat_str(
            pl.lit('<row r="'),
            pl.col("r"),
            pl.lit('">'),
            inline("A", "tier"),
            inline("B", "code"),
            inline("C", "node"),
            value,
            pl.lit("</row>"),
        ).alias("xml"),
    )
    head, tail = (_SHEET_HEAD + header).encode(), _SHEET_TAIL.encode()
    out = []
    for (_,), chunk in rows.group_by("_sheet", maintain_order=True):
        body = chunk["xml"].str.join("").cast(pl.Binary).item()  # UTF-8 bytes, no str copy
        out.append(b"".join((head, body, tail)))
    return out


def _trace_kind(dtype: pl.DataType) -> str:
    """The trace cell type of a column: ``b`` (boolean), ``n`` (number) or ``s`` (text)."""
    if dtype == pl.Boolean:
        return "b"
    return "n" if dtype.is_numeric() else "s"


def _xml_escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _provenance_sheet(wb: Workbook, fw: Framework, provenance: Provenance) -> None:
    from openpyxl.styles import Font

    ws = wb.create_sheet("Provenance")
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 80
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
    bold = Font(bold=True)
    ws.append([_cell(ws, "key", font=bold), _cell(ws, "value", font=bold)])
    for key, value in rows:
        ws.append([_cell(ws, key), _cell(ws, value) if isinstance(value, str) else value])
