"""What every command shares: exit statuses, printing diagnostics and warnings, usage errors.

The command line owns all terminal output (the driver returns data): colour follows
``--color/--no-color``, else ``NO_COLOR``, else whether stderr is a terminal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn

from cqdt.diagnostics import CqdtError, Diagnostic
from cqdt.i18n import text

EXIT_OK, EXIT_USER, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 70


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"
    html = "html"


class Exit(Exception):
    """The status a command ends with (raised through click, caught by ``main``)."""

    def __init__(self, code: int):
        self.code = code


def use_color(flag: bool | None) -> bool:
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stderr.isatty()


def _sources_for(diagnostics: Sequence[Diagnostic]) -> dict[str, str]:
    """The text of every framework file the diagnostics point into (for the marker lines)."""
    from cqdt.diagnostics import Span

    sources: dict[str, str] = {}
    for d in diagnostics:
        places = [d.where, *(where for where, _ in d.related)]
        for where in places:
            if isinstance(where, Span) and where.file not in sources:
                try:
                    raw = Path(where.file).read_bytes()
                    sources[where.file] = raw.decode("utf-8", errors="replace")
                except OSError:
                    continue
    return sources


def print_diagnostics(
    diagnostics: Sequence[Diagnostic], fmt: str, color: bool | None, summary: bool = True
) -> None:
    from cqdt.render_diagnostics import render_json, render_text

    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    if fmt == "json":
        sys.stdout.write(render_json(ordered) + "\n")
        return
    if ordered:
        rendered = render_text(
            ordered, _sources_for(ordered), color=use_color(color), summary=summary
        )
        sys.stderr.write(rendered.rstrip("\n") + "\n")


def show_warnings(warnings: Sequence[Diagnostic], color: bool | None) -> None:
    """Warnings do not stop a run, but a user must see them (a renamed unit is published)."""
    from cqdt.render_diagnostics import render_text

    ordered = sorted(warnings, key=Diagnostic.sort_key)
    sys.stderr.write(render_text(ordered, color=use_color(color)) + "\n")


def progress(label: str, quiet: bool) -> Callable[[Sequence[Any]], Iterable[Any]]:
    """A progress bar over several files, when there is a terminal to show it."""

    def iterate(items: Sequence[Any]) -> Iterator[Any]:
        if quiet or len(items) < 2 or not sys.stderr.isatty():
            yield from items
            return
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task(label, total=len(items))
            for item in items:
                yield item
                bar.advance(task)

    return iterate


def fail_usage(message: str) -> NoReturn:
    sys.stderr.write(f"cqdt: {message}\n")
    raise Exit(EXIT_USAGE)


def need_file(path: Path) -> Path:
    if not path.is_file():
        fail_usage(text(f"không tìm thấy tệp '{path}'", f"file not found: '{path}'"))
    return path


def run(body: Callable[[], int], fmt: str = "text", color: bool | None = None) -> None:
    """Run a command body; user-fixable problems become diagnostics and exit 1."""
    try:
        code = body()
    except CqdtError as error:
        print_diagnostics(error.diagnostics, fmt, color)
        raise Exit(EXIT_USER) from None
    raise Exit(code)


def say(message: str, quiet: bool) -> None:
    if not quiet:
        sys.stderr.write(message + "\n")
