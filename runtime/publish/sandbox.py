"""Templates run in a box: the report model in, text out, nothing else, in bounded time and memory.

Every annex template (ours and a user's ``--templates DIR``) is rendered by
:class:`TemplateEnvironment`, Jinja's ``SandboxedEnvironment`` with more bounds:

* files: a template is read only from the templates folder or the bundled ``templates/``, after
  resolving symlinks (a link to ``/etc/passwd`` is refused, E921), and must be UTF-8 (E924);
* size: ``*`` and ``**`` refuse results beyond :data:`MAX_SEQUENCE` items or
  :data:`MAX_POWER_DIGITS` digits, padding filters refuse widths beyond :data:`MAX_SEQUENCE`,
  the rendered text stops at :data:`MAX_OUTPUT_CHARS`, and (Linux) the address space of the
  process may grow by at most :data:`MEMORY_HEADROOM` bytes while a template runs (E925);
* time: a render stops after :data:`RENDER_SECONDS` (SIGALRM, main thread of a POSIX process;
  elsewhere there is no clock bound, only the size bounds) (E925).

Every problem is a diagnostic naming the template file and line, in Vietnamese or English, with
a hint (the codes are listed in ``docs/annex.md``), never a traceback. An unexpected error inside
one of cqdt's own templates is a bug and propagates as one.
"""

from __future__ import annotations

import functools
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from cqdt.diagnostics import CqdtError, Diagnostic, Span, diagnostic
from cqdt.number_format import format_number, format_significant
from cqdt.runtime.publish.messages import part

__all__ = [
    "MAX_OUTPUT_CHARS",
    "RENDER_SECONDS",
    "TemplateEnvironment",
    "bounded",
    "builtin_folder",
    "make_environment",
    "render_template",
    "template_diagnostic",
]

#: Items a ``*`` may produce (``'x' * n``, ``[0] * n``) and the widest ``center``/``indent``.
MAX_SEQUENCE = 10_000_000
#: Digits of the largest integer ``**`` may produce.
MAX_POWER_DIGITS = 4_000
#: Characters of rendered text.
MAX_OUTPUT_CHARS = 64_000_000
#: Wall-clock seconds one template may run.
RENDER_SECONDS = 120.0
#: Bytes of address space a render may add to the process (Linux).
MEMORY_HEADROOM = 2 * 1024**3


class TemplateLimit(Exception):
    """A template went beyond one of the bounds above."""


def builtin_folder() -> Path:
    """The bundled ``templates/`` folder."""
    return Path(str(resources.files("cqdt").joinpath("templates")))


# -- files ------------------------------------------------------------------------------------


class TemplateFileError(TemplateError):
    """A template file that may not be used: outside its folder (E921), or not UTF-8 (E924).

    ``shape`` names the part of the code's message when it is not the code's own sentence
    (``outside``: the E921 of a link out of the folder, with its own hint).
    """

    def __init__(self, code: str, path: str, at: int = 0, shape: str = "", /, **fields: object):
        key = f"{code}.{shape}" if shape else code
        super().__init__(part(key, **fields))
        self.code, self.shape, self.fields, self.path, self.line = code, shape, fields, path, at


class ConfinedLoader(BaseLoader):
    """Templates from one folder only: symlinks resolved, UTF-8 only, no way out."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def get_source(self, environment, template: str):
        pieces = split_template_path(template)  # refuses "..": TemplateNotFound
        path = self.folder.joinpath(*pieces)
        if not path.is_file():
            raise TemplateNotFound(template)
        real, root = path.resolve(), self.folder.resolve()
        if not real.is_relative_to(root):
            raise TemplateFileError(
                "E921", str(path), 0, "outside", name=template, target=str(real)
            )
        data = real.read_bytes()
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise TemplateFileError(
                "E924", str(path), line, name=template, line=line, byte=f"0x{data[error.start]:02x}"
            ) from None
        mtime = real.stat().st_mtime
        return source, str(path), lambda: real.is_file() and real.stat().st_mtime == mtime


def _loader(templates_dir: str | Path | None) -> BaseLoader:
    builtin = ConfinedLoader(builtin_folder())
    if templates_dir is None:
        return builtin
    return ChoiceLoader([ConfinedLoader(templates_dir), builtin])


# -- the environment --------------------------------------------------------------------------


def _bounded_width(function: Callable) -> Callable:
    """A padding filter (``center``, ``indent``) that refuses an absurd width."""

    @functools.wraps(function)  # keeps Jinja's pass_* marks
    def call(value, *args, **kwargs):
        _check_ints(args, kwargs)
        return function(value, *args, **kwargs)

    return call


def _check_ints(args, kwargs) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and abs(value) > MAX_SEQUENCE:
            raise TemplateLimit(part("E925.number", value=value, limit=MAX_SEQUENCE))


class TemplateEnvironment(SandboxedEnvironment):
    """``SandboxedEnvironment`` that also bounds what ``*``, ``**`` and calls can build."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple | bytes) and isinstance(n, int):
                    if len(seq) * max(n, 0) > MAX_SEQUENCE:
                        raise TemplateLimit(
                            part("E925.sequence", size=len(seq) * n, limit=MAX_SEQUENCE)
                        )
        if operator == "**" and isinstance(left, int) and isinstance(right, int):
            if abs(left) > 1 and right > 0 and right * len(str(abs(left))) > MAX_POWER_DIGITS:
                raise TemplateLimit(part("E925.power", limit=MAX_POWER_DIGITS))
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
        if getattr(__obj, "__self__", None).__class__ in (str, list, tuple, bytes):
            _check_ints(args, kwargs)  # 'x'.ljust(10**10), 'x'.center(…), 'x'.zfill(…)
        return super().call(__context, __obj, *args, **kwargs)


def make_environment(
    templates_dir: str | Path | None, *, autoescape: bool, finalize: Callable | None = None
) -> TemplateEnvironment:
    """The one environment every annex template runs in (ours and a user's)."""
    env = TemplateEnvironment(
        loader=_loader(templates_dir),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=autoescape,
        finalize=finalize,
    )
    for name in ("center", "indent"):
        env.filters[name] = _bounded_width(env.filters[name])
    return env


# -- running it -------------------------------------------------------------------------------


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` in between eats it."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    started = time.monotonic()
    earlier, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if earlier > 0:  # someone else's alarm (a test timeout) keeps its remaining time
            left = earlier - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))


def _address_space() -> int | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


@contextmanager
def _memory_limit(headroom: int) -> Iterator[None]:
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    used = _address_space()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = None if used is None else used + headroom
    if limit is None or (hard != resource.RLIM_INFINITY and limit > hard):
        yield
        return
    if soft != resource.RLIM_INFINITY and soft < limit:
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextmanager
def bounded(name: str) -> Iterator[None]:
    """Run a render under the time and memory bounds; their breach is E925 naming ``name``."""
    try:
        with _time_limit(RENDER_SECONDS), _memory_limit(MEMORY_HEADROOM):
            yield
    except _Timeout:
        raise CqdtError(
            [_diagnostic("E925", None, name, bound=_bound("timeout", seconds=_seconds()))]
        ) from None


def render_template(env: TemplateEnvironment, name: str, context: Mapping[str, Any]) -> str:
    """Render the template ``name``; any problem of the template is a :class:`CqdtError`."""
    with bounded(name):
        try:
            template = env.get_template(name)
            out: list[str] = []
            size = 0
            for chunk in template.generate(**context):
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    raise TemplateLimit(
                        part("E925.output", limit=format_number(MAX_OUTPUT_CHARS, 0, "en"))
                    )
                out.append(chunk)
            return "".join(out)
        except Exception as error:  # every error of the template becomes a diagnostic
            raise CqdtError([template_diagnostic(error, name)]) from None


def template_diagnostic(error: BaseException, name: str) -> Diagnostic:
    """The diagnostic for ``error`` raised while rendering template ``name`` (or a bug)."""
    where = _template_frame(error)
    if isinstance(error, TemplateFileError):
        span = _span(error.path, error.line) if error.line else _span(error.path, 0)
        return _file_diagnostic(error, span)
    if isinstance(error, TemplateSyntaxError):
        where = (error.filename or error.name or name, error.lineno)
        return _diagnostic("E920", where, name, detail=error.message)
    if isinstance(error, TemplateNotFound):
        return _diagnostic("E921", where, name, name=error.name)
    if isinstance(error, UndefinedError):
        return _diagnostic("E922", where, name, detail=error.message)
    if isinstance(error, SecurityError):
        return _diagnostic("E923", where, name, detail=str(error))
    if isinstance(error, TemplateLimit):
        return _diagnostic("E925", where, name, bound=str(error))
    if isinstance(error, RecursionError):
        return _diagnostic("E925", where, name, bound=_bound("recursion"))
    if isinstance(error, MemoryError):
        limit = MEMORY_HEADROOM // 1024**2
        return _diagnostic("E925", where, name, bound=_bound("memory", limit=limit))
    if isinstance(error, OverflowError) and "range" in str(error).lower():
        return _diagnostic("E925", where, name, bound=_bound("range", detail=str(error)))
    if where is not None and Path(where[0]).is_relative_to(builtin_folder()):
        raise error  # a bug in one of cqdt's own templates
    return _diagnostic("E926", where, name, detail=f"{type(error).__name__}: {error}")


def _bound(shape: str, **fields: object) -> str:
    """The sentence of the bound an E925 hit (``E925.<shape>``)."""
    return part(f"E925.{shape}", **fields)


def _seconds() -> str:
    return format_significant(RENDER_SECONDS)


def _file_diagnostic(error: TemplateFileError, span: Span) -> Diagnostic:
    if not error.shape:
        return diagnostic(error.code, span, **error.fields)
    from dataclasses import replace

    hint_code = f"{error.code}.{error.shape}_hint"
    found = diagnostic(error.code, span, hint_code=hint_code, **error.fields)
    return replace(found, message=str(error))


def _template_frame(error: BaseException) -> tuple[str, int] | None:
    """The innermost template file and line in the traceback (Jinja rewrites it to them)."""
    found = None
    tb = error.__traceback__
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:  # a frame Jinja made for a template
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _span(path: str, line: int) -> Span:
    return Span(path, line, 1, line, 1)


def _diagnostic(
    code: str, where: tuple[str, int] | None, name: str, /, **fields: object
) -> Diagnostic:
    """``code`` at the template line ``where`` (else the template ``name``), quoting the line."""
    path, line = where if where is not None else (name, 0)
    if path == "<template>":
        path = name
    found = diagnostic(code, _span(path, line or 0), **fields)
    text = _line_of(path, line)
    if text is None:
        return found
    from dataclasses import replace

    return replace(found, value=text)


def _line_of(path: str, line: int) -> str | None:
    """The template line as written, for the diagnostic (None when it cannot be read)."""
    if line <= 0:
        return None
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeError):
        return None
    return lines[line - 1].strip()[:200] if line <= len(lines) else None
