"""The parser: the documented example, both keyword languages, known mistakes, hostile input."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cqdt.compiler.load import check_source
from cqdt.dsl import parse
from cqdt.dsl.expr import Binary, Call, Num, Ref, TierFunc, Unary
from cqdt.dsl.keywords import KEYWORDS
from cqdt.dsl.prepare import MAX_NESTING
from cqdt.dsl.syntax_errors import KNOWN_MISTAKES

ROOT = Path(__file__).resolve().parents[2]
DEMO = Path(__file__).parent / "good" / "demo.cqdt"


def docs_example() -> str:
    text = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    return re.search(r"```cqdt\n(.*?)```", text, re.S).group(1)


def test_the_reference_example_checks_clean():
    result = check_source(docs_example(), "language.md")
    assert [d.code for d in result.diagnostics if d.is_error] == []
    assert result.framework.id == "demo"


def test_the_demo_framework_checks_clean():
    result = check_source(DEMO.read_text(encoding="utf-8"), "demo.cqdt")
    assert [d.code for d in result.diagnostics] == []


@pytest.mark.parametrize("path", sorted((ROOT / "frameworks").glob("*.cqdt")), ids=lambda p: p.name)
def test_shipped_frameworks_check_clean(path):
    result = check_source(path.read_text(encoding="utf-8"), path.name)
    assert [d.code for d in result.diagnostics if d.is_error] == []


def test_every_keyword_spelling_is_in_the_grammar():
    grammar = (ROOT / "dsl" / "cqdt.lark").read_text(encoding="utf-8")
    for terminal, (en, vi) in KEYWORDS.items():
        assert f"_{terminal}" in grammar and f"_{terminal}_VI" in grammar, terminal
        for word in (en, vi):
            first = word.split(" ")[0].split("/")[0]
            assert first in grammar, word


def test_vietnamese_keywords_give_the_same_model():
    english = check_source(DEMO.read_text(encoding="utf-8")).framework
    vietnamese = """
bộ tiêu chí demo "Thử" {
  năm 2018
  các khối { province "Sở"  district "Huyện" }
  số liệu staff "CBCC" số lượng
  số liệu pcs "Máy tính" số lượng không quá staff nếu thiếu tính 0
  số liệu lan "LAN" có/không
  hạng mục readiness "Sẵn sàng" {
    nhóm infra "Hạ tầng" tối đa 20 {
      tiêu chí pc "Máy tính" tối đa 10 {
        điểm = pcs / staff * tối đa
      }
      tiêu chí has_lan "LAN" tối đa 10 áp dụng cho province, district {
        điểm = nếu lan và không phải (staff < 1) thì tối đa ngược lại 0
      }
    }
    xếp loại {
      mức m1 "Mức 1" khi điểm số >= 90% và mọi nhóm >= 50%
      còn lại khong "Không xếp loại"
    }
  }
  xếp hạng { theo tổng điểm giảm dần  đồng hạng liền nhau  không xếp loại xếp cuối }
}
"""
    result = check_source(vietnamese, "vi.cqdt")
    assert result.diagnostics == []
    fw = result.framework
    assert fw.meta.year == 2018 and english is not None
    rule = fw.categories[0].groups[0].indicators[1].rule
    assert rule.cond == Binary("and", Ref("lan"), Unary("not", Binary("<", Ref("staff"), Num(1))))
    assert fw.ranking.ties.value == "dense" and fw.ranking.unclassified.value == "last"


@pytest.mark.parametrize(
    ("code", "example"),
    [(code, example) for code, examples in KNOWN_MISTAKES.items() for example in examples],
)
def test_known_mistakes_table(code, example):
    _, diagnostics = parse(example)
    assert [d.code for d in diagnostics] == [code]


def test_expressions_parse_with_the_documented_precedence():
    fw, diagnostics = parse(
        'framework a "A" { value v = -x + y * 2 cap 10  value w = best(x) / 85%  value z = -(5) }'
    )
    assert diagnostics == []
    v, w, z = (value.expr for value in fw.values)
    assert v == Call(
        "cap", (Binary("+", Unary("-", Ref("x")), Binary("*", Ref("y"), Num(2))), Num(10))
    )
    assert w == Binary("/", TierFunc("best", Ref("x")), Num(0.85, percent=True))
    assert z == Unary("-", Num(5))


def test_negative_literals_and_percentages_are_exact():
    fw, _ = parse('framework a "A" { value v = -2.5 + 33.3% }')
    assert fw.values[0].expr == Binary("+", Num(-2.5), Num(0.333, percent=True))


def test_text_is_normalised_to_nfc():
    decomposed = unicodedata.normalize("NFD", 'framework a "Tiêu chí" { tiers { x "Khối" } }')
    fw, diagnostics = parse(decomposed)
    assert diagnostics == [] and fw.title == "Tiêu chí"


def test_spans_point_at_the_name():
    fw, _ = parse('framework a "A" {\n  tiers { x "X" }\n  input  staff "S" count\n}')
    span = fw.inputs[0].name.span
    assert (span.line, span.col, span.end_col) == (3, 10, 15)


def test_comments_are_kept_on_the_next_declaration():
    fw, _ = parse(
        '# top\nframework a "A" {\n  # the tiers\n  tiers {\n    # first\n    x "X"\n  }\n}'
    )
    assert fw.comments == (" top",)
    assert fw.statement_comments == (("tiers", (" the tiers",)),)
    assert fw.tiers[0].comments == (" first",)


HOSTILE = {
    "empty": ("", "E101"),
    "only a comment": ("# nothing here\n", "E101"),
    "nul byte": ('framework a "A" {\x00}', "E105"),
    "binary": ("\x89PNG\r\n\x1a\n\x00\x00", "E105"),
    "deep braces": ('framework a "A" {' + "{" * 10_000, "E103"),
    "deep parentheses": (
        'framework a "A" { value v = ' + "(" * 10_000 + "1" + ")" * 10_000 + " }",
        "E103",
    ),
    "unclosed string": ('framework a "A', "E102"),
    "truncated": ('framework a "A" { category c "C" { group g "G" { indicator', "E101"),
    "huge": ("#" * 6_000_000, "E104"),
    "infinite year": ('framework a "A" { year 1e999 tiers { x "X" } }', "E123"),
    "400-digit year": ('framework a "A" { year ' + "9" * 400 + ' tiers { x "X" } }', "E123"),
    "exponent beyond Decimal": (
        'framework a "A" { decimals 1e99999999999999999999 tiers { x "X" } }',
        "E123",
    ),
    "infinite literal": ('framework a "A" { tiers { x "X" } value v = 1e309 }', "E123"),
    "infinite max": ('framework a "A" { tiers { x "X" } category c "C" max 1e400 { } }', "E123"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_input_gives_a_diagnostic(name):
    text, code = HOSTILE[name]
    result = check_source(text, "hostile.cqdt")
    assert result.framework is None
    assert [d.code for d in result.diagnostics] == [code]


def test_bom_crlf_and_tabs_are_fine():
    text = '\ufeffframework\ta "A"\t{\r\n\ttiers {\r\n\t\tx "X"\r\n\t}\r\n}\r\n'
    assert check_source(text).diagnostics == []


def test_a_very_long_expression_is_refused_not_crashed():
    text = (
        'framework a "A" { tiers { x "X" } input i "I" number value v = '
        + " + ".join(["i"] * 20_000)
        + " }"
    )
    result = check_source(text)
    assert [d.code for d in result.diagnostics] in ([], ["E108"])


def test_nesting_limit_is_generous_enough_for_real_files():
    depth = MAX_NESTING - 5
    text = 'framework a "A" { value v = ' + "(" * depth + "1" + ")" * depth + " }"
    _, diagnostics = parse(text)
    assert diagnostics == []


@given(st.text(max_size=300))
def test_no_text_makes_the_parser_raise(text):
    result = check_source(text, "fuzz.cqdt")
    assert result.framework is None or not any(d.is_error for d in result.diagnostics)


@given(st.data())
def test_damaged_frameworks_never_raise(data):
    source = DEMO.read_text(encoding="utf-8")
    start = data.draw(st.integers(0, len(source) - 1))
    length = data.draw(st.integers(0, 40))
    insert = data.draw(st.sampled_from(["", "{", "}", "(", '"', "max", "%", "tiêu chí", "\t"]))
    damaged = source[:start] + insert + source[start + length :]
    result = check_source(damaged, "damaged.cqdt")
    assert all(d.message for d in result.diagnostics)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("staff_with_pcs", "staff_with_pc"),  # a letter too many
        ("stff", "staff"),  # a letter too few
        ("tsaff", "staff"),  # two letters swapped
        ("Staff", "staff"),  # another case
        ("pcss", "pcs"),
        ("computer", "computers"),
        ("x", ""),  # one or two letters: any short name would be "close"
        ("pc", ""),
        ("budget", ""),  # nothing close
    ],
)
def test_did_you_mean(name, expected):
    from cqdt.suggest import suggest_id

    assert suggest_id(name, ["staff", "staff_with_pc", "pcs", "computers", "mbps"]) == expected
