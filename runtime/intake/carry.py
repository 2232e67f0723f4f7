"""Last year's forms carried into this year's: unchanged questions keep their answers.

Every form records, in its hidden ``_cqdt`` sheet, a signature of each question it asks (type,
valid range, "at most", options: what an answer means — not the label, which may be reworded).
Next year, ``cqdt template NEW --from LAST_YEAR_FORMS`` compares those signatures with the new
framework's questions: an answer to an unchanged question is prefilled, a changed question is
left empty and marked "câu hỏi đã thay đổi", a new one marked "câu hỏi mới". The same comparison
tells a user whose old form is refused (D116) exactly which questions differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cqdt.compiler.model.nodes import Framework
from cqdt.i18n import text
from cqdt.runtime.intake.form_signature import question_signature

__all__ = [
    "CHANGED",
    "NEW",
    "LastYear",
    "carry_over",
    "differing_questions",
    "question_signature",
    "read_last_year",
]

NEW, CHANGED = "câu hỏi mới", "câu hỏi đã thay đổi"


@dataclass
class LastYear:
    """Answers of last year's forms by ``(tier, code)``, and the signatures of its questions
    (input id → signature; an id with ``""`` was asked by a form too old to record it)."""

    answers: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    signatures: dict[str, str] = field(default_factory=dict)


def read_last_year(source: str | Path) -> LastYear:
    """Read every cqdt form in ``source`` (a folder, or one workbook) without validating it
    against any framework: what was answered, and what each question meant."""
    from cqdt.runtime.intake.collect import form_files

    source = Path(source)
    files = form_files(source) if source.is_dir() else [source]
    last = LastYear()
    for path in files:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            _read_form(path, last)
    return last


def _read_form(path: Path, last: LastYear) -> None:
    import openpyxl

    from cqdt.runtime.intake.form import DATA_FIRST_ROW, ID_ROW, META_SHEET

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    if META_SHEET not in wb.sheetnames:
        return
    sheets: dict[str, str] = {}
    for row in wb[META_SHEET].iter_rows(values_only=True):
        if row and row[0] == "sheet" and len(row) > 2:
            sheets[row[1]] = row[2]
        elif row and row[0] == "input" and len(row) > 2:
            last.signatures[row[1]] = row[2] or ""
    for title, tier in sheets.items():
        if title not in wb.sheetnames:
            continue
        rows = list(wb[title].iter_rows(values_only=True))
        if len(rows) < ID_ROW:
            continue
        ids = list(rows[ID_ROW - 1])
        for input_id in ids[2:]:
            if input_id:
                last.signatures.setdefault(input_id, "")
        for row in rows[DATA_FIRST_ROW - 1 :]:
            if not row or row[0] in (None, ""):
                continue
            values = {i: v for i, v in zip(ids, row, strict=False) if i and v not in (None, "")}
            values.pop("code", None)
            values.pop("name", None)
            last.answers[(tier, str(row[0]).strip())] = values
    wb.close()


def carry_over(
    fw: Framework, last: LastYear
) -> tuple[dict[tuple[str, str], dict[str, Any]], dict[str, str]]:
    """The answers to prefill (unchanged questions only) and the marks of new and changed
    questions. A question of a form too old to record signatures counts as unchanged when
    its id is the same."""
    marks: dict[str, str] = {}
    kept: set[str] = set()
    for inp in fw.inputs:
        if inp.id not in last.signatures:
            marks[inp.id] = NEW
        elif last.signatures[inp.id] and last.signatures[inp.id] != question_signature(inp):
            marks[inp.id] = CHANGED
        else:
            kept.add(inp.id)
    answers = {
        key: {i: v for i, v in values.items() if i in kept} for key, values in last.answers.items()
    }
    return answers, marks


def differing_questions(fw: Framework, path: str | Path) -> str:
    """The questions of the form ``path`` that differ from ``fw``'s, in words (for D116):
    new, changed and dropped ones, by label with the id in brackets."""
    try:
        last = read_last_year(path)
    except Exception:  # noqa: BLE001 - the form is being refused anyway; say what is known
        return "?"
    _, marks = carry_over(fw, last)
    words = {
        NEW: text("câu hỏi mới", "new question"),
        CHANGED: text("câu hỏi đã thay đổi", "changed"),
    }
    parts = [f"{fw.input(i).label} [{i}]: {words[why]}" for i, why in marks.items()]
    known = {inp.id for inp in fw.inputs}
    dropped = text("câu hỏi đã bỏ", "dropped")
    parts += [f"[{i}]: {dropped}" for i in last.signatures if i not in known]
    same = text("cùng câu hỏi, khác khối được hỏi", "same questions, asked of other tiers")
    return "; ".join(parts) if parts else same
