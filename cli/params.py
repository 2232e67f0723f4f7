"""The building blocks of cqdt's commands on click: help in the language in force (section
titles included), arguments named by their names in usage errors, a suggestion for a mistyped
command, and the parameters several commands share, declared once."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import click

from cqdt.i18n import text

__all__ = [
    "Command",
    "Group",
    "choice_option",
    "path_argument",
    "path_option",
    "units_option",
]

#: Paths as given (existence is checked by the commands, with their own messages).
PATH = click.Path(path_type=Path)


class _Sections:
    """Help section titles in the language in force (click's own are English only)."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), text("Cách dùng: ", "Usage: "))

    def format_arguments(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        args = [p for p in self.get_params(ctx) if isinstance(p, click.Argument)]  # type: ignore[attr-defined]
        if args:
            with formatter.section(text("Đối số", "Arguments")):
                formatter.write_dl([a.get_help_record(ctx) for a in args])

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [
            p.get_help_record(ctx)
            for p in self.get_params(ctx)  # type: ignore[attr-defined]
            if not isinstance(p, click.Argument)
        ]
        records = [r for r in records if r is not None]
        if records:
            with formatter.section(text("Tùy chọn", "Options")):
                formatter.write_dl(records)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = text("In hướng dẫn này rồi thoát.", "Show this message and exit.")
        return option


class Command(_Sections, click.Command):
    """A cqdt command."""


class _Argument(click.Argument):
    """An argument named by its name in usage errors (``Missing argument 'files'``)."""

    def get_error_hint(self, ctx: click.Context | None) -> str:
        return f"'{self.name}'"


class Group(_Sections, click.Group):
    """The ``cqdt`` group: commands in the order they were added; a suggestion for a typo."""

    command_class = Command

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [
            (name, cmd.get_short_help_str(formatter.width)) for name, cmd in self.commands.items()
        ]
        with formatter.section(text("Lệnh", "Commands")):
            formatter.write_dl(rows)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            close = difflib.get_close_matches(name, list(self.commands), n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            ctx.fail(f"No such command {name!r}.{hint}")
        return super().resolve_command(ctx, args)


def path_argument(name: str, help: str, *, many: bool = False) -> Any:
    """A path argument (``many``: one or more) documented in the Arguments section."""
    return click.argument(
        name,
        cls=_Argument,
        type=PATH,
        nargs=-1 if many else 1,
        required=True,
        metavar=f"{name}..." if many else name,
        help=help,
    )


def path_option(*names: str, help: str, required: bool = False) -> Any:
    return click.option(*names, type=PATH, default=None, required=required, help=help)


def units_option() -> Any:
    return path_option(
        "--units",
        help=text(
            "Danh sách đơn vị (CSV: tier,code,name,parent)",
            "Unit registry (CSV: tier,code,name,parent)",
        ),
    )


def choice_option(name: str, choices: tuple[str, ...], help: str) -> Any:
    return click.option(name, type=click.Choice(choices), default=choices[0], help=help)
