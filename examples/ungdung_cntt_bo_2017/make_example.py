"""Make the ministries' IT-application example (QĐ 2342/QĐ-BTTTT, Phụ lục 1B): 18 ministries'
answers, **invented** (the published 2017 results give indexes only, not the answers behind them).

Each ministry gets a maturity (0–1, seeded); every answer grows with it. Two ministries, Bộ Tư
pháp and Bộ Nội vụ, answer alike except for one more staff member trained: their indexes differ in the
fourth decimal only, so at the three decimals the Ministry publishes they are equal, share a
rank, and the next rank is skipped — as "17 (0,633)" twice, then 19, in the published table.

Writes ``units.csv`` and ``inputs.csv`` (wide CSV) next to this file, byte-identical on every
run::

    python examples/ungdung_cntt_bo_2017/make_example.py
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: (code, name, maturity); None: the twin of the ministry before it.
MINISTRIES = [
    ("BTC", "Bộ Tài chính", 0.86),
    ("BTTTT", "Bộ Thông tin và Truyền thông", 0.9),
    ("BKHDT", "Bộ Kế hoạch và Đầu tư", 0.78),
    ("BCT", "Bộ Công Thương", 0.74),
    ("BTP", "Bộ Tư pháp", 0.66),
    ("BNV", "Bộ Nội vụ", None),
    ("BGDDT", "Bộ Giáo dục và Đào tạo", 0.63),
    ("BYT", "Bộ Y tế", 0.58),
    ("BXD", "Bộ Xây dựng", 0.6),
    ("BGTVT", "Bộ Giao thông vận tải", 0.69),
    ("BNNPTNT", "Bộ Nông nghiệp và Phát triển nông thôn", 0.55),
    ("BTNMT", "Bộ Tài nguyên và Môi trường", 0.64),
    ("BKHCN", "Bộ Khoa học và Công nghệ", 0.71),
    ("BLDTBXH", "Bộ Lao động - Thương binh và Xã hội", 0.52),
    ("BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch", 0.5),
    ("BNG", "Bộ Ngoại giao", 0.57),
    ("TTCP", "Thanh tra Chính phủ", 0.45),
    ("UBDT", "Ủy ban Dân tộc", 0.4),
]


def answers(rng: random.Random, m: float) -> dict[str, str]:
    def share(spread: float = 0.15) -> float:
        return min(1.0, max(0.0, m + rng.uniform(-spread, spread)))

    staff = rng.randrange(400, 6000, 10)
    computers = int(staff * (0.8 + 0.3 * share()))
    units_total = rng.randint(10, 60)
    procedures = rng.randint(40, 400)
    docs_out = rng.randint(3000, 60000)
    tier = "Mức 3" if m > 0.85 else "Mức 2" if m > 0.7 else "Mức 1" if m > 0.55 else "Chưa đáp ứng"
    return {
        "staff": str(staff),
        "computers": str(computers),
        "units_total": str(units_total),
        "procedures_total": str(procedures),
        "staff_with_pc": str(int(staff * share(0.1))),
        "computers_antivirus": str(int(computers * share())),
        "bandwidth_mbps": str(round(staff * (0.2 + 1.2 * share()), 1)),
        "units_connected": str(int(units_total * share())),
        "wan_apps": str(int(8 * share())),
        "has_dc": "Có" if m > 0.5 else "Không",
        "dc_tier": tier,
        "dc_iso": "Có" if m > 0.75 else "Không",
        "video_conference": "Có" if m > 0.45 else "Không",
        "docs_out": str(docs_out),
        "docs_out_electronic": str(int(docs_out * share(0.2))),
        "staff_email": str(int(staff * share(0.1))),
        "databases": str(int(6 * share())),
        "info_share": str(round(share(0.1), 4)),
        "services_34": str(int(procedures * share(0.25) * 0.6)),
        "services_with_files": str(int(procedures * share(0.25) * 0.3)),
        "units_with_it": str(int(units_total * share())),
        "staff_trained": str(int(staff * share(0.2))),
        "it_plan": "Có" if m > 0.42 else "Không",
    }


def rows() -> list[dict[str, str]]:
    rng = random.Random(2017)
    out: list[dict[str, str]] = []
    for code, name, maturity in MINISTRIES:
        if maturity is None:  # the twin: one more staff member trained, nothing else different
            row = dict(out[-1])
            row["staff_trained"] = str(int(row["staff_trained"]) + 1)
        else:
            row = answers(rng, maturity)
        out.append(
            {
                "tier": "ministry",
                "code": code,
                "name": name,
                **{k: v for k, v in row.items() if k not in ("tier", "code", "name")},
            }
        )
    return out


def write(path: Path, header: list[str], table: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--out", type=Path, default=HERE, help="output folder")
    args = parser.parse_args()
    table = rows()
    write(args.out / "inputs.csv", list(table[0]), table)
    units = [{"tier": r["tier"], "code": r["code"], "name": r["name"], "parent": ""} for r in table]
    write(args.out / "units.csv", ["tier", "code", "name", "parent"], units)


if __name__ == "__main__":
    main()
