"""The decision facts as the annex header prints them, with dots where a fact is not known.

The same criteria serve several years' decisions, so the number, date, issuer and signer come
from ``decision.DecisionInfo``; this module turns them into the printed lines.
"""

from __future__ import annotations

from cqdt.compiler.model.nodes import Framework
from cqdt.number_format import to_roman
from cqdt.runtime.publish.decision import DecisionInfo
from cqdt.runtime.publish.report_model import DecisionView

__all__ = ["decision_view"]


def decision_view(fw: Framework, info: DecisionInfo, words) -> DecisionView:
    issuer = info.issuer or fw.meta.issuer or ""
    dots = words["placeholder"]
    if info.date is not None:
        day, month, year = f"{info.date.day:02d}", f"{info.date.month:02d}", str(info.date.year)
    else:
        day = month = year = dots
    annex = words["annex"]
    if info.annex_number is not None:
        annex = f"{annex} {to_roman(info.annex_number)}"
    attached = words["attached"].format(
        number=info.number or words["placeholder_number"],
        day=day,
        month=month,
        year=year,
        issuer=issuer or dots,
    )
    place_date = ""
    if info.place or info.date:
        place_date = words["place_date"].format(
            place=info.place or dots, day=day, month=month, year=year
        )
    return DecisionView(
        issuer=issuer,
        issuer_caps=(info.issuing_body or _expand_issuer(issuer)).upper(),
        annex_title=annex,
        attached_line=attached,
        place_date=place_date,
        signer_title=info.signer_title or "",
        signer_name=info.signer_name or "",
        number=info.number,
        date_iso=info.date.isoformat() if info.date else None,
    )


def _expand_issuer(issuer: str) -> str:
    """The issuing body spelled out, as the header prints it: UBND → Ủy ban nhân dân."""
    expansions = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân"}
    words = [expansions.get(w, w) for w in issuer.split()]
    return " ".join(words)
