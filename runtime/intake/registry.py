"""The units being rated: who must answer, in which tier, in which order.

A registry is a CSV file with the columns ``tier,code,name,parent`` (``parent`` may be empty:
a commune's district code), and optionally the unit's history: ``valid_from``, ``valid_to``
(the first day it exists and the first day it no longer does, ``01/02/2020`` or
``2020-02-01``), ``merged_into`` (the code of the unit it became part of) and ``split_from``
(the code of the unit it was carved out of). One file then serves every year: a run keeps
the units that exist at the end of the framework's period (:func:`evaluation_day`). It is what makes "a unit is never dropped or invented silently"
checkable: with a registry, the reader reports every unit without a row and every row whose
code is unknown. Registries change from year to year (mergers), so they live next to the data,
not in the framework.

>>> reg = UnitRegistry((Unit("province", "P01", "Sở Nội vụ"), Unit("district", "058", "Pác Nặm")))
>>> reg.get("district", "058").name
'Pác Nặm'
>>> [u.code for u in reg.by_tier("province")]
['P01']
"""

from __future__ import annotations

import csv
import datetime
import os
import re
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cqdt.diagnostics import CqdtError, Diagnostic, Span
from cqdt.i18n import text
from cqdt.runtime.intake.messages import data_diagnostic
from cqdt.runtime.intake.values import normalize_text

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    from cqdt.compiler.model.nodes import Framework

__all__ = [
    "COLUMNS",
    "Unit",
    "UnitRegistry",
    "evaluation_day",
    "load_units",
    "parse_day",
    "registered_without_data",
    "unknown_tiers",
    "unregistered",
]

#: Columns of a units file, in order; all but the first three are optional.
COLUMNS = ("tier", "code", "name", "parent", "valid_from", "valid_to", "merged_into", "split_from")
HISTORY = COLUMNS[4:]


@dataclass(frozen=True)
class Unit:
    """One rated unit (a department, a district, a commune); ``line`` is where the registry
    file lists it (0: not from a file), so a problem with the unit points at that line."""

    tier: str
    code: str
    name: str
    parent: str | None = None
    line: int = field(default=0, compare=False)
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    merged_into: str | None = None
    split_from: str | None = None

    def valid_on(self, day: datetime.date) -> bool:
        """Whether the unit exists on ``day`` (from ``valid_from``, until before ``valid_to``)."""
        after = self.valid_from is None or self.valid_from <= day
        return after and (self.valid_to is None or day < self.valid_to)


class UnitRegistry:
    """Units in file order, looked up by ``(tier, code)``; codes are unique within a tier."""

    def __init__(self, units: tuple[Unit, ...] | list[Unit], path: Path | None = None):
        self.units: tuple[Unit, ...] = tuple(units)
        self.path = path
        self._index = {(u.tier, u.code): u for u in self.units}

    def __iter__(self) -> Iterator[Unit]:
        return iter(self.units)

    def __len__(self) -> int:
        return len(self.units)

    def by_tier(self, tier: str) -> tuple[Unit, ...]:
        """The units of ``tier``, in file order."""
        return tuple(u for u in self.units if u.tier == tier)

    def get(self, tier: str, code: str) -> Unit | None:
        """The unit ``code`` of ``tier``, or ``None``."""
        return self._index.get((tier, code))

    @property
    def tiers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(u.tier for u in self.units))

    def valid_on(self, day: datetime.date | None) -> UnitRegistry:
        """The units that exist on ``day`` (all of them for ``None``), same order and path."""
        if day is None:
            return self
        return UnitRegistry(tuple(u for u in self.units if u.valid_on(day)), self.path)


def evaluation_day(fw: Framework) -> datetime.date | None:
    """The day a run's units must exist on: the last date of the framework's period
    (``01/01/2020 – 31/12/2020``), else 31 December of its year, else ``None`` (every unit)."""
    dates = re.findall(r"(\d{1,2})/(\d{1,2})/(\d{4})", fw.meta.period or "")
    if dates:
        d, m, y = (int(x) for x in dates[-1])
        try:
            return datetime.date(y, m, d)
        except ValueError:
            pass
    return datetime.date(fw.meta.year, 12, 31) if fw.meta.year else None


def parse_day(value: str) -> datetime.date | None:
    """``01/02/2020`` (day first, as Vietnamese documents write it) or ``2020-02-01``; ``None``
    for anything else."""
    for pattern, order in (
        (r"(\d{1,2})/(\d{1,2})/(\d{4})", "dmy"),
        (r"(\d{4})-(\d{2})-(\d{2})", "ymd"),
    ):
        match = re.fullmatch(pattern, value.strip())
        if match:
            parts = dict(zip(order, (int(x) for x in match.groups()), strict=True))
            try:
                return datetime.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                return None
    return None


def load_units(path: str | os.PathLike[str]) -> UnitRegistry:
    """Read a units CSV (UTF-8, BOM allowed); every bad row is reported at ``file:line``.

    Raises :class:`CqdtError` on unknown or missing columns, duplicate codes within a tier,
    rows without tier or code, and empty names.
    """
    path = Path(path)
    problems: list[Diagnostic] = []
    reader = None
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        # csv.Error: a field over the csv module's limit (a 200,000-character name), a NUL.
        line = reader.line_num if reader is not None and reader.line_num else 1
        raise CqdtError([data_diagnostic("R006", _at(path, line), value=str(exc)[:200])]) from None
    if not rows:
        raise CqdtError([data_diagnostic("R001", _at(path, 1), column="tier")])
    header = [normalize_text(h).lower() for h in rows[0]]
    for column in header:
        if column not in COLUMNS:
            problems.append(
                data_diagnostic(
                    "R002", _at(path, 1), column=column, value=column, expected=", ".join(COLUMNS)
                )
            )
    for column in COLUMNS[:3]:
        if column not in header:
            problems.append(data_diagnostic("R001", _at(path, 1), column=column))
    if problems:
        raise CqdtError(problems)
    position = {name: header.index(name) for name in COLUMNS if name in header}
    units: list[Unit] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(name: str, row: list[str] = row) -> str:
            i = position.get(name)
            return normalize_text(row[i]) if i is not None and i < len(row) else ""

        tier, code, name, parent = cell("tier"), cell("code"), cell("name"), cell("parent")
        history = _history(path, line, {c: cell(c) for c in HISTORY}, problems)
        if not tier or not code:
            problems.append(data_diagnostic("R005", _at(path, line), value=",".join(row)))
            continue
        if (tier, code) in seen:
            problems.append(
                data_diagnostic(
                    "R003",
                    _at(path, line),
                    code=code,
                    tier=tier,
                    value=code,
                    related=(
                        (
                            _at(path, seen[(tier, code)]),
                            text("xuất hiện lần đầu", "first seen here"),
                        ),
                    ),
                )
            )
            continue
        seen[(tier, code)] = line
        if not name:
            problems.append(data_diagnostic("R004", _at(path, line), code=code))
            continue
        units.append(Unit(tier, code, name, parent or None, line, **history))
    if problems:
        raise CqdtError(problems)
    return UnitRegistry(units, path)


def _history(path: Path, line: int, cells: dict[str, str], problems: list) -> dict:
    """The history columns of one line; a date that cannot be read is R008 (never ignored)."""
    found: dict = {"merged_into": cells["merged_into"] or None}
    found["split_from"] = cells["split_from"] or None
    for column in ("valid_from", "valid_to"):
        raw = cells[column]
        day = parse_day(raw) if raw else None
        if raw and day is None:
            problems.append(
                data_diagnostic(
                    "R008", _at(path, line), column=column, value=raw, expected="01/02/2020"
                )
            )
        found[column] = day
    return found


def unknown_tiers(fw: Framework, registry: UnitRegistry) -> list[Diagnostic]:
    """R007 for every registered unit whose tier the framework does not have.

    Such a unit would be asked for by no sheet and no tier of the data, so without this check
    it would vanish from the run (a ``Province`` spelled with a capital, a ``commune`` tier the
    framework dropped). Called once per run, whatever the number of data files.
    """
    known = fw.tier_ids
    path = registry.path or Path("units.csv")
    return [
        data_diagnostic(
            "R007",
            _at(path, unit.line or 1),
            code=unit.code,
            tier=unit.tier,
            value=unit.tier,
            expected=", ".join(known),
            hint_fields={"tiers": ", ".join(known)},
        )
        for unit in registry.units
        if unit.tier not in known
    ]


def registered_without_data(
    fw: Framework, registry: UnitRegistry, seen: Container[tuple[str, str]]
) -> list[Unit]:
    """The registered units of the framework's tiers with no row in ``seen`` (tier, code):
    E904 for a run over several files, "not submitted" for a folder of returned forms."""
    known = set(fw.tier_ids)
    return [u for u in registry.units if u.tier in known and (u.tier, u.code) not in seen]


def unregistered(registry: UnitRegistry, keys: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The ``(tier, code)`` of ``keys`` the registry does not list (D111)."""
    return [(tier, code) for tier, code in keys if registry.get(tier, code) is None]


def _at(path: Path, line: int) -> Span:
    """``units.csv:7:1``: registry problems point at a line of the file."""
    return Span(str(path), line, 1, line, 1)
