"""``cqdt diff OLD NEW [--data DATA]``: the command line side of :mod:`cqdt.driver.diff`."""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from cqdt.cli.output import EXIT_OK, DiffFormat, need_file, run, use_color
from cqdt.i18n import text


def register_diff(app: typer.Typer, state, shared) -> None:
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
        units: shared.units = None,
        format: Annotated[
            DiffFormat,
            typer.Option(
                "--format", help=text("text, json, md hoặc html", "text, json, md or html")
            ),
        ] = DiffFormat.text,
    ) -> None:
        run(lambda: _diff(old, new, data, units, format, state), "text", state.color)


def _diff(old: Path, new: Path, data: Path | None, units: Path | None, format, state) -> int:
    from cqdt.driver.diff import run_diff_job
    from cqdt.driver.jobs import DiffJob

    for path in (old, new, data, units):
        # /dev/null stands for "no framework yet" (a file added in git)
        if path is not None and str(path) != os.devnull:
            need_file(path)
    color = use_color(state.color) and sys.stdout.isatty()
    output = run_diff_job(DiffJob(old, new, data=data, units=units, fmt=format.value, color=color))
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    return EXIT_OK
