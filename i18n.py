"""Messages people read, in Vietnamese (the default) and English.

Each phase keeps its own catalogue (``dsl/messages.py``, ``compiler/messages.py``,
``runtime/score/messages.py`` …) as a dict ``code -> Message`` and registers it here with the
code prefixes it owns (:func:`register`), so :func:`cqdt.diagnostics.diagnostic` finds the text
and the hint of any code in one place, and a test can list every code with its two languages.
Text is looked up at the moment a diagnostic is made, in the language chosen by
:func:`set_language`, the ``CQDT_LANG`` environment variable (``vi`` or ``en``), or Vietnamese.

>>> m = Message(vi="Thiếu {what}", en="Missing {what}")
>>> m.render("en", what="max")
'Missing max'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Catalogue:
    """The messages of one phase and the code prefixes it owns (``E2``, ``D1``, ``score.``).

    A key ``CODE`` is a message; ``CODE.hint`` (or ``hints[CODE]``) its "what to do" line;
    other ``CODE.<name>`` keys are parts of it (``.hint_none``, a related note such as ``.first``).
    ``hintless`` names the codes that have no hint on purpose, each with the reason.
    """

    name: str
    prefixes: tuple[str, ...]
    messages: Mapping[str, Message]
    hints: Mapping[str, Message] = field(default_factory=dict)
    hintless: Mapping[str, str] = field(default_factory=dict)

    def owns(self, key: str) -> bool:
        return any(key.startswith(prefix) for prefix in self.prefixes)

    def codes(self) -> list[str]:
        """The diagnostic codes of this catalogue (its own prefixes, parts left out)."""
        keys = [k for k in self.messages if self.owns(k)]
        return [k for k in keys if not any(k.startswith(c + ".") for c in keys if c != k)]

    def hint(self, code: str) -> Message | None:
        """The hint of ``code``: ``CODE.hint`` in the messages, else ``hints[CODE]``."""
        return self.messages.get(code + ".hint") or self.hints.get(code)


_catalogues: dict[str, Catalogue] = {}


def register(catalogue: Catalogue) -> Catalogue:
    """Make ``catalogue`` known to the builder of diagnostics; called once by each catalogue."""
    _catalogues[catalogue.name] = catalogue
    return catalogue


def catalogues() -> list[Catalogue]:
    """Every registered catalogue (those whose module has been imported)."""
    return list(_catalogues.values())


def catalogue_of(code: str) -> Catalogue:
    """The catalogue holding ``code``: the one with the longest prefix that has the message."""
    best: tuple[int, Catalogue] | None = None
    for catalogue in _catalogues.values():
        if code not in catalogue.messages:
            continue
        for prefix in catalogue.prefixes:
            if code.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), catalogue)
    if best is None:
        raise KeyError(f"no registered catalogue holds the code {code!r}")
    return best[1]
