"""Problems a user can fix, as data: where, what, why, and what to do.

Every phase (syntax, checks, workbook reading, scoring, publishing) reports problems as
:class:`Diagnostic` values instead of raising on the first one, so a user sees all of them at
once. Rendering (text for a terminal, JSON for tools) is separate from the data, and messages are
looked up by code in the catalogue of the phase (``dsl/messages.py``, ``compiler/messages.py``,
``runtime/intake/messages.py`` …, registered in :mod:`cqdt.i18n`), in Vietnamese and English.

A diagnostic points either at a framework file (:class:`Span`: file, line, column) or at a
workbook cell (:class:`CellRef`: ``Sheet!B7``). :func:`diagnostic` is the one way to build one
from a code: it finds the code's catalogue in the registry of :mod:`cqdt.i18n`, renders the
message and the hint, and looks related notes up as ``CODE.<note>``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from cqdt.i18n import catalogue_of


@dataclass(frozen=True, order=True)
class Span:
    """A region of a source file; lines and columns count from 1, ``end_col`` is exclusive.

    Spans never take part in equality of the nodes that carry them: two frameworks that differ
    only in layout are the same framework.
    """

    file: str
    line: int
    col: int
    end_line: int
    end_col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


NO_SPAN = Span("<generated>", 0, 0, 0, 0)


@dataclass(frozen=True, order=True)
class CellRef:
    """A cell of a workbook (or a row/column of a CSV file): ``Sheet!B7``."""

    sheet: str
    cell: str
    file: str = ""

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One problem: a stable code, a message, where it is, and a hint.

    ``message`` and ``hint`` are already rendered in the user's language. ``related`` holds
    secondary places (each edge of a cycle, the first of two duplicates) with a short note each.
    ``path`` is the framework path (``category › group › indicator``) the problem sits under.
    """

    code: str
    severity: Severity
    message: str
    where: Span | CellRef | None = None
    hint: str = ""
    path: str = ""
    related: tuple[tuple[Span | CellRef, str], ...] = ()
    value: str | None = None  # the offending value, for data problems
    expected: str | None = None  # what valid input looks like, for data problems

    @classmethod
    def error(cls, code: str, message: str, *, hint: str = "", where=None) -> Diagnostic:
        """An error with an already rendered message and no catalogue entry.

        Kept for callers not yet moved; a code belongs in a catalogue and is built with
        :func:`diagnostic`, which ``tests/project/test_diagnostic_codes.py`` holds every code to.
        """
        return cls(code=code, severity=Severity.ERROR, message=message, where=where, hint=hint)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple:
        where = self.where
        if isinstance(where, Span):
            return (0, where.file, where.line, where.col, self.code)
        if isinstance(where, CellRef):
            return (1, where.file, where.sheet, _cell_order(where.cell), self.code)
        return (2, "", 0, 0, self.code)


def diagnostic(
    code: str,
    where: Span | CellRef | None = None,
    /,
    *,
    path: str = "",
    related: tuple[tuple[Span | CellRef, str], ...] = (),
    value: object = None,
    expected: str | None = None,
    hint: str | None = None,
    hint_code: str | None = None,
    hint_fields: dict[str, object] | None = None,
    warning: bool | None = None,
    lang: str | None = None,
    **fields: object,
) -> Diagnostic:
    """The diagnostic ``code`` at ``where``, its message and hint rendered now from the catalogue.

    The hint is ``hint`` if given (already rendered), else the message ``hint_code``, else the
    code's own hint (``CODE.hint``, or ``CODE.hint_none`` when a ``suggestion`` field is empty),
    filled with ``hint_fields`` (default: ``fields``). A related note that names a part of the
    code (``"first"`` → ``CODE.first``) is looked up; any other note is kept as written.
    ``value`` and ``expected`` fill the message's ``{value}``/``{expected}`` fields too.
    Severity: a warning when ``warning`` says so, else by the letter (``W…`` codes).
    """
    catalogue = catalogue_of(code)
    messages = catalogue.messages
    given = {"value": value, "expected": expected}
    fields = {**{k: v for k, v in given.items() if v is not None}, **fields}
    if hint is None:
        hint_with = fields if hint_fields is None else hint_fields
        hint = _hint_text(catalogue, code, hint_code, hint_with, lang)
    notes = tuple(
        (
            place,
            messages[f"{code}.{note}"].render(lang, **fields)
            if f"{code}.{note}" in messages
            else note,
        )
        for place, note in related
    )
    if warning is None:
        warning = code.startswith("W")
    return Diagnostic(
        code=code,
        severity=Severity.WARNING if warning else Severity.ERROR,
        message=messages[code].render(lang, **fields),
        where=where,
        hint=hint,
        path=path,
        related=notes,
        value=None if value is None else str(value),
        expected=expected,
    )


def _hint_text(catalogue, code: str, hint_code: str | None, fields, lang: str | None) -> str:
    messages = catalogue.messages
    if hint_code is None and "suggestion" in fields and not fields["suggestion"]:
        if f"{code}.hint_none" in messages:
            hint_code = f"{code}.hint_none"
    chosen = messages.get(hint_code) if hint_code is not None else catalogue.hint(code)
    return chosen.render(lang, **fields) if chosen is not None else ""


def _cell_order(cell: str) -> tuple[int, int]:
    """``B7`` → (7, 2): sort cells row by row, then column by column."""
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    col = 0
    for ch in letters.upper():
        col = col * 26 + (ord(ch) - 64)
    return (int(digits) if digits else 0, col)


@dataclass
class DiagnosticBag:
    """Collects diagnostics during a phase; later phases keep going after errors."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def extend(self, diagnostics) -> None:
        self.items.extend(diagnostics)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=Diagnostic.sort_key)


class CqdtError(Exception):
    """Raised when a phase cannot go on; carries every diagnostic found so far.

    The command line renders them and exits with status 1; the Python API lets callers inspect
    ``.diagnostics``. It is never raised for a bug in cqdt itself.
    """

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
        first = self.diagnostics[0] if self.diagnostics else None
        if first is None:
            summary = "error"
        elif first.where is None:
            summary = first.message
        else:
            summary = f"{first.where}: {first.message}"
        more = len(self.diagnostics) - 1
        super().__init__(summary + (f" (and {more} more)" if more > 0 else ""))


class InternalError(Exception):
    """A broken invariant inside cqdt: a bug to report, never the user's mistake.

    The command line prints the "please report" message and exits with status 70; the
    ``diagnostics`` (possibly empty) describe what was found, for the report.
    """

    #: The exit status of the command line for a bug in cqdt (``EX_SOFTWARE`` of sysexits.h).
    exit_code = 70

    def __init__(self, summary: str, diagnostics: list[Diagnostic] | None = None):
        self.summary = summary
        self.diagnostics = sorted(diagnostics or [], key=Diagnostic.sort_key)
        details = "; ".join(d.message for d in self.diagnostics)
        super().__init__(summary + (f": {details}" if details else ""))
