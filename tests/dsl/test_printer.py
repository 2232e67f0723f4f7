"""The printer: canonical text, minimal parentheses, round trips (print → parse → same model)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from cqdt.compiler.load import check_source, format_source
from cqdt.compiler.model.printer import print_framework
from cqdt.dsl import parse
from cqdt.dsl.expr import Binary, Bool, Call, If, Num, Ref, Unary
from cqdt.dsl.printer import percent_literal, print_expr
from tests.strategies import frameworks

ROOT = Path(__file__).resolve().parents[2]
DEMO = (Path(__file__).parent / "good" / "demo.cqdt").read_text(encoding="utf-8")


def reparse_expr(text: str):
    fw, diagnostics = parse(f'framework a "A" {{ value v = {text} }}')
    assert diagnostics == [], text
    return fw.values[0].expr


@pytest.mark.parametrize(
    ("expr", "text"),
    [
        (Binary("*", Binary("+", Ref("a"), Num(1)), Ref("b")), "(a + 1) * b"),
        (Binary("-", Ref("a"), Binary("-", Ref("b"), Ref("c"))), "a - (b - c)"),
        (Binary("-", Binary("-", Ref("a"), Ref("b")), Ref("c")), "a - b - c"),
        (Call("cap", (Binary("*", Ref("n"), Num(2)), Num(10))), "n * 2 cap 10"),
        (Binary("+", Call("cap", (Ref("n"), Num(5))), Num(1)), "(n cap 5) + 1"),
        (Unary("-", Num(5)), "-(5)"),
        (Num(-5), "-5"),
        (Unary("not", Binary("and", Bool(True), Bool(False))), "not (yes and no)"),
        (Binary("+", If(Bool(True), Num(1), Num(0)), Num(1)), "(if yes then 1 else 0) + 1"),
        (Num(0.855, percent=True), "85.5%"),
        (Binary(">=", Ref("total"), Num(0.5)), "total >= 0.5"),
    ],
)
def test_print_expr_is_minimal_and_reads_back(expr, text):
    assert print_expr(expr) == text
    assert reparse_expr(text) == expr


@pytest.mark.parametrize("fraction", [0.85, 0.333, 0.1, 1 / 3, 0.07, 1.0, 0.0])
def test_percentages_read_back_exactly(fraction):
    assert reparse_expr(percent_literal(fraction)) == Num(fraction, percent=True)


def test_demo_prints_canonically(snapshot):
    fw = check_source(DEMO, "demo.cqdt").framework
    assert print_framework(fw) == snapshot


def test_demo_prints_with_vietnamese_keywords(snapshot):
    fw = check_source(DEMO, "demo.cqdt").framework
    text = print_framework(fw, keywords="vi")
    assert text == snapshot
    assert check_source(text).framework == fw


@pytest.mark.parametrize("path", sorted((ROOT / "frameworks").glob("*.cqdt")), ids=lambda p: p.name)
def test_formatting_is_idempotent_and_keeps_the_model(path):
    source = path.read_text(encoding="utf-8")
    once, _ = format_source(source, path.name)
    twice, _ = format_source(once, path.name)
    assert once == twice
    assert check_source(once).framework == check_source(source).framework


def test_comments_survive_formatting():
    once, _ = format_source(DEMO, "demo.cqdt")
    for comment in ("# Bộ tiêu chí minh họa", "# bandwidth is not scored for communes"):
        assert comment in once


def test_a_file_with_errors_is_not_formatted():
    text, diagnostics = format_source('framework a "A" { year 2018.5 }', "bad.cqdt")
    assert text is None and [d.code for d in diagnostics] == ["E208", "E120"]


@given(frameworks())
def test_generated_frameworks_round_trip(fw):
    text = print_framework(fw)
    result = check_source(text, "generated.cqdt")
    assert [d.code for d in result.diagnostics if d.is_error] == []
    assert result.framework == fw
    assert print_framework(result.framework) == text


@given(frameworks())
def test_generated_frameworks_round_trip_in_vietnamese(fw):
    assert check_source(print_framework(fw, keywords="vi")).framework == fw


COMMENTED = """\
# before the framework
framework a "A" {
  # before the year
  year 2018
  decimals 2

  tiers {
    x "X"
  }

  category c "C" max 10 {
    # before the description
    description "D"
    # before the reference
    reference "R"

    group g "G" max 10 {
      indicator i "I" max 10 {
        input n "N" count range 0 .. 10 missing zero
        # before the rule
        points = ladder n {
          # before a step
          >= 5 : 10
          otherwise : 0
        }
      }
    }

    # before the levels
    levels {
      level l1 "L1" when score >= 90%
      # before otherwise
      otherwise unclassified "Không xếp loại"
    }
  }

  # before the total
  total "Tổng điểm" = c

  # before the ranking
  ranking {
    by total descending
    # before ties
    ties competition
    unclassified ranked
  }

  # at the end
}
"""


def test_formatting_keeps_every_comment_where_it_was():
    """``cqdt fmt`` on a canonical file with comments before each kind of statement changes
    nothing: no comment moves to another place (they used to gather at the end)."""
    text, diagnostics = format_source(COMMENTED, "commented.cqdt")
    assert [d.code for d in diagnostics if d.is_error] == []
    assert text == COMMENTED


def test_an_end_of_line_comment_stays_at_the_end_of_its_line():
    source = (
        COMMENTED.replace(
            '      level l1 "L1" when score >= 90%\n',
            '      level l1 "L1" when score >= 90%  # was 80%\n',
        )
        .replace("          >= 5 : 10\n", "          >= 5 : 10  # was 4\n")
        .replace("    ties competition\n", "    ties competition  # 1-2-2-4\n")
        .replace('    x "X"\n', '    x "X"  # the only tier\n')
        .replace('  total "Tổng điểm" = c\n', '  total "Tổng điểm" = c  # one category\n')
        .replace("        }\n      }\n    }\n", "        }\n      }  # end of i\n    }\n")
    )
    assert source.count("  # ") - COMMENTED.count("  # ") == 6
    text, diagnostics = format_source(source, "commented.cqdt")
    assert [d.code for d in diagnostics if d.is_error] == []
    assert text == source


def test_an_end_of_line_comment_after_an_opening_brace_goes_to_the_next_line():
    source = COMMENTED.replace('    group g "G" max 10 {\n', '    group g "G" max 10 {  # g\n')
    text, _ = format_source(source, "commented.cqdt")
    assert '    group g "G" max 10 {\n      # g\n      indicator i' in text


def test_the_total_is_always_written():
    text, _ = format_source('framework a "A" { tiers { x "X" } }', "a.cqdt")
    assert 'total "Tổng điểm" = 0' in text


@pytest.mark.parametrize("path", sorted((ROOT / "frameworks").glob("*.cqdt")), ids=lambda p: p.name)
def test_formatting_keeps_every_comment_in_order(path):
    source = path.read_text(encoding="utf-8")
    formatted, _ = format_source(source, path.name)

    def comments(text: str) -> list[str]:
        return [line.split("#", 1)[1] for line in text.splitlines() if "#" in line]

    assert comments(formatted) == comments(source)
    assert formatted == source  # the bundled files are kept in the canonical layout
