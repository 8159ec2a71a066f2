"""A policy officer in headless Chromium, offline: the language and the filters survive every
click in the sidebar, the country search finds the names people type, and each Caribbean
island of the Kingdom opens its own profile."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

NAV = "[data-testid=stPageLink-NavLink]"
PILLS = "button[data-variant=pills]"

# Each sidebar entry (in English) and a heading only that page shows in English.
PAGES = [
    ("Regions", "Ukraine and the eastern neighbourhood"),
    ("Country profile", "Country profile"),
    ("Post network", "Post network"),
    ("Coverage risk", "Coverage risk of the post network"),
    ("Programme tracker", "Programme tracker"),
    ("What changed", "What changed between programmes"),
    ("Sources", "Sources"),
    ("Update data", "Update data"),
    ("Overview", "Dutch foreign policy at a glance"),
]


def _sidebar_labels(page) -> list[str]:
    count = len(PAGES)
    page.wait_for_function(f"document.querySelectorAll('{NAV}').length == {count}", timeout=60_000)
    # The label is the last line of what a link reads.
    return [t.strip().split("\n")[-1] for t in page.locator(NAV).all_inner_texts()]


def _link(page, label: str):
    return page.locator(NAV).filter(has=page.get_by_text(label, exact=True))


def test_the_language_survives_a_click_on_every_sidebar_entry(recording_page, app_url):
    page = recording_page.page
    page.goto(f"{app_url}/?lang=en", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Dutch foreign policy at a glance").wait_for(timeout=60_000)
    for label, heading in PAGES:
        assert label in _sidebar_labels(page)
        _link(page, label).click()
        page.get_by_role("heading", name=heading, exact=True).wait_for(timeout=60_000)
        assert "lang=en" in page.url, f"{label}: {page.url}"
        # The whole page, sidebar included, is still English.
        assert _sidebar_labels(page)[0] == "Overview"
        page.wait_for_selector("[role=radio][aria-checked=true]:has-text('EN')", timeout=10_000)
    assert recording_page.foreign == []


def test_a_pages_filters_are_kept_when_the_user_leaves_and_comes_back(recording_page, app_url):
    page = recording_page.page
    page.goto(f"{app_url}/region?region=middle_east&lang=en", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Middle East", exact=True).wait_for(timeout=60_000)
    _sidebar_labels(page)
    _link(page, "Sources").click()
    page.get_by_role("heading", name="Sources", exact=True).wait_for(timeout=60_000)
    _link(page, "Regions").click()
    page.get_by_role("heading", name="Middle East", exact=True).wait_for(timeout=60_000)
    assert "region=middle_east" in page.url and "lang=en" in page.url


def _search(page, text: str, first: str) -> list[str]:
    """Type ``text`` into the country search; the hits once the first one is ``first``."""
    box = page.get_by_role("searchbox")
    box.fill(text)
    box.press("Enter")
    page.wait_for_function(
        """([sel, want]) => {
            const first = document.querySelector(sel);
            return first !== null && first.innerText.trim() === want;
        }""",
        arg=[PILLS, first],
        timeout=30_000,
    )
    return [t.strip() for t in page.locator(PILLS).all_inner_texts()]


# What people type, and the first hit (with the name it matched when that is not the shown one).
NAMES = [
    ("Bonaire", "Bonaire (BQ-BO)"),
    ("Sint Eustatius", "Sint Eustatius (BQ-SE)"),
    ("Statia", "Sint Eustatius (BQ-SE) · Statia"),
    ("Saba", "Saba (BQ-SA)"),
    ("Curacao", "Curaçao (CUW)"),
    ("Wit-Rusland", "Belarus (BLR) · Wit-Rusland"),
    ("Birma", "Myanmar (MMR) · Birma"),
    ("Ivoorkust", "Côte d'Ivoire (CIV)"),
    ("Gaza", "Palestinian Territories (PSE) · Gaza"),
    ("West Bank", "Palestinian Territories (PSE) · West Bank"),
]


def test_each_name_people_type_finds_its_place_first(recording_page, app_url):
    page = recording_page.page
    page.goto(f"{app_url}/country?lang=en", wait_until="domcontentloaded")
    page.get_by_role("searchbox").wait_for(timeout=60_000)
    for typed, first in NAMES:
        hits = _search(page, typed, first)
        assert hits[0] == first
        if typed == "Wit-Rusland":  # a suggestion never turns one country into another
            assert not any("(RUS)" in h for h in hits), hits
    assert recording_page.foreign == []


@pytest.mark.parametrize(
    ("typed", "heading", "code"),
    [("Saba", "Saba (BQ-SA)", "BQ-SA"), ("Statia", "Sint Eustatius (BQ-SE)", "BQ-SE")],
)
def test_a_caribbean_island_opens_its_own_profile(recording_page, app_url, typed, heading, code):
    page = recording_page.page
    page.goto(f"{app_url}/country?lang=en", wait_until="domcontentloaded")
    page.get_by_role("searchbox").wait_for(timeout=60_000)
    _search(page, typed, f"{heading} · Statia" if typed == "Statia" else heading)
    page.locator(PILLS).first.click()
    page.get_by_role("heading", name=heading, exact=True).wait_for(timeout=60_000)
    assert f"iso3={code}" in page.url and "lang=en" in page.url
    page.get_by_text("Part of the Kingdom: no embassy needed.").wait_for()
    assert page.get_by_text("No Dutch post in this country").count() == 0
    page.get_by_text("special municipality of the Netherlands", exact=False).first.wait_for()
    assert recording_page.foreign == []


def test_clicking_an_islands_marker_on_the_map_opens_that_islands_profile(recording_page, app_url):
    page = recording_page.page
    page.goto(f"{app_url}/region?region=caribbean&lang=en", wait_until="domcontentloaded")
    page.wait_for_selector(".dashboard-map g.trace text.label", timeout=60_000)
    x, y = page.evaluate(
        """() => {
            const label = [...document.querySelectorAll('.dashboard-map g.trace text.label')]
                .find(t => t.textContent === 'Saba');
            const r = label.parentNode.querySelector('path.point').getBoundingClientRect();
            return [r.x + r.width / 2, r.y + r.height / 2];
        }"""
    )
    page.mouse.click(x, y)
    page.get_by_role("heading", name="Saba (BQ-SA)", exact=True).wait_for(timeout=60_000)
    assert "iso3=BQ-SA" in page.url and "lang=en" in page.url
    assert recording_page.foreign == []
