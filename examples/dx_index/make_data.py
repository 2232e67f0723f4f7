"""Make the raw data of the digital-transformation index example (inputs.csv, units.csv).

Deterministic (a fixed seed, the standard library only): 30 communes with raw counts, amounts and
shares, as a statistics office sends them, holes and outliers included on purpose:

- 5 communes did not report their internet subscribers, 3 their e-government staff, 2 their
  portal downtime (empty cells: the framework declares them ``missing empty`` and imputes them);
- one commune reports 12 times the online transactions of the next one (an outlier that makes
  the indicator's skewness and kurtosis exceed COINr's thresholds: the framework log-transforms it);
- one commune's IT budget is 40 times the median (capped at the 90th percentile).

Run ``python make_data.py`` in this folder to write the two files again (they are committed).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).parent
UNITS = 30
SEED = 2026

NAMES = [
    "Xã Bằng Thành", "Xã Nhạn Môn", "Xã Bộc Bố", "Xã Công Bằng", "Xã Giáo Hiệu",
    "Xã Xuân La", "Xã An Thắng", "Xã Cổ Linh", "Xã Nghiên Loan", "Xã Cao Tân",
    "Xã Chu Hương", "Xã Mỹ Phương", "Xã Hà Hiệu", "Xã Phúc Lộc", "Xã Thượng Giáo",
    "Xã Yến Dương", "Xã Khang Ninh", "Xã Nam Mẫu", "Xã Quảng Khê", "Xã Đồng Phúc",
    "Xã Lãng Ngâm", "Xã Thạch Ngọc", "Xã Vân Tùng", "Xã Đức Vân", "Xã Bằng Vân",
    "Xã Trung Hòa", "Xã Hiệp Lực", "Xã Côn Minh", "Xã Lương Thượng", "Xã Văn Minh",
]  # fmt: skip


def rows() -> list[dict[str, object]]:
    rng = random.Random(SEED)
    out = []
    for n in range(UNITS):
        population = rng.randint(2500, 12000)
        out.append(
            {
                "tier": "commune",
                "code": f"X{n + 1:02d}",
                "name": NAMES[n],
                "population": population,
                "subscribers": round(population * rng.uniform(0.08, 0.35)),
                "online_transactions": rng.randint(40, 900),
                "egov_staff": rng.randint(0, 6),
                "it_budget": round(rng.uniform(20, 180), 1),
                "digital_documents": round(rng.uniform(0.35, 0.98), 4),
                "portal_downtime": round(rng.uniform(2, 120), 1),
            }
        )
    out[6]["online_transactions"] = 11800  # the outlier
    out[17]["it_budget"] = 3900.0  # a one-off investment, 40 × the median
    for n in (2, 9, 14, 21, 27):
        out[n]["subscribers"] = ""
    for n in (4, 11, 25):
        out[n]["egov_staff"] = ""
    for n in (8, 19):
        out[n]["portal_downtime"] = ""
    return out


def main() -> None:
    data = rows()
    with open(HERE / "inputs.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(data[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)
    with open(HERE / "units.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["tier", "code", "name", "parent"])
        writer.writerows([r["tier"], r["code"], r["name"], ""] for r in data)


if __name__ == "__main__":
    main()
