"""Diagnostics → text for a terminal, or JSON for tools. Rendering only: no checking here.

Text form (one block per diagnostic, blocks separated by a blank line)::

    demo.cqdt:29:11: error[E401]: Điểm tối đa của 'infrastructure' (UBND cấp xã) là 40, …
       |
    29 |     group infrastructure "Cơ sở hạ tầng thông tin" max 40 {
       |           ^^^^^^^^^^^^^^
       = tại: readiness › infrastructure
       = gợi ý: sửa điểm tối đa cho khớp …

A related place (the first of two duplicates, each edge of a cycle) is shown the same way under
``ghi chú:`` (``note:``). A workbook cell shows ``Sheet!B7: error[CODE]: message`` then
``giá trị:`` / ``value:`` and ``cần:`` / ``expected:``. Every label a person reads is in the
language in force (:data:`LABELS`); only the head ``error[CODE]`` / ``warning[CODE]`` stays the
same in both languages, like the code itself, so scripts and editors can find it.

A bug in cqdt (:class:`~cqdt.diagnostics.InternalError`, exit status 70) is rendered by
:func:`render_internal` / :func:`render_internal_json`: the head ``error[internal]``, what was
found (the plan's diagnostics), and the "please report" line, never the user's to fix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping

from cqdt.diagnostics import CellRef, Diagnostic, InternalError, Severity, Span
from cqdt.i18n import text as say

#: The fixed words of the text form: label → (Vietnamese, English).
LABELS = {
    "in": ("tại", "in"),
    "note": ("ghi chú", "note"),
    "hint": ("gợi ý", "hint"),
    "value": ("giá trị", "value"),
    "expected": ("cần", "expected"),
}


def label(name: str) -> str:
    """A fixed word of the text form in the language in force: ``label("hint")`` → "gợi ý"."""
    vi, en = LABELS[name]
    return say(vi, en)


_RED, _YELLOW, _BLUE, _BOLD, _RESET = "\x1b[31m", "\x1b[33m", "\x1b[34m", "\x1b[1m", "\x1b[0m"


def render_text(
    diags: Iterable[Diagnostic],
    sources: Mapping[str, str] | None = None,
    color: bool = False,
    summary: bool = True,
) -> str:
    """All diagnostics as text, sorted by position, with a count at the end (``summary=False``
    leaves the count to the caller, e.g. a command that sums over several files)."""
    items = sorted(diags, key=Diagnostic.sort_key)
    if not items:
        return ""
    lines_of = {
        name: text.replace("\r\n", "\n").split("\n") for name, text in (sources or {}).items()
    }
    blocks = [_render_one(d, lines_of, color) for d in items]
    errors = sum(d.is_error for d in items)
    warnings = len(items) - errors
    if not summary:
        return "\n\n".join(blocks) + "\n"
    count = say(f"{errors} lỗi, {warnings} cảnh báo", f"{errors} error(s), {warnings} warning(s)")
    return "\n\n".join(blocks) + "\n\n" + count + "\n"


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def _render_one(d: Diagnostic, lines_of: Mapping[str, list[str]], color: bool) -> str:
    severity = "error" if d.severity is Severity.ERROR else "warning"
    head_color = _RED if d.is_error else _YELLOW
    where = _where(d.where)
    head = _paint(f"{severity}[{d.code}]", _BOLD + head_color, color)
    out = [f"{where}: {head}: {d.message}" if where else f"{head}: {d.message}"]
    if isinstance(d.where, Span):
        out += _excerpt(d.where, lines_of, color, head_color)
    if d.value is not None:
        out.append(f"   = {label('value')}: {d.value}")
    if d.expected is not None:
        out.append(f"   = {label('expected')}: {d.expected}")
    if d.path:
        out.append(f"   = {label('in')}: {d.path}")
    for place, note in d.related:
        out.append(f"   = {label('note')}: {_where(place)}: {note}")
        if isinstance(place, Span):
            out += _excerpt(place, lines_of, color, _BLUE)
    if d.hint:
        out.append(f"   = {label('hint')}: {d.hint}")
    return "\n".join(out)


def _where(place: Span | CellRef | None) -> str:
    if isinstance(place, Span):
        return f"{place.file}:{place.line}:{place.col}"
    if isinstance(place, CellRef):
        return str(place)  # ``Sheet!B7``, or the file alone for a problem of the whole file
    return ""


#: Longest part of a source line shown; longer lines are cut around the marker.
WINDOW = 100
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _excerpt(span: Span, lines_of: Mapping[str, list[str]], color: bool, marker: str) -> list[str]:
    """The source line with ``^^^^`` under the span (first line of a multi-line span).

    Control characters show as ``�`` and a very long line is cut to a window around the span,
    so a hostile file cannot flood the terminal.
    """
    lines = lines_of.get(span.file)
    if not lines or not 1 <= span.line <= len(lines):
        return []
    source = _CONTROL.sub("\ufffd", lines[span.line - 1].replace("\t", " "))
    number = str(span.line)
    gutter = " " * len(number)
    start = max(span.col - 1, 0)
    end = span.end_col - 1 if span.end_line == span.line else len(source)
    if len(source) > WINDOW:
        first = max(0, min(start - WINDOW // 2, len(source) - WINDOW))
        cut = source[first : first + WINDOW]
        source = ("…" if first else "") + cut + ("…" if first + WINDOW < len(source) else "")
        shift = first - (1 if first else 0)
        start, end = start - shift, min(end - shift, len(source))
    width = max(min(end, len(source)) - start, 1)
    carets = _paint("^" * width, marker, color)
    return [f"{gutter} |", f"{number} | {source}", f"{gutter} | {' ' * start}{carets}"]


def diagnostic_data(d: Diagnostic) -> dict:
    """One diagnostic as plain data (the JSON form)."""
    return {
        "code": d.code,
        "severity": d.severity.value,
        "message": d.message,
        "where": _place_data(d.where),
        "path": d.path or None,
        "hint": d.hint or None,
        "related": [{"where": _place_data(p), "note": note} for p, note in d.related],
        "value": d.value,
        "expected": d.expected,
    }


def _place_data(place: Span | CellRef | None) -> dict | None:
    if isinstance(place, Span):
        return {
            "file": place.file,
            "line": place.line,
            "col": place.col,
            "end_line": place.end_line,
            "end_col": place.end_col,
        }
    if isinstance(place, CellRef):
        return {"file": place.file or None, "sheet": place.sheet, "cell": place.cell}
    return None


def render_json(diags: Iterable[Diagnostic]) -> str:
    """``{"diagnostics": […], "errors": N, "warnings": M}`` with the same content as the text."""
    items = sorted(diags, key=Diagnostic.sort_key)
    errors = sum(d.is_error for d in items)
    payload = {
        "diagnostics": [diagnostic_data(d) for d in items],
        "errors": errors,
        "warnings": len(items) - errors,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


#: The head and the last line of a bug report (exit 70): (Vietnamese, English).
INTERNAL = (
    "lỗi nội bộ của cqdt, không phải lỗi của bạn",
    "an internal error in cqdt, not your mistake",
)
PLEASE_REPORT = (
    "xin báo lỗi này cho nhóm phát triển cqdt, gửi kèm tệp bộ tiêu chí, lệnh đã chạy và toàn "
    "bộ thông báo này",
    "please report this to the cqdt developers, with the framework file, the command you ran "
    "and this whole message",
)


def render_internal(
    error: InternalError, sources: Mapping[str, str] | None = None, color: bool = False
) -> str:
    """A bug in cqdt as text: ``error[internal]: …``, what was found, then "please report"."""
    head = _paint("error[internal]", _BOLD + _RED, color)
    out = [
        f"{head}: {say(*INTERNAL)}: {error.summary}\n   = {label('hint')}: {say(*PLEASE_REPORT)}"
    ]
    if error.diagnostics:
        out.append(render_text(error.diagnostics, sources, color, summary=False).rstrip("\n"))
    return "\n\n".join(out) + "\n"


def render_internal_json(error: InternalError) -> str:
    """The same bug report as data: ``{"internal_error": …, "diagnostics": […], …}``."""
    payload = {
        "internal_error": error.summary,
        "exit_code": error.exit_code,
        "diagnostics": [diagnostic_data(d) for d in error.diagnostics],
        "report": say(*PLEASE_REPORT),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
