"""Make the Bắc Kạn 2018 example: the survey forms of all 150 units, filled in.

The real answers of 2018 are not public; only the outcome is (Decision 290/QĐ-UBND of
21/02/2019). This script invents answers that are plausible for a poor mountain province in 2018
and that, scored with ``frameworks/2018_backan.cqdt``, reproduce every published fact: the
top three departments, and "Không xếp loại" in both categories for 12 of 20 departments, 7 of 8
districts and every commune. ``README.md`` next to this file says what is invented and why.

How: each unit gets a maturity for each category (0 = nothing in place, 1 = everything), set by
hand for the departments and districts (the published facts are about them) and drawn from a
seeded generator for the communes. Every answer is derived from the maturity: shares grow with
it, and each yes/no item has a difficulty the unit clears when its maturity (give or take a
little noise) reaches it — so units build the easy things first (a LAN, a yearly plan) and the
hard ones last (online payment, LGSP).

The form is cqdt's own data-entry template (``cqdt template``), filled with openpyxl as a unit
would fill it. The output is byte-identical on every run: one seeded generator, units in
registry order, and cqdt's deterministic workbook writer (fixed timestamps).

Run from anywhere::

    python examples/backan_2018/make_example.py            # writes inputs.xlsx next to this file
    python examples/backan_2018/make_example.py -o out.xlsx
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
FRAMEWORK = HERE.parent.parent / "frameworks" / "2018_backan.cqdt"
UNITS = HERE / "units.csv"
OUTPUT = HERE / "inputs.xlsx"

#: One seed for the whole data set: the same file on every run.
SEED = 2018

#: Chosen by hand: (readiness maturity, results maturity) of every department. The top three
#: and the eight classified departments are the published facts; the rest is invented.
PROVINCE_MATURITY: dict[str, tuple[float, float]] = {
    "P12": (0.92, 0.86),  # Sở Thông tin và Truyền thông — 1st
    "P09": (0.82, 0.72),  # Sở Giao thông Vận tải — 2nd
    "P07": (0.74, 0.62),  # Sở Công Thương — 3rd
    "P01": (0.62, 0.44),  # Văn phòng UBND tỉnh
    "P06": (0.58, 0.40),  # Sở Tài chính
    "P05": (0.57, 0.42),  # Sở Kế hoạch và Đầu tư
    "P11": (0.57, 0.38),  # Sở Tài nguyên và Môi trường
    "P03": (0.55, 0.36),  # Sở Nội vụ
    "P17": (0.31, 0.24),  # Sở Y tế
    "P16": (0.30, 0.22),  # Sở Giáo dục và Đào tạo
    "P04": (0.29, 0.26),  # Sở Tư pháp
    "P08": (0.28, 0.20),  # Sở Nông nghiệp và Phát triển nông thôn
    "P10": (0.27, 0.21),  # Sở Xây dựng
    "P13": (0.26, 0.20),  # Sở Lao động - Thương binh và Xã hội
    "P14": (0.25, 0.19),  # Sở Văn hóa, Thể thao và Du lịch
    "P15": (0.24, 0.17),  # Sở Khoa học và Công nghệ
    "P20": (0.22, 0.15),  # Ban Quản lý các Khu công nghiệp
    "P18": (0.21, 0.14),  # Thanh tra tỉnh
    "P02": (0.20, 0.14),  # Văn phòng Đoàn ĐBQH và HĐND tỉnh
    "P19": (0.18, 0.12),  # Ban Dân tộc
}

#: Districts: Thành phố Bắc Kạn is the one district classified (published: 88% not ranked).
DISTRICT_MATURITY: dict[str, tuple[float, float]] = {
    "058": (0.62, 0.44),  # Thành phố Bắc Kạn
    "063": (0.31, 0.24),  # Huyện Bạch Thông
    "065": (0.30, 0.22),  # Huyện Chợ Mới
    "064": (0.28, 0.21),  # Huyện Chợ Đồn
    "061": (0.27, 0.20),  # Huyện Ba Bể
    "066": (0.25, 0.18),  # Huyện Na Rì
    "062": (0.23, 0.16),  # Huyện Ngân Sơn
    "060": (0.20, 0.12),  # Huyện Pác Nặm
}

#: Communes: drawn at random in these ranges; wards of the city (parent 058) a little higher.
COMMUNE_READINESS = (0.15, 0.40)
COMMUNE_RESULTS = (0.04, 0.36)
CITY_BONUS = 0.10

YES, NO = "Có", "Không"


@dataclass(frozen=True)
class UnitRow:
    """One unit of the registry: enough to fill its row of the form."""

    tier: str
    code: str
    name: str
    parent: str


class Answers:
    """Answers of one unit, derived from its maturity with a shared seeded generator."""

    def __init__(self, rng: random.Random, tier: str, readiness: float, results: float):
        self.rng = rng
        self.tier = tier
        self.mr = readiness
        self.mk = results
        self.staff = 0  # set by readiness(): results() needs the head count too

    # -- small helpers ------------------------------------------------------------------------

    def has(self, maturity: float, difficulty: float) -> bool:
        """True when the unit's maturity, give or take a little noise, reaches the difficulty."""
        return maturity + self.rng.uniform(-0.06, 0.06) >= difficulty

    def share(self, maturity: float, floor: float, slope: float, spread: float = 0.05) -> float:
        """A share in 0..1 that grows with maturity."""
        value = floor + slope * maturity + self.rng.uniform(-spread, spread)
        return min(1.0, max(0.0, value))

    def part(self, whole: int, fraction: float) -> int:
        """A whole-number part of a count (computers with antivirus out of computers …)."""
        return min(whole, max(0, round(whole * fraction)))

    def by_tier(self, province, district, commune):
        """The value for the unit's tier (a difficulty of 2.0 means "never": not asked)."""
        return {"province": province, "district": district, "commune": commune}[self.tier]

    # -- the form --------------------------------------------------------------------------------

    def fill(self) -> dict[str, object]:
        """Every answer of the form, by input id (the workbook keeps the ones its tier asks)."""
        out: dict[str, object] = {}
        out.update(self.readiness())
        out.update(self.results())
        return out

    def readiness(self) -> dict[str, object]:
        """Head count, equipment, staff skills and policy: driven by the readiness maturity."""
        rng, mr, t = self.rng, self.mr, self.by_tier
        staff = t(rng.randint(24, 85), rng.randint(70, 140), rng.randint(17, 25))
        self.staff = staff
        with_pc = self.part(staff, self.share(mr, *t((0.55, 0.45), (0.50, 0.45), (0.25, 0.55))))
        computers = with_pc + t(rng.randint(1, 6), rng.randint(2, 8), rng.randint(0, 2))
        internet = self.part(computers, self.share(mr, *t((0.6, 0.4), (0.55, 0.45), (0.3, 0.6))))
        per_staff = t(0.3 + 1.5 * mr, 0.2 + 1.2 * mr, 0.1 + 0.9 * mr) * rng.uniform(0.85, 1.15)
        bandwidth = max(2, round(staff * per_staff))
        wan = self.has(mr, t(0.30, 0.35, 2.0))
        wan_apps = min(6, max(0, round(mr * 4 + rng.uniform(-1.0, 0.5)))) if wan else 0
        antivirus = self.part(computers, self.share(mr, *t((0.05, 0.9), (0.05, 0.85), (0.0, 0.7))))
        it_staff = (
            2 if self.has(mr, t(0.70, 0.55, 2.0)) else 1 if self.has(mr, t(0.35, 0.2, 0.5)) else 0
        )
        return {
            "staff": staff,
            "computers": computers,
            "staff_with_pc": with_pc,
            "has_lan": self.has(mr, t(0.15, 0.20, 0.45)),
            "computers_internet": internet,
            "bandwidth_mbps": bandwidth,
            "wan_connected": wan,
            "wan_apps": wan_apps,
            "computers_antivirus": antivirus,
            "security_plan": self.has(mr, t(0.55, 0.60, 0.70)),
            "it_staff_count": it_staff,
            "it_degree": it_staff > 0 and self.has(mr, t(0.50, 0.45, 0.75)),
            "staff_trained": self.part(staff, self.share(mr, 0.0, 0.8)),
            "staff_certified": self.part(
                staff, self.share(mr, *t((0.2, 0.7), (0.2, 0.7), (0.1, 0.6)))
            ),
            "has_it_plan": self.has(mr, t(0.25, 0.30, 0.32)),
            "it_budget_share": self.budget_share(),
            "regulations_issued": min(3, max(0, round(mr * 3 + rng.uniform(-0.6, 0.3)))),
            "leadership_online": self.has(mr, t(0.60, 0.60, 0.80)),
            "reports_on_time": self.has(mr, t(0.30, 0.35, 0.28)),
        }

    def budget_share(self) -> float:
        """Share of recurrent spending on IT, as a fraction with 4 decimals (0.0085 = 0,85%)."""
        top = self.by_tier(0.014, 0.012, 0.006)
        value = 0.0005 + top * self.mr + self.rng.uniform(-0.0015, 0.0015)
        return round(max(0.0, value), 4)

    def results(self) -> dict[str, object]:
        """Web presence, use of the systems and online services: driven by results maturity."""
        rng, mk, t = self.rng, self.mk, self.by_tier
        if self.has(mk, t(0.10, 0.10, 0.30)):
            portal = "Đã vận hành"
        elif self.has(mk, t(0.0, 0.0, 0.12)):
            portal = "Đang xây dựng"
        else:
            portal = "Chưa có"
        on_line = portal == "Đã vận hành"
        info = round(10 * self.share(mk, 0.2, 0.75)) if on_line else 0
        news = round(t(30 + 420 * mk**1.5, 40 + 300 * mk**1.5, 60 * mk) * rng.uniform(0.8, 1.2))
        procedures = t(rng.randint(25, 180), rng.randint(240, 290), rng.randint(95, 125))
        published = self.part(procedures, self.share(mk, 0.4, 0.6)) if on_line else 0
        staff = self.staff
        dms = self.has(mk, t(0.20, 0.25, 0.55))
        docs_out = t(rng.randint(600, 2500), rng.randint(2500, 6000), rng.randint(250, 700))
        electronic = self.part(docs_out, self.share(mk, 0.1, 0.8)) if dms else 0
        one_stop = self.has(mk, t(0.25, 0.15, 0.50))
        services = self.part(
            procedures, self.share(mk, *t((-0.1, 0.5), (-0.1, 0.45), (-0.15, 0.3)))
        )
        files = t(rng.randint(150, 4000), rng.randint(4000, 12000), rng.randint(150, 1500))
        online_rate = max(0.0, (mk - 0.45) * 0.5 + rng.uniform(-0.02, 0.02))
        on_time = self.part(files, self.share(mk, 0.5, 0.45)) if one_stop else 0
        return {
            "portal_status": portal,
            "info_groups": info,
            "news_items": news if on_line else 0,
            "procedures_total": procedures,
            "procedures_published": published,
            "email_users": self.part(
                staff, self.share(mk, *t((0.2, 0.75), (0.2, 0.7), (0.05, 0.7)))
            ),
            "uses_dms": dms,
            "docs_out": docs_out,
            "docs_out_electronic": electronic,
            "uses_signature": self.has(mk, t(0.55, 0.60, 2.0)),
            "uses_one_stop": one_stop,
            "services_online": services,
            "files_total": files,
            "files_online": self.part(files, online_rate),
            "has_online_payment": self.has(mk, t(0.80, 0.85, 2.0)),
            "files_processed_on_time": on_time,
            "shared_db_used": min(4, max(0, round(4 * self.share(mk, -0.1, 0.9)))),
            "lgsp_connected": self.has(mk, t(0.70, 0.75, 2.0)),
            "uses_reporting": self.has(mk, t(0.40, 0.45, 0.70)),
            "interconnected": dms and self.has(mk, t(0.50, 0.55, 0.75)),
        }


def read_units(path: Path = UNITS) -> list[UnitRow]:
    """The registry in file order, with parents (to know which communes are city wards)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [
            UnitRow(r["tier"], r["code"], r["name"], r.get("parent") or "")
            for r in csv.DictReader(handle)
        ]


def maturities(units: Iterable[UnitRow], rng: random.Random) -> dict[str, tuple[float, float]]:
    """Every unit's (readiness, results) maturity, by code."""
    out: dict[str, tuple[float, float]] = {}
    for unit in units:
        if unit.tier == "province":
            out[unit.code] = PROVINCE_MATURITY[unit.code]
        elif unit.tier == "district":
            out[unit.code] = DISTRICT_MATURITY[unit.code]
        else:
            bonus = CITY_BONUS if unit.parent == "058" else 0.0
            out[unit.code] = (
                round(rng.uniform(*COMMUNE_READINESS) + bonus, 3),
                round(rng.uniform(*COMMUNE_RESULTS) + bonus, 3),
            )
    return out


def generate_answers(units: list[UnitRow], seed: int = SEED) -> dict[tuple[str, str], dict]:
    """Every unit's answers by ``(tier, code)``, in registry order; deterministic for a seed."""
    rng = random.Random(seed)
    levels = maturities(units, rng)
    out: dict[tuple[str, str], dict] = {}
    for unit in units:
        readiness, results = levels[unit.code]
        out[(unit.tier, unit.code)] = Answers(rng, unit.tier, readiness, results).fill()
    return out


def write_example(path: Path = OUTPUT, seed: int = SEED) -> None:
    """Generate cqdt's form for the framework and registry, fill it in, save it deterministically."""
    from cqdt.compiler.load import load_framework
    from cqdt.runtime.atomic import write_bytes_atomic
    from cqdt.runtime.intake.registry import load_units

    framework = load_framework(FRAMEWORK)
    registry = load_units(UNITS)
    units = read_units(UNITS)
    answers = {code: a for (_, code), a in generate_answers(units, seed).items()}
    communes = {u.code for u in units if u.tier == "commune"}
    with tempfile.TemporaryDirectory() as tmp:
        form = Path(tmp) / "form.xlsx"
        write_template(framework, form, units=registry)
        data = fill_form(form, answers, communes, random.Random(seed + 1))
    write_bytes_atomic(path, data)


def write_template(framework, path: Path, units) -> None:
    """cqdt's own data-entry form (what ``cqdt template`` writes)."""
    from cqdt.runtime.intake.form import write_template as cqdt_template

    cqdt_template(framework, path, units=units)


def fill_form(
    form: Path, answers: dict[str, dict], communes: set[str], blanks: random.Random
) -> bytes:
    """Type every unit's answers into its row, as a unit would; return the saved workbook.

    Columns are found by the id row and rows by the unit code, like the reader does, so the
    script does not depend on the form's layout. Communes leave some "Không" cells empty
    (``blanks`` decides which; its own generator, so the answers do not move): the framework
    reads an empty yes/no as "Không" (``missing zero``).
    """
    from openpyxl import load_workbook

    from cqdt.runtime.intake.form import DATA_FIRST_ROW, ID_ROW, META_SHEET
    from cqdt.runtime.intake.workbook import workbook_bytes

    wb = load_workbook(form)
    for ws in wb.worksheets:
        if ws.title == META_SHEET:
            continue
        columns = {
            cell.value: cell.column
            for cell in ws[ID_ROW]
            if isinstance(cell.value, str) and cell.value not in ("code", "name")
        }
        if not columns:
            continue  # the instructions sheet
        for row in range(DATA_FIRST_ROW, ws.max_row + 1):
            code = ws.cell(row=row, column=1).value
            if code not in answers:
                continue
            unit = answers[code]
            for input_id, column in columns.items():
                value = unit[input_id]
                if value is False and code in communes and blanks.random() < 0.3:
                    continue  # a commune leaving "Không" empty
                ws.cell(row=row, column=column).value = cell_value(value)
    return workbook_bytes(wb)


def cell_value(value: object) -> object:
    """What a person types: Có/Không for yes/no, the option text, the number."""
    if value is True:
        return YES
    if value is False:
        return NO
    return value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    write_example(args.output)
    print(args.output)


if __name__ == "__main__":
    main()
