"""The data-entry workbook (phiếu khảo sát) generated from a framework.

The form is the data contract made visible: one sheet per tier, one row per unit (prefilled
from the registry), one column per input that tier is asked. Row 1 carries the Vietnamese label
with the unit and valid range, row 2 the input ids: the reader matches columns by these ids, so
labels can be reworded and columns moved without breaking anything. Data validation (Có/Không
lists, option lists, number ranges, "at most" rules) catches most mistakes while typing; the
reader checks everything again anyway. A hidden ``_cqdt`` sheet records which framework,
version and input contract the form belongs to, and which sheet is which tier.

The same builder writes the form of one unit (:mod:`cqdt.runtime.intake.form_units`): only
its tier's sheet and its row, code and name locked, a signature sheet, and possibly last
year's answers. Sheets are protected (no password) and set up for A4
(:mod:`cqdt.runtime.intake.form_print`).

Output is byte-identical for identical inputs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cqdt.compiler.model.contract import CONTRACT_VERSION, asked_inputs, contract_hash
from cqdt.compiler.model.nodes import Framework, Input, InputType
from cqdt.compiler.model.types import INPUT_TYPES
from cqdt.runtime.atomic import write_bytes_atomic
from cqdt.runtime.intake.form_instructions import MISSING_LABELS, write_instructions
from cqdt.runtime.intake.form_print import SIGNATURE_TITLE, protect, setup_page, unlock
from cqdt.runtime.intake.form_signature import question_signature
from cqdt.runtime.intake.form_validation import add_validation
from cqdt.runtime.intake.registry import Unit, UnitRegistry
from cqdt.runtime.intake.values import format_value
from cqdt.runtime.intake.workbook import set_text, sheet_title, workbook_bytes

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "DATA_FIRST_ROW",
    "ID_ROW",
    "INSTRUCTIONS_TITLE",
    "META_SHEET",
    "MISSING_LABELS",
    "PERCENT_FORMAT",
    "FormSpec",
    "form_workbook",
    "input_header",
    "write_template",
]

META_SHEET = "_cqdt"
INSTRUCTIONS_TITLE = "Hướng dẫn"
LABEL_ROW = 1
ID_ROW = 2
DATA_FIRST_ROW = 3
#: Empty rows given validation below the prefilled units (for units added by hand).
SPARE_ROWS = 200
#: First column of the ``_cqdt`` sheet holding option lists too long for an inline list (E).
LIST_FIRST_COLUMN = 5
#: Percent cells show two decimals: 1,02 % is not shown as "1,0%" next to a 1 % threshold.
PERCENT_FORMAT = "0.00%"


@dataclass(frozen=True)
class FormSpec:
    """What one form holds: the unit it is for (``None``: every unit of the registry), the
    answers to prefill (``(tier, code)`` → input id → value) and the questions to mark
    (input id → why, e.g. "câu hỏi mới")."""

    unit: Unit | None = None
    answers: Mapping[tuple[str, str], Mapping[str, Any]] = field(default_factory=dict)
    marks: Mapping[str, str] = field(default_factory=dict)


def write_template(
    fw: Framework,
    path: str | os.PathLike[str],
    *,
    units: UnitRegistry | None = None,
    framework_sha256: str = "",
    spec: FormSpec | None = None,
) -> None:
    """Write the data-entry workbook of ``fw`` to ``path`` (atomically, deterministically)."""
    write_bytes_atomic(path, workbook_bytes(form_workbook(fw, units, framework_sha256, spec)))


def input_header(fw: Framework, inp: Input) -> str:
    """The label cell of an input column: label, then unit and valid range (labels, not ids)."""
    parts = [inp.label]
    details = [INPUT_TYPES[inp.type].form_label]
    if inp.unit:
        details.append(inp.unit)
    pct = inp.type is InputType.PERCENT
    if inp.minimum is not None or inp.maximum is not None:
        low = "" if inp.minimum is None else format_value(inp.minimum, pct).replace(".", ",")
        high = "" if inp.maximum is None else format_value(inp.maximum, pct).replace(".", ",")
        details.append(f"{low}–{high}")
    if inp.at_most:
        details.append(f"≤ {fw.input(inp.at_most).label}")
    parts.append("(" + "; ".join(details) + ")")
    return " ".join(parts)


def form_workbook(
    fw: Framework,
    units: UnitRegistry | None = None,
    framework_sha256: str = "",
    spec: FormSpec | None = None,
) -> Workbook:
    """The form as an openpyxl workbook (see :func:`write_template`)."""
    from openpyxl import Workbook

    spec = spec or FormSpec()
    wb = Workbook()
    instructions = wb.active
    instructions.title = INSTRUCTIONS_TITLE
    taken = {INSTRUCTIONS_TITLE.lower(), META_SHEET.lower(), SIGNATURE_TITLE.lower()}
    mapping: list[tuple[str, str]] = []
    lists: dict[str, tuple[str, ...]] = {}
    tiers = [t for t in fw.tiers if spec.unit is None or t.id == spec.unit.tier]
    for tier in tiers:
        title = sheet_title(tier.label, taken)
        mapping.append((title, tier.id))
        if spec.unit is not None:
            tier_units: tuple[Unit, ...] = (spec.unit,)
        else:
            tier_units = units.by_tier(tier.id) if units is not None else ()
        sheet = _TierSheet(wb.create_sheet(title), fw, list(asked_inputs(fw, tier.id)), lists)
        sheet.write(tier_units, spec, header=_page_header(fw, spec.unit))
    asked_ids = {a.id for t in tiers for a in asked_inputs(fw, t.id)}
    asked = [i for i in fw.inputs if i.id in asked_ids]
    write_instructions(instructions, fw, mapping, asked if spec.unit is not None else None)
    setup_page(instructions, None, None, _page_header(fw, spec.unit))
    if spec.unit is not None:
        from cqdt.runtime.intake.form_print import signature_sheet

        signature_sheet(wb.create_sheet(SIGNATURE_TITLE), _page_header(fw, spec.unit))
    _meta_sheet(wb.create_sheet(META_SHEET), fw, mapping, framework_sha256, lists, spec.unit)
    return wb


def _page_header(fw: Framework, unit: Unit | None) -> str:
    if unit is None:
        return fw.meta.title
    return f"{fw.meta.title} — {unit.code} {unit.name}"


class _TierSheet:
    """One tier's sheet: headers, the units' rows, validation, protection, page setup."""

    def __init__(self, ws: Worksheet, fw: Framework, inputs: list[Input], lists) -> None:
        from openpyxl.utils import get_column_letter

        self.ws, self.fw, self.inputs, self.lists = ws, fw, inputs, lists
        self.column_of = {inp.id: get_column_letter(j) for j, inp in enumerate(inputs, start=3)}

    def write(self, units: tuple[Unit, ...], spec: FormSpec, header: str) -> None:
        ws = self.ws
        self._headers(spec.marks)
        for i, unit in enumerate(units, start=DATA_FIRST_ROW):
            set_text(ws.cell(row=i, column=1), unit.code)
            set_text(ws.cell(row=i, column=2), unit.name)
            ws.cell(row=i, column=1).number_format = "@"
            self._prefill(i, spec.answers.get((unit.tier, unit.code), {}))
        spare = 0 if spec.unit is not None else SPARE_ROWS
        last = DATA_FIRST_ROW + len(units) + spare - 1
        for inp in self.inputs:
            letter = self.column_of[inp.id]
            cells = (letter, DATA_FIRST_ROW, max(last, DATA_FIRST_ROW))
            other = self.column_of.get(inp.at_most or "")
            add_validation(ws, self.fw, inp, cells, other, self._list_formula)
            if inp.type is InputType.PERCENT:
                for r in range(DATA_FIRST_ROW, last + 1):
                    ws[f"{letter}{r}"].number_format = PERCENT_FORMAT
        answers = range(3, 3 + len(self.inputs))
        unlock(ws, answers, range(DATA_FIRST_ROW, last + 1))
        unlock(ws, range(1, 3), range(DATA_FIRST_ROW + len(units), last + 1))
        protect(ws)
        ws.row_dimensions[LABEL_ROW].height = 75
        ws.freeze_panes = f"C{DATA_FIRST_ROW}"
        setup_page(ws, f"{LABEL_ROW}:{ID_ROW}", "A:B", header)

    def _headers(self, marks: Mapping[str, str]) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        bold, grey = Font(bold=True), Font(color="808080", size=9)
        head_fill, marked_fill = (
            PatternFill("solid", fgColor="DDEBF7"),
            PatternFill("solid", fgColor="FFF2CC"),
        )
        wrap = Alignment(wrap_text=True, vertical="top")
        heads = [("code", "Mã đơn vị"), ("name", "Tên đơn vị")] + [
            (inp.id, input_header(self.fw, inp)) for inp in self.inputs
        ]
        for j, (col_id, label) in enumerate(heads, start=1):
            cell = self.ws.cell(row=LABEL_ROW, column=j)
            mark = marks.get(col_id)
            set_text(cell, f"[{mark}] {label}" if mark else label)
            cell.font, cell.alignment = bold, wrap
            cell.fill = marked_fill if mark else head_fill
            id_cell = self.ws.cell(row=ID_ROW, column=j)
            set_text(id_cell, col_id)
            id_cell.font = grey
            width = 12 if j == 1 else (40 if j == 2 else 18)
            self.ws.column_dimensions[get_column_letter(j)].width = width

    def _prefill(self, row: int, answers: Mapping[str, Any]) -> None:
        for inp in self.inputs:
            value = answers.get(inp.id)
            if value is None:
                continue
            cell = self.ws[f"{self.column_of[inp.id]}{row}"]
            if isinstance(value, bool):
                set_text(cell, "Có" if value else "Không")
            elif isinstance(value, str):
                set_text(cell, value)
            else:
                cell.value = value

    def _list_formula(self, inp: Input) -> str:
        """An inline list, or (a comma or quote in an option, more than 255 characters in
        all) a column of the hidden ``_cqdt`` sheet."""
        from openpyxl.utils import get_column_letter

        joined = ",".join(inp.choices)
        if '"' not in joined and all("," not in c for c in inp.choices) and len(joined) <= 250:
            return f'"{joined}"'
        self.lists.setdefault(inp.id, inp.choices)
        column = get_column_letter(LIST_FIRST_COLUMN + list(self.lists).index(inp.id))
        return f"'{META_SHEET}'!${column}$2:${column}${len(inp.choices) + 1}"


def _meta_sheet(
    ws: Worksheet,
    fw: Framework,
    mapping: list[tuple[str, str]],
    sha: str,
    lists: dict[str, tuple[str, ...]],
    unit: Unit | None = None,
) -> None:
    """The hidden sheet telling the reader which framework and contract the form is for (and,
    on a unit's form, which unit: the collector's evidence of who sent it)."""
    rows: list[tuple[str, str, str]] = [
        ("format", "cqdt-form", ""),
        ("contract_version", str(CONTRACT_VERSION), ""),
        ("framework_id", fw.id, ""),
        ("framework_title", fw.meta.title, ""),
        ("framework_version", fw.meta.version or "", ""),
        ("framework_year", "" if fw.meta.year is None else str(fw.meta.year), ""),
        ("contract_hash", contract_hash(fw), ""),
        ("framework_sha256", sha, ""),
        ("instructions", INSTRUCTIONS_TITLE, ""),
    ]
    if unit is not None:
        rows.append(("unit", unit.code, unit.tier))
    rows += [("sheet", title, tier_id) for title, tier_id in mapping]
    # what each question means, so next year's forms can carry unchanged answers over
    rows += [("input", inp.id, question_signature(inp)) for inp in fw.inputs]
    set_text(ws.cell(row=1, column=1), "key")
    set_text(ws.cell(row=1, column=2), "value")
    set_text(ws.cell(row=1, column=3), "tier")
    for i, (key, value, tier) in enumerate(rows, start=2):
        set_text(ws.cell(row=i, column=1), key)
        set_text(ws.cell(row=i, column=2), value)
        set_text(ws.cell(row=i, column=3), tier or None)
    for k, (input_id, options) in enumerate(lists.items()):
        column = LIST_FIRST_COLUMN + k
        set_text(ws.cell(row=1, column=column), input_id)
        for i, option in enumerate(options, start=2):
            set_text(ws.cell(row=i, column=column), option)
    ws.sheet_state = "hidden"
