"""Decision facts from a TOML file: every field optional, every mistake reported at once."""

import datetime as dt

import pytest

from cqdt.diagnostics import CqdtError, Span
from cqdt.i18n import set_language
from cqdt.runtime.publish.decision import DecisionInfo, load_decision, parse_date

FULL = """\
number = "290/QĐ-UBND"
date = 2019-02-21
issuer = "UBND tỉnh Bắc Kạn"
place = "Bắc Kạn"
signer_title = "CHỦ TỊCH"
signer_name = "Nguyễn Văn A"
annex_number = 2
"""


def test_load_full_file(tmp_path):
    path = tmp_path / "decision.toml"
    path.write_text(FULL, encoding="utf-8")
    assert load_decision(path) == DecisionInfo(
        number="290/QĐ-UBND",
        date=dt.date(2019, 2, 21),
        issuer="UBND tỉnh Bắc Kạn",
        place="Bắc Kạn",
        signer_title="CHỦ TỊCH",
        signer_name="Nguyễn Văn A",
        annex_number=2,
    )


def test_decision_table_and_vietnamese_date_string(tmp_path):
    path = tmp_path / "d.toml"
    path.write_text('[decision]\nnumber = "290/QĐ-UBND"\ndate = "21/02/2019"\n', encoding="utf-8")
    info = load_decision(path)
    assert info.date == dt.date(2019, 2, 21)
    assert info.issuer is None


def test_every_problem_reported_with_its_line(tmp_path):
    path = tmp_path / "d.toml"
    path.write_text('number = "290"\nsigner_nam = "A"\ndate = "tomorrow"\nannex_number = 0\n')
    set_language("en")
    with pytest.raises(CqdtError) as caught:
        load_decision(path)
    found = {(d.code, d.where.line) for d in caught.value.diagnostics}
    assert found == {("decision-key", 2), ("decision-type", 3), ("decision-type", 4)}
    unknown = next(d for d in caught.value.diagnostics if d.code == "decision-key")
    assert "signer_name?" in unknown.hint
    assert isinstance(unknown.where, Span) and unknown.where.col == 1


def test_broken_toml_is_a_diagnostic_not_a_traceback(tmp_path):
    path = tmp_path / "d.toml"
    path.write_text("number = \n", encoding="utf-8")
    with pytest.raises(CqdtError) as caught:
        load_decision(path)
    (diag,) = caught.value.diagnostics
    assert diag.code == "decision-read"
    assert "TOML" in diag.hint


def test_parse_date_orders():
    assert parse_date("21/02/2019") == dt.date(2019, 2, 21)
    assert parse_date("2019-02-21") == dt.date(2019, 2, 21)
    assert parse_date("02/21/2019") is None


def test_issuing_body_overrides_the_spelled_out_issuer(tmp_path):
    from cqdt.runtime.publish.report import build_report

    from . import sample

    path = tmp_path / "d.toml"
    path.write_text('issuer = "Sở TT&TT"\nissuing_body = "Sở Thông tin và Truyền thông"\n')
    info = load_decision(path)
    report = build_report(sample.framework(), sample.results(), None, info)
    assert report.decision.issuer_caps == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    assert report.decision.attached_line.endswith("của Sở TT&TT)")
