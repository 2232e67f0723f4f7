"""Fixtures of the I/O tests: the hand-built framework, its registry, a filled-in form."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from cqdt.i18n import set_language

HERE = Path(__file__).parent


def _load(name: str):
    """Import a helper module of this folder (tests run in importlib mode, without packages)."""
    module_name = f"cqdt_io_tests_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


sample = _load("sample")
corpus = _load("corpus")


@pytest.fixture(autouse=True)
def english_messages():
    """Snapshots pin English messages (the Vietnamese ones are checked separately)."""
    set_language("en")
    yield
    set_language(None)


@pytest.fixture(name="sample", scope="session")
def sample_module():
    """The module of hand-built framework and answers (``sample.py``)."""
    return sample


@pytest.fixture(name="corpus", scope="session")
def corpus_module():
    """The bad-workbook builder (``corpus.py``)."""
    return corpus


@pytest.fixture
def fw():
    return sample.framework()


@pytest.fixture
def registry():
    return sample.registry()


@pytest.fixture
def filled_form(tmp_path, fw, registry) -> Path:
    """The form written by cqdt and filled in with openpyxl as a person would."""
    path = tmp_path / "form.xlsx"
    corpus.filled_form(fw, registry, path)
    return path
