"""Read and check a framework: the entry points every command uses.

>>> result = check_source('framework demo "Demo" { tiers { a "A" } }')
>>> result.framework.id, result.diagnostics
('demo', [])
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cqdt.compiler.checks.passes import check, without_cascades
from cqdt.compiler.messages import make
from cqdt.compiler.model.from_surface import from_surface
from cqdt.compiler.model.nodes import Framework
from cqdt.diagnostics import CqdtError, Diagnostic, Span
from cqdt.dsl.parsing import MAX_SOURCE_BYTES, parse, paused_gc


@dataclass(frozen=True)
class CheckResult:
    """The checked model (``None`` when there are errors), every diagnostic, and the source hash."""

    framework: Framework | None
    diagnostics: list[Diagnostic]
    source_sha256: str

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


def check_source(text: str, file: str = "<text>") -> CheckResult:
    """Parse, lower and check ``text``; all diagnostics sorted by position."""
    sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    with paused_gc():
        framework, diagnostics = _model(text, file)
    diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
    if any(d.is_error for d in diagnostics):
        framework = None
    return CheckResult(framework, diagnostics, sha)


def _model(text: str, file: str) -> tuple[Framework | None, list[Diagnostic]]:
    surface, diagnostics = parse(text, file)
    if surface is None:
        return None, diagnostics
    try:
        framework, lowering = from_surface(surface)
        return framework, without_cascades(diagnostics + lowering + check(framework))
    except RecursionError:
        return None, [*diagnostics, make("E108", Span(file, 1, 1, 1, 2))]


def load_framework_text(text: str, file: str = "<text>") -> Framework:
    """The checked model of ``text``; raises :class:`CqdtError` with every diagnostic."""
    result = check_source(text, file)
    if result.framework is None:
        raise CqdtError(result.diagnostics)
    return result.framework


def read_source(path: str | Path) -> tuple[str | None, list[Diagnostic]]:
    """The text of a framework file, or a diagnostic saying why it cannot be read."""
    path = Path(path)
    where = Span(str(path), 1, 1, 1, 1)
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            return None, [make("E104", where, limit=MAX_SOURCE_BYTES // 1_000_000)]
        return path.read_bytes().decode("utf-8"), []
    except UnicodeDecodeError:
        return None, [make("E106", where, reason="UTF-8")]
    except OSError as error:
        return None, [make("E106", where, reason=error.strerror or type(error).__name__)]


def load_framework(path: str | Path) -> Framework:
    """Read and check a ``.cqdt`` file; raises :class:`CqdtError` (a missing file included)."""
    text, problems = read_source(path)
    if text is None:
        raise CqdtError(problems)
    return load_framework_text(text, str(path))


@dataclass(frozen=True)
class CheckedFile:
    """A checked framework, the file it came from and the sha256 of the text that was checked."""

    model: Framework
    path: Path
    sha256: str


def load_checked(path: str | Path) -> CheckedFile:
    """Read ``path`` once and check that text; raises :class:`CqdtError` listing every problem."""
    path = Path(path)
    source, problems = read_source(path)  # one read: the hash is of the text checked
    if source is None:
        raise CqdtError(problems)
    result = check_source(source, str(path))
    if result.framework is None:
        raise CqdtError(result.diagnostics)
    return CheckedFile(result.framework, path, result.source_sha256)


def format_source(text: str, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Canonical text of a framework for ``cqdt fmt``; ``None`` when it has errors.

    Formatting needs a model that means something, so a file with errors is left alone.
    """
    from cqdt.compiler.model.printer import print_framework

    result = check_source(text, file)
    if result.framework is None:
        return None, result.diagnostics
    keywords = keyword_language(text)
    return print_framework(result.framework, keywords=keywords), result.diagnostics


def keyword_language(text: str) -> str:
    """``"vi"`` when the file opens with the Vietnamese keyword ``bộ tiêu chí``, else ``"en"``.

    ``cqdt fmt`` keeps the language the authors chose for the keywords.

    >>> keyword_language('bộ tiêu chí x "X" {}')
    'vi'
    >>> keyword_language('framework x "X" {}')
    'en'
    """
    for line in unicodedata.normalize("NFC", text.lstrip("\ufeff")).splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        return "vi" if re.match(r"bộ\s+tiêu\s+chí\b", stripped, re.IGNORECASE) else "en"
    return "en"
