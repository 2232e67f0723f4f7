"""History as people read it: the trend page (tables and inline SVG charts) and history.xlsx.

:mod:`cqdt.runtime.history` lines the editions up as numbers; this module formats them once
(:mod:`cqdt.number_format`, with the latest edition's decimals) into a view the template
prints, draws the charts' coordinates, and writes the same tables as a workbook. The page is
the site's ``history.html`` when ``cqdt score … --formats site --history OLD.json`` is run, and
``cqdt history`` writes it stand-alone next to ``history.xlsx``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from cqdt.number_format import format_number
from cqdt.runtime.history import History, TierTrend, UnitTrend
from cqdt.runtime.publish.site_labels import labels as label_table

__all__ = ["HistoryView", "history_files", "history_view", "history_xlsx_bytes"]

#: The plot area of a trend chart (SVG user units).
_WIDTH, _HEIGHT, _LEFT, _TOP = 560, 200, 60, 20


@dataclass(frozen=True)
class Series:
    """One line of a chart: its name, points ``(x, y)`` and the value text at each point."""

    name: str
    points: tuple[tuple[float, float], ...]
    texts: tuple[str, ...]
    css: str


@dataclass(frozen=True)
class Chart:
    caption: str
    series: tuple[Series, ...]
    ticks: tuple[tuple[float, str], ...]  # (x, edition label)
    grid: tuple[tuple[float, str], ...]  # (y, value label)


@dataclass(frozen=True)
class UnitLine:
    code: str
    name: str
    totals: tuple[str, ...]
    ranks: tuple[str, ...]
    levels: tuple[str, ...]
    change: str
    note: str
    sparkline: str  # SVG polyline points, "" with fewer than two values


@dataclass(frozen=True)
class TierView:
    id: str
    label: str
    rows: tuple[tuple[str, str, str, str, str], ...]  # edition, units, mean, best, lowest
    chart: Chart
    units: tuple[UnitLine, ...]
    indicators: tuple[tuple[str, tuple[str, ...]], ...]  # (id, mean per edition)


@dataclass(frozen=True)
class HistoryView:
    lang: str
    labels: Mapping[str, str] = field(hash=False)
    editions: tuple[str, ...]
    sources: tuple[str, ...]
    tiers: tuple[TierView, ...]
    notes: tuple[str, ...]


def history_view(history: History, lang: str) -> HistoryView:
    """Every number of ``history`` as text, and its charts, in ``lang``."""
    words = label_table(lang)
    decimals = history.editions[-1].decimals if history.editions else 2

    def num(value) -> str:
        return words["history_absent"] if value is None else format_number(value, decimals, lang)

    editions = tuple(e.label for e in history.editions)
    tiers = tuple(
        _tier_view(t, history, editions, words, num, lang, decimals) for t in history.tiers
    )
    return HistoryView(
        lang=lang,
        labels=words,
        editions=editions,
        sources=tuple(e.source for e in history.editions),
        tiers=tiers,
        notes=_notes(history, words),
    )


def _notes(history: History, words) -> tuple[str, ...]:
    if history.successors:
        pairs = ", ".join(f"{old} → {new}" for _, old, new in history.successors)
        how = words["history_by_successor"].format(pairs=pairs)
    else:
        how = words["history_by_code"]
    notes = [words["history_followed"].format(how=how)]
    if history.renames:
        pairs = ", ".join(f"{old} → {new}" for old, new in history.renames)
        notes.append(words["history_renamed"].format(pairs=pairs))
    return tuple(notes)


def _tier_view(tier: TierTrend, history: History, editions, words, num, lang, decimals):
    rows = tuple(
        (
            editions[e],
            str(tier.units[e]),
            num(tier.means[e]),
            num(tier.best[e]),
            num(tier.lowest[e]),
        )
        for e in range(len(editions))
    )
    chart = _chart(
        words["history_chart"].format(tier=tier.label),
        editions,
        [
            (words["history_best"], tier.best, "best"),
            (words["history_mean"], tier.means, "mean"),
            (words["history_lowest"], tier.lowest, "lowest"),
        ],
        num,
    )
    units = tuple(_unit_line(u, words, num, lang, decimals) for u in history.tier_units(tier.id))
    indicators = tuple((i.id, tuple(num(m) for m in i.means)) for i in tier.indicators)
    return TierView(tier.id, tier.label, rows, chart, units, indicators)


def _unit_line(unit: UnitTrend, words, num, lang: str, decimals: int) -> UnitLine:
    present = [t for t in unit.totals if t is not None]
    change = ""
    if len(present) >= 2:
        change = format_number(present[-1] - present[0], decimals, lang, signed=True)
    note = ""
    if unit.merged_into:
        note = f"→ {unit.merged_into}"
    elif len({c for c in unit.codes if c}) > 1:
        note = " → ".join(dict.fromkeys(c for c in unit.codes if c))
    return UnitLine(
        code=unit.code,
        name=unit.name,
        totals=tuple(num(t) for t in unit.totals),
        ranks=tuple(words["history_absent"] if r is None else str(r) for r in unit.ranks),
        levels=tuple(" / ".join(x for x in lv if x) for lv in unit.levels),
        change=change,
        note=note,
        sparkline=_sparkline(unit.totals),
    )


def _sparkline(values: Sequence[float | None]) -> str:
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return ""
    low, high = min(v for _, v in known), max(v for _, v in known)
    span = (high - low) or 1.0
    step = 80 / max(len(values) - 1, 1)
    coordinates = ((round(2 + i * step, 1), round(18 - 16 * (v - low) / span, 1)) for i, v in known)
    return " ".join(f"{x},{y}" for x, y in coordinates)  # SVG user units, not for people


def _chart(caption: str, editions, lines, num) -> Chart:
    values = [v for _, series, _ in lines for v in series if v is not None]
    top = max(values, default=1.0) or 1.0
    step = _WIDTH / max(len(editions) - 1, 1)

    def x(i: int) -> float:
        return round(_LEFT + (i * step if len(editions) > 1 else _WIDTH / 2), 1)

    def y(v: float) -> float:
        return round(_TOP + _HEIGHT - _HEIGHT * v / top, 1)

    series = tuple(
        Series(
            name,
            tuple((x(i), y(v)) for i, v in enumerate(data) if v is not None),
            tuple(num(v) for v in data if v is not None),
            css,
        )
        for name, data, css in lines
    )
    ticks = tuple((x(i), label) for i, label in enumerate(editions))
    grid = tuple((y(top * k / 4), num(top * k / 4)) for k in range(5))
    return Chart(caption, series, ticks, grid)


# -- the workbook ------------------------------------------------------------------------------


def history_xlsx_bytes(view: HistoryView) -> bytes:
    """The trends as a workbook: one sheet of tiers, one of units, one of notes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from cqdt.runtime.intake.workbook import set_text, workbook_bytes

    words = view.labels
    wb = Workbook()
    bold = Font(bold=True)
    tiers = wb.active
    tiers.title = words["history_sheet_tiers"]
    head = [words["history_tier_col"], words["history_edition"], words["history_units"]]
    head += [words["history_mean"], words["history_best"], words["history_lowest"]]
    tiers.append(head)
    for tier in view.tiers:
        for row in tier.rows:
            tiers.append([tier.label, *row[:1], int(row[1]), *row[2:]])
    units = wb.create_sheet(words["history_sheet_units"])
    head = [words["history_tier_col"], words["site_code"], words["site_unit"]]
    head += [f"{words['total']} {e}" for e in view.editions]
    head += [f"{words['site_rank']} {e}" for e in view.editions]
    head += [words["history_change"], ""]
    units.append(head)
    for tier in view.tiers:
        for line in tier.units:
            row = [tier.label, None, None, *line.totals, *line.ranks, line.change, line.note]
            units.append(row)
            set_text(units.cell(row=units.max_row, column=2), line.code)
            set_text(units.cell(row=units.max_row, column=3), line.name)
    notes = wb.create_sheet(words["history_sheet_notes"])
    for source in view.sources:
        notes.append([source])
    for note in view.notes:
        notes.append([note])
    for sheet in (tiers, units):
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
    return workbook_bytes(wb)


def history_files(history: History, lang: str, templates_dir=None, version: str = "") -> dict:
    """``history.html`` (stand-alone) and ``history.xlsx``, as bytes."""
    from cqdt.runtime.publish.sandbox import make_environment, render_template
    from cqdt.runtime.publish.site_page import SitePage

    view = history_view(history, lang)
    env = make_environment(templates_dir, autoescape=True)
    page = SitePage("", "history", False, view.labels["history_title"], lang, version, True)
    html = render_template(
        env, "site/history.html.j2", {"L": view.labels, "page": page, "history": view}
    )
    return {"history.html": html.encode("utf-8"), "history.xlsx": history_xlsx_bytes(view)}
