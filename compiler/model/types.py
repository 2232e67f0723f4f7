"""What each input type is, everywhere: its kind of value, its column dtype, its form label.

One table, read by the type checks and the plan (the kind of value a rule compares), the readers (the dtype of the
inputs frame, which cells are numbers), the scorer (what a column must hold), and the form (the
type shown next to a question). Adding an input type means one new row here, not five tables
to keep in step. Dtypes are Polars dtype names: the model knows no Polars.

>>> INPUT_TYPES[InputType.PERCENT].dtype, value_kind(InputType.YESNO).value
('Float64', 'bool')
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from cqdt.compiler.model.nodes import InputType

__all__ = [
    "DTYPE_OF_KIND",
    "INPUT_TYPES",
    "NUMERIC",
    "InputTypeInfo",
    "ValueKind",
    "input_dtype",
    "value_kind",
]


class ValueKind(enum.Enum):
    """The static type of an expression's value, which decides how it is compared."""

    NUMBER = "number"
    BOOL = "bool"
    TEXT = "text"


#: Results-frame dtype of each kind of value, by Polars dtype name.
DTYPE_OF_KIND = {ValueKind.NUMBER: "Float64", ValueKind.BOOL: "Boolean", ValueKind.TEXT: "String"}


@dataclass(frozen=True)
class InputTypeInfo:
    """One input type: ``kind`` of its values, ``form_label`` (the form is in Vietnamese),
    ``expected`` (what a column of it must hold, Vietnamese and English, for messages) and
    ``rule_kind``, what the type checks call it (they tell an option from free text: a rule
    may compare an option, never a text)."""

    kind: ValueKind
    form_label: str
    expected: tuple[str, str]
    rule_kind: str
    #: the values an answer can take before any ``range`` narrows them, as a number in a rule
    #: (a yes/no counts as 0 or 1 in arithmetic); None: never a number (the bounds check)
    natural_range: tuple[float, float] | None = None

    @property
    def dtype(self) -> str:
        """The Polars dtype name of its column in the inputs and results frames."""
        return DTYPE_OF_KIND[self.kind]


INPUT_TYPES: dict[InputType, InputTypeInfo] = {
    InputType.NUMBER: InputTypeInfo(
        ValueKind.NUMBER, "số", ("một số", "a number"), "number", (-math.inf, math.inf)
    ),
    InputType.COUNT: InputTypeInfo(
        ValueKind.NUMBER, "số nguyên", ("một số", "a number"), "number", (0.0, math.inf)
    ),
    InputType.PERCENT: InputTypeInfo(
        ValueKind.NUMBER, "tỷ lệ %", ("một tỷ lệ (0–1)", "a fraction (0–1)"), "number", (0.0, 1.0)
    ),
    InputType.YESNO: InputTypeInfo(
        ValueKind.BOOL, "Có/Không", ("có/không", "yes/no"), "bool", (0.0, 1.0)
    ),
    InputType.CHOICE: InputTypeInfo(
        ValueKind.TEXT, "lựa chọn", ("một lựa chọn", "an option"), "choice"
    ),
    InputType.TEXT: InputTypeInfo(ValueKind.TEXT, "văn bản", ("văn bản", "text"), "text"),
}

#: Input types whose answers are numbers (read as floats).
NUMERIC = tuple(t for t, info in INPUT_TYPES.items() if info.kind is ValueKind.NUMBER)


def value_kind(t: InputType) -> ValueKind:
    """The kind of value an input of type ``t`` holds."""
    return INPUT_TYPES[t].kind


def input_dtype(t: InputType) -> str:
    """The Polars dtype name of an input of type ``t``."""
    return INPUT_TYPES[t].dtype
