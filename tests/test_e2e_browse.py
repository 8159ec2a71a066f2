"""A policy officer browses in headless Chromium, offline: region → click a country → profile,
a copied link opens the same view, and the language switch turns names Dutch."""

from __future__ import annotations

import pytest
from app_maps import SHAPES

pytestmark = pytest.mark.browser


def _centre_of(page, unit_id: str) -> tuple[float, float]:
    box = page.evaluate(
        """([selector, id]) => {
            const el = [...document.querySelectorAll(selector)]
                .find(e => e.dataset.id === id);
            el.scrollIntoView({block: "center"});
            const r = el.getBoundingClientRect();
            return [r.x + r.width / 2, r.y + r.height / 2];
        }""",
        [SHAPES, unit_id],
    )
    return box[0], box[1]


def test_clicking_a_country_in_a_region_opens_its_profile_and_the_link_reopens_it(
    recording_page, browser, app_url
):
    page = recording_page.page
    page.goto(f"{app_url}/region?region=eastern_europe&lang=en", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Ukraine and the eastern neighbourhood").wait_for()
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length > 150")
    x, y = _centre_of(page, "MDA")
    page.mouse.click(x, y)
    page.get_by_role("heading", name="Moldova (MDA)").wait_for(timeout=20_000)
    assert "/country" in page.url and "iso3=MDA" in page.url
    assert recording_page.foreign == []

    # A colleague opens the copied link in a browser of their own.
    other = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        colleague = other.new_page()
        colleague.goto(page.url, wait_until="domcontentloaded")
        colleague.get_by_role("heading", name="Moldova (MDA)").wait_for(timeout=20_000)
        colleague.get_by_text("Embassy in Chisinau").first.wait_for()
    finally:
        other.close()


def test_switching_the_language_turns_names_dutch_and_keeps_the_view(recording_page, app_url):
    page = recording_page.page
    page.goto(f"{app_url}/country?iso3=ARM&lang=en", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Armenia (ARM)").wait_for(timeout=20_000)
    page.get_by_role("radio", name="NL", exact=True).click()
    page.get_by_role("heading", name="Armenië (ARM)").wait_for(timeout=20_000)
    assert "iso3=ARM" in page.url and "lang=en" not in page.url
    assert recording_page.foreign == []
