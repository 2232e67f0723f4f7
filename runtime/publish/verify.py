"""``cqdt score --verify DIR``: is DIR exactly what these inputs publish?

The outputs are rendered again in memory and compared byte for byte with the folder. The
annexes and results.xlsx are in the language they were published in, which results.json
records (``language``); the re-run uses that language, whatever the verifier's own (a
Vietnamese publication verified on a machine set to English is not "tampered with"). A folder
from before the language was recorded is tried in each language. A publication is the whole
folder: a file there that cqdt did not publish (``annex-final.html`` beside the annex) is
reported too (E910), since a reader cannot tell it from the verified ones.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from cqdt import i18n
from cqdt.diagnostics import CqdtError, Diagnostic
from cqdt.i18n import Message

__all__ = ["published_language", "verify_publication"]

VERIFY_DIFFERS = Message(
    vi="{name} trong {outdir} không khớp với kết quả chạy lại",
    en="{name} in {outdir} does not match the re-run",
)
VERIFY_MISSING = Message(
    vi="{outdir} không có {name} để đối chiếu",
    en="{outdir} has no {name} to compare with",
)
VERIFY_HINT = Message(
    vi="tệp đã bị sửa sau khi công bố, hoặc được tạo từ số liệu, bộ tiêu chí, tệp quyết định "
    "(--decision), mẫu (--templates) hoặc phiên bản cqdt khác",
    en="the file was changed after publication, or came from other data, another framework, "
    "decision file (--decision), templates (--templates) or cqdt version",
)
VERIFY_EXTRA = Message(
    vi="{name} trong {outdir} không phải tệp cqdt công bố; người đọc không phân biệt được nó "
    "với các tệp đã đối chiếu",
    en="{name} in {outdir} is not part of what cqdt published; a reader cannot tell it from "
    "the verified files",
)
VERIFY_EXTRA_HINT = Message(
    vi="chuyển tệp đó ra khỏi thư mục công bố (bản ký, bản sửa tay để ở nơi khác)",
    en="move that file out of the published folder (keep signed or hand-edited copies elsewhere)",
)


def published_language(outdir: Path) -> str | None:
    """The language results.json in ``outdir`` records, or None (absent, unreadable, old)."""
    try:
        doc = json.loads((outdir / "results.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    lang = doc.get("language") if isinstance(doc, dict) else None
    return lang if lang in i18n.LANGUAGES else None


def _in_language(lang: str, render: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
    chosen = i18n._chosen  # restored after: the verifier's own messages stay in its language
    i18n.set_language(lang)
    try:
        return render()
    finally:
        i18n.set_language(chosen)


def _compare(outdir: Path, rendered: dict[str, bytes]) -> list[Diagnostic]:
    problems = []
    for name, data in rendered.items():
        target = outdir / name
        if not target.is_file():
            message = VERIFY_MISSING.render(outdir=str(outdir), name=name)
            problems.append(Diagnostic.error("E905", message, hint=VERIFY_HINT.render()))
        elif hashlib.sha256(target.read_bytes()).digest() != hashlib.sha256(data).digest():
            message = VERIFY_DIFFERS.render(outdir=str(outdir), name=name)
            problems.append(Diagnostic.error("E906", message, hint=VERIFY_HINT.render()))
    return problems


def verify_publication(outdir: Path, render: Callable[[], dict[str, bytes]]) -> tuple[str, ...]:
    """Compare ``outdir`` with ``render()`` (name → bytes); return the names of the files checked.

    Raises :class:`CqdtError` with E905 (missing), E906 (differs) and E910 (not published)
    diagnostics, all at once.
    """
    recorded = published_language(outdir)
    current = i18n.language()
    tried = [recorded] if recorded else [current, *(x for x in i18n.LANGUAGES if x != current)]
    problems: list[Diagnostic] = []
    rendered: dict[str, bytes] = {}
    for lang in tried:
        rendered = _in_language(lang, render)
        problems = _compare(outdir, rendered)
        if not problems:
            break
        if lang == tried[0]:
            first = problems  # report against the first language tried
    else:
        problems = first
    names = [p.name for p in outdir.iterdir()] if outdir.is_dir() else []
    extra = sorted(name for name in names if name not in rendered)
    for name in extra:
        message = VERIFY_EXTRA.render(outdir=str(outdir), name=name)
        problems.append(Diagnostic.error("E910", message, hint=VERIFY_EXTRA_HINT.render()))
    if problems:
        raise CqdtError(problems)
    return tuple(rendered)
