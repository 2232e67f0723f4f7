"""Time parse + check of generated frameworks of 200, 2,000 and 10,000 indicators.

Run: ``.venv/bin/python benchmarks/bench_compile.py [SIZES…]`` (about a minute). Prints the
parser's start-up time (built from the grammar, or loaded from the user cache as every run after
the first does), then the median CPU time (``process_time``: stable on a shared machine) of a
few runs per size, and the wall time beside it; the goal is well under 0.5 s at 2,000 indicators.
"""

from __future__ import annotations

import statistics
import sys
import time

from cqdt.compiler.load import check_source
from cqdt.dsl.parsing import parse

RULES = (
    "part{n} / in{n} * max",
    "if yn{n} then max else 0",
    "ladder part{n} / in{n} {{ >= 90% : max  >= 50% : max / 2  otherwise : 0 }}",
    "min(in{n} * 2, max)",
    "in{n} / best(in{n}) * max",
)


def generate(indicators: int, per_group: int = 10, groups_per_category: int = 10) -> str:
    """A valid framework (no errors): each indicator has its own inputs; budgets add up."""
    lines = [
        'framework bench "Benchmark" {',
        "  year 2018",
        '  tiers { province "Sở"  district "Huyện"  commune "Xã" }',
    ]
    groups = max(indicators // per_group, 1)
    categories = max(groups // groups_per_category, 1)
    n = 0
    for c in range(categories):
        lines.append(f'  category c{c} "Hạng mục {c}" {{')
        for g in range(
            groups_per_category if c < categories - 1 else groups - c * groups_per_category
        ):
            lines.append(f'    group g{c}_{g} "Nhóm {g}" {{')
            for _ in range(per_group):
                rule = RULES[n % len(RULES)].format(n=n)
                lines.append(f'      input in{n} "Số liệu {n}" count')
                lines.append(f'      input part{n} "Phần {n}" count at most in{n}')
                lines.append(f'      input yn{n} "Có/không {n}" yesno missing zero')
                lines.append(f'      indicator i{n} "Tiêu chí {n}" max 10 {{ points = {rule} }}')
                n += 1
            lines.append("    }")
        lines.append("    levels {")
        lines.append(f'      level l1_{c} "Mức 1" when score >= 90%')
        lines.append(f'      level l2_{c} "Mức 2" when score >= 50%')
        lines.append("    }")
        lines.append("  }")
    lines.append("  ranking { by total descending }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def measure(text: str, runs: int) -> tuple[float, float]:
    """Median CPU seconds of ``parse`` alone and of parse + check (``run.py`` uses this)."""
    parse_s, _, total_s, _ = timings(text, runs)
    return parse_s, total_s


def timings(text: str, runs: int) -> tuple[float, float, float, float]:
    """Median CPU and wall seconds of ``parse`` alone and of parse + check."""
    parse_times, total_times, parse_walls, total_walls = [], [], [], []
    for _ in range(runs):
        wall, start = time.perf_counter(), time.process_time()
        parse(text)
        parse_times.append(time.process_time() - start)
        parse_walls.append(time.perf_counter() - wall)
        wall, start = time.perf_counter(), time.process_time()
        result = check_source(text, "bench.cqdt")
        total_times.append(time.process_time() - start)
        total_walls.append(time.perf_counter() - wall)
        assert not any(d.is_error for d in result.diagnostics), result.diagnostics[:3]
    median = statistics.median
    return median(parse_times), median(parse_walls), median(total_times), median(total_walls)


def parser_start_up() -> tuple[float, float]:
    """CPU time to make the parser in a fresh process: from the grammar (no cache) and from
    the cached tables (what every ``cqdt`` command but the first pays)."""
    from cqdt.dsl import parsing as parser

    times = []
    for use_cache in (False, True):
        parser._lark.cache_clear()
        saved = parser._grammar_cache
        if not use_cache:
            parser._grammar_cache = lambda: False
        start = time.process_time()
        parser._lark()
        times.append(time.process_time() - start)
        parser._grammar_cache = saved
    return times[0], times[1]


def main() -> None:
    built, cached = parser_start_up()
    print(f"parser start-up (cpu s): {built:.3f} from the grammar, {cached:.3f} from the cache")
    check_source('framework warm "x" { tiers { a "A" } }')  # builds the parser once
    sizes = [int(a) for a in sys.argv[1:]] or [200, 2_000, 10_000]
    print(
        f"{'indicators':>10} {'lines':>7} {'parse cpu s':>12} {'(wall)':>7}"
        f" {'parse+check cpu s':>18} {'(wall)':>7}"
    )
    for size in sizes:
        text = generate(size)
        parse_s, parse_w, total_s, total_w = timings(text, runs=5 if size <= 2_000 else 3)
        print(
            f"{size:>10} {text.count(chr(10)):>7} {parse_s:>12.3f} {parse_w:>7.3f}"
            f" {total_s:>18.3f} {total_w:>7.3f}"
        )


if __name__ == "__main__":
    main()
