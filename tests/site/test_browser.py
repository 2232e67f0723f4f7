"""A real browser uses the site from ``file://``: from the ranking to a unit and back, sorting,
filtering by level, the numbers checked against results.json, and not one request that is not
a file of the folder. Chromium is driven over the DevTools protocol (``cdp.py``)."""

from __future__ import annotations

import json

import pytest

from cqdt.number_format import format_number

from .cdp import Browser


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    instance = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield instance
    instance.close()


def _doc(out) -> dict:
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


def test_click_from_the_ranking_to_a_unit_and_back(published, browser):
    out = published[0]
    doc = _doc(out)
    index = (out / "site" / "index.html").as_uri()
    browser.navigate(index)
    assert browser.evaluate("document.documentElement.lang") == "vi"
    third = browser.evaluate(
        "document.querySelectorAll('#rank-district tbody tr')[2].getAttribute('data-code')"
    )
    unit = next(u for u in doc["units"] if u["tier"] == "district" and u["code"] == third)
    assert unit["rank"] == 3
    browser.click_and_wait("#rank-district tbody tr:nth-child(3) th a")
    assert browser.evaluate("location.href").endswith(f"/site/units/district-{third}.html")
    shown = browser.evaluate(
        "({total: document.querySelector('td[data-field=total] strong').textContent,"
        " rank: document.querySelector('td[data-field=rank]').textContent,"
        " unit: document.querySelector('p.unit').textContent,"
        " points: Object.fromEntries(Array.from(document.querySelectorAll('td[data-node]'))"
        "   .map(td => [td.getAttribute('data-node'), td.textContent]))})"
    )
    assert shown["total"] == format_number(unit["total"], 2)
    assert shown["rank"] == "3/8 trong khối"
    assert unit["name"] in shown["unit"]
    for node, points in unit["indicators"].items():
        assert shown["points"][node] == format_number(points, 2), node
    for group, points in unit["groups"].items():
        assert shown["points"][group] == format_number(points, 2), group
    browser.click_and_wait("a.back")
    assert browser.evaluate("location.href") == index + "#tier-district"
    browser.back()
    browser.back()
    assert browser.evaluate("location.href") == index


def test_sorting_and_filtering_the_ranking(published, browser):
    out = published[0]
    doc = _doc(out)
    browser.navigate((out / "site" / "index.html").as_uri())
    communes = [u for u in doc["units"] if u["tier"] == "commune"]
    codes = (
        "Array.from(document.querySelectorAll('#rank-commune tbody tr')).map(r => r.dataset.code)"
    )
    total_button = "document.querySelectorAll('#rank-commune thead th button.sort')"
    count = browser.evaluate(f"{total_button}.length")
    assert count == 7  # rank, unit, two categories and their levels, total
    browser.evaluate(f"{total_button}[{count - 1}].click()")
    ascending = sorted(communes, key=lambda u: (u["total"], u["code"]))
    assert [u["total"] for u in ascending] == [
        next(x["total"] for x in communes if x["code"] == c) for c in browser.evaluate(codes)
    ]
    browser.evaluate(f"{total_button}[{count - 1}].click()")
    assert (
        browser.evaluate(
            "document.querySelectorAll('#rank-commune thead th')[6].getAttribute('aria-sort')"
        )
        == "descending"
    )
    # a level some but not all units of a tier reached: filtering it must hide the others
    tier, category, level, expected = next(
        (t, c, lv, n)
        for t in ("commune", "district", "province")
        for c in ("readiness", "results")
        for lv, n in _level_counts(doc, t, c).items()
        if 0 < n < len([u for u in doc["units"] if u["tier"] == t])
    )
    shown = browser.evaluate(
        "(function () {"
        f" var s = document.querySelector('select[data-filter-for=rank-{tier}][data-category={category}]');"
        f" s.value = '{level}'; s.dispatchEvent(new Event('change'));"
        f" return [Array.from(document.querySelectorAll('#rank-{tier} tbody tr')).filter(r => !r.hidden).length,"
        f"  document.getElementById('rank-{tier}-shown').textContent]; }})()"
    )
    assert shown == [expected, str(expected)] and expected > 0


def _level_counts(doc, tier: str, category: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for unit in doc["units"]:
        if unit["tier"] == tier:
            level = unit["categories"][category]["level"]
            counts[level] = counts.get(level, 0) + 1
    return dict(sorted(counts.items()))


def test_the_site_requests_only_its_own_files(published, browser):
    site = published[1] / "site"
    browser.requests.clear()
    for page in ("index.html", "framework.html", "units/province-P12.html", "history.html"):
        browser.navigate((site / page).as_uri())
    assert browser.requests, "the probe saw no request at all"
    root = site.resolve().as_uri()
    assert all(url.startswith(root) for url in browser.requests), browser.requests
    headings = browser.evaluate("document.querySelectorAll('table.trend caption').length")
    assert headings >= 2  # the history is readable when reached last
