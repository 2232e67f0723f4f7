"""results.xlsx: the ranking as staff read it in Excel, plus a trace and the provenance.

One sheet per tier (framework order), units ordered by rank; two header rows (labels, then ids
so a tool can match columns the way the reader does). The columns a reader looks for come
first: code and name, the total, each category's level, the rank; then every indicator's,
group's and category's points in framework order. A fill colour per level; frozen panes.
Numbers are written unrounded with a display format of ``fw.decimals`` decimals: Excel shows
what the annex prints, and anyone who recomputes gets the exact value. A trace sheet (unit,
node, value) and a provenance sheet make the file self-describing; every sheet is named in the
language in force (``Chi tiết tính điểm`` and ``Nguồn gốc`` in a Vietnamese workbook).

Output is byte-identical for identical input (no clock time, fixed zip entry times). Text is
always an inline string, never a formula, whatever it starts with; characters a worksheet
cannot hold (control characters) are dropped.

Size: every sheet's rows are built as XML text by Polars in one vectorised query (no cell
objects), so the writer is linear in units × columns; the trace is split at Excel's row limit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import polars as pl

from cqdt.compiler.model.nodes import Framework
from cqdt.compiler.plan.columns import IDENTITY, RANK, TOTAL, category_of_level, level_column
from cqdt.i18n import text
from cqdt.runtime.atomic import write_bytes_atomic
from cqdt.runtime.intake.values import CONTROL_PATTERN_POLARS, xml_safe
from cqdt.runtime.intake.workbook import sheet_title
from cqdt.runtime.publish.provenance import Provenance
from cqdt.runtime.publish.xlsx_package import (
    STYLE_BOLD,
    STYLE_GREY,
    STYLE_NUMBER,
    Sheet,
    escape,
    package_bytes,
    shared_strings_xml,
    styles_xml,
)

__all__ = ["results_xlsx_bytes", "write_results_xlsx"]

#: Fill colours of levels, best first (green → red); unclassified is grey.
LEVEL_FILLS = ("C6EFCE", "DDEBF7", "FFF2CC", "FCE4D6", "F8CBAD", "E4DFEC")
UNCLASSIFIED_FILL = "D9D9D9"
#: Rows of an Excel sheet, header included; the trace continues on further sheets.
EXCEL_MAX_ROWS = 1_048_576


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
    trace_title = text("Chi tiết tính điểm", "Trace")
    provenance_title = text("Nguồn gốc", "Provenance")
    taken = {trace_title.lower(), provenance_title.lower()}
    fills = _Fills()
    sheets = [
        Sheet(sheet_title(tier.label, taken), _tier_sheet(fw, tier.id, results, fills))
        for tier in fw.tiers
    ]
    trace, shared_strings = _trace_sheets(results)
    for k, chunk in enumerate(trace):
        sheets.append(Sheet(trace_title if k == 0 else f"{trace_title} {k + 1}", chunk))
    sheets.append(Sheet(provenance_title, _provenance_sheet(fw, provenance)))
    number_format = "0" if fw.decimals <= 0 else "0." + "0" * fw.decimals
    return package_bytes(sheets, styles_xml(number_format, fills.colours), shared_strings)


# -- the tier sheets --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    """One column of a tier sheet; kind: text, points, level or rank."""

    id: str
    label: str
    kind: str


def _columns(fw: Framework, tier: str, results: pl.DataFrame) -> list[_Column]:
    """A tier's columns: identity, total, levels and rank first, then the points in
    framework order (each indicator and its items, then its group, then its category)."""
    head = [
        _Column("code", text("Mã đơn vị", "Unit code"), "text"),
        _Column("name", text("Tên đơn vị", "Unit"), "text"),
        _Column(TOTAL, fw.total_label, "points"),
    ]
    points: list[_Column] = []
    for category in fw.categories:
        if category.max_for(tier) is None:
            continue
        for group in category.groups:
            if not group.applies_to(tier):
                continue
            for indicator in group.indicators:
                if indicator.applies_to(tier):
                    points.append(_Column(indicator.id, indicator.label, "points"))
                for item in indicator.items:
                    if item.applies_to(tier):
                        points.append(_Column(item.id, item.label, "points"))
            points.append(_Column(group.id, group.label, "points"))
        points.append(_Column(category.id, category.label, "points"))
        if category.levels is not None:
            label = f"{category.label} — {text('Mức', 'Level')}"
            head.append(_Column(level_column(category.id), label, "level"))
    head.append(_Column(RANK, text("Xếp hạng", "Rank"), "rank"))
    return [c for c in head + points if c.id in results.columns]


def _column_letter(index: int) -> str:
    """The letter(s) of the 1-based column ``index`` (1 → A, 27 → AA)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Fills:
    """The level fill colours in first-use order: their index is the ``dxfId`` of a rule."""

    def __init__(self) -> None:
        self.colours: list[str] = []

    def index(self, colour: str) -> int:
        if colour not in self.colours:
            self.colours.append(colour)
        return self.colours.index(colour)


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


def _tier_rows(results: pl.DataFrame, tier: str) -> pl.DataFrame:
    """The tier's units, best rank first, unranked last, ties in results order."""
    rows = results.filter(pl.col("tier") == tier)
    if RANK in rows.columns:
        rows = rows.with_row_index("_order").sort([RANK, "_order"], nulls_last=True)
    return rows


def _tier_sheet(fw: Framework, tier: str, results: pl.DataFrame, fills: _Fills) -> bytes:
    """A tier's worksheet XML: two header rows, a row per unit, a fill rule per level."""
    cols = _columns(fw, tier, results)
    rows = _tier_rows(results, tier)
    letters = [_column_letter(j) for j in range(1, len(cols) + 1)]
    last = max(3, rows.height + 2)
    widths = "".join(
        f'<col min="{j}" max="{j}" width="{40 if c.id == "name" else 12}" customWidth="1"/>'
        for j, c in enumerate(cols, start=1)
    )
    head = (
        _XML_HEAD
        + f'<dimension ref="A1:{letters[-1] if letters else "A"}{last}"/>'
        + '<sheetViews><sheetView workbookViewId="0"><pane xSplit="2" ySplit="2" '
        'topLeftCell="C3" activePane="bottomRight" state="frozen"/>'
        '<selection pane="bottomRight" activeCell="C3" sqref="C3"/></sheetView></sheetViews>'
        + (f"<cols>{widths}</cols>" if widths else "")
        + "<sheetData>"
        + _header_row(1, letters, [c.label for c in cols], STYLE_BOLD)
        + _header_row(2, letters, [c.id for c in cols], STYLE_GREY)
    )
    body = _body_xml(fw, rows, cols, letters)
    tail = "</sheetData>" + _level_rules(fw, cols, letters, last, fills) + "</worksheet>"
    return b"".join((head.encode(), body, tail.encode()))


_XML_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _inline(ref: str, value: str, style: int = 0) -> str:
    s = f' s="{style}"' if style else ""
    body = escape(xml_safe(value))
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{body}</t></is></c>'


def _header_row(r: int, letters: list[str], values: list[str], style: int) -> str:
    cells = "".join(_inline(f"{a}{r}", v, style) for a, v in zip(letters, values, strict=True))
    return f'<row r="{r}">{cells}</row>'


def _xml_text(expr: pl.Expr) -> pl.Expr:
    """Text for an inline string: control characters dropped, ``& < >`` escaped."""
    return (
        expr.str.replace_all(CONTROL_PATTERN_POLARS, "")
        .str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
    )


def _cell_expr(col: _Column, letter: str, labels: dict[str, str], schema: Any) -> pl.Expr:
    """The XML of one column's cell in every row (null where the value is: no cell)."""
    value = pl.col(col.id)
    ref = [pl.lit(f'<c r="{letter}'), pl.col("_r")]
    if col.kind == "points":
        number = value.cast(pl.Float64)
        shown = pl.when(number.is_finite()).then(number.cast(pl.String))
        return pl.concat_str([*ref, pl.lit(f'" s="{STYLE_NUMBER}"><v>'), shown, pl.lit("</v></c>")])
    if col.kind == "rank":
        shown = value.cast(pl.Int64).cast(pl.String)
        return pl.concat_str([*ref, pl.lit('"><v>'), shown, pl.lit("</v></c>")])
    shown = value.cast(pl.String)
    if col.kind == "level" and labels:
        shown = shown.replace(labels)
    return pl.concat_str(
        [
            *ref,
            pl.lit('" t="inlineStr"><is><t xml:space="preserve">'),
            _xml_text(shown),
            pl.lit("</t></is></c>"),
        ]
    )


def _body_xml(fw: Framework, rows: pl.DataFrame, cols: list[_Column], letters: list[str]) -> bytes:
    """Every unit's row as worksheet XML, built in one Polars query."""
    if rows.height == 0 or not cols:
        return b""
    levels = _level_labels(fw)
    cells = [
        _cell_expr(c, a, levels.get(category_of_level(c.id), {}), rows.schema)
        for c, a in zip(cols, letters, strict=True)
    ]
    xml = rows.with_columns((pl.int_range(pl.len()) + 3).cast(pl.String).alias("_r")).select(
        pl.concat_str(
            [pl.lit('<row r="'), pl.col("_r"), pl.lit('">'), *cells, pl.lit("</row>")],
            ignore_nulls=True,
        )
        .str.join("")
        .cast(pl.Binary)
    )
    return xml.item()


def _level_rules(
    fw: Framework, cols: list[_Column], letters: list[str], last: int, fills: _Fills
) -> str:
    """Conditional formatting: each level column's cells filled with their level's colour."""
    levels = _level_labels(fw)
    out, priority = [], 1
    for col, letter in zip(cols, letters, strict=True):
        if col.kind != "level":
            continue
        category_id = category_of_level(col.id)
        for level_id, label in levels[category_id].items():
            dxf = fills.index(_level_fill(fw, category_id, level_id))
            formula = escape(f'{letter}3="{label.replace(chr(34), chr(34) * 2)}"')
            out.append(
                f'<conditionalFormatting sqref="{letter}3:{letter}{last}">'
                f'<cfRule type="expression" dxfId="{dxf}" priority="{priority}">'
                f"<formula>{formula}</formula></cfRule></conditionalFormatting>"
            )
            priority += 1
    return "".join(out)


# -- the provenance sheet ----------------------------------------------------------------------


def _provenance_sheet(fw: Framework, provenance: Provenance) -> bytes:
    """Key and value rows: the framework, its file and sha256, the tool, every input read."""
    rows: list[tuple[str, Any]] = [
        ("framework_id", provenance.framework_id),
        ("framework_title", fw.meta.title),
        ("framework_year", fw.meta.year),
        ("framework_version", fw.meta.version),
        ("framework_path", provenance.framework_path),
        ("framework_sha256", provenance.framework_sha256),
        ("tool_version", provenance.tool_version),
    ]
    rows += [("input", f"{path} sha256:{sha}") for path, sha in provenance.inputs]
    xml = [_header_row(1, ["A", "B"], ["key", "value"], STYLE_BOLD)]
    for r, (key, value) in enumerate(rows, start=2):
        if value is None:
            cell = ""
        elif isinstance(value, str):
            cell = _inline(f"B{r}", value)
        else:
            cell = f'<c r="B{r}"><v>{value}</v></c>'
        xml.append(f'<row r="{r}">{_inline(f"A{r}", key)}{cell}</row>')
    return (
        _XML_HEAD + '<cols><col min="1" max="1" width="20" customWidth="1"/>'
        '<col min="2" max="2" width="80" customWidth="1"/></cols><sheetData>'
        + "".join(xml)
        + "</sheetData></worksheet>"
    ).encode()


# -- the trace ---------------------------------------------------------------------------------
#
# The trace has a row per unit and value (a few hundred thousand at national scale), so its
# repeated texts (tier, unit code, node) are shared strings: the table holds the tiers, then
# every unit's code in results order, then the node ids, and a trace row points into it.

_TRACE_HEAD = (
    _XML_HEAD + '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
    'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
    '<cols><col min="1" max="2" width="12" customWidth="1"/>'
    '<col min="3" max="3" width="28" customWidth="1"/></cols><sheetData>'
    + _header_row(1, ["A", "B", "C", "D"], ["tier", "code", "node", "value"], 0)
)
_SHEET_TAIL = "</sheetData></worksheet>"


def _trace_sheets(results: pl.DataFrame) -> tuple[list[bytes], bytes]:
    """The trace (tier, code, node, value; one row per non-null value of every unit, in unit
    then column order) as worksheet XML split at Excel's row limit, and the shared strings."""
    value_columns = [c for c in results.columns if c not in IDENTITY]
    tiers = results["tier"].cast(pl.String).unique(maintain_order=True).to_list()
    strings = pl.concat(
        [
            pl.Series(tiers, dtype=pl.String),
            results["code"].cast(pl.String),
            pl.Series(value_columns, dtype=pl.String),
        ]
    )
    shared = pl.select(
        pl.concat_str(
            pl.lit('<si><t xml:space="preserve">'), _xml_text(pl.lit(strings)), pl.lit("</t></si>")
        )
        .str.join("")
        .cast(pl.Binary)
    ).item()
    shared_xml = shared_strings_xml(len(strings), shared)
    if not value_columns:
        return [(_TRACE_HEAD + _SHEET_TAIL).encode()], shared_xml
    rows = _trace_rows_xml(_trace_long(results, value_columns, tiers))
    head, tail = _TRACE_HEAD.encode(), _SHEET_TAIL.encode()
    out = []
    for (_,), chunk in rows.group_by("_sheet", maintain_order=True):
        body = chunk["xml"].str.join("").cast(pl.Binary).item()  # UTF-8 bytes, no str copy
        out.append(b"".join((head, body, tail)))
    return out, shared_xml


def _trace_text(column: str, dtype: pl.DataType) -> pl.Expr:
    """A value column as the trace's text (null where the trace skips the value)."""
    col = pl.col(column)
    if dtype == pl.Boolean:
        return pl.when(col).then(pl.lit("1")).when(col.not_()).then(pl.lit("0"))
    if dtype.is_numeric():
        number = col.cast(pl.Float64)
        return pl.when(number.is_finite()).then(number.cast(pl.String))
    return _xml_text(col.cast(pl.String))


def _trace_long(results: pl.DataFrame, value_columns: list[str], tiers: list[str]) -> pl.DataFrame:
    """One row per (unit, non-null value), in unit then column order, with the shared string
    of its tier, code and node, and the sheet and row number it lands on: every column's text
    in one query, then one unpivot."""
    schema = results.schema
    texts = [_trace_text(c, schema[c]).alias(str(k)) for k, c in enumerate(value_columns)]
    first_node = len(tiers) + results.height
    nodes = pl.DataFrame(
        {
            "_col": range(len(value_columns)),
            "node": [str(first_node + k) for k in range(len(value_columns))],
            "kind": [_trace_kind(schema[c]) for c in value_columns],
        },
        schema={"_col": pl.Int64, "node": pl.String, "kind": pl.String},
    )
    tier_index = {t: str(k) for k, t in enumerate(tiers)}
    per_sheet = EXCEL_MAX_ROWS - 1
    return (
        results.with_row_index("_unit")
        .select(
            "_unit",
            pl.col("tier").cast(pl.String).replace_strict(tier_index).alias("tier"),
            (pl.col("_unit") + len(tiers)).cast(pl.String).alias("code"),
            *texts,
        )
        .unpivot(index=["_unit", "tier", "code"], variable_name="_col", value_name="text")
        .drop_nulls("text")
        .with_columns(pl.col("_col").cast(pl.Int64))
        .join(nodes, on="_col", how="left")
        .sort("_unit", "_col")
        .with_columns(
            (pl.int_range(pl.len()) // per_sheet).alias("_sheet"),
            (pl.int_range(pl.len()) % per_sheet + 2).cast(pl.String).alias("r"),
        )
    )


def _trace_rows_xml(long: pl.DataFrame) -> pl.DataFrame:
    """(sheet, row XML) of the trace: tier, code and node shared, text values inline,
    booleans and numbers typed."""

    def cell(letter: str, attributes: str, field: str, close: str = "</v></c>") -> pl.Expr:
        return pl.concat_str(
            pl.lit(f'<c r="{letter}'), pl.col("r"), pl.lit(attributes), pl.col(field), pl.lit(close)
        )

    value = (
        pl.when(pl.col("kind") == "s")
        .then(cell("D", '" t="inlineStr"><is><t xml:space="preserve">', "text", "</t></is></c>"))
        .when(pl.col("kind") == "b")
        .then(cell("D", '" t="b"><v>', "text"))
        .otherwise(cell("D", '"><v>', "text"))
    )
    row = pl.concat_str(
        pl.lit('<row r="'),
        pl.col("r"),
        pl.lit('">'),
        cell("A", '" t="s"><v>', "tier"),
        cell("B", '" t="s"><v>', "code"),
        cell("C", '" t="s"><v>', "node"),
        value,
        pl.lit("</row>"),
    )
    return long.select("_sheet", row.alias("xml"))


def _trace_kind(dtype: pl.DataType) -> str:
    """The trace cell type of a column: ``b`` (boolean), ``n`` (number) or ``s`` (text)."""
    if dtype == pl.Boolean:
        return "b"
    return "n" if dtype.is_numeric() else "s"
