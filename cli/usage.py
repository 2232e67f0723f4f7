"""Reading ``--lang`` before the app is built, and click's usage errors in Vietnamese."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cqdt.i18n import set_language

__all__ = ["language_from_argv", "language_option_first", "usage_error_vi"]


def language_from_argv(argv: Sequence[str]) -> None:
    """Pick the language before building the app, so that ``--help`` is translated."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in ("vi", "en"):
            set_language(argv[i + 1])
        elif arg.startswith("--lang=") and arg.split("=", 1)[1] in ("vi", "en"):
            set_language(arg.split("=", 1)[1])


def language_option_first(argv: Sequence[str]) -> list[str]:
    """``--lang`` moved before the command, where click expects it.

    The README says "add ``--lang en``", and people add it at the end (``cqdt check f --lang
    en``); click would refuse it there as an unknown option of the command.
    """
    moved: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        if arg == "--lang" and i + 1 < len(argv):
            moved.extend(argv[i : i + 2])
            i += 2
            continue
        if arg.startswith("--lang="):
            moved.append(arg)
        else:
            rest.append(arg)
        i += 1
    return [*moved, *rest]


#: click's usage errors, in Vietnamese: (pattern of the English message, Vietnamese template).
_USAGE_VI: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.S), vi)
    for pattern, vi in (
        (r"No such option: (?P<a>\S+)(?: Did you mean (?P<b>\S+)\?)?", "không có tùy chọn {a}"),
        (
            r"No such option '(?P<a>[^']+)'\.(?: Did you mean '(?P<b>[^']+)'\?)?",
            "không có tùy chọn {a}",
        ),
        (
            r"No such option '(?P<a>[^']+)'\.\s+\(Did you mean one of: (?P<c>.*)\?\)",
            "không có tùy chọn {a}; ý bạn là {c}?",
        ),
        (
            r"No such option: (?P<a>\S+)\s+\(Possible options: (?P<c>.*)\)",
            "không có tùy chọn {a}; ý bạn là {c}?",
        ),
        (
            r"No such command '(?P<a>[^']*)'\.(?: Did you mean '(?P<b>[^']*)'\?)?",
            "không có lệnh '{a}'",
        ),
        (r"Missing argument '(?P<a>[^']*)'\.?", "thiếu đối số {a}"),
        (r"Missing option '(?P<a>[^']*)'\.?", "thiếu tùy chọn {a}"),
        (r"Missing command\.?", "thiếu lệnh (check, fmt, template, score, explain, diff, compile)"),
        (r"Option '(?P<a>[^']*)' requires an argument\.?", "tùy chọn {a} cần một giá trị"),
        (r"Got unexpected extra argument(?:s|\(s\))? \((?P<a>.*)\)", "thừa đối số: {a}"),
        (
            r"Invalid value for '(?P<a>[^']*)': (?:Value error, )?'(?P<v>[^']*)' "
            r"is not one of (?P<c>.*)\.",
            "giá trị '{v}' của {a} không hợp lệ; chọn một trong: {c}",
        ),
        (r"Invalid value for '(?P<a>[^']*)': (?P<v>.*)", "giá trị của {a} không hợp lệ: {v}"),
    )
)


def usage_error_vi(error: Exception) -> str:
    """A click usage error in Vietnamese: what is wrong, then how to see the help."""
    message = error.format_message()  # type: ignore[attr-defined]
    said = message
    for pattern, vi in _USAGE_VI:
        found = pattern.fullmatch(message.strip())
        if found:
            fields = {k: (v or "") for k, v in found.groupdict().items()}
            said = vi.format(**fields)
            if fields.get("b") and "Did you mean" in message:
                said += f"; ý bạn là {fields['b']}?"
            break
    ctx = getattr(error, "ctx", None)
    command = ctx.command_path if ctx is not None else "cqdt"
    return f"cqdt: {said}\nXem '{command} --help' để biết cách dùng.\n"
