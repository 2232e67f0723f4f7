"""Who issues the decision the annex is attached to, its number and date, who signs it.

The annex prints "(Kèm theo Quyết định số 290/QĐ-UBND ngày 21 tháng 02 năm 2019 của UBND tỉnh
Bắc Kạn)". These facts are not part of the framework (the same criteria serve several years'
decisions), so they come from command-line options or a small TOML file kept with the data::

    number = "290/QĐ-UBND"
    date = 2019-02-21          # or "21/02/2019"
    issuer = "UBND tỉnh Bắc Kạn"
    place = "Bắc Kạn"
    signer_title = "CHỦ TỊCH"
    signer_name = "Nguyễn Văn A"
    annex_number = 1           # printed "PHỤ LỤC I" when a decision has several annexes
    issuing_body = "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN"  # header line; default: issuer spelled out
    results_title = "KẾT QUẢ ĐÁNH GIÁ, XẾP HẠNG …"  # under "PHỤ LỤC"; default from the framework
    style = "decision"         # or "neutral": no national motto, for an index that is no decision
    charts = true              # false: tables only
    group_columns = false      # true: each group's (pillar's) points in the ranking tables
    provenance_page = true     # false: no page of file hashes after the annex

Every fact is optional: what is missing prints as dots (``……``), ready to fill in by hand.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from cqdt.diagnostics import CqdtError, Diagnostic, Span, diagnostic
from cqdt.runtime.publish.report_messages import CATALOGUE  # noqa: F401 - registers the codes
from cqdt.suggest import suggest

__all__ = ["STYLES", "DecisionInfo", "load_decision", "parse_date"]


@dataclass(frozen=True)
class DecisionInfo:
    """The decision the annex belongs to; ``None`` means "not known yet"."""

    number: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    place: str | None = None
    signer_title: str | None = None
    signer_name: str | None = None
    annex_number: int | None = None
    #: The issuing body as the header prints it, when spelling out ``issuer`` is not enough;
    #: a line break in it is kept.
    issuing_body: str | None = None
    #: The title under "PHỤ LỤC" (default: built from the framework's title and year).
    results_title: str | None = None
    #: ``"decision"`` (Decree 30 layout) or ``"neutral"`` (no national title and motto).
    style: str = "decision"
    charts: bool = True
    group_columns: bool = False
    provenance_page: bool = True


_KEYS = tuple(f.name for f in fields(DecisionInfo))
_FLAGS = ("charts", "group_columns", "provenance_page")
#: The annex styles a decision file may choose.
STYLES = ("decision", "neutral")
_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


def parse_date(value: str) -> dt.date | None:
    """``"21/02/2019"`` (Vietnamese order) or ``"2019-02-21"`` → a date; ``None`` otherwise."""
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def load_decision(path: str | Path) -> DecisionInfo:
    """Read a decision TOML file (keys at the top or under ``[decision]``).

    Every problem (unknown key, wrong type, unreadable file) is collected and raised together
    as a :class:`CqdtError`, each pointing at the line of the key.
    """
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
        data = tomllib.loads(source)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CqdtError(
            [diagnostic("decision-read", Span(str(path), 1, 1, 1, 1), reason=str(exc))]
        ) from None
    if isinstance(data.get("decision"), dict):
        data = data["decision"]
    problems: list[Diagnostic] = []
    values: dict[str, object] = {}
    for key, value in data.items():
        where = _key_span(path, source, key)
        if key not in _KEYS:
            close = suggest(key, _KEYS)
            suggestion = f" ({close}?)" if close else ""
            problems.append(
                diagnostic(
                    "decision-key", where, key=key, keys=", ".join(_KEYS), suggestion=suggestion
                )
            )
            continue
        converted, expected = _convert(key, value)
        if expected is not None:
            problems.append(
                diagnostic(
                    "decision-type",
                    where,
                    key=key,
                    value=repr(value),
                    expected=expected,
                )
            )
            continue
        values[key] = converted
    if problems:
        raise CqdtError(problems)
    return DecisionInfo(**values)


def _convert(key: str, value: object) -> tuple[object, str | None]:
    """The value for ``key`` and ``None``, or ``None`` and a description of what is expected."""
    if key == "date":
        if isinstance(value, dt.datetime):
            return value.date(), None
        if isinstance(value, dt.date):
            return value, None
        if isinstance(value, str) and (parsed := parse_date(value)) is not None:
            return parsed, None
        return None, '2019-02-21 / "21/02/2019"'
    if key == "annex_number":
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 4000:
            return value, None
        return None, "1, 2, 3 …"
    if key in _FLAGS:
        return (value, None) if isinstance(value, bool) else (None, "true / false")
    if key == "style":
        if value in STYLES:
            return value, None
        return None, " / ".join(f'"{s}"' for s in STYLES)
    if isinstance(value, str) and value.strip():
        if key == "issuing_body":  # its line breaks are the header's
            return "\n".join(line.strip() for line in value.strip().splitlines()), None
        return value.strip(), None
    return None, '"…"'


def _key_span(path: Path, source: str, key: str) -> Span:
    """Where ``key = …`` is written (line 1 when it cannot be found)."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", re.MULTILINE)
    match = pattern.search(source)
    if match is None:
        return Span(str(path), 1, 1, 1, 1)
    line = source.count("\n", 0, match.start()) + 1
    col = match.start() - (source.rfind("\n", 0, match.start()) + 1) + 1
    col += len(match.group(0)) - len(match.group(0).lstrip())
    return Span(str(path), line, col, line, col + len(key))
