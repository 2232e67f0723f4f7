"""Reading CSV (wide or long) and Parquet (wide) inputs, for engineers and large runs.

Wide layout: ``tier,code,name,<input ids>`` — one row per unit, tiers mixed, rows in any tier
order. Long layout: ``tier,code,name,input,value`` (``name`` optional) — one row per answer;
it is recognised by its header. Parquet files are wide and scanned lazily (only the columns
the framework knows, plus any unknown ones so they can be reported). Values in CSV are text and
go through exactly the checks of a workbook; Parquet columns may be typed (Float64, Int64,
Boolean, String).

Positions: a CSV problem is reported as ``file.csv!D7`` (column letter, line number, header on
line 1); a Parquet problem as ``file.parquet!row 5, column staff``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl

from cqdt.compiler.model.nodes import Framework
from cqdt.diagnostics import CellRef, CqdtError, Diagnostic
from cqdt.i18n import text
from cqdt.number_format import format_number
from cqdt.runtime.intake.messages import data_diagnostic
from cqdt.runtime.intake.validate import TierRows
from cqdt.runtime.intake.values import decimal_mark, normalize_text
from cqdt.runtime.intake.xlsx import column_letter

__all__ = [
    "MAX_COLUMNS",
    "MAX_TABLE_ROWS",
    "check_csv_shape",
    "read_csv_tiers",
    "read_parquet_tiers",
]

LONG_COLUMNS = ("tier", "code", "input", "value")
#: Columns of a CSV or Parquet table (a framework asks a few hundred questions at most).
MAX_COLUMNS = 10_000
#: Data rows of a CSV or Parquet table read whole (Vietnam has about 10,000 communes; larger
#: runs are scored out of core, see docs/scoring.md).
MAX_TABLE_ROWS = 2_000_000
#: Lines with the wrong number of fields reported one by one (then one more says how many).
MAX_SHAPE_PROBLEMS = 100


def _too_large(path: Path, found: int, limit: int, what: tuple[str, str]) -> CqdtError:
    return CqdtError(
        [
            data_diagnostic(
                "D230",
                CellRef(path.name, "", str(path)),
                file=path.name,
                found=format_number(found, 0),
                limit=format_number(limit, 0),
                what=text(*what),
                value=format_number(found, 0),
            )
        ]
    )


def _check_bounds(path: Path, columns: int, rows: int) -> None:
    if columns > MAX_COLUMNS:
        raise _too_large(path, columns, MAX_COLUMNS, ("cột", "columns"))
    if rows > MAX_TABLE_ROWS:
        raise _too_large(path, rows, MAX_TABLE_ROWS, ("dòng", "rows"))


def check_csv_shape(path: Path, data: bytes) -> None:
    """Refuse a CSV whose lines do not all have the header's number of fields, or which is
    beyond the bounds, before Polars reads it (Polars pads a short line with nulls: a file cut
    in the middle of its last line would score the missing answers as 0).

    Empty lines are skipped, as Polars skips them.
    """
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CqdtError(
            [
                data_diagnostic(
                    "D201",
                    CellRef(path.name, "line 1", str(path)),
                    file=path.name,
                    value=text(
                        f"không phải UTF-8 (byte {exc.start})", f"not UTF-8 (byte {exc.start})"
                    ),
                )
            ]
        ) from None
    reader = csv.reader(io.StringIO(decoded, newline=""), strict=True)
    problems: list[Diagnostic] = []
    width = None
    count = 0
    try:
        for record in reader:
            if not record:
                continue
            if width is None:
                width = len(record)
                if width > MAX_COLUMNS:
                    raise _too_large(path, width, MAX_COLUMNS, ("cột", "columns"))
                continue
            count += 1
            if count > MAX_TABLE_ROWS:
                raise _too_large(path, count, MAX_TABLE_ROWS, ("dòng", "rows"))
            if len(record) != width and len(problems) <= MAX_SHAPE_PROBLEMS:
                problems.append(
                    data_diagnostic(
                        "D135",
                        CellRef(path.name, f"{column_letter(0)}{reader.line_num}", str(path)),
                        found=len(record),
                        columns=width,
                        value=",".join(record)[:200],
                        expected=text(f"{width} trường", f"{width} fields"),
                    )
                )
    except csv.Error as exc:
        raise CqdtError(
            [
                data_diagnostic(
                    "D201",
                    CellRef(path.name, f"line {reader.line_num}", str(path)),
                    file=path.name,
                    value=str(exc)[:200],
                )
            ]
        ) from None
    if problems:
        raise CqdtError(problems[:MAX_SHAPE_PROBLEMS])


def _answer_columns(path: Path, frame: pl.DataFrame, problems: list[Diagnostic]) -> pl.DataFrame:
    """Columns of a Parquet table as the validator takes them.

    Binary that is UTF-8 becomes text, binary that is not is reported (D136), as are lists,
    arrays, structs and maps (a map is a list of structs); a date, time or duration becomes
    its text, so that where a number belongs it is reported (D101) with the value as written.
    A reported column is emptied: the file is refused anyway.
    """
    replaced = []
    for name, dtype in frame.schema.items():
        series = frame[name]
        if dtype == pl.Binary:
            try:
                replaced.append(series.cast(pl.String, strict=True))
                continue
            except pl.exceptions.PolarsError:
                shown = text("nhị phân, không phải văn bản UTF-8", "binary, not UTF-8 text")
        elif dtype.is_nested():
            shown = str(dtype)
        elif dtype.is_temporal():
            values = [None if v is None else str(v) for v in series.to_list()]
            replaced.append(pl.Series(name, values, pl.String))
            continue
        elif dtype == pl.Categorical or isinstance(dtype, pl.Enum):
            replaced.append(series.cast(pl.String))
            continue
        else:
            continue
        problems.append(
            data_diagnostic(
                "D136",
                CellRef(path.name, f"column {name}", str(path)),
                column=name,
                dtype=shown,
                value=shown,
                expected=text("số, văn bản hoặc đúng/sai", "numbers, text or booleans"),
            )
        )
        replaced.append(pl.Series(name, [None] * frame.height, pl.String))
    return frame.with_columns(replaced) if replaced else frame


def _duplicate_columns(path: Path, data: bytes) -> list[Diagnostic]:
    """D125 for each column name a Parquet file has more than once (Polars refuses to read it)."""
    names: list[str] = []
    try:
        import pyarrow.parquet as pq

        names = pq.read_schema(io.BytesIO(data)).names
    except Exception:  # noqa: BLE001 - without pyarrow, or a schema it cannot read
        names = []
    seen: set[str] = set()
    twice = [n for n in names if n in seen or seen.add(n)]
    return [
        data_diagnostic(
            "D125", CellRef(path.name, f"column {name}", str(path)), column=name, value=name
        )
        for name in dict.fromkeys(twice or ["?"])
    ]


def read_csv_tiers(
    fw: Framework,
    path: Path,
    data: bytes,
    problems: list[Diagnostic],
    warnings: list[Diagnostic],
) -> list[TierRows]:
    """The rows of every tier in the CSV ``data`` (the bytes of ``path``).

    Its shape is checked first (:func:`check_csv_shape`): a line with fewer or more fields
    than the header (a file cut short in the middle of a line) is an error, never padded with
    empty answers; a table beyond :data:`MAX_COLUMNS` or :data:`MAX_TABLE_ROWS` is refused
    before anything is allocated for it.
    """
    check_csv_shape(path, data)
    try:
        frame = pl.read_csv(
            io.BytesIO(data), infer_schema=False, encoding="utf8", raise_if_empty=False
        )
    except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError) as exc:
        raise CqdtError(
            [
                data_diagnostic(
                    "D201",
                    CellRef(path.name, "line 1", str(path)),
                    file=path.name,
                    value=str(exc).splitlines()[0][:200],
                )
            ]
        ) from None
    frame.columns = [normalize_text(c).lstrip("\ufeff") for c in frame.columns]
    lowered = [c.lower() if c.lower() in (*LONG_COLUMNS, "name") else c for c in frame.columns]
    frame.columns = lowered
    if set(LONG_COLUMNS) <= set(frame.columns) and not (
        set(frame.columns) & {inp.id for inp in fw.inputs}
    ):
        return _long(fw, path, frame, problems)
    letters = {c: column_letter(i) for i, c in enumerate(frame.columns)}
    file = str(path)

    def cell_factory(lines: pl.Series):
        line_of = lines.to_list()

        def cell(column: str, row: int) -> CellRef:
            return CellRef(path.name, f"{letters.get(column, 'A')}{line_of[row]}", file)

        return cell

    def header(column: str | None) -> CellRef:
        return CellRef(path.name, f"{letters.get(column or '', 'A')}1", file)

    return _split_wide(fw, path, frame, cell_factory, header, problems, line_base=2)


def read_parquet_tiers(
    fw: Framework,
    path: Path,
    data: bytes,
    problems: list[Diagnostic],
    warnings: list[Diagnostic],
) -> list[TierRows]:
    """The rows of every tier in the Parquet ``data`` (the bytes of ``path``); columns of a
    type that cannot hold an answer are reported (:func:`_answer_columns`)."""
    try:
        frame = pl.read_parquet(io.BytesIO(data))
    except pl.exceptions.DuplicateError:
        raise CqdtError(_duplicate_columns(path, data)) from None
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise CqdtError(
            [
                data_diagnostic(
                    "D201",
                    CellRef(path.name, "row 1", str(path)),
                    file=path.name,
                    value=str(exc).splitlines()[0][:200],
                )
            ]
        ) from None
    file = str(path)
    _check_bounds(path, frame.width, frame.height)
    frame = _answer_columns(path, frame, problems)

    def cell_factory(lines: pl.Series):
        line_of = lines.to_list()

        def cell(column: str, row: int) -> CellRef:
            return CellRef(path.name, f"row {line_of[row]}, column {column}", file)

        return cell

    def header(column: str | None) -> CellRef:
        return CellRef(path.name, f"column {column or 'code'}", file)

    return _split_wide(fw, path, frame, cell_factory, header, problems, line_base=1)


def _split_wide(fw, path, frame: pl.DataFrame, cell_factory, header, problems, *, line_base):
    """Split a wide table by its ``tier`` column, keeping file order within each tier."""
    for required in ("tier", "code"):
        if required not in frame.columns:
            raise CqdtError(
                [
                    data_diagnostic(
                        "D205",
                        header(required),
                        column=required,
                        value=None,
                        expected=", ".join(("tier", "code", "name")),
                    )
                ]
            )
    inputs = {inp.id for inp in fw.inputs}
    if inputs and not inputs.intersection(frame.columns):
        # Not answers at all (most often the units list given in place of the data): one
        # clear problem, rather than every question reported missing once per tier.
        raise CqdtError(
            [
                data_diagnostic(
                    "D129",
                    header(None),
                    file=path.name,
                    value=", ".join(frame.columns[:6]),
                    expected=text("một cột cho mỗi câu hỏi", "one column per input"),
                )
            ]
        )
    frame = frame.with_row_index("_line", offset=line_base)
    tiers_col = frame["tier"].cast(pl.String).str.strip_chars()
    frame = frame.with_columns(tiers_col.alias("tier"))
    unknown = frame.filter(pl.col("tier").is_not_null() & ~pl.col("tier").is_in(list(fw.tier_ids)))
    cell_all = cell_factory(frame["_line"])
    for row in unknown.rows(named=True):
        problems.append(
            data_diagnostic(
                "D124",
                cell_all("tier", int(row["_line"]) - line_base),
                tier=row["tier"],
                value=row["tier"],
                expected=", ".join(fw.tier_ids),
            )
        )
    for row in _without_tier(frame):
        problems.append(
            data_diagnostic(
                "D140",
                cell_all("tier", int(row["_line"]) - line_base),
                code=row["code"] or "?",
                expected=", ".join(fw.tier_ids),
                hint_fields={"tiers": ", ".join(fw.tier_ids)},
            )
        )
    file_mark = _file_decimal_mark(frame)
    out: list[TierRows] = []
    for tier in fw.tier_ids:
        part = frame.filter(pl.col("tier") == tier)
        if part.height == 0:
            continue
        lines = part["_line"]
        part = part.drop("tier", "_line")
        if "name" not in part.columns:
            part = part.with_columns(pl.lit(None, pl.String).alias("name"))
        part = part.with_columns(pl.col("code").cast(pl.String), pl.col("name").cast(pl.String))
        out.append(TierRows(tier, part, cell_factory(lines), header, file_decimal_mark=file_mark))
    return out


def _file_decimal_mark(frame: pl.DataFrame) -> str | None:
    """The decimal mark every text answer of the file shows together (see ``decimal_mark``)."""
    identity = {"tier", "code", "name", "_line"}
    texts = [
        frame[c].drop_nulls().unique()
        for c in frame.columns
        if c not in identity and frame[c].dtype == pl.String
    ]
    return decimal_mark(pl.concat(texts)) if texts else None


def _without_tier(frame: pl.DataFrame) -> list[dict]:
    """Rows with an empty tier cell but something else filled in (D140): never dropped."""
    others = [c for c in frame.columns if c not in ("tier", "_line")]
    empty_tier = pl.col("tier").is_null() | (pl.col("tier").cast(pl.String) == "")
    filled = pl.any_horizontal([pl.col(c).is_not_null() for c in others]) if others else False
    rows = frame.filter(empty_tier & filled).select("_line", "code")
    return rows.with_columns(pl.col("code").cast(pl.String)).rows(named=True)


def _long(fw: Framework, path: Path, frame: pl.DataFrame, problems) -> list[TierRows]:
    """Pivot ``tier,code,[name,]input,value`` into one wide raw table per tier."""
    letters = {c: column_letter(i) for i, c in enumerate(frame.columns)}
    file = str(path)
    frame = frame.with_row_index("_line", offset=2).with_columns(
        pl.col("tier").str.strip_chars(),
        pl.col("code").str.normalize("NFC").str.strip_chars(),
        pl.col("input").str.strip_chars(),
    )
    if "name" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.String).alias("name"))

    def at(column: str, line: int) -> CellRef:
        return CellRef(path.name, f"{letters.get(column, 'A')}{line}", file)

    frame = _long_line_problems(fw, frame, at, problems)
    _long_duplicates(frame, at, problems)
    out: list[TierRows] = []
    for tier in fw.tier_ids:
        part = frame.filter(pl.col("tier") == tier)
        if part.height:
            out.append(_long_tier(fw, tier, part, at))
    return out


def _long_line_problems(fw: Framework, frame: pl.DataFrame, at, problems) -> pl.DataFrame:
    """D124 (unknown tier), D140 (no tier), D114 (unknown input) for the lines of a long file;
    the frame without the lines of unknown inputs."""
    known = {inp.id for inp in fw.inputs}
    for row in frame.filter(
        pl.col("tier").is_not_null() & ~pl.col("tier").is_in(list(fw.tier_ids))
    ).iter_rows(named=True):
        problems.append(
            data_diagnostic(
                "D124",
                at("tier", row["_line"]),
                tier=row["tier"],
                value=row["tier"],
                expected=", ".join(fw.tier_ids),
            )
        )
    for row in _without_tier(frame):
        problems.append(
            data_diagnostic(
                "D140",
                at("tier", row["_line"]),
                code=row["code"] or "?",
                expected=", ".join(fw.tier_ids),
                hint_fields={"tiers": ", ".join(fw.tier_ids)},
            )
        )
    for row in frame.filter(
        pl.col("input").is_not_null() & ~pl.col("input").is_in(list(known))
    ).iter_rows(named=True):
        problems.append(
            data_diagnostic(
                "D114",
                at("input", row["_line"]),
                column=row["input"],
                value=row["input"],
                expected=text("một mã câu hỏi", "an input id"),
            )
        )
    return frame.filter(pl.col("input").is_in(list(known)) | pl.col("input").is_null())


def _long_duplicates(frame: pl.DataFrame, at, problems) -> None:
    """D123: a second answer of one unit to one input (the first one is read)."""
    dup = frame.filter(
        pl.col("input").is_not_null() & pl.struct("tier", "code", "input").is_duplicated()
    )
    seen: set[tuple] = set()
    for row in dup.iter_rows(named=True):
        key = (row["tier"], row["code"], row["input"])
        if key in seen:
            problems.append(
                data_diagnostic(
                    "D123",
                    at("value", row["_line"]),
                    input=row["input"],
                    code=row["code"],
                    value=row["value"],
                )
            )
        seen.add(key)


def _long_tier(fw: Framework, tier: str, part: pl.DataFrame, at) -> TierRows:
    """One tier's lines pivoted wide, each cell traced back to the line it came from."""
    units = part.group_by("code", maintain_order=True).agg(
        pl.col("name").drop_nulls().first(), pl.col("_line").first().alias("_first")
    )
    answers = part.filter(pl.col("input").is_not_null()).unique(
        ["code", "input"], keep="first", maintain_order=True
    )
    wide = units.select("code", "name")
    line_cols: dict[str, dict[str, int]] = {}
    if answers.height:
        values = answers.pivot(on="input", index="code", values="value", aggregate_function=None)
        wide = wide.join(values, on="code", how="left", maintain_order="left")
        for row in answers.select("code", "input", "_line").iter_rows():
            line_cols.setdefault(row[1], {})[row[0]] = row[2]
    # In the long layout an input nobody answered is not a missing column: its cells are
    # empty, and the policy of each input decides.
    wide = wide.with_columns(
        [pl.lit(None, pl.String).alias(inp.id) for inp in fw.inputs if inp.id not in wide.columns]
    )
    codes = wide["code"].to_list()
    first_lines = units["_first"].to_list()

    def cell(column: str, row: int) -> CellRef:
        line = line_cols.get(column, {}).get(codes[row])
        if line is None:
            return at("code", first_lines[row])
        return at("value", line)

    def header(column: str | None) -> CellRef:
        return at("input", 1)

    return TierRows(tier, wide, cell, header)
