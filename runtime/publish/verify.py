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

import cqdt.runtime.publish.messages  # noqa: F401  (registers E905–E910)
from cqdt import i18n
from cqdt.diagnostics import CqdtError, Diagnostic, diagnostic

__all__ = ["published_language", "verify_publication"]


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
            problems.append(diagnostic("E905", outdir=str(outdir), name=name))
        elif hashlib.sha256(target.read_bytes()).digest() != hashlib.sha256(data).digest():
            problems.append(diagnostic("E906", outdir=str(outdir), name=name))
    return problems


def _unpublished(outdir: Path, rendered: dict[str, bytes]) -> list[str]:
    """Entries of ``outdir`` the re-run did not render: top-level names, and the files inside
    a folder output (``cards/notes.txt``)."""
    if not outdir.is_dir():
        return []
    folders = {name.split("/", 1)[0] for name in rendered if "/" in name}
    extra = []
    for entry in sorted(outdir.iterdir()):
        if entry.name in folders and entry.is_dir() and not entry.is_symlink():
            inside = (p.relative_to(outdir).as_posix() for p in entry.rglob("*") if p.is_file())
            extra += [name for name in sorted(inside) if name not in rendered]
        elif entry.name not in rendered:
            extra.append(entry.name)
    return extra


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
    extra = _unpublished(outdir, rendered)
    for name in extra:
        problems.append(diagnostic("E910", outdir=str(outdir), name=name))
    if problems:
        raise CqdtError(problems)
    return tuple(rendered)
