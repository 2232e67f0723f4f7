"""Every example in a docstring is true: the documentation is tested like the code."""

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _modules_with_examples() -> list[str]:
    names = []
    for path in sorted(ROOT.glob("*.py")) + sorted(ROOT.glob("*/**/*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] not in ("dsl", "compiler", "runtime") and len(relative.parts) > 1:
            continue
        if path.name == "__init__.py" or ">>>" not in path.read_text(encoding="utf-8"):
            continue
        names.append(".".join(("cqdt", *relative.with_suffix("").parts)))
    return names


MODULES = _modules_with_examples()


def test_examples_are_found():
    assert "cqdt.api" in MODULES and "cqdt.compiler.model.nodes" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
