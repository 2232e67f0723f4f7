"""Hostile workbooks: each gets a clear diagnostic, or is read correctly, in bounded time and memory.

The workbooks are built at test time by ``workbooks.py`` from the I/O sample form. Bombs and
anything that could take a reader down are read in a child process whose resident memory and
wall time are bounded (``bounded.py``): a bomb that got past ``runtime/intake/safety.py`` would kill
the child (``killed``) or crash it (``crashed``), and the test would say so. The table of
outcomes is in ``docs/reliability.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from bounded import bounded_read  # noqa: E402
from workbooks import CASES, build, sample  # noqa: E402

from cqdt.diagnostics import CqdtError  # noqa: E402
from cqdt.i18n import set_language  # noqa: E402
from cqdt.runtime.intake.messages import HINTS, MESSAGES  # noqa: E402
from cqdt.runtime.intake.read import read_inputs  # noqa: E402
from cqdt.runtime.intake.safety import inspect_workbook  # noqa: E402

#: Memory and time bounds of one read (the good form takes ~120 MB and well under a second).
MEMORY_MB = 600
SECONDS = 20.0

#: case → the diagnostic codes it must give (errors refuse the file; ``()`` = read cleanly).
REFUSED = {
    "not_a_zip": ["D220"],
    "empty_file": ["D220"],
    "truncated_zip": ["D224"],
    "html_saved_as_xlsx": ["D220"],
    "docx_renamed": ["D220"],
    "encrypted": ["D221"],
    "old_xls": ["D222"],
    "ods": ["D223"],
    "zip_bomb_compressed": ["D224"],
    "zip_bomb_ratio": ["D224"],
    "lying_sizes": ["D224"],
    "many_entries": ["D224"],
    "billion_laughs": ["D225"],
    "external_entity": ["D225"],
    "last_row": ["D226"],
    "last_cell": ["D226"],
    "million_rows": ["D226"],
    "formula_without_value": ["D117"],
    "date_in_number": ["D101"],
    "merged_over_data": ["D134"],
}
#: case → warnings it gives while its rows are read as the good form's.
READ = {
    "zip_bomb_dimension": [],
    # Millions of formatted empty cells are not content (docs/data.md, D226): read, bounded.
    "zip_bomb_cells": [],
    "hidden_sheet_and_rows": [],
    "external_link": ["D227"],
    "formula_injection_names": ["D120", "D120", "D120"],
}
#: Cases that could exhaust memory or crash a reader: always read in a bounded child.
BOMBS = {
    "zip_bomb_dimension",
    "zip_bomb_compressed",
    "zip_bomb_ratio",
    "lying_sizes",
    "zip_bomb_cells",
    "many_entries",
    "billion_laughs",
    "external_entity",
    "last_row",
    "last_cell",
    "million_rows",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language(None)


def test_every_case_has_an_expectation():
    assert set(CASES) == set(REFUSED) | set(READ)
    assert not set(REFUSED) & set(READ)


def _read_here(path: Path) -> tuple[list[str], list | None, list[str]]:
    """Codes, rows and places of an in-process read (for cases that cannot hurt the runner)."""
    try:
        data = read_inputs(sample.framework(), path, units=sample.registry())
    except CqdtError as error:
        return [d.code for d in error.diagnostics], None, [str(d.where) for d in error.diagnostics]
    rows = [list(r) for r in data.frame.rows()]
    return [d.code for d in data.warnings], rows, [str(d.where) for d in data.warnings]


def _outcome(case: str, folder: Path):
    path = build(case, folder)
    if case in BOMBS:
        outcome = bounded_read(path, memory_mb=MEMORY_MB, seconds=SECONDS)
        assert not outcome.killed, f"{case}: {outcome.killed} bound hit ({outcome.peak_rss_mb} MB)"
        assert not outcome.crashed, f"{case}: reader crashed:\n{outcome.crashed}"
        rows = None
        if outcome.rows is not None:
            rows = [list(r) + list(v) for r, v in zip(outcome.rows, outcome.values, strict=True)]
        return outcome.codes, rows, outcome.where
    return _read_here(path)


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_with_a_clear_diagnostic(case, folder):
    codes, rows, where = _outcome(case, folder)
    assert codes == REFUSED[case], where
    assert rows is None


@pytest.mark.parametrize("case", sorted(READ))
def test_read_correctly(case, folder):
    codes, rows, _ = _outcome(case, folder)
    assert codes == READ[case]
    expected = [list(r) for r in sample.EXPECTED_ROWS]
    if case == "formula_injection_names":  # the note kept as typed, as text
        # The names typed on the form (=HYPERLINK…, +1+2, @SUM(1)) are D120 warnings; the
        # registry's names are the ones published.
        expected[0][-1] = "-2+3"
    assert rows == expected


def test_places_point_at_the_cell(folder):
    """A stray value at the bottom of the sheet is named by its cell, as Ctrl+End shows it."""
    found = inspect_workbook(build("last_cell", folder))
    assert [str(d.where) for d in found] == ["Sở, ban, ngành!XFD1048576"]
    found = inspect_workbook(build("merged_over_data", folder))
    assert found == []


def test_the_checks_are_cheap_on_a_good_form(folder):
    import time

    path = build("hidden_sheet_and_rows", folder)
    started = time.perf_counter()
    for _ in range(20):
        assert inspect_workbook(path) == []
    assert (time.perf_counter() - started) / 20 < 0.05


def test_old_formats_by_their_own_name(folder, tmp_path):
    """``.xls`` and ``.ods`` files keep their name: the suffix alone already says what to do."""
    for case, suffix in (("old_xls", ".xls"), ("ods", ".ods")):
        path = build(case, tmp_path, suffix)
        with pytest.raises(CqdtError) as error:
            read_inputs(sample.framework(), path, units=sample.registry())
        assert [d.code for d in error.value.diagnostics] == ["D202"]


def test_refusal_reasons_exist_in_both_languages():
    from cqdt.runtime.intake.safety import REASONS

    fields = {"n": 1, "limit": 2, "member": "m", "ratio": 3, "detail": "d"}
    for key, reason in REASONS.items():
        assert reason.render("vi", **fields) != reason.render("en", **fields), key


def test_messages_exist_in_both_languages():
    fields = {
        "file": "f.xlsx",
        "kind": "",
        "reason": "r",
        "sheet": "S",
        "cell": "A1",
        "rows": 1,
        "cells": 2,
    }
    safety_codes = [f"D22{n}" for n in range(8)]  # what runtime/intake/safety.py reports
    for code in safety_codes:
        message = MESSAGES[code]
        vi, en = message.render("vi", **fields), message.render("en", **fields)
        assert vi and en and vi != en, code
        assert code in HINTS
        assert HINTS[code].render("vi", **fields) != HINTS[code].render("en", **fields)


def test_vietnamese_by_default(folder):
    set_language(None)
    (found,) = inspect_workbook(build("encrypted", folder))
    assert "mật khẩu" in found.message
    assert "Excel" in found.hint


@pytest.mark.parametrize(("case", "code"), [("last_cell", "D226"), ("encrypted", "D221")])
def test_the_command_reports_and_writes_nothing(case, code, tmp_path, capsys, monkeypatch):
    """``cqdt score`` on the Bắc Kạn form made hostile: exit 1, the diagnostic, no traceback,
    no OUTDIR."""
    from workbooks import CASES as builders

    from cqdt.cli import main

    root = Path(__file__).resolve().parents[2]
    hostile = builders[case](root / "examples/backan_2018/inputs.xlsx", tmp_path / "in.xlsx")
    monkeypatch.setenv("CQDT_LANG", "en")
    outdir = tmp_path / "out"
    status = main(
        ["score", str(root / "frameworks/2018_backan.cqdt"), str(hostile), "-o", str(outdir)]
    )
    err = capsys.readouterr().err
    assert status == 1, err
    assert f"error[{code}]" in err and "Traceback" not in err
    assert not outdir.exists()
