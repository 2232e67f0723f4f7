"""What WeasyPrint may load while printing the annex to PDF: files of the templates, nothing else.

WeasyPrint's default fetcher opens any URL a template names: ``file:///etc/passwd`` as an
embedded attachment, ``http://…`` (a request from the publishing machine to any server). The
fetcher here allows ``data:`` URLs and ``file:`` URLs whose resolved path (symlinks followed)
lies inside the templates folder or the bundled ``templates/``; any other URL stops the PDF with
E927 naming it (a refused resource is never dropped silently: the PDF would differ from the
HTML annex).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import cqdt.runtime.publish.messages  # noqa: F401  (registers E927)
from cqdt.diagnostics import Diagnostic, diagnostic

__all__ = ["confined_fetcher", "refused_diagnostic"]


class RefusedURL(Exception):
    """A URL outside the allowed folders; ``url`` is what the template asked for."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


def allowed_path(url: str, roots: tuple[Path, ...]) -> Path | None:
    """The local file ``url`` names when it lies inside one of ``roots``, else None."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    real = Path(unquote(parts.path)).resolve()
    if any(real.is_relative_to(root.resolve()) for root in roots) and real.is_file():
        return real
    return None


def confined_fetcher(roots: tuple[Path, ...], refused: list[str]):
    """A WeasyPrint URL fetcher limited to ``roots``; refused URLs are appended to ``refused``."""
    from weasyprint.urls import URLFetcher

    class ConfinedFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(fail_on_errors=True, allowed_protocols=("file", "data"))

        def fetch(self, url, headers=None):
            if url.startswith("data:") or allowed_path(url, roots) is not None:
                return super().fetch(url, headers)
            refused.append(url)
            raise RefusedURL(url)

    return ConfinedFetcher()


def refused_diagnostic(url: str, template: str) -> Diagnostic:
    """E927 for ``url``, refused while printing ``template`` to PDF."""
    shown = url if len(url) <= 200 else url[:200] + "…"
    return diagnostic("E927", None if not template else _template_span(template), url=shown)


def _template_span(template: str):
    from cqdt.diagnostics import Span

    return Span(template, 0, 0, 0, 0)
