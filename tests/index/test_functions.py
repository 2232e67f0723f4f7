"""``log``, ``exp``, ``pow``, ``sqrt`` and the tier statistics against hand-computed values.

The statistics follow COINr (``skew``/``kurt``: e1071 type 2, Excel's SKEW and KURT) and R's
default quantile (type 7); expected values are computed here from the textbook form of each
formula (moments ``m_k = Σ(x - mean)^k / n``), not from the implementation's algebra.
"""

from __future__ import annotations

import math

import pytest

from cqdt.compiler.load import check_source
from cqdt.compiler.model.printer import print_framework
from cqdt.diagnostics import CqdtError
from tests.index.common import both, column, fw_of

DATA = [1.0, 2.0, 3.0, 4.0, 100.0]


def _values(exprs: dict[str, str], data: dict[str, list]) -> dict[str, list]:
    body = ['  input x "X" number', '  input y "Y" number']
    body += [f'  value {name} "{name}" = {text}' for name, text in exprs.items()]
    results = both(fw_of("\n".join(body)), data)
    return {name: column(results, name) for name in exprs}


def _moments(xs: list[float]) -> tuple[float, float, float, float]:
    n = len(xs)
    mean = sum(xs) / n
    m2, m3, m4 = (sum((v - mean) ** k for v in xs) / n for k in (2, 3, 4))
    return n, m2, m3, m4


def test_transforms_by_hand():
    got = _values(
        {"l": "log(x)", "e": "exp(y)", "r": "sqrt(x)", "p": "pow(x, 2)", "h": "pow(x, 0.5)"},
        {"x": [math.e, 4.0, 0.0, -9.0], "y": [0.0, 1.0, 800.0, -1.0]},
    )
    assert got["l"] == [1.0, math.log(4.0), None, None]  # log of 0 or less: missing
    assert got["e"] == [1.0, math.e, None, math.exp(-1.0)]  # exp(800) overflows: missing
    assert got["r"] == [math.sqrt(math.e), 2.0, 0.0, None]
    assert got["p"] == [math.e * math.e, 16.0, 0.0, 81.0]
    assert got["h"] == [math.sqrt(math.e), 2.0, 0.0, None]  # no real square root of -9


def test_quantiles_are_rs_type_7():
    got = _values(
        {"m": "median(x)", "q1": "quantile(x, 25%)", "q9": "quantile(x, 0.9)"},
        {"x": DATA, "y": [0.0] * 5},
    )
    assert got["m"] == [3.0] * 5
    assert got["q1"] == [2.0] * 5  # h = 4 · 0.25 = 1: the second value
    assert got["q9"] == [pytest.approx(4.0 + 0.6 * 96.0)] * 5  # h = 3.6


def test_skew_and_kurtosis_are_coinrs():
    got = _values({"s": "skew(x)", "k": "kurtosis(x)"}, {"x": DATA, "y": [0.0] * 5})
    n, m2, m3, m4 = _moments(DATA)
    g1 = m3 / m2**1.5
    g2 = m4 / m2**2 - 3.0
    skew = g1 * math.sqrt(n * (n - 1)) / (n - 2)
    kurt = (n - 1) / ((n - 2) * (n - 3)) * ((n + 1) * g2 + 6)
    assert got["s"][0] == pytest.approx(skew, rel=1e-12)
    assert got["k"][0] == pytest.approx(kurt, rel=1e-12)
    assert abs(got["s"][0]) > 2 and got["k"][0] > 3.5  # COINr flags this indicator as an outlier


def test_moments_of_too_few_or_equal_values_are_missing():
    got = _values({"s": "skew(x)", "k": "kurtosis(x)"}, {"x": [1.0, 2.0, 5.0], "y": [0.0] * 3})
    assert got["s"][0] is not None and got["k"] == [None] * 3  # kurtosis needs 4 values
    got = _values({"s": "skew(x)"}, {"x": [2.0] * 4, "y": [0.0] * 4})
    assert got["s"] == [None] * 4


def test_statistics_skip_missing_values():
    got = _values({"m": "median(x / y)"}, {"x": [1.0, 2.0, 3.0, 4.0], "y": [1.0, 0.0, 1.0, 1.0]})
    assert got["m"] == [3.0] * 4  # 2 / 0 is missing: the median of 1, 3, 4


@pytest.mark.parametrize("keywords", ["en", "vi"])
def test_printed_back_as_written(keywords):
    fw = fw_of('  input x "X" number\n  value q "Q" = quantile(x, 90%) + pow(x, 3) + log(x)')
    text = print_framework(fw, keywords=keywords)
    assert "quantile(x, 0.9) + pow(x, 3) + log(x)" in text
    assert check_source(text).framework == fw


@pytest.mark.parametrize(
    ("expr", "code"),
    [("quantile(x, y)", "E350"), ("quantile(x, 2)", "E350"), ("pow(x, y)", "E351")],
)
def test_literal_parameters(expr, code):
    with pytest.raises(CqdtError) as caught:
        fw_of(f'  input x "X" number\n  input y "Y" number\n  value v "V" = {expr}')
    assert code in {d.code for d in caught.value.diagnostics}


@pytest.mark.parametrize(
    ("expr", "warned"),
    [
        ("log(x)", True),  # a number without a range can be 0 or less
        ("log(c + 1)", False),  # a count is at least 0
        ("sqrt(x)", True),
        ("sqrt(c)", False),
        ("pow(x, 0.5)", True),
        ("pow(x, 2)", False),
        ("pow(c, -1)", True),  # 1 / 0
        ("exp(c)", True),  # a count has no upper bound: exp can overflow
        ("exp(p)", False),
    ],
)
def test_domain_warnings_from_bounds(expr, warned):
    text = (
        'framework x "X" { tiers { t "T" } input x "X" number input c "C" count '
        f'input p "P" percent value v "V" = {expr} }}'
    )
    codes = [d.code for d in check_source(text).diagnostics]
    assert ("W550" in codes) is warned, codes
