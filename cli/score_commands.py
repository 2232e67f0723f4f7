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
    @path_option("--output", "-o", help=text("Tệp .xlsx cần tạo", ".xlsx to write"))
    @units_option()
    @path_option(
        "--per-unit",
        "per_unit",
        help=text(
            "Ghi mỗi đơn vị một phiếu vào thư mục này (cần --units)",
            "Write one form per unit into this folder (needs --units)",
        ),
    )
    @path_option(
        "--from",
        "carry_from",
        help=text(
            "Phiếu năm trước (thư mục hoặc tệp): điền sẵn câu trả lời của câu hỏi không đổi",
            "Last year's forms (folder or file): prefill answers to unchanged questions",
        ),
    )
    @click.option(
        "--force", is_flag=True, help=text("Ghi đè tệp đã có", "Overwrite an existing file")
    )
    def template(
        framework: Path,
        output: Path | None,
        units: Path | None,
        per_unit: Path | None,
        carry_from: Path | None,
        force: bool,
    ) -> None:
        if carry_from is not None and not carry_from.exists():
            fail_usage(text(f"không tìm thấy '{carry_from}'", f"not found: '{carry_from}'"))
        if per_unit is not None:
            body = lambda: _unit_forms(framework, per_unit, units, force, state, carry_from)  # noqa: E731
        else:
            body = lambda: _template(framework, output, units, force, state, carry_from)  # noqa: E731
        run(body, "text", state.color)


def _unit_forms(
    framework: Path, folder: Path, units: Path | None, force: bool, state, carry_from=None
) -> int:
    from cqdt.driver.jobs import TemplateJob
    from cqdt.driver.pipeline import load_framework
    from cqdt.driver.tasks import run_template

    if units is None:
        fail_usage(
            text(
                "--per-unit cần danh sách đơn vị: thêm --units units.csv",
                "--per-unit needs the unit registry: add --units units.csv",
            )
        )
    fw = load_framework(need_file(framework))
    need_file(units)
    job = TemplateJob(fw, folder, units=units, force=force, per_unit=True, carry_from=carry_from)
    written = run_template(job)
    say(
        text(
            f"đã tạo {len(written)} phiếu trong {folder}", f"wrote {len(written)} forms to {folder}"
        ),
        state.quiet,
    )
    return EXIT_OK


def _template(
    framework: Path, output: Path | None, units: Path | None, force: bool, state, carry_from=None
) -> int:
    from cqdt.driver.jobs import TemplateJob
    from cqdt.driver.tasks import refuse_existing, run_template

    if output is None:
        fail_usage(
            text(
                "cần --output TỆP.xlsx (hoặc --per-unit THƯ_MỤC)",
                "need --output FILE.xlsx (or --per-unit DIR)",
            )
        )
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
    run_template(TemplateJob(fw, output, units=units, force=force, carry_from=carry_from))
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
    @click.option(
        "--report-cards",
        is_flag=True,
        help=text(
            "Ghi phiếu kết quả của từng đơn vị (HTML và PDF, thư mục cards/)",
            "Write every unit's results card (HTML and PDF, folder cards/)",
        ),
    )
    @click.option(
        "--history",
        type=click.Path(path_type=Path),
        multiple=True,
        help=text(
            "results.json của các kỳ trước (và tệp .cqdt của chúng) cho trang Lịch sử",
            "Earlier editions' results.json (and their .cqdt) for the site's history",
        ),
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
            formats=(
                *(options["formats"] or ()),
                *(("cards", "cards-pdf") if options["report_cards"] else ()),
            ),
            templates=options["templates"],
            decision=options["decision"],
            force=options["force"],
            verify=options["verify"],
            history=tuple(options["history"] or ()),
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
    need_file(job.framework)
    folder = len(job.data) == 1 and job.data[0].is_dir()
    for path in job.data if not folder else ():
        need_file(path)
    for path in (job.units, job.decision, *job.history):
        if path is not None:
            need_file(path)
    if job.templates is not None and not job.templates.is_dir():
        fail_usage(text(f"không có thư mục '{job.templates}'", f"no folder '{job.templates}'"))
    scored = _collected(
        lambda: score_job(job, progress=progress(text("Đọc số liệu", "Reading data"), state.quiet)),
        state,
        brief=True,
    )
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
    absent = scored.collection.absent if scored.collection is not None else ()
    units_n = scored.frame.height - len(absent)
    names = _written_names(done.written, job.outdir)
    note = text(f" ({len(absent)} chưa gửi phiếu)", f" ({len(absent)} not submitted)")
    say(
        text(
            f"đã chấm {units_n} đơn vị{note if absent else ''}; đã ghi {names} vào {job.outdir}",
            f"scored {units_n} units{note if absent else ''}; wrote {names} to {job.outdir}",
        ),
        state.quiet,
    )
    return EXIT_OK


def _written_names(written, outdir: Path) -> str:
    """The files written, a folder output once (``cards/ (150 tệp)``), not its 150 files."""
    counts: dict[str, int] = {}
    for path in written:
        parts = Path(path).relative_to(outdir).parts
        key = parts[0] + ("/" if len(parts) > 1 else "")
        counts[key] = counts.get(key, 0) + 1
    return ", ".join(
        name if not name.endswith("/") else text(f"{name} ({n} tệp)", f"{name} ({n} files)")
        for name, n in counts.items()
    )


def _collected(body, state, *, brief: bool):
    """Run ``body``; for a folder of forms, print the status of every unit first (``brief``:
    only the units that did not submit or whose form has problems, then the counts)."""
    from cqdt.driver.collect import CollectionError

    try:
        scored = body()
    except CollectionError as error:
        _print_collection(error.collection, brief=False)
        raise
    if getattr(scored, "collection", None) is not None and not state.quiet:
        _print_collection(scored.collection, brief=brief)
    return scored


def _print_collection(collection, *, brief: bool) -> None:
    from cqdt.runtime.intake.collect import SUBMITTED, Collection

    shown = collection
    if brief:
        shown = Collection(tuple(u for u in collection.units if u.status != SUBMITTED), ())
        lines = shown.render().splitlines()[:-1] + collection.render().splitlines()[-1:]
    else:
        lines = shown.render().splitlines()
    sys.stderr.write("\n".join(lines) + "\n")


def register_collect(app: click.Group, state) -> None:
    @app.command(
        help=text(
            "Đọc thư mục phiếu các đơn vị gửi về: đơn vị nào đã gửi, chưa gửi, phiếu nào có lỗi.",
            "Read a folder of returned forms: who has submitted, who has not, whose form has problems.",
        )
    )
    @path_argument("framework", text("Tệp .cqdt", ".cqdt file"))
    @path_argument("folder", text("Thư mục phiếu", "Folder of forms"))
    @units_option()
    def collect(framework: Path, folder: Path, units: Path | None) -> None:
        run(lambda: _collect(framework, folder, units, state), "text", state.color)


def _collect(framework: Path, folder: Path, units: Path | None, state) -> int:
    from cqdt.driver.collect import CollectionError, collect_folder
    from cqdt.driver.pipeline import load_framework, load_registry

    if not folder.is_dir():
        fail_usage(text(f"không có thư mục '{folder}'", f"no folder '{folder}'"))
    if units is None:
        fail_usage(text("cần --units units.csv", "need --units units.csv"))
    fw = load_framework(need_file(framework))
    registry = load_registry(need_file(units), fw)
    try:
        read, collection = collect_folder(fw, folder, registry)
    except CollectionError as error:
        _print_collection(error.collection, brief=False)
        raise
    _print_collection(collection, brief=False)
    if read is not None and read.warnings and not state.quiet:
        show_warnings(read.warnings, state.color)
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
    @click.option(
        "--unit",
        required=True,
        help=text("Mã hoặc tên đơn vị (không cần dấu)", "Unit code or name (accents optional)"),
    )
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
    if not data.is_dir():  # a folder of returned forms is read as ``score`` reads it
        need_file(data)
    if units is not None:
        need_file(units)
    explanation = run_explain(ExplainJob(fw, data, unit, units=units))
    if format is OutputFormat.json:
        sys.stdout.write(json.dumps(explanation.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(explanation.render_text().rstrip("\n") + "\n")
    return EXIT_OK
