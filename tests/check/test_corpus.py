"""The bad-framework corpus: one file per diagnostic code, its rendered report pinned.

Each file in ``bad/`` is named ``CODE_what.cqdt`` and must produce that code. The snapshots are
the full text a policy officer sees (Vietnamese by default; a few in English). Re-baseline with
``pytest tests/check --snapshot-update`` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cqdt.compiler.load import check_source, load_framework
from cqdt.compiler.messages import MESSAGES
from cqdt.diagnostics import CqdtError
from cqdt.i18n import set_language
from cqdt.render_diagnostics import render_json, render_text

BAD = Path(__file__).parent / "bad"
FILES = sorted(BAD.glob("*.cqdt"))
ENGLISH = [
    "E201_duplicate_id",
    "E211_cycle",
    "E401_budget_mismatch",
    "E501_rule_above_max",
    "E110_unquoted_label",
]


@pytest.fixture
def english():
    set_language("en")
    yield
    set_language(None)


@pytest.fixture(autouse=True)
def vietnamese_by_default(monkeypatch):
    monkeypatch.delenv("CQDT_LANG", raising=False)
    set_language(None)


def report(path: Path) -> str:
    source = path.read_text(encoding="utf-8")
    result = check_source(source, path.name)
    return render_text(result.diagnostics, {path.name: source})


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_bad_file_reports_its_code(path, snapshot):
    result = check_source(path.read_text(encoding="utf-8"), path.name)
    code = path.stem.split("_")[0]
    assert code in [d.code for d in result.diagnostics]
    if code.startswith("E"):
        assert result.framework is None
    assert report(path) == snapshot


@pytest.mark.parametrize("name", ENGLISH)
def test_bad_file_in_english(name, english, snapshot):
    assert report(BAD / f"{name}.cqdt") == snapshot


def test_every_documented_code_has_a_bad_example_or_a_hostile_test():
    codes = {k for k in MESSAGES if k[:1] in "EW" and "." not in k}
    covered = {p.stem.split("_")[0] for p in FILES}
    hostile = {"E103", "E104", "E105", "E106", "E108"}  # tests/dsl/test_parse.py and below
    hostile.add("E410")  # no negative weight can be written: tests/index/test_weights.py
    assert codes - covered - hostile == set()


def test_every_code_has_both_languages_and_a_hint():
    for code, message in MESSAGES.items():
        assert message.vi and message.en, code
        if code[:1] in "EW" and "." not in code:
            assert f"{code}.hint" in MESSAGES, code


HOSTILE = {
    "truncated": 'framework demo "Thử" {\n  tiers { p "Sở" }\n  category c "C" {\n    group g',
    "nul_byte": 'framework demo "Thử" {\n  year 2018\x00\n}\n',
    "deep_braces": 'framework demo "Thử" {\n' + "{" * 10_000 + "\n",
    "random_bytes": bytes(range(256)).decode("latin-1") * 4,
    "unclosed_string": 'framework demo "Thử" {\n  issuer "UBND\n}\n',
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_input_report(name, snapshot):
    text = HOSTILE[name]
    result = check_source(text, f"{name}.cqdt")
    assert result.framework is None
    assert render_text(result.diagnostics, {f"{name}.cqdt": text}) == snapshot


def test_json_has_the_same_content(snapshot):
    source = (BAD / "E201_duplicate_id.cqdt").read_text(encoding="utf-8")
    diagnostics = check_source(source, "E201_duplicate_id.cqdt").diagnostics
    data = json.loads(render_json(diagnostics))
    assert data["errors"] == 1 and data["diagnostics"][0]["code"] == "E201"
    assert data["diagnostics"][0]["related"][0]["where"]["line"] == 6
    assert render_json(diagnostics) == snapshot


def test_a_missing_file_is_a_diagnostic(tmp_path):
    with pytest.raises(CqdtError) as caught:
        load_framework(tmp_path / "khong_co.cqdt")
    assert [d.code for d in caught.value.diagnostics] == ["E106"]


def test_a_file_that_is_not_utf8_is_a_diagnostic(tmp_path):
    path = tmp_path / "latin1.cqdt"
    path.write_bytes('framework a "Bắc Kạn" {}'.encode("utf-16"))
    with pytest.raises(CqdtError) as caught:
        load_framework(path)
    assert [d.code for d in caught.value.diagnostics] == ["E106"]


def test_cell_references_render_with_value_and_expected():
    from cqdt.diagnostics import CellRef, Diagnostic, Severity

    d = Diagnostic(
        "E901",
        Severity.ERROR,
        "Giá trị không hợp lệ",
        CellRef("Huyen", "B7"),
        hint="nhập một số",
        value="abc",
        expected="một số ≥ 0",
    )
    assert render_text([d]).splitlines() == [
        "Huyen!B7: error[E901]: Giá trị không hợp lệ",
        "   = giá trị: abc",
        "   = cần: một số ≥ 0",
        "   = gợi ý: nhập một số",
        "",
        "1 lỗi, 0 cảnh báo",
    ]
    set_language("en")
    try:
        assert render_text([d]).splitlines()[1:4] == [
            "   = value: abc",
            "   = expected: một số ≥ 0",
            "   = hint: nhập một số",
        ]
    finally:
        set_language(None)


@pytest.mark.parametrize(
    ("name", "shown", "not_shown"),
    [
        ("E202_unknown_name", "E202", {"W801", "W802"}),
        ("E203_keyword_as_id", "E203", {"W802"}),
        ("E206_wrong_kind_of_name", "E206", {"W801"}),
        ("E408_item_inside_item", "E408", {"E406", "W802"}),
    ],
)
def test_one_mistake_gives_one_message(name, shown, not_shown):
    result = check_source((BAD / f"{name}.cqdt").read_text(encoding="utf-8"), name)
    codes = {d.code for d in result.diagnostics}
    assert shown in codes and not (codes & not_shown)


def test_a_rule_with_no_input_still_warns():
    source = (BAD / "W801_rule_without_input.cqdt").read_text(encoding="utf-8")
    assert "W801" in {d.code for d in check_source(source).diagnostics}


def test_the_bundled_framework_loads():
    root = Path(__file__).resolve().parents[2]
    fw = load_framework(root / "frameworks" / "2018_backan.cqdt")
    assert fw.tier_ids
