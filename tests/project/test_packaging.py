"""Every subpackage and data file the code needs is part of the distribution."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE_FOLDERS = ("dsl", "compiler", "runtime", "driver", "cli")


def test_every_subpackage_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {"cqdt"}
    for folder in CODE_FOLDERS:
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT).parts
            found.add(".".join(("cqdt", *relative)))
    assert found == listed


def test_package_data_covers_templates_frameworks_and_grammar():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data = config["tool"]["setuptools"]["package-data"]
    assert "templates/*" in data["cqdt"]
    assert "frameworks/*.cqdt" in data["cqdt"]
    assert "*.lark" in data["cqdt.dsl"]
