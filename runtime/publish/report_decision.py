"""The decision facts as the annex header prints them, with dots where a fact is not known.

The same criteria serve several years' decisions, so the number, date, issuer and signer come
from ``decision.DecisionInfo``; this module turns them into the printed lines: the issuing body
split where Decree 30 headers split it (before the place: "ỦY BAN NHÂN DÂN" / "TỈNH BẮC KẠN"),
the results title under "PHỤ LỤC", the "Kèm theo" line and the signer block.

>>> issuer_lines("ỦY BAN NHÂN DÂN TỈNH BẮC KẠN")
('ỦY BAN NHÂN DÂN', 'TỈNH\\xa0BẮC\\xa0KẠN')
>>> issuer_lines("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI")
('SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI',)
>>> results_subject("Bộ tiêu chí đánh giá, xếp hạng mức độ CQĐT tỉnh Bắc Kạn", 2018)
'MỨC ĐỘ CQĐT TỈNH BẮC KẠN NĂM 2018'
"""

from __future__ import annotations

import re

from cqdt.compiler.model.nodes import Framework
from cqdt.number_format import to_roman
from cqdt.runtime.publish.decision import DecisionInfo
from cqdt.runtime.publish.report_model import DecisionView

__all__ = ["decision_view", "issuer_lines", "results_subject"]

#: Where a header splits the issuing body: before the administrative unit it belongs to.
_PLACE = re.compile(r"\s+(?=(?:THÀNH PHỐ|THỊ XÃ|THỊ TRẤN|TỈNH|HUYỆN|QUẬN|PHƯỜNG|XÃ(?! HỘI))\b)")
#: How a framework title names itself before saying what it rates.
_TITLE_LEAD = re.compile(
    r"^(bộ (tiêu chí|chỉ tiêu|chỉ số)( đánh giá)?(, xếp hạng| và xếp hạng)?|chỉ số đánh giá)\s+",
    re.IGNORECASE,
)
_NBSP = "\u00a0"


def decision_view(fw: Framework, info: DecisionInfo, words, lang: str) -> DecisionView:
    neutral = info.style == "neutral"
    issuer = info.issuer or fw.meta.issuer or ""
    dots = words["placeholder"]
    if info.date is not None:
        day, month, year = f"{info.date.day:02d}", f"{info.date.month:02d}", str(info.date.year)
    else:
        day = month = year = dots
    annex = words["annex"]
    if info.annex_number is not None:
        annex = f"{annex} {to_roman(info.annex_number)}"
    elif neutral:
        annex = ""
    attached = ""
    if not neutral or info.number:
        attached = words["attached"].format(
            number=info.number or _number_placeholder(issuer, words),
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
    body = (info.issuing_body or _expand_issuer(issuer)).upper()
    lines = issuer_lines(body)
    signer_title = info.signer_title or ("" if neutral else dots)
    signer_name = info.signer_name or ("" if neutral else dots)
    return DecisionView(
        issuer=issuer,
        issuer_caps="\n".join(lines).replace(_NBSP, " "),
        issuer_lines=lines,
        annex_title=annex,
        results_title=info.results_title or _default_results_title(fw, words, lang),
        attached_line=attached,
        place_date=place_date,
        signer_title=signer_title,
        signer_name=signer_name,
        signer_lines=tuple(line for line in signer_title.split("\n") if line.strip()),
        show_signer=bool(signer_title or signer_name),
        number=info.number,
        date_iso=info.date.isoformat() if info.date else None,
        neutral=neutral,
        charts=info.charts,
        provenance_page=info.provenance_page,
    )


def issuer_lines(body: str) -> tuple[str, ...]:
    """The issuing body's header lines: its own line breaks, else split before the place.

    A line that names a place keeps its words together (no-break spaces), so a narrow header
    column never prints "TỈNH BẮC / KẠN".
    """
    if not body.strip():
        return ()
    if "\n" in body:
        parts = [line.strip() for line in body.splitlines() if line.strip()]
    else:
        parts = [part.strip() for part in _PLACE.split(body.strip(), maxsplit=1)]
    return tuple(
        _NBSP.join(part.split()) if i and len(part) <= 32 else part for i, part in enumerate(parts)
    )


def results_subject(title: str, year: int | None) -> str:
    """What the results are results of, in capitals: the framework title less "Bộ tiêu chí …"."""
    subject = _TITLE_LEAD.sub("", title.strip())
    if subject == title.strip():
        subject = f"theo {subject}"
    if year is not None and str(year) not in subject:
        subject = f"{subject} năm {year}"
    return subject.upper()


def _default_results_title(fw: Framework, words, lang: str) -> str:
    """ "KẾT QUẢ ĐÁNH GIÁ, XẾP HẠNG <what the framework rates> NĂM <year>" (English: the title)."""
    if lang == "vi":
        return words["results_title"].format(subject=results_subject(fw.meta.title, fw.meta.year))
    title = fw.meta.title
    if fw.meta.year is not None and str(fw.meta.year) not in title:
        title = f"{title} {fw.meta.year}"
    return words["results_title"].format(subject=title.upper())


def _number_placeholder(issuer: str, words) -> str:
    """Dots for the decision number; "……/QĐ-UBND" only when a People's Committee issues it."""
    lowered = issuer.lower()
    if lowered.startswith(("ubnd", "ủy ban nhân dân", "uỷ ban nhân dân")):
        return words["placeholder_number"]
    return words["placeholder"]


def _expand_issuer(issuer: str) -> str:
    """The issuing body spelled out, as the header prints it: UBND → Ủy ban nhân dân."""
    expansions = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân"}
    words = [expansions.get(w, w) for w in issuer.split()]
    return " ".join(words)
