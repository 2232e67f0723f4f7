"""Make the Cà Mau PAR INDEX example: 15 departments and 9 districts, with a survey.

Everything here is **invented** (the answers behind a published PAR INDEX are not public); the
units are real (Cà Mau's departments and its city and districts).

Each unit gets a maturity (seeded); its answers grow with it. The sociological survey (điều tra
xã hội học) asks 30 respondents of each unit to rate each area from 0 to 100 %: their answers are
written to ``survey.csv`` (one row per respondent and area), and their mean per unit and area
is the input ``dtxhh_<area>`` of ``inputs.csv`` — cqdt does not yet take many rows per unit, so
the mean over respondents is worked out here, before scoring.

Writes ``units.csv``, ``survey.csv`` and ``inputs.csv`` next to this file, byte-identical on
every run::

    python examples/par_camau/make_example.py
"""

from __future__ import annotations

import argparse
import csv
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESPONDENTS = 30

DEPARTMENTS = [
    ("S01", "Văn phòng UBND tỉnh", 0.86),
    ("S02", "Sở Nội vụ", 0.9),
    ("S03", "Sở Tư pháp", 0.8),
    ("S04", "Sở Kế hoạch và Đầu tư", 0.78),
    ("S05", "Sở Tài chính", 0.74),
    ("S06", "Sở Công Thương", 0.62),
    ("S07", "Sở Nông nghiệp và Phát triển nông thôn", 0.58),
    ("S08", "Sở Giao thông vận tải", 0.66),
    ("S09", "Sở Xây dựng", 0.6),
    ("S10", "Sở Tài nguyên và Môi trường", 0.55),
    ("S11", "Sở Thông tin và Truyền thông", 0.88),
    ("S12", "Sở Lao động - Thương binh và Xã hội", 0.5),
    ("S13", "Sở Giáo dục và Đào tạo", 0.7),
    ("S14", "Sở Y tế", 0.52),
    ("S15", "Thanh tra tỉnh", 0.45),
]
DISTRICTS = [
    ("964", "Thành phố Cà Mau", 0.82),
    ("966", "Huyện U Minh", 0.48),
    ("967", "Huyện Thới Bình", 0.55),
    ("968", "Huyện Trần Văn Thời", 0.6),
    ("969", "Huyện Cái Nước", 0.64),
    ("970", "Huyện Đầm Dơi", 0.5),
    ("971", "Huyện Năm Căn", 0.58),
    ("972", "Huyện Phú Tân", 0.44),
    ("973", "Huyện Ngọc Hiển", 0.4),
]
#: The areas with a survey and with a completion share; area 9 only for districts.
AREAS = range(1, 10)


def clip(x: float) -> float:
    return min(1.0, max(0.0, x))


def four(x: float) -> str:
    return str(Decimal(str(x)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def unit_rows(rng: random.Random, tier: str, code: str, name: str, m: float, survey: list):
    areas = [a for a in AREAS if a != 9 or tier == "district"]
    row = {"tier": tier, "code": code, "name": name}
    on_time = rng.random() < m
    row["kh_ban_hanh"] = (
        "Ban hành đúng hạn"
        if on_time
        else rng.choice(["Ban hành chậm", "Ban hành chậm", "Chưa ban hành"])
    )
    row["kh_nhiem_vu"] = "Có" if rng.random() < m + 0.1 else "Không"
    row["kh_ket_qua"] = "Có" if rng.random() < m else "Không"
    row["kh_hoan_thanh"] = four(clip(m + rng.uniform(-0.15, 0.15)))
    row["bc_dung_han"] = "Có" if rng.random() < m else "Không"
    row["bc_day_du"] = "Có" if rng.random() < m + 0.15 else "Không"
    units = rng.randint(4, 25)
    row["so_don_vi"] = str(units)
    row["kt_don_vi"] = str(int(units * clip(m + rng.uniform(-0.3, 0.1))))
    row["tt_ke_hoach"] = "Có" if rng.random() < m + 0.1 else "Không"
    row["sk_so"] = str(int(4 * clip(m + rng.uniform(-0.4, 0.1))))
    for area in AREAS:
        if area == 1:
            continue
        row[f"ht_{area}"] = four(clip(m + rng.uniform(-0.2, 0.15))) if area in areas else ""
    for area in AREAS:
        if area not in areas:
            row[f"dtxhh_{area}"] = ""
            continue
        answers = [clip(m + rng.uniform(-0.3, 0.25)) for _ in range(RESPONDENTS)]
        for n, answer in enumerate(answers, 1):
            survey.append(
                {
                    "tier": tier,
                    "code": code,
                    "respondent": str(n),
                    "area": str(area),
                    "answer": four(answer),
                }
            )
        # the mean over respondents of the answers as written (four decimals), to four decimals
        mean = sum(Decimal(four(a)) for a in answers) / len(answers)
        row[f"dtxhh_{area}"] = str(mean.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))
    return row


def tables() -> tuple[list[dict], list[dict]]:
    rng = random.Random(2018)
    rows: list[dict] = []
    survey: list[dict] = []
    for tier, units in (("department", DEPARTMENTS), ("district", DISTRICTS)):
        for code, name, m in units:
            rows.append(unit_rows(rng, tier, code, name, m, survey))
    return rows, survey


def write(path: Path, header: list[str], table: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--out", type=Path, default=HERE, help="output folder")
    args = parser.parse_args()
    rows, survey = tables()
    write(args.out / "inputs.csv", list(rows[0]), rows)
    write(args.out / "survey.csv", ["tier", "code", "respondent", "area", "answer"], survey)
    units = [{"tier": r["tier"], "code": r["code"], "name": r["name"], "parent": ""} for r in rows]
    write(args.out / "units.csv", ["tier", "code", "name", "parent"], units)


if __name__ == "__main__":
    main()
