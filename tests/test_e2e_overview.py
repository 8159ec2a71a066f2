"""The overview page in a real headless Chromium, with every request outside the app blocked."""

from __future__ import annotations

import pytest

from dashboard.storage import bundled
from dashboard.text import i18n
from dashboard.web import geomap

pytestmark = pytest.mark.browser

# The choropleth draws one <path class="choroplethlocation"> per map unit.
SHAPES = "g.choroplethlayer path.choroplethlocation"
# The page once its run has finished (Streamlit marks the app element).
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def _drawn_shapes(page) -> int:
    """Number of country shapes with a real outline (a non-trivial SVG path)."""
    return page.eval_on_selector_all(
        SHAPES, "els => els.filter(e => (e.getAttribute('d') || '').length > 20).length"
    )


def test_overview_draws_the_world_offline_with_no_request_leaving_the_app(recording_page, app_url):
    page = recording_page.page
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_selector(SHAPES, timeout=30_000)
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length > 150", timeout=30_000)
    assert _drawn_shapes(page) > 150
    # The ocean comes from the app's own base-map topology, not from a CDN.
    assert any(u.endswith("/app/static/topojson/world_50m.json") for u in recording_page.requests)
    # The world view draws the coarse geometry; the finer one is fetched only when zoomed.
    assert any(u.endswith("/app/static/geo/world.geojson") for u in recording_page.requests)
    assert not any(u.endswith("/countries.geojson") for u in recording_page.requests)
    assert recording_page.foreign == []


def test_a_layer_change_redraws_the_map_without_fetching_geometry_again(recording_page, app_url):
    page = recording_page.page
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length > 150", timeout=90_000)
    geometry = [u for u in recording_page.requests if u.endswith(".geojson")]
    page.get_by_role("combobox", name="Kaartlaag").click()
    page.get_by_role("option", name="Situatie", exact=True).click()
    page.locator("g.legend text", has_text="oorlog").first.wait_for(timeout=90_000)
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length > 150", timeout=90_000)
    assert _drawn_shapes(page) > 150
    assert [u for u in recording_page.requests if u.endswith(".geojson")] == geometry
    assert recording_page.foreign == []


def test_the_countries_table_comes_when_opened_and_stays_open_on_another_layer(
    recording_page, app_url
):
    page = recording_page.page
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length > 150", timeout=90_000)
    page.get_by_role("button", name="Briefing (PNG)").wait_for(timeout=90_000)  # all is there
    tables = page.locator('[data-testid="stDataFrame"]')
    assert tables.count() == 0  # nothing under the map is drawn before it is asked for
    toggle = page.locator("summary", has_text="Landen in deze weergave")
    before = toggle.inner_text()
    toggle.click()
    tables.first.wait_for(timeout=90_000)
    page.locator(IDLE).wait_for(timeout=90_000)
    # From the keyboard: a click scrolls the box into view first, and the scroll event, which
    # comes a frame later, closes the list the click opened.
    page.get_by_role("combobox", name="Kaartlaag").focus()
    page.keyboard.press("ArrowDown")
    page.get_by_role("option", name="Situatie", exact=True).click()
    page.locator("summary", has_text="Landen in deze weergave").filter(
        has_not_text=before
    ).wait_for(timeout=90_000)
    page.locator(IDLE).wait_for(timeout=90_000)
    # The new layer's table, open as it was left.
    assert page.locator("details[open] summary", has_text="Landen in deze weergave").count() == 1
    assert tables.count() == 1
    assert recording_page.foreign == []


def test_region_picker_zooms_to_the_region_and_keeps_it_in_the_url(recording_page, app_url):
    page = recording_page.page
    page.goto(f"{app_url}/?region=caribbean", wait_until="domcontentloaded")
    page.wait_for_selector(SHAPES, timeout=30_000)
    # In the Caribbean view, the six parts of the Kingdom carry labelled markers.
    labels = page.locator("g.trace.scattergeo text")
    labels.first.wait_for(timeout=30_000)
    texts = set(labels.all_text_contents())
    assert {"Aruba", "Curaçao", "Sint Maarten", "Bonaire", "Sint Eustatius", "Saba"} <= texts
    assert "region=caribbean" in page.url
    assert recording_page.foreign == []


def test_hover_names_the_country_in_the_chosen_language(recording_page, app_url):
    page = recording_page.page
    page.goto(f"{app_url}/?region=eastern_europe&lang=nl", wait_until="domcontentloaded")
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length > 150", timeout=30_000)
    box = _shape_box(page, "UKR")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    hover = page.locator("g.hoverlayer")
    hover.get_by_text("Oekraïne", exact=True).wait_for(timeout=10_000)
    assert recording_page.foreign == []


def _shape_box(page, unit_id: str) -> dict:
    """Bounding box on screen of the shape drawn for ``unit_id``."""
    return page.evaluate(
        """([selector, id]) => {
            const el = [...document.querySelectorAll(selector)]
                .find(e => e.__data__ && e.__data__.loc === id);
            el.scrollIntoView({block: "center"});
            const r = el.getBoundingClientRect();
            return {x: r.x, y: r.y, width: r.width, height: r.height};
        }""",
        [SHAPES, unit_id],
    )


@pytest.mark.parametrize(
    ("layer", "legend_title", "legend_entry"),
    [
        ("commitments", "Toezeggingen", "Geen toezeggingen per land"),
        ("aid", "Ontwikkelingshulp", "Thema's via de regio"),
        ("situation", "Situatie", "oorlog"),
        ("posts", "Prioriteiten", "Posten: open"),
    ],
)
def test_every_layer_draws_offline_with_its_legend(
    recording_page, app_url, layer, legend_title, legend_entry
):
    page = recording_page.page
    page.goto(f"{app_url}/?layer={layer}", wait_until="domcontentloaded")
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length > 150", timeout=30_000)
    legend = page.locator("g.legend")
    legend.get_by_text(legend_title, exact=True).wait_for(timeout=10_000)
    legend.get_by_text(legend_entry, exact=True).first.wait_for(timeout=10_000)
    if layer == "posts":
        assert page.locator("g.trace.scattergeo path.point").count() >= 20
    assert recording_page.foreign == []


def test_choosing_layers_one_after_another_redraws_the_map_each_time(recording_page, app_url):
    page = recording_page.page
    # The 2024 programme: its many commitments to Ukraine fill the "10+" class.
    page.goto(f"{app_url}/?programme=rp2024", wait_until="domcontentloaded")
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length > 150", timeout=30_000)
    legend = page.locator("g.legend")
    for layer, entry in (
        ("Situatie", "oorlog"),
        ("Toezeggingen", "10+"),
        ("Prioriteiten", "Overig"),
    ):
        page.get_by_role("combobox", name="Kaartlaag").click()
        page.get_by_role("option", name=layer, exact=True).click()
        legend.get_by_text(entry, exact=True).wait_for(timeout=15_000)
        legend.get_by_text(layer, exact=True).wait_for()
    assert "layer=" not in page.url  # back on the default layer, the URL is clean
    assert recording_page.foreign == []


def test_the_map_is_drawn_by_the_apps_own_geo_bundle_without_streamlits_plotly(
    recording_page, app_url
):
    page = recording_page.page
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length > 150", timeout=30_000)
    # Found from the document: the map is in the page's own DOM, not in a shadow root.
    page.wait_for_function("document.querySelector('.js-plotly-plot').data.length > 0")
    bundle = f"/app/static/{geomap.PLOTLY_GEO_JS}"
    # The request recorder sees the bundle's request (so it would see one to another host).
    assert [u for u in recording_page.requests if "plotly" in u.lower()] == [app_url + bundle]
    assert page.evaluate("window.Plotly.version") == geomap.PLOTLY_GEO_VERSION
    assert recording_page.foreign == []
    # The modebar as Streamlit's chart had it: no selection tools, a full-screen button.
    buttons = "[...document.querySelectorAll('.modebar-btn')].map(b => b.dataset.title)"
    assert page.evaluate(buttons) == [
        "Download plot as a PNG", "Pan", "Zoom in", "Zoom out", "Reset", "Volledig scherm",
    ]  # fmt: skip
    page.locator(".dashboard-map").hover()
    page.locator(".modebar-btn[data-title='Volledig scherm']").click()
    size = "[document.querySelector('.js-plotly-plot')._fullLayout.width, innerWidth]"
    page.wait_for_function(f"document.fullscreenElement && {size}.every(w => w === innerWidth)")
    page.evaluate("document.exitFullscreen()")
    page.wait_for_function("document.querySelector('.js-plotly-plot')._fullLayout.height === 560")


def test_a_layer_and_a_region_change_update_the_same_map_in_place(recording_page, app_url):
    page = recording_page.page
    page.goto(f"{app_url}/?lang=en", wait_until="domcontentloaded")
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length > 150", timeout=30_000)
    page.evaluate("window.firstMap = document.querySelector('.js-plotly-plot')")
    page.get_by_role("combobox", name="Map layer").click()
    page.get_by_role("option", name="Situation", exact=True).click()
    page.locator("g.legend text", has_text="war").first.wait_for(timeout=30_000)
    page.get_by_role("combobox", name="Region").click()
    page.get_by_role("option", name="Ukraine and the eastern neighbourhood", exact=True).click()
    view = f"situation-eastern_europe-{bundled.in_force().programme_id}-en"
    page.wait_for_function(
        f"document.querySelector('.js-plotly-plot').dataset.drawn === '{view}'", timeout=30_000
    )
    # One map, the very element first drawn: plotly updated it rather than drawing anew.
    assert page.evaluate(
        "document.querySelectorAll('.js-plotly-plot').length === 1"
        " && document.querySelector('.js-plotly-plot') === window.firstMap"
    )
    assert page.evaluate("window.firstMap._fullLayout.geo.lonaxis.range[0]") > 0
    # A click on the updated map still opens the country's profile.
    x, y = _centre(page, "MDA")
    page.mouse.click(x, y)
    page.get_by_role("heading", name="Moldova (MDA)").wait_for(timeout=30_000)
    assert "iso3=MDA" in page.url
    assert recording_page.foreign == []


def _centre(page, unit_id: str) -> tuple[float, float]:
    box = _shape_box(page, unit_id)
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_without_its_drawing_library_the_map_says_so_in_its_place(recording_page, app_url):
    page = recording_page.page
    page.route("**/vendor/plotly-geo-*.js", lambda route: route.abort())
    page.goto(f"{app_url}/?lang=en", wait_until="domcontentloaded")
    page.get_by_text(i18n.t("map_failed", "en"), exact=True).wait_for(timeout=30_000)
    assert page.locator(SHAPES).count() == 0
    assert recording_page.foreign == []
