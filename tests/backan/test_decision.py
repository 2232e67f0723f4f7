"""The decision the 2018 annex is attached to: the public facts of Decision 290/QĐ-UBND."""

from __future__ import annotations

import datetime as dt

from .conftest import EXAMPLE


def test_decision_metadata():
    from cqdt.runtime.publish.decision import load_decision

    decision = load_decision(EXAMPLE / "decision.toml")
    assert (
        decision.number,
        decision.date,
        decision.issuer,
        decision.issuing_body,
        decision.place,
        decision.annex_number,
    ) == (
        "290/QĐ-UBND",
        dt.date(2019, 2, 21),
        "UBND tỉnh Bắc Kạn",
        "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN",
        "Bắc Kạn",
        1,
    )
    # The signer of the 2018 decision is not known to us: left for staff to fill in.
    assert decision.signer_title is None and decision.signer_name is None
