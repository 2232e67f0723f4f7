"""Every diagnostic code cqdt can emit is registered, in both languages, with a hint, and documented.

The codes are collected twice: from the catalogues (each registers its prefixes with
:func:`cqdt.i18n.register`) and from the source, by reading the code literals handed to the
builders (``diagnostic``, ``make``, ``data_diagnostic``, …) and any ``E101``-shaped string, with
:mod:`ast`. A code in the source but in no catalogue, a message missing a language, a code
without a hint (unless the catalogue says why it has none) or a code the docs never mention
fails here, naming the code.
"""

from __future__ import annotations

import ast
import importlib
import re
import string

import pytest

from cqdt.i18n import Catalogue, catalogue_of, catalogues
from tests.project.test_layers import ROOT, package_sources

DOCS = ROOT / "docs"
#: Functions whose first argument (or ``code=``) is a diagnostic code.
BUILDERS = {
    "diagnostic",
    "make",
    "data_diagnostic",
    "diag",
    "_diag",
    "plan_problem",
    "_diagnostic",
    "_error",
    "report",
    "error",
}
#: A numbered code: severity or area letter and three digits.
NUMBERED = re.compile(r"^[EWDRV]\d{3}$")


def _register_calls(source: str) -> bool:
    tree = ast.parse(source)
    return any(
        isinstance(node, ast.Call) and getattr(node.func, "id", None) == "register"
        for node in ast.walk(tree)
    )


def _load_catalogues() -> list[Catalogue]:
    """Import every module that registers a catalogue, then list the registry."""
    for module, path in package_sources().items():
        if _register_calls(path.read_text(encoding="utf-8")):
            importlib.import_module(module)
    return catalogues()


CATALOGUES = _load_catalogues()
CATALOGUE_CODES = {code: cat for cat in CATALOGUES for code in cat.codes()}


def _code_literal(call: ast.Call) -> str | None:
    for keyword in call.keywords:
        if keyword.arg == "code" and isinstance(keyword.value, ast.Constant):
            return keyword.value.value if isinstance(keyword.value.value, str) else None
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def source_codes() -> dict[str, str]:
    """code → ``file:line`` of one place that emits it, read from the package's source."""
    found: dict[str, str] = {}
    for path in package_sources().values():
        if path.name.endswith("messages.py"):
            continue
        where = path.relative_to(ROOT)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            code = None
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in BUILDERS or name == "Diagnostic":
                    code = _code_literal(node)
                    if code is not None and " " in code:
                        code = None  # a sentence handed to a helper, not a code
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                code = node.value if NUMBERED.match(node.value) else None
            if code:
                found.setdefault(code, f"{where}:{node.lineno}")
    return found


SOURCE_CODES = source_codes()


def test_the_source_emits_codes_and_the_scan_sees_every_kind_of_builder():
    # a scan that found nothing would pass every test below: pin a code of each builder
    for code in ("E100", "E401", "D101", "R003", "score.backend", "plan.cycle", "annex-sum"):
        assert code in SOURCE_CODES, code
    for code in ("E903", "V001", "template.exists", "explain.unknown_unit", "decision-key"):
        assert code in SOURCE_CODES, code


@pytest.mark.parametrize("code", sorted(SOURCE_CODES))
def test_every_emitted_code_is_in_a_catalogue(code):
    assert code in CATALOGUE_CODES, f"{code} (emitted at {SOURCE_CODES[code]}) is in no catalogue"
    assert catalogue_of(code) is CATALOGUE_CODES[code]


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(CATALOGUE_CODES))
def test_every_code_speaks_both_languages_and_has_a_hint(code):
    catalogue = CATALOGUE_CODES[code]
    message = catalogue.messages[code]
    assert message.vi.strip() and message.en.strip(), f"{code}: a language is empty"
    assert _fields(message.vi) == _fields(message.en), f"{code}: vi and en fill other fields"
    hint = catalogue.hint(code)
    if hint is None:
        reason = catalogue.hintless.get(code, "")
        assert reason.strip(), f"{code} has no hint and its catalogue gives no reason"
    else:
        assert hint.vi.strip() and hint.en.strip(), f"{code}: a language of the hint is empty"
        assert _fields(hint.vi) == _fields(hint.en), f"{code}: the hint's vi and en differ"


def _doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _mentions(text: str, code: str) -> bool:
    return re.search(rf"(?<![\w.-]){re.escape(code)}(?![\w-])", text) is not None


def home_of(code: str) -> str:
    """The page that lists ``code``: framework codes the language, data codes the data contract."""
    if re.match(r"^(E[1-8]\d\d|W\d{3})$", code):
        return "language.md"
    if re.match(r"^[DR]\d{3}$", code):
        return "data.md"
    return "diagnostics.md"


@pytest.mark.parametrize("code", sorted(CATALOGUE_CODES))
def test_every_code_is_documented_where_a_reader_looks(code):
    page = home_of(code)
    assert _mentions(_doc(page), code), f"{code} is not listed in docs/{page}"


def test_every_prefix_is_explained_in_the_diagnostics_page():
    page = _doc("diagnostics.md")
    for catalogue in CATALOGUES:
        for prefix in catalogue.prefixes:
            assert f"`{prefix}" in page, f"prefix {prefix} ({catalogue.name}) not in diagnostics.md"


@pytest.mark.parametrize("page", ["language.md", "data.md", "diagnostics.md"])
def test_the_docs_list_no_code_that_does_not_exist(page):
    listed = set(re.findall(r"^\| `?([A-Za-z][\w.-]*\d{3}|[a-z]+[.-][\w.-]+)`?", _doc(page), re.M))
    stale = {code for code in listed if NUMBERED.match(code) or "." in code or "-" in code}
    stale -= set(CATALOGUE_CODES)
    assert not stale, f"docs/{page} lists codes no catalogue has: {sorted(stale)}"


def test_a_code_outside_every_catalogue_is_refused_by_the_builder():
    from cqdt.diagnostics import diagnostic

    with pytest.raises(KeyError, match="Z999"):
        diagnostic("Z999")


def test_the_builder_renders_message_hint_notes_and_severity_from_the_registry():
    from cqdt.diagnostics import Severity, Span, diagnostic

    here = Span("f.cqdt", 3, 5, 3, 9)
    unknown = diagnostic("E202", here, lang="en", name="staf", suggestion="staff")
    assert (unknown.message, unknown.hint) == ("'staf' is not defined", "did you mean 'staff'?")
    nothing_close = diagnostic("E202", here, lang="en", name="zz", suggestion="")
    assert nothing_close.hint == "declare it with 'input' or 'value', or check the spelling"
    twice = diagnostic("E201", here, lang="en", name="a", related=((here, "first"), (here, "x")))
    assert [note for _, note in twice.related] == ["first declared here", "x"]
    assert diagnostic("W802", here, lang="en", name="a").severity is Severity.WARNING
    assert diagnostic("E401", here, lang="en", name="a", tier="t", parent=1, children=2).is_error


def test_the_builder_takes_a_data_hint_from_the_catalogue_s_table_and_keeps_the_value():
    from cqdt.diagnostics import CellRef, diagnostic

    cell = CellRef("province", "C7")
    d = diagnostic("D109", cell, lang="vi", input="x", value="Co", hint_fields={"options": "a, b"})
    assert (d.hint, d.value, d.where) == ("Chọn một trong: a, b", "Co", cell)
    typed = diagnostic("decision-type", lang="en", key="day", value="'x'", expected="a date")
    assert typed.message == "Invalid value for “day”: 'x'"
    assert (typed.hint, typed.expected) == ("Expected a date", "a date")
