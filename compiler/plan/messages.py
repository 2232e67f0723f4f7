"""Messages of the scoring plan, in vi and en.

The plan only meets these for models the checks should have refused; they travel inside an
:class:`~cqdt.diagnostics.InternalError`, so a bug report says what was wrong.
"""

from __future__ import annotations

from cqdt.diagnostics import Diagnostic, diagnostic
from cqdt.i18n import Catalogue, Message, register

MESSAGES: dict[str, Message] = {
    "plan.unknown_name": Message(
        vi="'{node}' dùng tên '{id}' nhưng không có đầu vào, giá trị hay tiêu chí nào tên như vậy",
        en="'{node}' uses the name '{id}', but no input, value or indicator has that name",
    ),
    "plan.cycle": Message(
        vi="Các giá trị phụ thuộc vòng tròn vào nhau: {cycle}",
        en="These values depend on each other in a cycle: {cycle}",
    ),
    "plan.no_rule": Message(
        vi="Tiêu chí '{id}' không có cách tính điểm (points = …) và cũng không có mục con",
        en="Indicator '{id}' has no scoring rule (points = …) and no sub-items",
    ),
    "plan.unknown_group": Message(
        vi="Điều kiện mức của hạng mục '{cat}' nhắc tới nhóm '{id}' không thuộc hạng mục này",
        en="A level condition of category '{cat}' names group '{id}', which is not in it",
    ),
}

#: The plan's codes are a bug's description, never the user's to fix: no hint.
_REASON = "internal: travels inside an InternalError (exit 70), a bug report, not a user's fix"

CATALOGUE = register(
    Catalogue(
        name="plan",
        prefixes=("plan.",),
        messages=MESSAGES,
        hintless=dict.fromkeys(MESSAGES, _REASON),
    )
)


def plan_problem(code: str, where, **fields) -> Diagnostic:
    """A plan problem; a generated node (no line) points nowhere rather than at ``<generated>``."""
    return diagnostic(code, where if where is not None and where.line else None, **fields)
