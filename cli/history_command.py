"""``cqdt history RESULTS.json…``: the trend of several editions, as a page and a workbook."""

from pathlib import Path

import click

from cqdt.cli.output import EXIT_OK, fail_usage, need_file, run, say
from cqdt.cli.params import path_argument, path_option, units_option
from cqdt.i18n import text


def register_history(app: click.Group, state) -> None:
    @app.command(
        help=text(
            "Xu hướng qua các kỳ: results.json của nhiều năm → history.html và history.xlsx.",
            "Trends across editions: several years' results.json → history.html, history.xlsx.",
        )
    )
    @path_argument(
        "results",
        text(
            "results.json của từng kỳ (thêm tệp .cqdt để nối tiêu chí đổi mã)",
            "Each edition's results.json (add .cqdt files to follow renamed indicators)",
        ),
        many=True,
    )
    @path_option("--output", "-o", "outdir", help=text("Thư mục kết quả", "Output folder"))
    @units_option()
    @click.option(
        "--force", is_flag=True, help=text("Ghi đè thư mục đã có", "Overwrite a folder in use")
    )
    def history(results: tuple[Path, ...], outdir: Path | None, units, force: bool) -> None:
        run(lambda: _history(list(results), outdir, units, force, state), "text", state.color)


def _history(results: list[Path], outdir: Path | None, units, force: bool, state) -> int:
    from cqdt.driver.history import run_history
    from cqdt.driver.jobs import HistoryJob

    if outdir is None:
        fail_usage(text("cần --output THƯ_MỤC", "need --output DIR"))
    for path in [*results, *([units] if units else [])]:
        need_file(path)
    written = run_history(HistoryJob(tuple(results), outdir, units=units, force=force))
    names = ", ".join(p.name for p in written)
    say(text(f"đã ghi {names} vào {outdir}", f"wrote {names} to {outdir}"), state.quiet)
    return EXIT_OK
