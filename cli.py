"""The ``cqdt`` command: check, fmt, template, score, explain, diff, compile.

Exit status (design.md, "Command line contract"): 0 done (warnings allowed); 1 a problem the user
can fix in the framework or the data, shown as diagnostics and never as a traceback; 2 bad usage
(unknown flag, missing file); anything else is a bug in cqdt (70, with the traceback, so it can
be reported).

Help and messages are in Vietnamese by default; ``--lang en`` or ``CQDT_LANG=en`` gives English.
The language is chosen before the commands are built, so ``--help`` is translated too.
"""

import os
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from cqdt.diagnostics import CqdtError, Diagnostic
from cqdt.i18n import language, set_language, text
from cqdt.version import __version__

try:  # typer ≥ 0.20 ships its own copy of click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - older typer, with click as a dependency
    from click import exceptions as click_errors  # type: ignore[no-redef]

EXIT_OK, EXIT_USER, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 70


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"
    html = "html"


class _Exit(Exception):
    def __init__(self, code: int):
        self.code = code


# -- output helpers ----------------------------------------------------------------------------


def _use_color(flag: bool | None) -> bool:
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


def _print_diagnostics(
    diagnostics: Sequence[Diagnostic], fmt: str, color: bool | None, summary: bool = True
) -> None:
    from cqdt.render_diagnostics import render_json, render_text

    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    if fmt == "json":
        sys.stdout.write(render_json(ordered) + "\n")
        return
    if ordered:
        rendered = render_text(
            ordered, _sources_for(ordered), color=_use_color(color), summary=summary
        )
        sys.stderr.write(rendered.rstrip("\n") + "\n")


def _fail_usage(message: str) -> NoReturn:
    sys.stderr.write(f"cqdt: {message}\n")
    raise _Exit(EXIT_USAGE)


def _need_file(path: Path) -> Path:
    if not path.is_file():
        _fail_usage(text(f"không tìm thấy tệp '{path}'", f"file not found: '{path}'"))
    return path


def _run(body: Callable[[], int], fmt: str = "text", color: bool | None = None) -> None:
    """Run a command body; user-fixable problems become diagnostics and exit 1."""
    try:
        code = body()
    except CqdtError as error:
        _print_diagnostics(error.diagnostics, fmt, color)
        raise _Exit(EXIT_USER) from None
    raise _Exit(code)


def _exists(output: Path) -> Diagnostic:
    from cqdt.diagnostics import Severity

    return Diagnostic(
        code="template.exists",
        severity=Severity.ERROR,
        message=text(
            f"Tệp {output} đã có; cqdt không ghi đè khi chưa được phép "
            "(có thể đó là phiếu các đơn vị đã điền)",
            f"The file {output} exists; cqdt does not overwrite it unasked "
            "(it may be a form the units have filled in)",
        ),
        hint=text(
            "chọn tên tệp khác, hoặc thêm --force để ghi đè",
            "choose another name, or add --force to overwrite",
        ),
    )


def _say(message: str, quiet: bool) -> None:
    if not quiet:
        sys.stderr.write(message + "\n")


# -- the application ---------------------------------------------------------------------------


def build_app() -> typer.Typer:
    """The typer application, with help in the language in force."""
    app = typer.Typer(
        name="cqdt",
        help=text(
            "cqdt — biên dịch bộ tiêu chí đánh giá thành chấm điểm hàng loạt và phụ lục quyết định.",
            "cqdt — compile evaluation frameworks into batch scoring and a decision annex.",
        ),
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )

    state: dict[str, object] = {"quiet": False, "color": None}

    # Parameters several commands share, declared once (in the language chosen above).
    FrameworkArg = Annotated[Path, typer.Argument(help=text("Tệp .cqdt", ".cqdt file"))]
    UnitsOption = Annotated[
        Path | None,
        typer.Option(
            "--units",
            help=text(
                "Danh sách đơn vị (CSV: tier,code,name,parent)",
                "Unit registry (CSV: tier,code,name,parent)",
            ),
        ),
    ]

    def version_callback(value: bool) -> None:
        if value:
            sys.stdout.write(f"cqdt {__version__}\n")
            raise typer.Exit(0)

    @app.callback()
    def main_options(
        lang: Annotated[
            str | None,
            typer.Option(
                "--lang",
                help=text("Ngôn ngữ thông báo: vi hoặc en.", "Language of messages: vi or en."),
            ),
        ] = None,
        quiet: Annotated[
            bool,
            typer.Option("--quiet", "-q", help=text("Chỉ in lỗi.", "Print errors only.")),
        ] = False,
        color: Annotated[
            bool | None,
            typer.Option(
                "--color/--no-color",
                help=text(
                    "Tô màu thông báo (mặc định: khi in ra màn hình).",
                    "Colour messages (default: on a terminal).",
                ),
            ),
        ] = None,
        version: Annotated[
            bool,
            typer.Option(
                "--version",
                callback=version_callback,
                is_eager=True,
                help=text("In phiên bản rồi thoát.", "Print the version and exit."),
            ),
        ] = False,
    ) -> None:
        if lang is not None:
            if lang not in ("vi", "en"):
                _fail_usage(text("--lang nhận vi hoặc en", "--lang takes vi or en"))
            set_language(lang)
        state["quiet"] = quiet
        state["color"] = color

    # -- check ---------------------------------------------------------------------------

    @app.command(
        help=text(
            "Đọc và kiểm tra bộ tiêu chí; báo mọi lỗi cùng lúc. Thoát 0 nếu không có lỗi.",
            "Parse and check frameworks; report every problem at once. Exit 0 when clean.",
        )
    )
    def check(
        files: Annotated[list[Path], typer.Argument(help=text("Tệp .cqdt", ".cqdt files"))],
        format: Annotated[
            OutputFormat, typer.Option("--format", help=text("text hoặc json", "text or json"))
        ] = OutputFormat.text,
    ) -> None:
        from cqdt.compiler.load import check_source, read_source

        def body() -> int:
            diagnostics: list[Diagnostic] = []
            for path in files:
                source, problems = read_source(_need_file(path))
                diagnostics += problems
                if source is not None:
                    diagnostics += check_source(source, str(path)).diagnostics
            _print_diagnostics(diagnostics, format.value, state["color"], summary=False)  # type: ignore[arg-type]
            errors = sum(d.is_error for d in diagnostics)
            warnings = len(diagnostics) - errors
            if format is OutputFormat.text:
                _say(
                    text(
                        f"{len(files)} tệp: {errors} lỗi, {warnings} cảnh báo",
                        f"{len(files)} file(s): {errors} error(s), {warnings} warning(s)",
                    ),
                    bool(state["quiet"]) and not errors,
                )
            return EXIT_USER if errors else EXIT_OK

        _run(body, format.value, state["color"])  # type: ignore[arg-type]

    # -- fmt -----------------------------------------------------------------------------

    @app.command(
        help=text(
            "Trình bày bộ tiêu chí theo một bố cục chuẩn (giữ chú thích).",
            "Print frameworks in one canonical layout (comments kept).",
        )
    )
    def fmt(
        files: Annotated[list[Path], typer.Argument(help=text("Tệp .cqdt", ".cqdt files"))],
        check_only: Annotated[
            bool,
            typer.Option(
                "--check",
                help=text(
                    "Không sửa gì; thoát 1 nếu có tệp sẽ thay đổi.",
                    "Change nothing; exit 1 if a file would change.",
                ),
            ),
        ] = False,
    ) -> None:
        from cqdt.compiler.load import format_source, read_source
        from cqdt.runtime.atomic import write_bytes_atomic

        def body() -> int:
            diagnostics: list[Diagnostic] = []
            would_change: list[Path] = []
            outputs: list[tuple[Path, str]] = []
            for path in files:
                source, problems = read_source(_need_file(path))
                diagnostics += problems
                if source is None:
                    continue
                formatted, diags = format_source(source, str(path))
                diagnostics += diags
                if formatted is None:
                    continue
                if formatted != source:
                    would_change.append(path)
                    outputs.append((path, formatted))
            if any(d.is_error for d in diagnostics):
                raise CqdtError(diagnostics)
            if check_only:
                for path in would_change:
                    sys.stdout.write(
                        text(f"sẽ trình bày lại: {path}\n", f"would reformat: {path}\n")
                    )
                return EXIT_USER if would_change else EXIT_OK
            for path, formatted in outputs:
                write_bytes_atomic(path, formatted.encode("utf-8"))
                _say(
                    text(f"đã trình bày lại: {path}", f"reformatted: {path}"), bool(state["quiet"])
                )
            return EXIT_OK

        _run(body, "text", state["color"])  # type: ignore[arg-type]

    # -- template ------------------------------------------------------------------------

    @app.command(
        help=text(
            "Tạo phiếu khảo sát (tệp Excel nhập liệu) từ bộ tiêu chí.",
            "Write the data-entry workbook (survey form) for a framework.",
        )
    )
    def template(
        framework: FrameworkArg,
        output: Annotated[
            Path, typer.Option("--output", "-o", help=text("Tệp .xlsx cần tạo", ".xlsx to write"))
        ],
        units: UnitsOption = None,
        force: Annotated[
            bool,
            typer.Option("--force", help=text("Ghi đè tệp đã có", "Overwrite an existing file")),
        ] = False,
    ) -> None:
        def body() -> int:
            import cqdt.api as api
            from cqdt.runtime.intake.form import write_template
            from cqdt.runtime.intake.registry import load_units

            if output.suffix.lower() != ".xlsx":
                _fail_usage(
                    text(
                        f"phiếu khảo sát là tệp Excel: đặt tên có đuôi .xlsx (không phải '{output}')",
                        f"the form is an Excel file: give it a .xlsx name (not '{output}')",
                    )
                )
            if output.exists() and not force:
                # The file may be a form the units already filled in: never lose it silently.
                raise CqdtError([_exists(output)])
            fw = api.load(_need_file(framework))
            registry = load_units(_need_file(units)) if units else None
            write_template(fw.model, output, units=registry, framework_sha256=fw.sha256)
            _say(text(f"đã tạo {output}", f"wrote {output}"), bool(state["quiet"]))
            return EXIT_OK

        _run(body, "text", state["color"])  # type: ignore[arg-type]

    # -- score ---------------------------------------------------------------------------

    @app.command(
        help=text(
            "Kiểm tra số liệu, chấm điểm, xếp loại, xếp hạng và xuất kết quả cùng phụ lục.",
            "Validate data, score, level, rank, and write the results and the annex.",
        )
    )
    def score(
        framework: FrameworkArg,
        data: Annotated[
            list[Path],
            typer.Argument(
                help=text("Số liệu: .xlsx, .csv, .parquet", "Data: .xlsx, .csv, .parquet")
            ),
        ],
        outdir: Annotated[
            Path | None,
            typer.Option("--output", "-o", help=text("Thư mục kết quả", "Output folder")),
        ] = None,
        formats: Annotated[
            list[str] | None,
            typer.Option(
                "--formats",
                help=text(
                    "Thêm định dạng: docx, pdf (mặc định: json, xlsx, html, md)",
                    "Add formats: docx, pdf (default: json, xlsx, html, md)",
                ),
            ),
        ] = None,
        units: UnitsOption = None,
        decision: Annotated[
            Path | None,
            typer.Option(
                "--decision",
                help=text("Thông tin quyết định (TOML)", "Decision details (TOML)"),
            ),
        ] = None,
        templates: Annotated[
            Path | None,
            typer.Option(
                "--templates",
                help=text("Thư mục mẫu Jinja riêng", "Folder of your own Jinja templates"),
            ),
        ] = None,
        force: Annotated[
            bool,
            typer.Option("--force", help=text("Ghi đè thư mục đã có", "Overwrite a folder in use")),
        ] = False,
        verify: Annotated[
            Path | None,
            typer.Option(
                "--verify",
                help=text(
                    "Chạy lại và đối chiếu với kết quả đã công bố trong thư mục này",
                    "Re-run and confirm the results published in this folder match",
                ),
            ),
        ] = None,
    ) -> None:
        def body() -> int:
            from cqdt.driver.batch import run_score

            if outdir is None and verify is None:
                _fail_usage(
                    text("cần --output THƯ_MỤC (hoặc --verify)", "need --output DIR (or --verify)")
                )
            if outdir is not None and verify is not None:
                _fail_usage(
                    text(
                        "--verify chỉ đối chiếu, không ghi gì: bỏ --output",
                        "--verify only compares and writes nothing: drop --output",
                    )
                )
            for path in [framework, *data]:
                _need_file(path)
            for path in (units, decision):
                if path is not None:
                    _need_file(path)
            if templates is not None and not templates.is_dir():
                _fail_usage(text(f"không có thư mục '{templates}'", f"no folder '{templates}'"))
            return run_score(
                framework,
                data,
                outdir=outdir,
                formats=formats,
                units=units,
                decision=decision,
                templates=templates,
                force=force,
                verify=verify,
                quiet=bool(state["quiet"]),
            )

        _run(body, "text", state["color"])  # type: ignore[arg-type]

    # -- explain -------------------------------------------------------------------------

    @app.command(
        help=text(
            "Giải thích điểm của một đơn vị: số liệu, quy tắc, điểm, điều kiện xếp loại.",
            "Explain one unit: inputs, rules, points, level conditions, gap to the next level.",
        )
    )
    def explain(
        framework: FrameworkArg,
        data: Annotated[Path, typer.Argument(help=text("Số liệu", "Data"))],
        unit: Annotated[str, typer.Option("--unit", help=text("Mã đơn vị", "Unit code"))],
        units: UnitsOption = None,
        format: Annotated[
            OutputFormat, typer.Option("--format", help=text("text hoặc json", "text or json"))
        ] = OutputFormat.text,
    ) -> None:
        def body() -> int:
            import json

            import cqdt.api as api

            fw = api.load(_need_file(framework))
            results = fw.score(_need_file(data), units=_need_file(units) if units else None)
            explanation = results.explain(unit)
            if format is OutputFormat.json:
                sys.stdout.write(
                    json.dumps(explanation.to_dict(), ensure_ascii=False, indent=2) + "\n"
                )
            else:
                sys.stdout.write(explanation.render_text().rstrip("\n") + "\n")
            return EXIT_OK

        _run(body, format.value, state["color"])  # type: ignore[arg-type]

    # -- diff ----------------------------------------------------------------------------

    @app.command(
        help=text(
            "So sánh hai phiên bản bộ tiêu chí; với --data, chỉ ra đơn vị bị ảnh hưởng.",
            "Compare two framework versions; with --data, show whom the change affects.",
        )
    )
    def diff(
        old: Annotated[Path, typer.Argument(help=text("Bản cũ", "Old version"))],
        new: Annotated[Path, typer.Argument(help=text("Bản mới", "New version"))],
        data: Annotated[
            Path | None,
            typer.Option(
                "--data", help=text("Số liệu để đánh giá tác động", "Data for the impact")
            ),
        ] = None,
        units: UnitsOption = None,
        format: Annotated[
            DiffFormat,
            typer.Option(
                "--format", help=text("text, json, md hoặc html", "text, json, md or html")
            ),
        ] = DiffFormat.text,
    ) -> None:
        def body() -> int:
            from cqdt.driver.diff import run_diff

            for path in (old, new, data, units):
                # /dev/null stands for "no framework yet" (a file added in git)
                if path is not None and str(path) != os.devnull:
                    _need_file(path)
            output = run_diff(
                old,
                new,
                data=data,
                units=units,
                fmt=format.value,
                color=_use_color(state["color"]) and sys.stdout.isatty(),  # type: ignore[arg-type]
            )
            sys.stdout.write(output if output.endswith("\n") else output + "\n")
            return EXIT_OK

        _run(body, "text", state["color"])  # type: ignore[arg-type]

    # -- compile -------------------------------------------------------------------------

    @app.command(
        name="compile",
        help=text(
            "In kế hoạch chấm điểm và các biểu thức Polars.",
            "Show the scoring plan and its Polars expressions.",
        ),
    )
    def compile_(
        framework: FrameworkArg,
    ) -> None:
        def body() -> int:
            import cqdt.api as api
            from cqdt.compiler.plan.build import build_plan
            from cqdt.compiler.plan.show import render_plan

            fw = api.load(_need_file(framework))
            sys.stdout.write(render_plan(build_plan(fw.model)).rstrip("\n") + "\n")
            return EXIT_OK

        _run(body, "text", state["color"])  # type: ignore[arg-type]

    return app


def _language_from_argv(argv: Sequence[str]) -> None:
    """Pick the language before building the app, so that ``--help`` is translated."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in ("vi", "en"):
            set_language(argv[i + 1])
        elif arg.startswith("--lang=") and arg.split("=", 1)[1] in ("vi", "en"):
            set_language(arg.split("=", 1)[1])


def _language_option_first(argv: Sequence[str]) -> list[str]:
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


def _usage_error_vi(error: Exception) -> str:
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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console command; returns (and exits with) the status."""
    args = _language_option_first(list(sys.argv[1:] if argv is None else argv))
    _language_from_argv(args)
    app = build_app()
    try:
        result = app(args=args, prog_name="cqdt", standalone_mode=False)
        code = result if isinstance(result, int) else EXIT_OK  # --help, --version: 0
    except _Exit as done:
        code = done.code
    except click_errors.NoArgsIsHelpError as error:  # plain ``cqdt``: the help, exit 2
        error.show()
        code = error.exit_code
    except click_errors.UsageError as error:
        if language() == "vi":
            sys.stderr.write(_usage_error_vi(error))
        else:
            error.show()
        code = error.exit_code
    except click_errors.ClickException as error:
        error.show()
        code = error.exit_code
    except click_errors.Abort:
        sys.stderr.write(text("Đã dừng.\n", "Aborted.\n"))
        code = 1
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except KeyboardInterrupt:
        code = 130
    except Exception:
        sys.stderr.write(traceback.format_exc())
        sys.stderr.write(
            text(
                "cqdt: lỗi nội bộ (không phải lỗi của bạn). "
                "Xin gửi thông báo trên cho nhóm phát triển.\n",
                "cqdt: internal error (not your mistake). Please report the traceback above.\n",
            )
        )
        code = EXIT_BUG
    if argv is None:
        sys.exit(code)
    return code


if __name__ == "__main__":  # pragma: no cover
    main()
