"""Deterministic benchmark material: a framework of N indicators and inputs for M units.

The benchmarks need frameworks far larger than any real one (200 to 10,000 indicators) and data
for up to ten million units, always the same for the same sizes so that figures from two runs
can be compared. Both are generated here:

- :func:`framework_text` writes ``.cqdt`` source with ten indicator shapes in rotation, so every
  rule kind of the language is exercised at scale: ratio × max, threshold ladder on a percent,
  relative to the best unit of the tier, per-item points with a cap, yes/no, ``case`` on a
  choice, arithmetic over a derived value (``clamp``/``round``/``max``), ``minmax``
  normalisation, sub-items with a ``zscore``, and ``tier_mean``/``worst`` on an indicator that
  applies to two tiers only. Groups are summed, except every fourth one which is a weighted
  mean; two categories carry level tables (``score``, ``group`` and ``each group``
  conditions); the ranking has a tie-break and puts unclassified units last.
- :func:`inputs_frame` describes the matching wide inputs frame (``tier``, ``code``, ``name``,
  one column per input, typed as ``runtime.read`` types them) as a lazy Polars query over a row
  index. Values come from hashing the row number with a per-column seed, so no random state
  and no NumPy are needed and any slice of rows can be produced on its own;
  :func:`write_inputs` streams it to Parquet in parts without holding the data in memory.

>>> text = framework_text(20)
>>> text.count("indicator ")
20
>>> from cqdt.compiler.load import check_source
>>> check_source(text).has_errors
False
>>> inputs_frame(20, 30).collect().height
30
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

__all__ = [
    "ALL_KINDS",
    "InputSpec",
    "KINDS",
    "TIER_SHARES",
    "framework_text",
    "input_specs",
    "inputs_frame",
    "write_inputs",
]

TIERS = (("province", "Sở, ban, ngành"), ("district", "UBND cấp huyện"), ("commune", "UBND cấp xã"))
#: Share of units in each tier (a province has ~20 departments, ~8 districts, ~100 communes).
TIER_SHARES = (("province", 0.02), ("district", 0.08), ("commune", 0.90))
CHOICES = ("Chưa có", "Đang xây dựng", "Đã vận hành")
#: Indicators per group; every fourth group is a weighted mean of equal-max indicators.
GROUP_SIZE = 10
INDICATOR_MAX = 10
ROWS_PER_PART = 1_000_000


@dataclass(frozen=True)
class InputSpec:
    """One input column: how to declare it and how to draw its values.

    ``kind`` is the declared type; ``tiers`` the tiers asked (others are null, as the reader
    leaves them); ``nulls`` whether about 1 % of answers are left empty (only for inputs whose
    missing policy is not ``error``).
    """

    id: str
    kind: str
    tiers: tuple[str, ...]
    nulls: bool = False
    at_most_staff: bool = False


ALL_TIERS = tuple(t for t, _ in TIERS)
TWO_TIERS = ("province", "district")


# -- framework text ----------------------------------------------------------------------------


def _weighted(group: int) -> bool:
    return group % 4 == 3


#: The indicator shapes, by number (``kinds`` arguments pick among them).
KINDS = {
    0: "ratio × max",
    1: "ladder on a percent",
    2: "relative to the best of the tier",
    3: "per-item points with a cap",
    4: "yes/no",
    5: "case on a choice",
    6: "arithmetic over a derived value",
    7: "minmax normalisation",
    8: "sub-items, one on a zscore",
    9: "tier_mean/worst, two tiers only",
}


def _indicator(k: int, weighted: bool, kind: int) -> tuple[list[str], list[InputSpec], bool]:
    """Source lines of indicator ``k``, its inputs, and whether it applies to all tiers."""
    q = f"q{k:05d}"
    ind = f"ind{k:05d}"
    restricted = kind == 9 and not weighted
    head = f'    indicator {ind} "Tiêu chí {k}" max {INDICATOR_MAX}'
    head += " for province, district {" if restricted else " {"
    lines = [head]
    if weighted:
        lines.append(f"      weight {1 + k % 3}")
    tiers = TWO_TIERS if restricted else ALL_TIERS
    specs: list[InputSpec] = []
    if kind == 0:  # ratio × max
        lines.append(f'      input {q} "Số lượng {k}" count at most staff missing error')
        lines.append(f"      points = round({q} / staff * max, 2)")
        specs.append(InputSpec(q, "count", tiers, at_most_staff=True))
    elif kind == 1:  # threshold ladder on a percent
        lines.append(f'      input {q} "Tỷ lệ {k}" percent missing error')
        lines.append(f"      points = ladder {q} {{")
        lines.append("        >= 90% : max")
        lines.append("        >= 70% : round(max * 70%, 2)")
        lines.append("        > 50% : round(max / 2, 2)")
        lines.append("        otherwise : 0")
        lines.append("      }")
        specs.append(InputSpec(q, "percent", tiers))
    elif kind == 2:  # relative to the best unit of the tier
        lines.append(f'      input {q} "Giá trị {k}" number range 0 .. 1000 missing zero')
        lines.append(f"      points = round(({q} / best({q}) * max) cap max, 2)")
        specs.append(InputSpec(q, "number", tiers, nulls=True))
    elif kind == 3:  # per-item points with a cap
        lines.append(f'      input {q} "Số mục {k}" count range 0 .. 50 missing zero')
        lines.append(f"      points = min({q}, max)")
        specs.append(InputSpec(q, "items", tiers, nulls=True))
    elif kind == 4:  # yes/no
        lines.append(f'      input {q} "Có/không {k}" yesno missing zero')
        lines.append(f"      points = if {q} then max else 0")
        specs.append(InputSpec(q, "yesno", tiers, nulls=True))
    elif kind == 5:  # case on a choice
        options = " | ".join(f'"{c}"' for c in CHOICES)
        lines.append(f'      input {q} "Tình trạng {k}" choice {options} missing error')
        lines.append(f"      points = case {q} {{")
        lines.append(f'        "{CHOICES[2]}" : max')
        lines.append(f'        "{CHOICES[1]}" : round(max * 30%, 2)')
        lines.append("        otherwise : 0")
        lines.append("      }")
        specs.append(InputSpec(q, "choice", tiers))
    elif kind == 6:  # arithmetic over a derived value
        a, b, v = f"{q}a", f"{q}b", f"v{k:05d}"
        lines.append(f'      input {a} "Số lượng {k}a" count at most staff missing error')
        lines.append(f'      input {b} "Số lượng {k}b" count at most staff missing error')
        lines.append(f'      value {v} "Tỷ lệ {k}" = ({a} + {b}) / (2 * staff)')
        lines.append(f"      points = clamp(round(max({v}, 10%) * max, 2), 0, max)")
        specs.append(InputSpec(a, "count", tiers, at_most_staff=True))
        specs.append(InputSpec(b, "count", tiers, at_most_staff=True))
    elif kind == 7:  # min-max normalisation across the tier
        lines.append(f'      input {q} "Chỉ số {k}" number range 0 .. 1000 missing unclassified')
        lines.append(f"      points = round(minmax({q}) * max, 2)")
        specs.append(InputSpec(q, "number", tiers, nulls=True))
    elif kind == 8:  # sub-items, one of them on a z-score
        y, x = f"{q}y", f"{q}x"
        lines.append(f'      input {y} "Có/không {k}" yesno missing zero')
        lines.append(f'      input {x} "Chỉ số {k}" number range 0 .. 1000 missing error')
        lines.append(f'      item it{k:05d}a "Mục {k}a" max 4 {{')
        lines.append(f"        points = if {y} then max else 0")
        lines.append("      }")
        lines.append(f'      item it{k:05d}b "Mục {k}b" max 6 {{')
        lines.append(f"        points = round(clamp((zscore({x}) + 2) / 4, 0, 1) * max, 2)")
        lines.append("      }")
        specs.append(InputSpec(y, "yesno", tiers, nulls=True))
        specs.append(InputSpec(x, "number", tiers))
    else:  # tier mean and worst
        lines.append(f'      input {q} "Giá trị {k}" number range 0 .. 1000 missing error')
        lines.append(
            f"      points = if {q} >= tier_mean({q}) then max else "
            f"round(clamp(({q} - worst({q})) / (tier_mean({q}) - worst({q})), 0, 1) * max / 2, 2)"
        )
        specs.append(InputSpec(q, "number", tiers))
    lines.append("    }")
    return lines, specs, not restricted


def _max(per_tier: dict[str, int]) -> str:
    """``max N``, or per tier when they differ (a tier with nothing to score is left out)."""
    scored = {t: v for t, v in per_tier.items() if v}
    values = set(scored.values())
    if len(values) == 1 and len(scored) == len(per_tier):
        return str(values.pop())
    return "{ " + "  ".join(f"{t} {v}" for t, v in scored.items()) + " }"


def _build(n_indicators: int, kinds: tuple[int, ...]) -> tuple[str, list[InputSpec]]:
    if n_indicators < 2:
        raise ValueError("a benchmark framework needs at least 2 indicators")
    if not kinds or not set(kinds) <= set(KINDS):
        raise ValueError(f"kinds must be among {sorted(KINDS)}")
    specs = [InputSpec("staff", "staff", ALL_TIERS)]
    n_groups = -(-n_indicators // GROUP_SIZE)
    split = max(1, n_groups // 2)
    categories: list[tuple[str, list[str], dict[str, int], list[str]]] = []
    cat_lines: list[str] = []
    cat_groups: list[str] = []
    cat_max = dict.fromkeys(ALL_TIERS, 0)
    k = 0
    for g in range(n_groups):
        size = min(GROUP_SIZE, n_indicators - k)
        weighted = _weighted(g)
        body: list[str] = []
        group_max = dict.fromkeys(ALL_TIERS, 0)
        for _ in range(size):
            lines, ind_specs, everywhere = _indicator(k, weighted, kinds[k % len(kinds)])
            body += lines
            specs += ind_specs
            for t in ALL_TIERS:
                if everywhere or t in TWO_TIERS:
                    group_max[t] += INDICATOR_MAX
            k += 1
        if weighted:
            group_max = dict.fromkeys(ALL_TIERS, INDICATOR_MAX)
        gid = f"grp{g:04d}"
        cat_lines.append(f'  group {gid} "Nhóm {g}" max {_max(group_max)} {{')
        if weighted:
            cat_lines.append("    aggregate weighted")
        cat_lines += body
        cat_lines.append("  }")
        cat_groups.append(gid)
        for t in ALL_TIERS:
            cat_max[t] += group_max[t]
        if g + 1 == split or g + 1 == n_groups:
            categories.append((f"cat{len(categories) + 1}", cat_lines, cat_max, cat_groups))
            cat_lines, cat_groups, cat_max = [], [], dict.fromkeys(ALL_TIERS, 0)
    out = [
        f"# Generated by benchmarks/gen.py: {n_indicators} indicators.",
        f'framework bench_{n_indicators} "Bộ tiêu chí thử tải {n_indicators} tiêu chí" {{',
        "  year 2018",
        '  version "bench"',
        "  tiers {",
        *(f'    {t} "{label}"' for t, label in TIERS),
        "  }",
        '  input staff "Tổng số CBCC" count range 1 .. 5000 missing error',
    ]
    for cid, lines, cmax, groups in categories:
        out.append(f'  category {cid} "Hạng mục {cid[3:]}" max {_max(cmax)} {{')
        out += ["  " + line for line in lines]
        out += [
            "    levels {",
            '      level muc_1 "Mức 1" when score >= 90% and each group >= 70%',
            f'      level muc_2 "Mức 2" when score >= 75% and group {groups[0]} >= 50%',
            '      level muc_3 "Mức 3" when score >= 60%',
            '      level muc_4 "Mức 4" when score >= 50%',
            '      otherwise unclassified "Không xếp loại"',
            "    }",
            "  }",
        ]
    ids = [c[0] for c in categories]
    out.append(f'  total "Tổng điểm" = {" + ".join(ids)}')
    out += [
        "  ranking {",
        "    by total descending",
        "    ties competition",
        f"    then by {ids[-1]} descending",
        "    unclassified last",
        "  }",
        "}",
    ]
    return "\n".join(out) + "\n", specs


ALL_KINDS = tuple(KINDS)


def framework_text(n_indicators: int, kinds: tuple[int, ...] = ALL_KINDS) -> str:
    """The ``.cqdt`` source of a valid framework of ``n_indicators`` indicators.

    Indicator ``k`` has shape ``kinds[k % len(kinds)]`` (see :data:`KINDS`); the default
    rotates through all ten. A single kind measures what that rule costs.
    """
    return _build(n_indicators, tuple(kinds))[0]


def input_specs(n_indicators: int, kinds: tuple[int, ...] = ALL_KINDS) -> list[InputSpec]:
    """The inputs of :func:`framework_text` (``staff`` first), in declaration order."""
    return _build(n_indicators, tuple(kinds))[1]


# -- input data --------------------------------------------------------------------------------

_SCALE = 1_000_003  # a prime: hash % _SCALE / _SCALE is uniform enough on [0, 1)


def _uniform(row: pl.Expr, seed: int) -> pl.Expr:
    return (row.hash(seed=seed) % _SCALE).cast(pl.Float64) / _SCALE


def _tier_expr(row: pl.Expr, n_units: int) -> pl.Expr:
    chain = None
    start = 0
    for tier, share in TIER_SHARES[:-1]:
        start += int(round(n_units * share))
        chain = (pl.when if chain is None else chain.when)(row < start).then(pl.lit(tier))
    return chain.otherwise(pl.lit(TIER_SHARES[-1][0]))


def _value(spec: InputSpec, row: pl.Expr, seed: int, staff: pl.Expr) -> pl.Expr:
    u = _uniform(row, seed)
    match spec.kind:
        case "staff":
            return (10 + (u * 490).floor()).cast(pl.Float64)
        case "count":
            return (staff * u).floor()
        case "percent":
            return u
        case "number":
            return (u * 1000).round(3)
        case "items":
            return (u * 20).floor()
        case "yesno":
            return u < 0.6
        case "choice":
            idx = (u * len(CHOICES)).floor().cast(pl.Int64)
            return (
                pl.when(idx == 0)
                .then(pl.lit(CHOICES[0]))
                .when(idx == 1)
                .then(pl.lit(CHOICES[1]))
                .otherwise(pl.lit(CHOICES[2]))
            )
    raise ValueError(spec.kind)


def inputs_frame(
    n_indicators: int,
    n_units: int,
    start: int = 0,
    stop: int | None = None,
    kinds: tuple[int, ...] = ALL_KINDS,
) -> pl.LazyFrame:
    """The inputs frame of rows ``start … stop`` (default: all ``n_units``), as a LazyFrame.

    Rows are in tier order (2 % province, 8 % district, 90 % commune); a row's values depend
    only on its number, so parts written separately concatenate to the whole.
    """
    stop = n_units if stop is None else stop
    row = pl.col("_row")
    specs = input_specs(n_indicators, kinds)
    base = pl.LazyFrame().select(pl.int_range(start, stop, dtype=pl.Int64).alias("_row"))
    frame = base.with_columns(
        _tier_expr(row, n_units).alias("tier"),
        pl.format("U{}", row).alias("code"),
        pl.format("Đơn vị {}", row).alias("name"),
        _value(specs[0], row, 1, pl.lit(0.0)).alias("staff"),
    )
    columns = []
    for seed, spec in enumerate(specs[1:], start=2):
        value = _value(spec, row, seed, pl.col("staff"))
        if spec.nulls:
            value = pl.when(_uniform(row, 10_000 + seed) < 0.01).then(None).otherwise(value)
        if spec.tiers != ALL_TIERS:
            value = pl.when(pl.col("tier").is_in(list(spec.tiers))).then(value)
        columns.append(value.alias(spec.id))
    return frame.with_columns(columns).drop("_row")


def write_inputs(
    n_indicators: int,
    n_units: int,
    folder: Path,
    rows_per_part: int = ROWS_PER_PART,
    kinds: tuple[int, ...] = ALL_KINDS,
) -> list[Path]:
    """Write the inputs as Parquet parts of at most ``rows_per_part`` rows under ``folder``.

    Each part is produced and written on its own, so memory stays bounded by one part
    whatever ``n_units`` is. Returns the part paths in row order (scan them with a glob).
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, start in enumerate(range(0, n_units, rows_per_part)):
        path = folder / f"part-{i:04d}.parquet"
        stop = min(n_units, start + rows_per_part)
        inputs_frame(n_indicators, n_units, start, stop, kinds).sink_parquet(path)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    """``python benchmarks/gen.py --worker --indicators N --units M --out DIR``: write the
    inputs in a fresh process (so the benchmark's parent process stays small: a child's peak
    memory as Linux reports it starts at its parent's size when it was started)."""
    import argparse
    import json

    parser = argparse.ArgumentParser(description="write generated inputs as Parquet parts")
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--indicators", type=int, required=True)
    parser.add_argument("--units", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    paths = write_inputs(args.indicators, args.units, args.out)
    print("@@" + json.dumps({"parts": len(paths)}), flush=True)


if __name__ == "__main__":
    main()
