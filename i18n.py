"""Messages people read, in Vietnamese (the default) and English.

Each phase keeps its own catalogue (``dsl/messages.py``, ``compiler/messages.py``,
``runtime/score/messages.py`` …) as a dict ``code -> Message`` and registers it here. Text is looked
up at the moment a diagnostic is made, in the language chosen by :func:`set_language`, the
``CQDT_LANG`` environment variable (``vi`` or ``en``), or Vietnamese.

>>> m = Message(vi="Thiếu {what}", en="Missing {what}")
>>> m.render("en", what="max")
'Missing max'
"""

from __future__ import annotations

import os
from dataclasses import dataclass

LANGUAGES = ("vi", "en")
_chosen: str | None = None


@dataclass(frozen=True)
class Message:
    """One message in both languages; ``{name}`` fields are filled by ``render``."""

    vi: str
    en: str

    def render(self, lang: str | None = None, **fields: object) -> str:
        template = self.en if (lang or language()) == "en" else self.vi
        return template.format(**fields)


def set_language(lang: str | None) -> None:
    """Choose the language of messages for this process (``None``: back to the default)."""
    global _chosen
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {lang!r}")
    _chosen = lang


def language() -> str:
    """The language in force: :func:`set_language`, else ``CQDT_LANG``, else Vietnamese."""
    if _chosen:
        return _chosen
    env = os.environ.get("CQDT_LANG", "").strip().lower()[:2]
    return env if env in LANGUAGES else "vi"


def text(vi: str, en: str) -> str:
    """A one-off phrase in the language in force (for labels in CLI help and reports)."""
    return en if language() == "en" else vi
