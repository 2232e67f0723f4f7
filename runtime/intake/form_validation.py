"""Data validation of the form's answer columns, as the clerk sees it while typing.

Excel and LibreOffice Calc allow one rule per cell, with an input prompt shown when the cell is
selected and an error shown when a value breaks the rule. Both are in Vietnamese and name the
question by its label (a clerk never sees input ids); the reader checks every value again
anyway, so a rule that an office suite ignores loses nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cqdt.compiler.model.nodes import Framework, Input, InputType
from cqdt.runtime.intake.values import describe_expected, format_value

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["add_validation", "prompt_text"]

#: Limits the office suites put on a rule's texts (longer ones make Excel refuse the file).
TITLE_LIMIT, PROMPT_LIMIT = 32, 255
YES, NO = "Có", "Không"


def add_validation(
    ws: Worksheet,
    fw: Framework,
    inp: Input,
    cells: tuple[str, int, int],
    other: str | None,
    list_formula,
) -> None:
    """Add the rule of ``inp`` to the column ``cells`` (letter, first row, last row).

    ``other`` is the column of the input ``inp`` may not exceed (``at most``); ``list_formula``
    gives the formula of an option list too long to write inline.
    """
    letter, first_row, last_row = cells
    dv = _rule(inp, f"{letter}{first_row}", other and f"{other}{first_row}", list_formula)
    if dv is None:
        return
    label = _clip(inp.label, TITLE_LIMIT)
    dv.errorTitle = label
    dv.error = _clip(f"Giá trị không hợp lệ cho «{inp.label}»: cần {prompt_text(fw, inp)}", 255)
    dv.showErrorMessage = True
    dv.promptTitle = label
    dv.prompt = _clip(prompt_text(fw, inp), PROMPT_LIMIT)
    dv.showInputMessage = True
    ws.add_data_validation(dv)
    dv.add(f"{letter}{first_row}:{letter}{last_row}")


def prompt_text(fw: Framework, inp: Input) -> str:
    """What a valid answer looks like, with the labels (not ids) of related questions."""
    words = describe_expected(inp)
    if inp.unit:
        words += f" ({inp.unit})"
    if inp.at_most:
        words += f"; không lớn hơn «{fw.input(inp.at_most).label}»"
    if inp.type is InputType.PERCENT:
        words += "; nhập 85% hoặc 0,85"
    return words


def _rule(inp: Input, first: str, other: str | None, list_formula) -> DataValidation | None:
    from openpyxl.worksheet.datavalidation import DataValidation

    if inp.type is InputType.YESNO:
        return DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
    if inp.type is InputType.CHOICE and inp.choices:
        return DataValidation(type="list", formula1=list_formula(inp), allow_blank=True)
    if inp.type not in (InputType.NUMBER, InputType.COUNT, InputType.PERCENT):
        return None
    low, high = _bounds(inp)
    if other is not None:
        return _custom(inp, first, other, low, high)
    return _between(inp, low, high)


def _bounds(inp: Input) -> tuple[float | None, float | None]:
    low, high = inp.minimum, inp.maximum
    if inp.type is InputType.PERCENT:
        low = 0.0 if low is None else low
        high = 1.0 if high is None else high
    if inp.type is InputType.COUNT and low is None:
        low = 0.0
    return low, high


def _custom(inp: Input, first: str, other: str, low, high) -> DataValidation:
    """A formula rule: the range and "not more than the other answer" in one (one rule a cell)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    checks = [f"ISNUMBER({first})"]
    if inp.type is InputType.COUNT:
        checks.append(f"{first}=INT({first})")
    if low is not None:
        checks.append(f"{first}>={low!r}")
    if high is not None:
        checks.append(f"{first}<={high!r}")
    checks.append(f'OR({other}="",{first}<={other})')
    return DataValidation(type="custom", formula1="AND(" + ",".join(checks) + ")", allow_blank=True)


def _between(inp: Input, low, high) -> DataValidation:
    from openpyxl.worksheet.datavalidation import DataValidation

    kind = "whole" if inp.type is InputType.COUNT else "decimal"
    if low is not None and high is not None:
        return DataValidation(
            type=kind, operator="between", formula1=_num(low), formula2=_num(high), allow_blank=True
        )
    if low is not None:
        return DataValidation(
            type=kind, operator="greaterThanOrEqual", formula1=_num(low), allow_blank=True
        )
    if high is not None:
        return DataValidation(
            type=kind, operator="lessThanOrEqual", formula1=_num(high), allow_blank=True
        )
    return DataValidation(
        type="decimal", operator="between", formula1="-1E+300", formula2="1E+300", allow_blank=True
    )


def _num(value: float) -> str:
    return format_value(value)


def _clip(words: str, limit: int) -> str:
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"
