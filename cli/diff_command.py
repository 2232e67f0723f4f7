"""``cqdt diff OLD NEW [--data DATA]``: the command line side of :mod:`cqdt.driver.diff`."""

import os
import sys
from pathlib import Path

import click

from cqdt.cli.output import EXIT_OK, DiffFormat, need_file, run, use_color
from cqdt.cli.params import choice_option, path_argument, path_option, units_option
from cqdt.i18n import text


def register_diff(app: click.Group, state) -> None:
    @app.command(
        help=text(
            "So sánh hai phiên bản bộ tiêu chí; với --data, chỉ ra đơn vị bị ảnh hưởng.",
            "Compare two framework versions; with --data, show whom the change affects.",
        )
    )
    @path_argument("old", text("Bản cũ", "Old version"))
    @path_argument("new", text("Bản mới", "New version"))
    @path_option("--data", help=text("Số liệu để đánh giá tác động", "Data for the impact"))
    @units_option()
    @choice_option(
        "--format",
        tuple(f.value for f in DiffFormat),
        text("text, json, md hoặc html", "text, json, md or html"),
    )
    def diff(old: Path, new: Path, data: Path | None, units: Path | None, format: str) -> None:
        chosen = DiffFormat(format)
        run(lambda: _diff(old, new, data, units, chosen, state), "text", state.color)


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
