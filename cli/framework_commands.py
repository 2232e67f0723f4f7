"""The commands on framework files alone: ``check``, ``fmt``, ``compile``."""

import sys
from pathlib import Path

import click

from cqdt.cli.output import EXIT_OK, EXIT_USER, OutputFormat, need_file, print_diagnostics, run, say
from cqdt.cli.params import choice_option, path_argument
from cqdt.diagnostics import CqdtError, Diagnostic
from cqdt.i18n import text


def register_check(app: click.Group, state) -> None:
    @app.command(
        help=text(
            "Đọc và kiểm tra bộ tiêu chí; báo mọi lỗi cùng lúc. Thoát 0 nếu không có lỗi.",
            "Parse and check frameworks; report every problem at once. Exit 0 when clean.",
        )
    )
    @path_argument("files", text("Tệp .cqdt", ".cqdt files"), many=True)
    @choice_option("--format", ("text", "json"), text("text hoặc json", "text or json"))
    def check(files: tuple[Path, ...], format: str) -> None:
        chosen = OutputFormat(format)
        run(lambda: _check(list(files), chosen, state), chosen.value, state.color)


def _check(files: list[Path], format: OutputFormat, state) -> int:
    from cqdt.compiler.load import check_source, read_source

    diagnostics: list[Diagnostic] = []
    for path in files:
        source, problems = read_source(need_file(path))
        diagnostics += problems
        if source is not None:
            diagnostics += check_source(source, str(path)).diagnostics
    print_diagnostics(diagnostics, format.value, state.color, summary=False)
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    if format is OutputFormat.text:
        say(
            text(
                f"{len(files)} tệp: {errors} lỗi, {warnings} cảnh báo",
                f"{len(files)} file(s): {errors} error(s), {warnings} warning(s)",
            ),
            state.quiet and not errors,
        )
    return EXIT_USER if errors else EXIT_OK


def register_fmt(app: click.Group, state) -> None:
    @app.command(
        help=text(
            "Trình bày bộ tiêu chí theo một bố cục chuẩn (giữ chú thích).",
            "Print frameworks in one canonical layout (comments kept).",
        )
    )
    @path_argument("files", text("Tệp .cqdt", ".cqdt files"), many=True)
    @click.option(
        "--check",
        "check_only",
        is_flag=True,
        help=text(
            "Không sửa gì; thoát 1 nếu có tệp sẽ thay đổi.",
            "Change nothing; exit 1 if a file would change.",
        ),
    )
    def fmt(files: tuple[Path, ...], check_only: bool) -> None:
        run(lambda: _fmt(list(files), check_only, state), "text", state.color)


def _fmt(files: list[Path], check_only: bool, state) -> int:
    from cqdt.compiler.load import format_source, read_source
    from cqdt.runtime.atomic import write_bytes_atomic

    diagnostics: list[Diagnostic] = []
    would_change: list[Path] = []
    outputs: list[tuple[Path, str]] = []
    for path in files:
        source, problems = read_source(need_file(path))
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
            sys.stdout.write(text(f"sẽ trình bày lại: {path}\n", f"would reformat: {path}\n"))
        return EXIT_USER if would_change else EXIT_OK
    for path, formatted in outputs:
        write_bytes_atomic(path, formatted.encode("utf-8"))
        say(text(f"đã trình bày lại: {path}", f"reformatted: {path}"), state.quiet)
    return EXIT_OK


def register_compile(app: click.Group, state) -> None:
    @app.command(
        name="compile",
        help=text(
            "In kế hoạch chấm điểm và các biểu thức Polars.",
            "Show the scoring plan and its Polars expressions.",
        ),
    )
    @path_argument("framework", text("Tệp .cqdt", ".cqdt file"))
    def compile_(framework: Path) -> None:
        run(lambda: _compile(framework), "text", state.color)


def _compile(framework: Path) -> int:
    from cqdt.compiler.plan.build import build_plan
    from cqdt.compiler.plan.show import render_plan
    from cqdt.driver.pipeline import load_framework

    fw = load_framework(need_file(framework))
    sys.stdout.write(render_plan(build_plan(fw.model)).rstrip("\n") + "\n")
    return EXIT_OK
