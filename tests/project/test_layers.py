"""The layers of cqdt hold: every import, function-level ones included, points down or sideways.

dsl (text ⇄ surface AST) < compiler (model, checks, plan, backends, diff facts) < runtime
(intake < score < publish < diff reports) < the driver < the API < the command line. The shared
foundation (diagnostics, i18n, number formatting, rendering of diagnostics) sits below them all.
An import that points up, or a cycle between two modules of any layer, fails this test with the
importing file and line: imports inside functions are for start-up time, never to hide a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Folders of the repository that are not part of the installed package's layers.
OUTSIDE = {"tests", "benchmarks", "examples", "templates", "frameworks", "docs", ".venv", "build"}

#: Layer of each module prefix, lowest first; the longest matching prefix wins.
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "cqdt.diagnostics",
        "cqdt.i18n",
        "cqdt.number_format",
        "cqdt.render_diagnostics",
        "cqdt.suggest",
        "cqdt.version",
    ),
    ("cqdt.dsl",),
    ("cqdt.compiler",),
    ("cqdt.runtime", "cqdt.runtime.atomic"),
    ("cqdt.runtime.intake",),
    ("cqdt.runtime.score",),
    ("cqdt.runtime.publish",),
    ("cqdt.runtime.diff",),
    ("cqdt.driver",),
    ("cqdt.api", "cqdt"),
    ("cqdt.cli",),
)


def layer_of(module: str) -> int:
    best, rank = -1, -1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), index
    return rank


def package_sources(root: Path = ROOT) -> dict[str, Path]:
    """Module name → file, for every module of the installed package."""
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in OUTSIDE or relative.parts[0].startswith("."):
            continue
        parts = ["cqdt", *relative.with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports_of(module: str, source: str, known: set[str]) -> list[tuple[str, int]]:
    """The cqdt modules ``source`` imports (anywhere in it), with the line of each import."""
    found = []
    package = module if _is_package(module, known) else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.append((child if child in known else base, node.lineno))
    return [(name, line) for name, line in found if name == "cqdt" or name.startswith("cqdt.")]


def _is_package(module: str, known: set[str]) -> bool:
    return any(other.startswith(module + ".") for other in known)


def violations(sources: dict[str, str]) -> list[str]:
    """Every upward import and every import cycle in ``sources`` (module name → text)."""
    known = set(sources)
    problems: list[str] = []
    graph: dict[str, set[str]] = {name: set() for name in sources}
    for module, source in sorted(sources.items()):
        for target, line in imports_of(module, source, known):
            if target not in known or target == module:
                continue
            graph[module].add(target)
            if layer_of(target) > layer_of(module) and not module.startswith(target + "."):
                problems.append(f"{module}:{line} imports {target}, a higher layer")
    problems += [" → ".join(cycle) for cycle in _cycles(graph)]
    return problems


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component) + [min(component)])

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def _real_sources() -> dict[str, str]:
    return {name: path.read_text(encoding="utf-8") for name, path in package_sources().items()}


def test_every_import_points_down_and_no_module_cycle():
    sources = _real_sources()
    assert len(sources) > 50  # the whole package was read
    assert violations(sources) == []


def test_every_module_has_a_layer():
    assert [name for name in _real_sources() if layer_of(name) < 0] == []


def test_a_planted_upward_import_fails():
    sources = _real_sources()
    sources["cqdt.dsl.printer"] += "\n\ndef _late():\n    from cqdt.runtime.score import run\n"
    found = violations(sources)
    assert any("cqdt.dsl.printer:" in p and "cqdt.runtime.score.run" in p for p in found), found


def test_a_planted_cycle_fails():
    sources = _real_sources()
    sources["cqdt.compiler.model.contract"] += "\nfrom cqdt.compiler.model import printer\n"
    sources["cqdt.compiler.model.printer"] += "\nfrom cqdt.compiler.model import contract\n"
    found = violations(sources)
    assert any("cqdt.compiler.model.contract" in p and "→" in p for p in found), found
