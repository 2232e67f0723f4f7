"""The framework diff (and its impact on the data) as text, JSON, Markdown or HTML.

All four formats render one view (:func:`diff_view`): the changes grouped under headings —
general information, tiers, survey form, derived values, then each category › group, the level
table, the total and ranking — each change one sentence from :mod:`cqdt.compiler.diff.messages`
with its flags. Text is for a terminal (ANSI colour when asked), Markdown for a merge request,
HTML (autoescaped) for review and for attaching to the decision draft, JSON for tools; its
schema (``cqdt.diff/1``) is documented in ``docs/diff.md``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from cqdt.compiler.diff.messages import CODE_KINDS, change_sentence, flag_words, word
from cqdt.compiler.diff.model_diff import Change, ChangeKind, Flag, FrameworkDiff
from cqdt.i18n import language
from cqdt.number_format import format_number
from cqdt.runtime.diff.impact import ImpactReport, UnitImpact

__all__ = ["FORMATS", "SCHEMA", "diff_view", "render", "to_json_document"]

#: The formats :func:`render` knows.
FORMATS = ("text", "json", "md", "html")

#: Identifies the JSON document's shape; bumped when it changes incompatibly.
SCHEMA = "cqdt.diff/1"

#: How many indicators explain a unit's change in the text and Markdown forms.
_TOP_CONTRIBUTIONS = 5


@dataclass(frozen=True)
class Line:
    """One change: its sentence, flags, and for a rule the old and new code, shown as blocks."""

    symbol: str  # "+" added, "-" removed, "~" changed
    text: str
    flags: tuple[str, ...]
    code: tuple[tuple[str, str], ...] = ()  # (("cũ", old rule), ("mới", new rule))


@dataclass(frozen=True)
class Block:
    """A heading and its changes; ``depth`` 1 for a section or category, 2 for a group."""

    title: str
    depth: int
    lines: tuple[Line, ...]


_ADDED = {ChangeKind.NODE_ADDED, ChangeKind.TIER_ADDED, ChangeKind.LEVEL_ADDED}
_ADDED |= {ChangeKind.LEVELS_ADDED, ChangeKind.RANKING_ADDED}
_REMOVED = {ChangeKind.NODE_REMOVED, ChangeKind.TIER_REMOVED, ChangeKind.LEVEL_REMOVED}
_REMOVED |= {ChangeKind.LEVELS_REMOVED, ChangeKind.RANKING_REMOVED}


def _symbol(change: Change) -> str:
    return "+" if change.kind in _ADDED else "-" if change.kind in _REMOVED else "~"


def _block_key(change: Change) -> tuple[str, ...]:
    """Which heading a change sits under."""
    if change.node_kind == "tier" or change.kind.value.startswith("tier_"):
        return ("tiers",)
    if change.node_kind == "input":
        return ("inputs",)
    if change.node_kind == "derived":
        return ("derived",)
    if change.kind is ChangeKind.METADATA:
        return ("meta",)
    if not change.path:
        return ("ranking",)
    if change.node_kind == "level" or change.kind.value.startswith("level"):
        return ("tree", change.path[0], "@levels")
    if change.node_kind == "category":
        return ("tree", change.path[0])
    return ("tree", change.path[0], change.path[1])


def _named(diff: FrameworkDiff, node_id: str) -> str:
    label = diff.label(node_id)
    return f"{label} ({node_id})" if label else node_id


def _block_title(diff: FrameworkDiff, key: tuple[str, ...], lang: str) -> str:
    if key[0] != "tree":
        return word("section." + key[0], lang)
    category = f"{word('kind.category', lang).capitalize()} {_named(diff, key[1])}"
    if len(key) == 2:
        return category
    if key[2] == "@levels":
        return f"{diff.label(key[1]) or key[1]} › {word('section.levels', lang)}"
    return f"{diff.label(key[1]) or key[1]} › {_named(diff, key[2])}"


def diff_view(diff: FrameworkDiff, lang: str | None = None) -> list[Block]:
    """The changes under their headings, in the order of the new framework."""
    lang = lang or language()
    order = {"meta": 0, "tiers": 1, "inputs": 2, "derived": 3, "tree": 4, "ranking": 5}
    blocks: dict[tuple[str, ...], list[Line]] = {}
    for change in diff.changes:
        code: tuple[tuple[str, str], ...] = ()
        if change.kind in CODE_KINDS:
            code = tuple(
                (word(side, lang), str(value) if value is not None else word("none", lang))
                for side, value in (("old", change.old), ("new", change.new))
            )
        line = Line(
            _symbol(change),
            change_sentence(change, diff.label, lang),
            tuple(flag_words(change.flags, lang)),
            code,
        )
        blocks.setdefault(_block_key(change), []).append(line)
    # Categories are keyed by their first appearance, which follows the new framework's order.
    first: dict[str, int] = {}
    for i, key in enumerate(blocks):
        if key[0] == "tree":
            first.setdefault(key[1], i)

    def sort_key(item):
        key, _ = item
        if key[0] != "tree":
            return (order[key[0]], 0, 0)
        return (order["tree"], first[key[1]], len(key))

    for key in list(blocks):  # a category's heading comes before its groups' changes
        if key[0] == "tree":
            blocks.setdefault(key[:2], [])
    out = []
    for key, lines in sorted(blocks.items(), key=sort_key):
        depth = 2 if key[0] == "tree" and len(key) == 3 else 1
        out.append(Block(_block_title(diff, key, lang), depth, tuple(lines)))
    return out


# -- text --------------------------------------------------------------------------------------

_ANSI = {"+": "\x1b[32m", "-": "\x1b[31m", "~": "\x1b[33m", "flag": "\x1b[35m", "head": "\x1b[1m"}
_RESET = "\x1b[0m"


def _paint(text: str, what: str, color: bool) -> str:
    return f"{_ANSI[what]}{text}{_RESET}" if color else text


def _summary_lines(diff: FrameworkDiff, lang: str) -> list[str]:
    parts = [word("summary", lang, n=len(diff.changes))]
    for flag in Flag:
        n = len(diff.flagged(flag))
        if n:
            parts.append(word("summary." + flag.value, lang, n=n))
    lines = ["; ".join(parts)]
    if diff.contract_changed:
        lines.append(word("contract_changed", lang))
    return lines


def _header(diff: FrameworkDiff, lang: str) -> list[str]:
    none = word("none", lang)
    return [
        f"{word('title', lang)}: {diff.old_id or none} → {diff.new_id or none}",
        f"  {word('old', lang)}: {diff.old_title or none}",
        f"  {word('new', lang)}: {diff.new_title or none}",
    ]


def _num(value: float | None, decimals: int, lang: str) -> str:
    return "—" if value is None else format_number(value, decimals, lang)


def _signed(value: float, decimals: int, lang: str) -> str:
    return format_number(value, decimals, lang, signed=True)


def _rank(value: int | None, lang: str) -> str:
    return word("impact.unranked", lang) if value is None else str(value)


def _unit_facts(unit: UnitImpact, decimals: int, lang: str, label_of) -> list[str]:
    facts = []
    if unit.total_changed:
        facts.append(
            f"{word('impact.total', lang)} {_num(unit.old_total, decimals, lang)} → "
            f"{_num(unit.new_total, decimals, lang)} ({_signed(unit.total_delta, decimals, lang)})"
        )
    if unit.rank_changed:
        facts.append(
            f"{word('impact.rank', lang)} {_rank(unit.old_rank, lang)} → {_rank(unit.new_rank, lang)}"
        )
    for shift in unit.levels:
        arrow = {1: "↑", -1: "↓", 0: "="}[shift.direction]
        facts.append(
            f"{label_of(shift.category) or shift.category}: {shift.old_label or shift.old or '—'} → "
            f"{shift.new_label or shift.new or '—'} {arrow}"
        )
    return facts


def _because(unit: UnitImpact, decimals: int, lang: str, limit: int | None) -> str:
    shown = unit.contributions if limit is None else unit.contributions[:limit]
    text = ", ".join(f"{c.indicator} {_signed(c.delta, decimals, lang)}" for c in shown)
    if limit is not None and len(unit.contributions) > limit:
        text += ", …"
    return text


def _impact_summary(impact: ImpactReport, lang: str) -> str:
    s = impact.summary()
    return word(
        "impact.summary",
        lang,
        units=s["units"],
        total=s["total_changed"],
        level=s["level_changed"],
        up=s["level_up"],
        down=s["level_down"],
        rank=s["rank_changed"],
    )


def _render_text(diff, impact, lang: str, color: bool) -> str:
    out = [
        _paint(line, "head", color) if i == 0 else line
        for i, line in enumerate(_header(diff, lang))
    ]
    out += _summary_lines(diff, lang) if diff.changes else [word("no_changes", lang)]
    for block in diff_view(diff, lang):
        out.append("")
        indent = "  " * block.depth
        title = f"== {block.title} ==" if block.depth == 1 else f"-- {block.title} --"
        out.append(_paint(("  " * (block.depth - 1)) + title, "head", color))
        for line in block.lines:
            text = f"{indent}{line.symbol} {line.text}"
            text = _paint(text, line.symbol, color)
            if line.flags:
                text += " " + _paint("[" + "; ".join(line.flags) + "]", "flag", color)
            out.append(text)
            for side, code in line.code:
                pad = indent + "    "
                out.append(
                    f"{pad}{side}: " + code.replace("\n", "\n" + pad + " " * (len(side) + 2))
                )
    if impact is not None:
        out += ["", _paint(f"== {word('impact.title', lang)} ==", "head", color)]
        out += _impact_text(impact, lang, color, diff.label)
    return "\n".join(out) + "\n"


def _impact_text(impact: ImpactReport, lang: str, color: bool, label_of) -> list[str]:
    out = []
    if impact.data_path:
        out.append(word("impact.data", lang, path=impact.data_path))
    if impact.assumed_inputs:
        out.append(word("impact.assumed", lang, ids=", ".join(impact.assumed_inputs)))
    out.append(_impact_summary(impact, lang))
    decimals = impact.decimals
    for tier in impact.tiers:
        c = tier.counts()
        out += ["", _paint(f"-- {word('impact.tier', lang, label=tier.label)} --", "head", color)]
        out.append(
            "  "
            + word(
                "impact.summary",
                lang,
                units=c["units"],
                total=c["total_changed"],
                level=c["level_changed"],
                up=c["level_up"],
                down=c["level_down"],
                rank=c["rank_changed"],
            )
        )
        for unit in tier.changed:
            out.append(
                f"  {unit.code} {unit.name}: "
                + "; ".join(_unit_facts(unit, decimals, lang, label_of))
            )
            if unit.contributions:
                because = _because(unit, decimals, lang, _TOP_CONTRIBUTIONS)
                out.append(f"      {word('impact.because', lang)}: {because}")
    return out


# -- Markdown ----------------------------------------------------------------------------------


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def _render_md(diff, impact, lang: str) -> str:
    out = [f"# {word('title', lang)}: `{diff.old_id}` → `{diff.new_id}`", ""]
    out += [
        f"- {word('old', lang)}: {_md_escape(diff.old_title)}",
        f"- {word('new', lang)}: {_md_escape(diff.new_title)}",
    ]
    for line in _summary_lines(diff, lang) if diff.changes else [word("no_changes", lang)]:
        out += ["", line]
    for block in diff_view(diff, lang):
        out += ["", f"{'#' * (block.depth + 1)} {_md_escape(block.title)}"]
        if block.lines:
            out.append("")
        for line in block.lines:
            flags = f" — _{'; '.join(line.flags)}_" if line.flags else ""
            out.append(f"- `{line.symbol}` {_md_escape(line.text)}{flags}")
            for side, code in line.code:  # rules verbatim, in fenced blocks
                out += [
                    "",
                    f"  {side}:",
                    "",
                    "  ```",
                    *("  " + c for c in code.split("\n")),
                    "  ```",
                ]
    if impact is not None:
        out += ["", f"## {word('impact.title', lang)}", ""]
        if impact.data_path:
            out.append(word("impact.data", lang, path=f"`{impact.data_path}`"))
        if impact.assumed_inputs:
            out += ["", word("impact.assumed", lang, ids=", ".join(impact.assumed_inputs))]
        out += ["", _impact_summary(impact, lang)]
        head = [
            word("impact.unit", lang),
            word("impact.total", lang),
            word("impact.rank", lang),
            word("impact.levels", lang),
            word("impact.reasons", lang),
        ]
        for tier in impact.tiers:
            out += ["", f"### {_md_escape(word('impact.tier', lang, label=tier.label))}", ""]
            if not tier.changed:
                out.append(word("impact.no_change", lang))
                continue
            out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
            for unit in tier.changed:
                out.append(
                    "| "
                    + " | ".join(
                        _md_escape(c) for c in _unit_cells(unit, impact.decimals, lang, diff.label)
                    )
                    + " |"
                )
    return "\n".join(out) + "\n"


def _unit_cells(unit: UnitImpact, decimals: int, lang: str, label_of) -> list[str]:
    total = _num(unit.new_total, decimals, lang)
    if unit.total_changed:
        total = (
            f"{_num(unit.old_total, decimals, lang)} → {total} "
            f"({_signed(unit.total_delta, decimals, lang)})"
        )
    rank = _rank(unit.new_rank, lang)
    if unit.rank_changed:
        rank = f"{_rank(unit.old_rank, lang)} → {rank}"
    levels = "; ".join(
        f"{label_of(s.category) or s.category}: {s.old_label or '—'} → {s.new_label or '—'}"
        for s in unit.levels
    )
    return [
        f"{unit.code} {unit.name}",
        total,
        rank,
        levels,
        _because(unit, decimals, lang, _TOP_CONTRIBUTIONS),
    ]


# -- HTML --------------------------------------------------------------------------------------

_HTML = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<title>{{ title }}: {{ diff.old_id }} → {{ diff.new_id }}</title>
<style>
body { font-family: "Times New Roman", "Liberation Serif", serif; max-width: 60em; margin: 2em auto; }
li.add { color: #1a6b1a; } li.del { color: #a01818; } li.chg { color: #111; }
.flag { color: #8a2b8a; font-style: italic; } code { white-space: pre-wrap; }
table { border-collapse: collapse; } td, th { border: 1px solid #999; padding: .2em .4em; vertical-align: top; }
</style>
</head>
<body>
<h1>{{ title }}: <code>{{ diff.old_id }}</code> → <code>{{ diff.new_id }}</code></h1>
<p>{{ old }}: {{ diff.old_title }}<br>{{ new }}: {{ diff.new_title }}</p>
{% for line in summary %}<p>{{ line }}</p>
{% endfor %}
{% for block in blocks %}
<h{{ block.depth + 1 }}>{{ block.title }}</h{{ block.depth + 1 }}>
{% if block.lines %}<ul>
{% for line in block.lines %}<li class="{{ {'+': 'add', '-': 'del'}.get(line.symbol, 'chg') }}">{{ line.symbol }} {{ line.text }}{% if line.flags %} <span class="flag">[{{ line.flags | join("; ") }}]</span>{% endif %}{% for side, code in line.code %}<div>{{ side }}:</div><pre>{{ code }}</pre>{% endfor %}</li>
{% endfor %}</ul>{% endif %}
{% endfor %}
{% if impact %}
<h2>{{ impact.title }}</h2>
{% for line in impact.intro %}<p>{{ line }}</p>
{% endfor %}
{% for tier in impact.tiers %}
<h3>{{ tier.title }}</h3>
{% if tier.rows %}<table>
<tr>{% for h in impact.head %}<th>{{ h }}</th>{% endfor %}</tr>
{% for row in tier.rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>
{% endfor %}</table>{% else %}<p>{{ impact.none }}</p>{% endif %}
{% endfor %}
{% endif %}
</body>
</html>
"""


def _render_html(diff, impact, lang: str) -> str:
    from jinja2 import Environment

    env = Environment(autoescape=True, keep_trailing_newline=True)
    impact_view = None
    if impact is not None:
        intro = []
        if impact.data_path:
            intro.append(word("impact.data", lang, path=impact.data_path))
        if impact.assumed_inputs:
            intro.append(word("impact.assumed", lang, ids=", ".join(impact.assumed_inputs)))
        intro.append(_impact_summary(impact, lang))
        impact_view = {
            "title": word("impact.title", lang),
            "intro": intro,
            "none": word("impact.no_change", lang),
            "head": [
                word(k, lang)
                for k in ("impact.unit", "impact.total", "impact.rank", "impact.levels")
            ]
            + [word("impact.reasons", lang)],
            "tiers": [
                {
                    "title": word("impact.tier", lang, label=t.label),
                    "rows": [_unit_cells(u, impact.decimals, lang, diff.label) for u in t.changed],
                }
                for t in impact.tiers
            ],
        }
    return env.from_string(_HTML).render(
        lang=lang,
        title=word("title", lang),
        old=word("old", lang),
        new=word("new", lang),
        diff=diff,
        summary=_summary_lines(diff, lang) if diff.changes else [word("no_changes", lang)],
        blocks=diff_view(diff, lang),
        impact=impact_view,
    )


# -- JSON --------------------------------------------------------------------------------------


def _plain(value):
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def to_json_document(
    diff: FrameworkDiff, impact: ImpactReport | None = None, lang: str | None = None
) -> dict:
    """The ``cqdt.diff/1`` document (see ``docs/diff.md``)."""
    lang = lang or language()
    doc: dict = {
        "schema": SCHEMA,
        "old": {"id": diff.old_id, "title": diff.old_title, "contract": diff.old_contract},
        "new": {"id": diff.new_id, "title": diff.new_title, "contract": diff.new_contract},
        "contract_changed": diff.contract_changed,
        "summary": {
            "changes": len(diff.changes),
            "by_kind": diff.counts(),
            "flags": {flag.value: len(diff.flagged(flag)) for flag in Flag},
        },
        "changes": [
            {
                "kind": c.kind.value,
                "node_kind": c.node_kind,
                "node_id": c.node_id,
                "path": list(c.path),
                "tier": c.tier,
                "old": _plain(c.old),
                "new": _plain(c.new),
                "flags": [f.value for f in c.flags],
                "text": change_sentence(c, diff.label, lang),
            }
            for c in diff.changes
        ],
        "impact": None if impact is None else _impact_json(impact),
    }
    return doc


def _clean(value: float | None) -> float | None:
    """Points without binary noise (180.20999999999998 → 180.21): 9 decimals, as ties use."""
    return None if value is None else round(value, 9) + 0.0


def _impact_json(impact: ImpactReport) -> dict:
    return {
        "data": {"path": impact.data_path, "sha256": impact.data_sha256},
        "assumed_inputs": list(impact.assumed_inputs),
        "summary": impact.summary(),
        "tiers": [
            {
                "tier": t.tier,
                "label": t.label,
                **t.counts(),
                "units_changed": [
                    {
                        "code": u.code,
                        "name": u.name,
                        "old_total": _clean(u.old_total),
                        "new_total": _clean(u.new_total),
                        "total_delta": _clean(u.total_delta),
                        "old_rank": u.old_rank,
                        "new_rank": u.new_rank,
                        "levels": [
                            {
                                "category": s.category,
                                "old": s.old,
                                "new": s.new,
                                "old_label": s.old_label,
                                "new_label": s.new_label,
                                "direction": s.direction,
                            }
                            for s in u.levels
                        ],
                        "contributions": [
                            {
                                "indicator": c.indicator,
                                "label": c.label,
                                "old": _clean(c.old),
                                "new": _clean(c.new),
                                "delta": _clean(c.delta),
                            }
                            for c in u.contributions
                        ],
                    }
                    for u in t.changed
                ],
            }
            for t in impact.tiers
        ],
    }


# -- entry point -------------------------------------------------------------------------------


def render(
    diff: FrameworkDiff,
    fmt: str = "text",
    *,
    impact: ImpactReport | None = None,
    color: bool = False,
    lang: str | None = None,
) -> str:
    """``diff`` (and ``impact``) in ``fmt``: one of :data:`FORMATS`."""
    lang = lang or language()
    if fmt == "text":
        return _render_text(diff, impact, lang, color)
    if fmt == "json":
        doc = to_json_document(diff, impact, lang)
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return _render_md(diff, impact, lang)
    if fmt == "html":
        return _render_html(diff, impact, lang)
    raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
