"""The typer application: global options, then each group of commands registers itself."""

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from cqdt.cli.output import fail_usage
from cqdt.i18n import set_language, text
from cqdt.version import __version__


@dataclass
class State:
    """The global options, as the callback found them (read by every command)."""

    quiet: bool = False
    color: bool | None = None


@dataclass(frozen=True)
class Shared:
    """Parameters several commands share, declared once (in the language chosen)."""

    framework: Any
    units: Any


def shared_parameters() -> Shared:
    framework = Annotated[Path, typer.Argument(help=text("Tệp .cqdt", ".cqdt file"))]
    units = Annotated[
        Path | None,
        typer.Option(
            "--units",
            help=text(
                "Danh sách đơn vị (CSV: tier,code,name,parent)",
                "Unit registry (CSV: tier,code,name,parent)",
            ),
        ),
    ]
    return Shared(framework, units)


def build_app() -> typer.Typer:
    """The typer application, with help in the language in force."""
    from cqdt.cli import diff_command, framework_commands, history_command, score_commands

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
    state = State()
    shared = shared_parameters()
    _register_options(app, state)
    framework_commands.register_check(app, state)
    framework_commands.register_fmt(app, state)
    score_commands.register_template(app, state, shared)
    score_commands.register_score(app, state, shared)
    score_commands.register_collect(app, state, shared)
    score_commands.register_explain(app, state, shared)
    diff_command.register_diff(app, state, shared)
    history_command.register_history(app, state, shared)
    framework_commands.register_compile(app, state, shared)
    return app


def _version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"cqdt {__version__}\n")
        raise typer.Exit(0)


def _register_options(app: typer.Typer, state: State) -> None:
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
                callback=_version_callback,
                is_eager=True,
                help=text("In phiên bản rồi thoát.", "Print the version and exit."),
            ),
        ] = False,
    ) -> None:
        if lang is not None:
            if lang not in ("vi", "en"):
                fail_usage(text("--lang nhận vi hoặc en", "--lang takes vi or en"))
            set_language(lang)
        state.quiet = quiet
        state.color = color
