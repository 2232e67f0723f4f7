"""Framework fuzzing: whatever text reaches ``cqdt check``, the answer is diagnostics.

Valid frameworks (the Bắc Kạn files, the language guide, the golden files, random models printed
by the printer) are mutated token by token, line by line and character by character
(``tests/fuzz/mutate.py``), and random bytes are thrown at the parser. The only acceptable
outcomes are a clean check or diagnostics, each with a code, a message and a position inside
the file. CI runs the bounded ``ci`` hypothesis profile; the long run is
``python tests/fuzz/run_long.py 100000`` (counts and saves failures) or
``CQDT_FUZZ_EXAMPLES=100000 pytest -m slow tests/fuzz`` (stops at the first, shrunk).
"""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cqdt.compiler.load import check_source
from cqdt.compiler.model.printer import print_framework
from tests.fuzz.mutate import (
    MUTATORS,
    check_outcome,
    mutate,
    random_bytes_text,
    seed_texts,
)
from tests.strategies import frameworks

SEEDS = seed_texts()
SEED_NAMES = sorted(SEEDS)
BACKAN = SEEDS["frameworks/2018_backan.cqdt"]
TINY = 'framework d "D" {\n  year 2018\n  tiers { a "A" }\n}\n'


def assert_acceptable(text: str) -> None:
    problems = check_outcome(text)
    assert not problems, problems


def test_the_seeds_are_what_we_think():
    """The mutations start from files that load (the bad golden files excepted)."""
    assert len(SEEDS) > 40
    for name, text in SEEDS.items():
        result = check_source(text, name)
        if name.startswith(("frameworks/", "tests/dsl/good/")):
            assert not result.has_errors, (name, result.diagnostics[:1])
        if name.startswith("tests/check/bad/"):
            assert result.diagnostics, name


@pytest.mark.parametrize("mutator", MUTATORS, ids=lambda m: m.__name__)
def test_every_mutator_on_backan(mutator):
    """Each mutator on its own, a few seeds each, on the largest real framework."""
    for seed in range(8):
        assert_acceptable(mutator(BACKAN, random.Random(seed)))


@given(name=st.sampled_from(SEED_NAMES), rng=st.randoms(use_true_random=False))
def test_mutated_seed_frameworks(name, rng):
    assert_acceptable(mutate(SEEDS[name], rng))


@given(fw=frameworks(), rng=st.randoms(use_true_random=False))
def test_mutated_generated_frameworks(fw, rng):
    """Random valid models printed back to text, then mutated."""
    text = print_framework(fw)
    assert_acceptable(text)
    assert_acceptable(mutate(text, rng))


@given(data=st.binary(max_size=4096))
def test_random_bytes(data):
    assert_acceptable(data.decode("utf-8", "replace"))


@given(data=st.binary(max_size=512), rng=st.randoms(use_true_random=False))
def test_random_bytes_inside_a_framework(data, rng):
    junk = data.decode("utf-8", "replace")
    i = rng.randrange(len(BACKAN) + 1)
    assert_acceptable(BACKAN[:i] + junk + BACKAN[i:])


@given(text=st.text(max_size=300))
def test_random_unicode_text(text):
    assert_acceptable(text)


# -- regressions: each case the fuzzer found, kept as a readable example --------------------

#: A category whose id clashes with a text input, and no ``total``: the default total (the sum
#: of the categories) was type-checked and E306 pointed at ``<generated>:0:0`` (run_long.py).
CLASHING_CATEGORY = """framework demo "Demo" {
  tiers { province "Sở, ban, ngành" }
  input note "Ghi chú" text
  category note "Điều kiện sẵn sàng" {
    group infra "Hạ tầng" {
      indicator pc "Tỷ lệ máy tính" max 10 { points = max }
    }
  }
}
"""

FOUND = {
    "category_id_clashes_with_input": CLASHING_CATEGORY,
    "category_id_clashes_with_yesno_input": CLASHING_CATEGORY.replace("text", "yesno"),
    "year_inf": TINY.replace("2018", "1e999"),
    "year_400_digits": TINY.replace("2018", "9" * 400),
    "year_1e309": TINY.replace("2018", "1e309"),
    "decimals_inf": TINY.replace("year 2018", "decimals 1e999"),
    "year_huge_exponent": TINY.replace("2018", "1e99999999999999999999"),
}
#: Crashes found and not fixed yet, with the reason (each marked ``xfail(strict=True)``).
#: ``year 1e999`` (OverflowError) and ``year 1e99999999999999999999`` (InvalidOperation) were
#: here until the parser gave them E123.
OPEN: dict[str, str] = {}
ODD = {
    "nbsp_in_keyword": TINY.replace("year 2018", "year\u00a02018"),
    "cyrillic_a_in_keyword": TINY.replace("framework", "fr\u0430mework"),
    "greek_o_in_id": TINY.replace("d ", "\u03bfd "),
    "fullwidth_year": TINY.replace("2018", "\uff12\uff10\uff11\uff18"),
    "zero_width_joiner": TINY.replace("tiers", "ti\u200ders"),
    "bom_inside": TINY.replace("tiers", "\ufefftiers"),
    "nan_year": TINY.replace("2018", "NaN"),
    "deep_parens": BACKAN.replace("= ", "= " + "(" * 70, 1),
    "braces_10000": "{" * 10_000,
    "long_line": TINY.replace('"D"', '"' + "Ạ" * 1_000_000 + '"'),
    "lone_surrogate": TINY.replace("D", "\ud800"),
    "nul": TINY.replace("D", "\x00"),
    "empty": "",
    "only_bom": "\ufeff",
    "crlf_only": "\r\n" * 10,
}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=OPEN[n])) if n in OPEN else n
        for n in {**FOUND, **ODD}
    ],
)
def test_known_hostile_frameworks(name):
    assert_acceptable({**FOUND, **ODD}[name])


# -- the long run (not in CI) ----------------------------------------------------------------


#: Cases of the long run: ``CQDT_FUZZ_EXAMPLES=100000 pytest -m slow tests/fuzz`` (one core,
#: about 25 minutes). Without the variable the long run is skipped: CI runs the tests above.
LONG_EXAMPLES = int(os.environ.get("CQDT_FUZZ_EXAMPLES", "0"))


@pytest.mark.slow
@pytest.mark.skipif(not LONG_EXAMPLES, reason="set CQDT_FUZZ_EXAMPLES=N to run N cases")
@settings(max_examples=max(LONG_EXAMPLES, 1), derandomize=False)
@given(name=st.sampled_from(SEED_NAMES), rng=st.randoms(use_true_random=False))
def test_long_mutation_run(name, rng):
    """The same property as above on many more cases, mixing in random bytes."""
    if rng.random() < 0.05:
        assert_acceptable(random_bytes_text(rng, rng.choice((16, 256, 4096))))
    else:
        assert_acceptable(mutate(SEEDS[name], rng))


# -- framework files that are not text ---------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"\xff\xfe" + "framework".encode("utf-16-le"), "E106"),  # UTF-16, as Notepad saves
        (bytes(range(256)) * 4, "E106"),
        (b"PK\x03\x04" + b"\x00" * 100, "E105"),  # a workbook given as the framework
        (b" " * 5_000_001, "E104"),
    ],
    ids=["utf16", "binary", "zip", "huge"],
)
def test_framework_files_that_are_not_text(tmp_path, content, code):
    from cqdt.compiler.load import load_framework
    from cqdt.diagnostics import CqdtError

    path = tmp_path / "framework.cqdt"
    path.write_bytes(content)
    with pytest.raises(CqdtError) as error:
        load_framework(path)
    problems = error.value.diagnostics
    assert [d.code for d in problems] == [code]
    assert problems[0].message and problems[0].hint
    assert problems[0].where.file == str(path)
