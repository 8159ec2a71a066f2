"""The post network, the travel advice and the coverage view in headless Chromium, offline.

Screenshots of each view are written to ``$E2E_SHOTS`` (default: the test's temporary folder),
so a person can look at what was drawn.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from app_maps import SHAPES
from conftest import RecordingPage, serve_app

from dashboard.domain import palette
from dashboard.storage import datasets
from dashboard.storage import store as store_module
from dashboard.text.i18n import label

pytestmark = pytest.mark.browser

LEGEND = ".dashboard-map .legend"
# Points drawn per marker trace, by the trace's name (the legend keys draw none).
POINTS_BY_TRACE = """() => [...document.querySelectorAll('.dashboard-map g.trace')].map(
    g => [g.dataset.name, g.querySelectorAll('path.point').length])"""


def _shots(tmp_path_factory) -> Path:
    folder = os.environ.get("E2E_SHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("shots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return _shots(tmp_path_factory)


def _map_drawn(page) -> None:
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length > 150", timeout=60_000)


def _points(page, prefix: str) -> int:
    return sum(n for name, n in page.evaluate(POINTS_BY_TRACE) if name.startswith(prefix))


def _posts_drawn(page, at_least: int) -> None:
    page.wait_for_function(
        f"({POINTS_BY_TRACE})().filter(t => t[0].startsWith('Posten'))"
        f".reduce((a, t) => a + t[1], 0) >= {at_least}",
        timeout=30_000,
    )


def _legend(page) -> list[str]:
    return page.locator(".dashboard-map .legend-label").all_text_contents()


def test_the_posts_layer_shows_the_whole_network_with_a_key_to_every_colour_and_shape(
    recording_page, app_url, shots
):
    page = recording_page.page
    page.goto(f"{app_url}/posts", wait_until="domcontentloaded")
    _map_drawn(page)
    posts = datasets.load("posts")
    placed = posts[posts["lat"].notna()]
    _posts_drawn(page, len(placed))
    # Every post with coordinates is a point on the map (the legend keys draw none).
    assert _points(page, "Posten") == len(placed)
    legend = _legend(page)
    for status in placed["status"].unique():
        assert f"Posten: {label('post_status', status, 'nl')}" in legend
    for kind in placed["type"].unique():
        assert label("post_type", kind, "nl").capitalize() in legend
    # Each key shows its own symbol: one legend marker per entry of the posts.
    keys = page.locator(".dashboard-map .legend-entry path.legend-symbol").count()
    assert keys == placed["status"].nunique() + placed["type"].nunique()
    page.screenshot(path=str(shots / "posts-layer.png"), full_page=False)
    assert recording_page.foreign == []


def test_the_overview_posts_layer_draws_the_same_network(recording_page, app_url):
    page = recording_page.page
    page.goto(f"{app_url}/?layer=posts", wait_until="domcontentloaded")
    _map_drawn(page)
    _posts_drawn(page, 100)
    assert "Ambassade" in _legend(page)
    assert recording_page.foreign == []


def test_without_imported_advice_the_travel_advice_layer_says_so_and_how_to_refresh(
    recording_page, app_url, shots
):
    page = recording_page.page
    page.goto(f"{app_url}/?layer=traveladvice", wait_until="domcontentloaded")
    _map_drawn(page)
    page.locator(LEGEND).get_by_text("Geen reisadvies geïmporteerd").wait_for()
    page.get_by_text("python -m dashboard refresh traveladvice").first.wait_for()
    page.screenshot(path=str(shots / "traveladvice-none.png"))
    assert recording_page.foreign == []


def test_the_coverage_view_draws_its_map_and_ranking(recording_page, app_url, shots):
    page = recording_page.page
    page.goto(f"{app_url}/coverage?lang=en", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Coverage risk of the post network").wait_for()
    _map_drawn(page)
    legend = page.locator(LEGEND)
    legend.get_by_text("Coverage by the post network").wait_for()
    legend.get_by_text("own post: closure announced").wait_for()
    page.get_by_role("heading", name="Ranking").wait_for()
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    page.screenshot(path=str(shots / "coverage.png"))
    assert recording_page.foreign == []


# --- with imported travel advice: an app of its own, on a database of its own -----------------

ADVICE = pd.DataFrame(
    {
        "iso3": ["UKR", "RUS", "MDA", "EGY", "FRA", "SSD", "LBN", "MAR"],
        "colour": ["red", "red", "yellow", "orange", "yellow", "red", "orange", "orange"],
        "parts_differ": [False, False, True, True, False, False, True, True],
        "changed_on": ["2026-05-29"] * 8,
        "url": [f"https://www.nederlandwereldwijd.nl/reisadvies/{c}" for c in "abcdefgh"],
        "fetched_at": ["2026-11-30T10:00:00+00:00"] * 8,
    }
)


@pytest.fixture(scope="module")
def advice_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("advice-app")
    url = f"sqlite:///{folder}/dashboard.sqlite"
    st = store_module.Store(url).create()
    datasets.seed(st)
    st.publish("travel_advice", ADVICE, user="tester")  # made-up values, in the contract's shape
    st.dispose()
    with serve_app(folder / "streamlit.log", {"DASHBOARD_DB_URL": url}) as app:
        yield app


def test_the_travel_advice_layer_draws_the_official_colours_and_rings_where_parts_differ(
    browser, advice_app, shots
):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    rec = RecordingPage(context, advice_app)
    try:
        page = rec.page
        page.goto(f"{advice_app}/?layer=traveladvice&lang=en", wait_until="domcontentloaded")
        _map_drawn(page)
        page.locator(LEGEND).get_by_text("red: do not travel").wait_for()
        fills = set(
            page.eval_on_selector_all(SHAPES, "els => els.map(e => getComputedStyle(e).fill)")
        )
        for colour in ("red", "yellow", "orange"):
            hexa = palette.ADVICE_COLOURS[colour]
            rgb = f"rgb({int(hexa[1:3], 16)}, {int(hexa[3:5], 16)}, {int(hexa[5:7], 16)})"
            assert rgb in fills, colour
        assert "Parts of the country: another colour code" in _legend(page)
        rings = _points(page, "Parts of the country")
        assert rings == int(ADVICE["parts_differ"].sum())
        page.screenshot(path=str(shots / "traveladvice.png"))

        page.goto(f"{advice_app}/?layer=situation&lang=en", wait_until="domcontentloaded")
        _map_drawn(page)
        page.locator(LEGEND).get_by_text("Differs from the travel advice").wait_for()
        # Morocco: our reading "stable", the (made-up) advice orange.
        assert _points(page, "Differs from the travel advice") == 1
        page.screenshot(path=str(shots / "situation-vs-advice.png"))
        assert rec.foreign == []
    finally:
        context.close()
