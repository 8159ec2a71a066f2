"""In headless Chromium, offline: a policy officer switches programmes by URL and in the sidebar,
opens the comparison view and the Ukraine ledger, and each draws.

Each test leaves a screenshot in ``DASHBOARD_SCREENSHOTS`` (a folder; the test's temporary
folder when unset) so a person can look at what the browser drew.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from app_maps import SHAPES
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# The ledger chart's bar segments, drawn by Vega as SVG.
BARS = "[data-testid=stVegaLiteChart] .mark-rect path"


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("DASHBOARD_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _map_drawn(page) -> None:
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length > 150", timeout=60_000)


def test_a_programme_in_the_url_opens_that_programme(recording_page, app_url, shots):
    page = recording_page.page
    page.goto(f"{app_url}/?programme=rp2024&lang=en", wait_until="domcontentloaded")
    page.get_by_text("This is not the programme in force today.").wait_for(timeout=60_000)
    page.get_by_text("Programme: Government programme 2024 (Schoof cabinet)").wait_for()
    _map_drawn(page)
    choice = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Programme")
    expect(choice).to_have_value("Schoof: government programme")
    assert "programme=rp2024" in page.url
    page.screenshot(path=shots / "programme-by-url.png")
    assert recording_page.foreign == []


def test_choosing_a_programme_in_the_sidebar_switches_the_view_and_the_url(
    recording_page, app_url, shots
):
    page = recording_page.page
    page.goto(f"{app_url}/?lang=en", wait_until="domcontentloaded")
    page.get_by_text("Programme: Coalition agreement 2026-2030").wait_for(timeout=60_000)
    _map_drawn(page)
    assert "programme=" not in page.url
    choice = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Programme")
    expect(choice).to_have_value("Jetten: coalition agreement")
    choice.click()
    page.get_by_role("option", name="Schoof: government programme").click()
    page.get_by_text("This is not the programme in force today.").wait_for(timeout=60_000)
    page.wait_for_url("**programme=rp2024**")
    _map_drawn(page)
    page.screenshot(path=shots / "programme-by-widget.png")
    assert recording_page.foreign == []


def test_the_comparison_view_draws_its_map_and_the_goals_side_by_side(
    recording_page, app_url, shots
):
    page = recording_page.page
    page.goto(f"{app_url}/compare?lang=en", wait_until="domcontentloaded")
    page.get_by_role("heading", name="What changed between programmes").wait_for(timeout=60_000)
    _map_drawn(page)
    page.get_by_text("Not found in the reports").first.wait_for()
    page.get_by_text("Caribbean parts of the Kingdom · added 3, changed 1").click()
    page.screenshot(path=shots / "compare-map.png")
    cited = page.get_by_text("Saba News").first
    cited.wait_for(timeout=30_000)
    cited.scroll_into_view_if_needed()
    page.screenshot(path=shots / "compare-goals.png")
    assert recording_page.foreign == []


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/country?iso3=UKR&lang=en", "ledger-country"),
        ("/region?region=eastern_europe&lang=en", "ledger-region"),
    ],
)
def test_the_ukraine_ledger_chart_draws_with_its_totals(recording_page, app_url, shots, path, name):
    page = recording_page.page
    page.goto(f"{app_url}{path}", wait_until="domcontentloaded")
    heading = page.get_by_role("heading", name="Support to Ukraine: pledges and deliveries")
    heading.wait_for(timeout=60_000)
    heading.scroll_into_view_if_needed()
    page.wait_for_function(f"document.querySelectorAll('{BARS}').length >= 6", timeout=60_000)
    page.get_by_text("Totals per year of announcement").wait_for()
    page.get_by_text("Ledger as CSV").wait_for()
    page.screenshot(path=shots / f"{name}.png")
    assert recording_page.foreign == []
