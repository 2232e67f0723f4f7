"""The example data are reproducible: the generator gives the committed workbook, byte for byte."""

from __future__ import annotations

import hashlib
import importlib.util
import sys

from .conftest import EXAMPLE, INPUTS


def load_generator():
    """The script as a module (it is not part of the package: it makes package data)."""
    name = "backan_make_example"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, EXAMPLE / "make_example.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while being defined
        spec.loader.exec_module(module)
    return sys.modules[name]


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_answers_are_deterministic():
    make = load_generator()
    units = make.read_units()
    assert make.generate_answers(units) == make.generate_answers(units)
    assert make.generate_answers(units) != make.generate_answers(units, seed=make.SEED + 1)


def test_every_registry_unit_gets_answers():
    make = load_generator()
    units = make.read_units()
    answers = make.generate_answers(units)
    assert list(answers) == [(u.tier, u.code) for u in units]
    assert len(answers) == 150


def sheet_values(path) -> dict[str, list[tuple]]:
    """Every cell value of every sheet: what a person sees, whatever the file's bytes."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}
    finally:
        workbook.close()


def test_rerunning_the_generator_gives_the_committed_workbook(tmp_path):
    make = load_generator()
    out = tmp_path / "inputs.xlsx"
    make.write_example(out)
    # Values first: when only the bytes differ, the form's layout changed, not the data.
    assert sheet_values(out) == sheet_values(INPUTS), "data changed: re-run make_example.py"
    assert sha256(out) == sha256(INPUTS), "form changed: re-run make_example.py"


def test_workbook_holds_the_generated_answers(backan_framework, backan_inputs):
    """What the reader gets from the form is what the generator meant; an empty "Không" cell
    reads as missing and counts as "Không" (the framework's ``missing zero``)."""
    make = load_generator()
    answers = make.generate_answers(make.read_units())
    frame = backan_inputs.frame
    assert frame.height == len(answers)
    blanks = 0
    for row in frame.iter_rows(named=True):
        meant = answers[(row["tier"], row["code"])]
        for inp in backan_framework.inputs:
            if row["tier"] not in inp.tiers:
                continue
            got = row[inp.id]
            if got is None:
                assert meant[inp.id] is False, (row["code"], inp.id)
                blanks += 1
            else:
                assert got == meant[inp.id], (row["code"], inp.id, got, meant[inp.id])
    assert 0 < blanks < 1000
