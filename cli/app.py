"""The click application: global options, then each group of commands registers itself.

Built on click directly (no typer): typer converts every parameter through pydantic, which a
cold ``cqdt score`` paid for on every run (see docs/performance.md). The commands are built
from :mod:`cqdt.cli.params`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

import click

from cqdt.cli.output import fail_usage
from cqdt.cli.params import Group
from cqdt.i18n import text
from cqdt.version import __version__

__all__ = ["State", "build_app"]


@dataclass
class State:
    """The global options, as the callback found them (read by every command)."""

    quiet: bool = False
    color: bool | None = None


def build_app() -> click.Group:
    """The click application, with help in the language in force."""
    from cqdt.cli import diff_command, framework_commands, history_command, score_commands

    state = State()
    app = _main_group(state)
    framework_commands.register_check(app, state)
    framework_commands.register_fmt(app, state)
    score_commands.register_template(app, state)
    score_commands.register_score(app, state)
    score_commands.register_collect(app, state)
    score_commands.register_explain(app, state)
    diff_command.register_diff(app, state)
    history_command.register_history(app, state)
    framework_commands.register_compile(app, state)
    return app


def _version_callback(ctx: click.Context, _param: Any, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        sys.stdout.write(f"cqdt {__version__}\n")
        ctx.exit(0)


def _main_group(state: State) -> click.Group:
    @click.group(
        name="cqdt",
        cls=Group,
        help=text(
            "cqdt — biên dịch bộ tiêu chí đánh giá thành chấm điểm hàng loạt và phụ lục quyết định.",
            "cqdt — compile evaluation frameworks into batch scoring and a decision annex.",
        ),
        no_args_is_help=True,
    )
    @click.option(
        "--lang",
        default=None,
        help=text("Ngôn ngữ thông báo: vi hoặc en.", "Language of messages: vi or en."),
    )
    @click.option("--quiet", "-q", is_flag=True, help=text("Chỉ in lỗi.", "Print errors only."))
    @click.option(
        "--color/--no-color",
        default=None,
        help=text(
            "Tô màu thông báo (mặc định: khi in ra màn hình).",
            "Colour messages (default: on a terminal).",
        ),
    )
    @click.option(
        "--version",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_version_callback,
        help=text("In phiên bản rồi thoát.", "Print the version and exit."),
    )
    def main_options(lang: str | None, quiet: bool, color: bool | None) -> None:
        from cqdt.i18n import set_language

        if lang is not None:
            if lang not in ("vi", "en"):
                fail_usage(text("--lang nhận vi hoặc en", "--lang takes vi or en"))
            set_language(lang)
        state.quiet = quiet
        state.color = color

    return main_options
