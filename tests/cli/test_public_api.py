"""What the docs send users to is importable from ``cqdt``, and no user doc names a deep module."""

import re
from pathlib import Path

import polars as pl
import pytest

import cqdt
from tests.cli.common import DATA, FRAMEWORK, FRAMEWORK_2019, ROOT, UNITS

USER_DOCS = ["README.md", *(f"docs/{n}.md" for n in ("scoring", "data", "diff", "results-json"))]
DEEP = re.compile(r"cqdt\.(runtime|compiler|driver|dsl)\.[\w.]+")


@pytest.mark.parametrize("name", cqdt.__all__)
def test_every_public_name_is_importable(name):
    assert getattr(cqdt, name) is not None


@pytest.mark.parametrize("doc", USER_DOCS)
def test_user_docs_name_public_names_only(doc):
    text = (ROOT / doc).read_text(encoding="utf-8")
    # ``python -m cqdt.driver.diff --git`` is git's external diff driver, a command, not an import
    deep = [m.group(0) for m in DEEP.finditer(text) if m.group(0) != "cqdt.driver.diff"]
    assert deep == []


def test_the_public_functions_work_as_documented(tmp_path):
    fw = cqdt.load(FRAMEWORK)
    form = cqdt.write_template(fw, tmp_path / "form.xlsx", units=UNITS)
    assert form.is_file()
    with pytest.raises(cqdt.CqdtError):
        cqdt.write_template(fw, form)  # never over a form that may be filled in
    read = cqdt.read_inputs(fw, DATA, units=cqdt.load_units(UNITS))
    assert read.frame.height == fw.score(DATA, units=UNITS).frame.height == 150
    read.frame.write_parquet(tmp_path / "inputs.parquet")
    path = cqdt.score_to_parquet(fw, tmp_path / "inputs.parquet", tmp_path / "big")
    in_memory = fw.score(DATA, units=UNITS).frame
    assert pl.read_parquet(path).equals(in_memory)
    assert "backan_cqdt_2019" in cqdt.diff(FRAMEWORK, FRAMEWORK_2019)
    assert issubclass(cqdt.InternalError, Exception)
    assert isinstance(Path(cqdt.bundled("frameworks/2018_backan.cqdt")), Path)
