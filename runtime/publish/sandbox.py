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

from cqdt.diagnostics import CqdtError, Diagnostic, Span
from cqdt.i18n import Message

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
    """A template file that may not be used: outside its folder, or not UTF-8."""

    def __init__(self, code: str, message: str, hint: str, path: str, line: int = 0):
        super().__init__(message)
        self.code, self.text, self.hint, self.path, self.line = code, message, hint, path, line


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
                "E921",
                OUTSIDE.render(name=template, target=str(real)),
                OUTSIDE_HINT.render(),
                str(path),
            )
        data = real.read_bytes()
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise TemplateFileError(
                "E924",
                NOT_UTF8.render(name=template, line=line, byte=f"0x{data[error.start]:02x}"),
                NOT_UTF8_HINT.render(),
                str(path),
                line,
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
            raise TemplateLimit(LIMIT_NUMBER.render(value=value, limit=MAX_SEQUENCE))


class TemplateEnvironment(SandboxedEnvironment):
    """``SandboxedEnvironment`` that also bounds what ``*``, ``**`` and calls can build."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple | bytes) and isinstance(n, int):
                    if len(seq) * max(n, 0) > MAX_SEQUENCE:
                        raise TemplateLimit(
                            LIMIT_SEQUENCE.render(size=len(seq) * n, limit=MAX_SEQUENCE)
                        )
        if operator == "**" and isinstance(left, int) and isinstance(right, int):
            if abs(left) > 1 and right > 0 and right * len(str(abs(left))) > MAX_POWER_DIGITS:
                raise TemplateLimit(LIMIT_POWER.render(limit=MAX_POWER_DIGITS))
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
            [_diagnostic("E925", TIMEOUT.render(seconds=f"{RENDER_SECONDS:g}"), None, name)]
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
                    raise TemplateLimit(LIMIT_OUTPUT.render(limit=f"{MAX_OUTPUT_CHARS:,}"))
                out.append(chunk)
            return "".join(out)
        except Exception as error:  # every error of the template becomes a diagnostic
            raise CqdtError([template_diagnostic(error, name)]) from None


def template_diagnostic(error: BaseException, name: str) -> Diagnostic:
    """The diagnostic for ``error`` raised while rendering template ``name`` (or a bug)."""
    where = _template_frame(error)
    if isinstance(error, TemplateFileError):
        span = _span(error.path, error.line) if error.line else _span(error.path, 0)
        return Diagnostic.error(error.code, error.text, hint=error.hint, where=span)
    if isinstance(error, TemplateSyntaxError):
        where = (error.filename or error.name or name, error.lineno)
        return _diagnostic("E920", SYNTAX.render(detail=error.message), where, name)
    if isinstance(error, TemplateNotFound):
        return _diagnostic("E921", NOT_FOUND.render(name=error.name), where, name)
    if isinstance(error, UndefinedError):
        return _diagnostic("E922", UNDEFINED.render(detail=error.message), where, name)
    if isinstance(error, SecurityError):
        return _diagnostic("E923", REFUSED.render(detail=str(error)), where, name)
    if isinstance(error, TemplateLimit):
        return _diagnostic("E925", str(error), where, name)
    if isinstance(error, RecursionError):
        return _diagnostic("E925", RECURSION.render(), where, name)
    if isinstance(error, MemoryError):
        return _diagnostic("E925", MEMORY.render(limit=MEMORY_HEADROOM // 1024**2), where, name)
    if isinstance(error, OverflowError) and "range" in str(error).lower():
        return _diagnostic("E925", LIMIT_RANGE.render(detail=str(error)), where, name)
    if where is not None and Path(where[0]).is_relative_to(builtin_folder()):
        raise error  # a bug in one of cqdt's own templates
    detail = f"{type(error).__name__}: {error}"
    return _diagnostic("E926", FAILED.render(detail=detail), where, name)


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


def _diagnostic(code: str, message: str, where: tuple[str, int] | None, name: str) -> Diagnostic:
    hint = _HINTS[code].render()
    path, line = where if where is not None else (name, 0)
    if path == "<template>":
        path = name
    text = _line_of(path, line)
    diagnostic = Diagnostic.error(code, message, hint=hint, where=_span(path, line or 0))
    if text is None:
        return diagnostic
    from dataclasses import replace

    return replace(diagnostic, value=text)


def _line_of(path: str, line: int) -> str | None:
    """The template line as written, for the diagnostic (None when it cannot be read)."""
    if line <= 0:
        return None
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeError):
        return None
    return lines[line - 1].strip()[:200] if line <= len(lines) else None


# -- messages ---------------------------------------------------------------------------------

SYNTAX = Message(vi="Lỗi cú pháp trong mẫu: {detail}", en="Syntax error in the template: {detail}")
NOT_FOUND = Message(
    vi="Không tìm thấy mẫu '{name}' (trong thư mục mẫu hoặc mẫu có sẵn)",
    en="Template '{name}' not found (in the templates folder or the bundled ones)",
)
OUTSIDE = Message(
    vi="Mẫu '{name}' trỏ ra ngoài thư mục mẫu (tới {target}); cqdt không đọc tệp đó",
    en="Template '{name}' points outside the templates folder (to {target}); cqdt does not read it",
)
OUTSIDE_HINT = Message(
    vi="chép tệp vào thư mục mẫu thay vì dùng liên kết tượng trưng",
    en="copy the file into the templates folder instead of linking to it",
)
NOT_UTF8 = Message(
    vi="Mẫu '{name}' không phải văn bản UTF-8 (byte {byte} ở dòng {line})",
    en="Template '{name}' is not UTF-8 text (byte {byte} on line {line})",
)
NOT_UTF8_HINT = Message(
    vi="lưu lại tệp với bảng mã UTF-8", en="save the file again with the UTF-8 encoding"
)
UNDEFINED = Message(
    vi="Mẫu dùng một tên không có trong báo cáo: {detail}",
    en="The template uses a name the report does not have: {detail}",
)
REFUSED = Message(
    vi="Mẫu bị chặn vì truy cập ngoài dữ liệu báo cáo: {detail}",
    en="The template was stopped for reaching beyond the report data: {detail}",
)
LIMIT_SEQUENCE = Message(
    vi="Mẫu tạo một chuỗi/danh sách {size} phần tử, vượt giới hạn {limit}",
    en="The template builds a string or list of {size} items, above the limit of {limit}",
)
LIMIT_NUMBER = Message(
    vi="Mẫu dùng số {value}, vượt giới hạn {limit} cho độ rộng hoặc số lần lặp",
    en="The template uses the number {value}, above the limit of {limit} for a width or count",
)
LIMIT_POWER = Message(
    vi="Mẫu tính một luỹ thừa quá {limit} chữ số",
    en="The template computes a power of more than {limit} digits",
)
LIMIT_RANGE = Message(
    vi="Mẫu lặp quá nhiều lần: {detail}", en="The template loops too many times: {detail}"
)
LIMIT_OUTPUT = Message(
    vi="Mẫu tạo ra hơn {limit} ký tự; dừng lại",
    en="The template produces more than {limit} characters; stopped",
)
TIMEOUT = Message(
    vi="Mẫu chạy quá {seconds} giây; dừng lại",
    en="The template ran for more than {seconds} seconds; stopped",
)
RECURSION = Message(
    vi="Mẫu gọi đệ quy không dừng (macro tự gọi mình)",
    en="The template recurses without end (a macro calling itself)",
)
MEMORY = Message(
    vi="Mẫu cần hơn {limit} MB bộ nhớ; dừng lại",
    en="The template needs more than {limit} MB of memory; stopped",
)
FAILED = Message(vi="Mẫu lỗi khi chạy: {detail}", en="The template failed: {detail}")

_HINTS = {
    "E920": Message(
        vi="sửa dòng này theo cú pháp Jinja ({{{{ … }}}}, {{% … %}}; xem docs/annex.md)",
        en="fix this line to Jinja syntax ({{{{ … }}}}, {{% … %}}; see docs/annex.md)",
    ),
    "E921": Message(
        vi="tên mẫu tính từ thư mục --templates; đặt tệp vào đó",
        en="template names are relative to the --templates folder; put the file there",
    ),
    "E922": Message(
        vi="các tên dùng được (report.tiers, report.labels …) liệt kê trong docs/annex.md",
        en="the names you can use (report.tiers, report.labels …) are listed in docs/annex.md",
    ),
    "E923": Message(
        vi="mẫu chỉ được đọc dữ liệu báo cáo, không được truy cập bên trong Python",
        en="a template may read the report data, not Python internals",
    ),
    "E925": Message(
        vi="mẫu tạo ra quá nhiều hoặc chạy quá lâu; các giới hạn ở docs/annex.md",
        en="the template produces too much or runs too long; the limits are in docs/annex.md",
    ),
    "E926": Message(
        vi="kiểm tra biểu thức ở dòng này của mẫu",
        en="check the expression on this line of the template",
    ),
}
