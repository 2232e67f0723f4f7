"""Make the provincial DTI 2022 example: ten provinces' answers to the 98 component indexes.

The only real figures are Trà Vinh's, as published (travinh.gov.vn, "Đánh giá mức độ chuyển đổi số
năm 2022: Trà Vinh xếp hạng 25/63"): DTI 0.6077, pillars 0.6683 / 0.6647 / 0.5991, +0.1783 against
2021. Those values fix the sums of its main-index points (and only the sums, to within the
published rounding); the points below are one consistent choice, with two decimals as every
component is scored (``round(…, 2)``): foundation 72.5, 65, 70.3, 60.99, 72 (340.79);
activities 127.02, 91.27, 48.63; DTI 2021 0.4294.
Trà Vinh's component shares are chosen so the points of each main index add up exactly to
those: every component gets its part of the main index's points, rounded down to 2 decimals,
and the last one what is left; its share is points / max (the component maxima of
``frameworks/2022_dti_tinh.cqdt`` are 2, 5, 8, 10, 12.5, 16, 20 or 25, so it is a short decimal).

The nine other provinces are real names with **invented** answers (a seeded generator): they
exercise ranking, the pillars' separate ranks and, for Điện Biên, a province with no published
2021 value (its growth is "not applicable", never its whole index).

Writes ``units.csv`` and ``inputs.csv`` (wide CSV) next to this file, byte-identical on every
run::

    python examples/dti_2022/make_example.py
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
FRAMEWORK = HERE.parent.parent / "frameworks" / "2022_dti_tinh.cqdt"

#: Trà Vinh 2022: main index number → points (sums fixed by the published values).
TRA_VINH = {
    1: "72.5",
    2: "65",
    3: "70.3",
    4: "60.99",
    5: "72",
    7: "127.02",
    8: "91.27",
    9: "48.63",
}
#: (code, name, DTI 2021 or None, maturity): Trà Vinh's 2021 value is the published one; the
#: others, and every maturity (the level around which a province's shares are drawn), invented.
PROVINCES = [
    ("84", "Tỉnh Trà Vinh", "0.4294", None),
    ("01", "Thành phố Hà Nội", "0.5501", 0.74),
    ("48", "Thành phố Đà Nẵng", "0.6124", 0.78),
    ("79", "Thành phố Hồ Chí Minh", "0.5710", 0.72),
    ("22", "Tỉnh Quảng Ninh", "0.5905", 0.70),
    ("30", "Tỉnh Hải Dương", "0.4102", 0.55),
    ("11", "Tỉnh Điện Biên", None, 0.42),
    ("87", "Tỉnh Đồng Tháp", "0.4633", 0.60),
    ("95", "Tỉnh Bạc Liêu", "0.3817", 0.47),
    ("06", "Tỉnh Bắc Kạn", "0.3411", 0.40),
]
FOUR = Decimal("0.0001")


def component_maxima() -> dict[int, list[Decimal]]:
    """Main index → the maxima of its scored components, read from the framework file."""
    text = FRAMEWORK.read_text(encoding="utf-8")
    out: dict[int, list[Decimal]] = {}
    for main, _, value in re.findall(r'indicator cstp_(\d+)_(\d+) "[^"]*" max ([0-9.]+) \{', text):
        if int(main) != 6:
            out.setdefault(int(main), []).append(Decimal(value))
    return out


def exact_shares(target: Decimal, maxima: list[Decimal]) -> list[Decimal]:
    """Shares whose points, rounded to 2 decimals as the rules do, add up to ``target``
    exactly: each component gets its part of the target, rounded down to 2 decimals, the last
    one what is left; a share is points / max, a short decimal as every max is."""
    total = sum(maxima)
    points = [
        (target * m / total).quantize(Decimal("0.01"), rounding="ROUND_FLOOR") for m in maxima
    ]
    points[-1] = target - sum(points[:-1])
    assert 0 <= points[-1] <= maxima[-1], (target, points)
    shares = [(p / m).normalize() for p, m in zip(points, maxima, strict=True)]
    assert all(s * m == p for s, m, p in zip(shares, maxima, points, strict=True))
    return shares


def invented_shares(rng: random.Random, level: float, count: int) -> list[Decimal]:
    return [
        Decimal(str(min(1.0, max(0.0, level + rng.uniform(-0.15, 0.15))))).quantize(FOUR)
        for _ in range(count)
    ]


def rows() -> list[dict[str, str]]:
    maxima = component_maxima()
    rng = random.Random(2022)
    out = []
    for code, name, previous, level in PROVINCES:
        row = {"tier": "province", "code": code, "name": name}
        for main, comps in sorted(maxima.items()):
            if level is None:  # Trà Vinh
                shares = exact_shares(Decimal(TRA_VINH[main]), comps)
            else:
                # each main index around its own level: pillars rank differently
                shares = invented_shares(rng, level + rng.uniform(-0.2, 0.2), len(comps))
            for i, share in enumerate(shares, 1):
                row[f"dat_{main}_{i}"] = format(share, "f")
        row["dat_6_1"] = "Có" if rng.random() < 0.5 else "Không"
        row["dat_6_2"] = "Có" if rng.random() < 0.3 else "Không"
        row["dat_6_3"] = str(rng.randint(0, 12))
        row["dti_2021"] = previous or ""
        out.append(row)
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
