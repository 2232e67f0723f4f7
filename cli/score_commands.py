"""The commands on data: ``template`` (the form), ``score`` (the yearly run), ``explain``.

Each builds a job (:mod:`cqdt.driver.jobs`) from its options, hands it to the driver, and
prints what came back: the driver itself prints nothing.
"""

import sys
from pathlib import Path

import click

from cqdt.cli.output import (
    EXIT_OK,
    OutputFormat,
    fail_usage,
    need_file,
    progress,
    run,
    say,
    show_warnings,
)
from cqdt.cli.params import choice_option, path_argument, path_option, units_option
from cqdt.i18n import text


def register_template(app: click.Group, state) -> None:
    @app.command(
        help=text(
            "Tạo phiếu khảo sát (tệp Excel nhập liệu) từ bộ tiêu chí.",
            "Write the data-entry workbook (survey form) for a framework.",
        )
    )
    @path_argument("framework", text("Tệp .cqdt", ".cqdt file"))
    @path_option("--output", "-o", required=True, help=text("Tệp .xlsx cần tạo", ".xlsx to write"))
    @units_option()
    @click.option(
        "--force", is_flag=True, help=text("Ghi đè tệp đã có", "Overwrite an existing file")
    )
    def template(framework: Path, output: Path, units: Path | None, force: bool) -> None:
        run(lambda: _template(framework, output, units, force, state), "text", state.color)


def _template(framework: Path, output: Path, units: Path | None, force: bool, state) -> int:
    from cqdt.driver.jobs import TemplateJob
    from cqdt.driver.tasks import refuse_existing, run_template

    if output.suffix.lower() != ".xlsx":
        fail_usage(
            text(
                f"phiếu khảo sát là tệp Excel: đặt tên có đuôi .xlsx (không phải '{output}')",
                f"the form is an Excel file: give it a .xlsx name (not '{output}')",
            )
        )
    from cqdt.driver.pipeline import load_framework

    refuse_existing(TemplateJob(framework, output, force=force))  # a filled-in form is kept
    fw = load_framework(need_file(framework))
    if units is not None:
        need_file(units)
    run_template(TemplateJob(fw, output, units=units, force=force))
    say(text(f"đã tạo {output}", f"wrote {output}"), state.quiet)
    return EXIT_OK


def _formats_help() -> str:
    from cqdt.runtime.publish.formats import DEFAULT_FORMATS, EXTRA_FORMATS

    extra, default = ", ".join(EXTRA_FORMATS), ", ".join(DEFAULT_FORMATS)
    return text(
        f"Thêm định dạng: {extra} (mặc định: {default})",
        f"Add formats: {extra} (default: {default})",
    )


def register_score(app: click.Group, state) -> None:
    @app.command(
        help=text(
            "Kiểm tra số liệu, chấm điểm, xếp loại, xếp hạng và xuất kết quả cùng phụ lục.",
            "Validate data, score, level, rank, and write the results and the annex.",
        )
    )
    @path_argument("framework", text("Tệp .cqdt", ".cqdt file"))
    @path_argument(
        "data", text("Số liệu: .xlsx, .csv, .parquet", "Data: .xlsx, .csv, .parquet"), many=True
    )
    @path_option("--output", "-o", "outdir", help=text("Thư mục kết quả", "Output folder"))
    @click.option("--formats", multiple=True, help=_formats_help())
    @units_option()
    @path_option("--decision", help=text("Thông tin quyết định (TOML)", "Decision details (TOML)"))
    @path_option(
        "--templates", help=text("Thư mục mẫu Jinja riêng", "Folder of your own Jinja templates")
    )
    @click.option(
        "--force", is_flag=True, help=text("Ghi đè thư mục đã có", "Overwrite a folder in use")
    )
    @path_option(
        "--verify",
        help=text(
            "Chạy lại và đối chiếu với kết quả đã công bố trong thư mục này",
            "Re-run and confirm the results published in this folder match",
        ),
    )
    def score(framework: Path, data: tuple[Path, ...], **options) -> None:
        from cqdt.driver.jobs import ScoreJob

        job = ScoreJob(
            framework,
            tuple(data),
            units=options["units"],
            outdir=options["outdir"],
            formats=tuple(options["formats"] or ()),
            templates=options["templates"],
            decision=options["decision"],
            force=options["force"],
            verify=options["verify"],
        )
        run(lambda: _score(job, state), "text", state.color)


def _score(job, state) -> int:
    from cqdt.driver.batch import publish_scored, score_job

    if job.outdir is None and job.verify is None:
        fail_usage(text("cần --output THƯ_MỤC (hoặc --verify)", "need --output DIR (or --verify)"))
    if job.outdir is not None and job.verify is not None:
        fail_usage(
            text(
                "--verify chỉ đối chiếu, không ghi gì: bỏ --output",
                "--verify only compares and writes nothing: drop --output",
            )
        )
    for path in [job.framework, *job.data]:
        need_file(path)
    for path in (job.units, job.decision):
        if path is not None:
            need_file(path)
    if job.templates is not None and not job.templates.is_dir():
        fail_usage(text(f"không có thư mục '{job.templates}'", f"no folder '{job.templates}'"))
    scored = score_job(job, progress=progress(text("Đọc số liệu", "Reading data"), state.quiet))
    if scored.warnings and not state.quiet:
        show_warnings(scored.warnings, state.color)
    done = publish_scored(scored, job)
    if job.verify is not None:
        n, where = len(done.verified), job.verify
        say(
            text(
                f"khớp: {n} tệp trong {where} đúng với kết quả chạy lại",
                f"verified: {n} files in {where} match the re-run",
            ),
            state.quiet,
        )
        return EXIT_OK
    units_n, names = scored.frame.height, ", ".join(p.name for p in done.written)
    say(
        text(
            f"đã chấm {units_n} đơn vị; đã ghi {names} vào {job.outdir}",
            f"scored {units_n} units; wrote {names} to {job.outdir}",
        ),
        state.quiet,
    )
    return EXIT_OK


def register_explain(app: click.Group, state) -> None:
    @app.command(
        help=text(
            "Giải thích điểm của một đơn vị: số liệu, quy tắc, điểm, điều kiện xếp loại.",
            "Explain one unit: inputs, rules, points, level conditions, gap to the next level.",
        )
    )
    @path_argument("framework", text("Tệp .cqdt", ".cqdt file"))
    @path_argument("data", text("Số liệu", "Data"))
    @click.option("--unit", required=True, help=text("Mã đơn vị", "Unit code"))
    @units_option()
    @choice_option("--format", ("text", "json"), text("text hoặc json", "text or json"))
    def explain(framework: Path, data: Path, unit: str, units: Path | None, format: str) -> None:
        chosen = OutputFormat(format)
        run(lambda: _explain(framework, data, unit, units, chosen), chosen.value, state.color)


def _explain(framework: Path, data: Path, unit: str, units: Path | None, format) -> int:
    import json

    from cqdt.driver.jobs import ExplainJob
    from cqdt.driver.pipeline import load_framework
    from cqdt.driver.tasks import run_explain

    fw = load_framework(need_file(framework))
    need_file(data)
    if units is not None:
        need_file(units)
    explanation = run_explain(ExplainJob(fw, data, unit, units=units))
    if format is OutputFormat.json:
        sys.stdout.write(json.dumps(explanation.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(explanation.render_text().rstrip("\n") + "\n")
    return EXIT_OK
