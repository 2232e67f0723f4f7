"""The framework language: grammar, surface syntax tree, parser and printer.

``cqdt.dsl.parse(text, file)`` gives the surface tree and syntax diagnostics; the checked
framework model comes from :func:`cqdt.compiler.load.check_source`. Lark is imported lazily,
so importing :mod:`cqdt.dsl.expr` (as every backend does) stays cheap.
"""

from __future__ import annotations

__all__ = ["parse"]


def __getattr__(name: str):
    if name == "parse":
        from cqdt.dsl.parsing import parse

        return parse
    raise AttributeError(name)
