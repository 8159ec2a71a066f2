"""The overview page in a real headless Chromium, with every request outside the app blocked."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from app_maps import SHAPES

from dashboard.storage import bundled
from dashboard.text import i18n
from dashboard.web import geomap

pytestmark = pytest.mark.browser

MAP_SVG = ".dashboard-map svg.map-svg"
# The page once its run has finished (Streamlit marks the app element).
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Resolves once the browser has drawn two more frames (events of the last one handled).
NEXT_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


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
    # The ocean is the globe's outline, drawn by the page itself: no base map is fetched.
    assert len(page.locator(".dashboard-map path.ocean").get_attribute("d")) > 100
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
    page.locator(".dashboard-map .legend text", has_text="oorlog").first.wait_for(timeout=90_000)
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
    # From the keyboard, with the box already in view: scrolling to it (as a click or a focus
    # does) fires a scroll event a frame later, which closes a list opened meanwhile.
    box = page.get_by_role("combobox", name="Kaartlaag")
    box.scroll_into_view_if_needed()
    page.evaluate(NEXT_FRAMES)
    box.focus()
    page.keyboard.press("ArrowDown")
    page.get_by_role("option", name="Situatie", exact=True).wait_for(timeout=90_000)
    page.keyboard.type("Situatie")
    page.keyboard.press("Enter")
    page.locator("summary", has_text="Landen in deze weergave").filter(
        has_not_text=before
    ).wait_for(timeout=90_000)
    page.locator(IDLE).wait_for(timeout=90_000)
    # The new layer's table, open as it was left (the grid is drawn a moment after its run).
    tables.first.wait_for(timeout=90_000)
    assert page.locator("details[open] summary", has_text="Landen in deze weergave").count() == 1
    assert tables.count() == 1
    assert recording_page.foreign == []


def test_region_picker_zooms_to_the_region_and_keeps_it_in_the_url(recording_page, app_url):
    page = recording_page.page
    page.goto(f"{app_url}/?region=caribbean", wait_until="domcontentloaded")
    page.wait_for_selector(SHAPES, timeout=30_000)
    # In the Caribbean view, the six parts of the Kingdom carry labelled markers.
    labels = page.locator(".dashboard-map g.trace text.label")
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
    hover = page.locator(".dashboard-map .map-tip")
    hover.get_by_text("Oekraïne", exact=True).wait_for(timeout=10_000)
    assert recording_page.foreign == []


def _shape_box(page, unit_id: str) -> dict:
    """Bounding box on screen of the shape drawn for ``unit_id``."""
    return page.evaluate(
        """([selector, id]) => {
            const el = [...document.querySelectorAll(selector)]
                .find(e => e.dataset.id === id);
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
    legend = page.locator(".dashboard-map .legend")
    legend.get_by_text(legend_title, exact=True).wait_for(timeout=10_000)
    legend.get_by_text(legend_entry, exact=True).first.wait_for(timeout=10_000)
    if layer == "posts":
        assert page.locator(".dashboard-map g.trace path.point").count() >= 20
    assert recording_page.foreign == []


def test_choosing_layers_one_after_another_redraws_the_map_each_time(recording_page, app_url):
    page = recording_page.page
    # The 2024 programme: its many commitments to Ukraine fill the "10+" class.
    page.goto(f"{app_url}/?programme=rp2024", wait_until="domcontentloaded")
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length > 150", timeout=30_000)
    legend = page.locator(".dashboard-map .legend")
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


# Each drawn unit: its id, its fill, and the colour its trace's colour scale gives it (the
# legend's traces of this page are single-coloured).
UNIT_FILLS = """() => {
  const figure = document.querySelector('.dashboard-map').figure;
  return figure.data.filter(t => t.type === 'choropleth').flatMap(t => [...t.locations].map(id => {
    const unit = document.querySelector(`.dashboard-map path.unit[data-id="${id}"]`);
    return [id, unit && unit.getAttribute('fill'), t.colorscale[0][1]];
  }).filter(([, fill]) => fill !== null));
}"""


def _rgb(colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` or ``rgb(r, g, b)`` as numbers."""
    if colour.startswith("#"):
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    r, g, b = (int(x) for x in colour.removeprefix("rgb(").removesuffix(")").split(","))
    return r, g, b


def test_the_map_is_drawn_by_the_apps_own_d3_without_any_plotly(recording_page, app_url):
    page = recording_page.page
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length > 150", timeout=30_000)
    # Found from the document: the map is in the page's own DOM, not in a shadow root.
    page.wait_for_function("document.querySelector('.dashboard-map').figure.data.length > 0")
    # The request recorder sees the library's request (so it would see one to another host).
    vendor = [u for u in recording_page.requests if "/vendor/" in u]
    assert vendor == [f"{app_url}/{geomap.versioned_url(geomap.D3_JS)}"]
    assert any(f"/app/static/{geomap.RENDERER_JS}?v=" in u for u in recording_page.requests)
    assert not [u for u in recording_page.requests if "plotly" in u.lower()]
    # Only d3's modules that the map uses: projections and zoom, no scales or shapes.
    loaded = "[d3.geoNaturalEarth1, d3.zoom, d3.interpolateRgb, d3.scaleLinear, d3.line]"
    assert page.evaluate(f"{loaded}.map(f => typeof f)") == [*["function"] * 3, *["undefined"] * 2]
    assert page.evaluate("typeof window.Plotly") == "undefined"
    assert recording_page.foreign == []
    # Each unit in its trace's colour (the colour scale's, as d3 mixes it: rgb(r, g, b)).
    fills = page.evaluate(UNIT_FILLS)
    assert len(fills) > 150
    assert all(_rgb(fill) == _rgb(colour) for _, fill, colour in fills), fills[:5]
    # The toolbar, in the page's language.
    buttons = "[...document.querySelectorAll('.dashboard-map .map-button')].map(b => b.title)"
    assert page.evaluate(buttons) == [i18n.t(key, "nl") for key in geomap.BUTTONS.values()]
    page.locator(".dashboard-map").hover()
    page.locator(".map-button[title='Volledig scherm']").click()
    size = f"[+document.querySelector('{MAP_SVG}').getAttribute('width'), innerWidth]"
    page.wait_for_function(f"document.fullscreenElement && {size}.every(w => w === innerWidth)")
    page.evaluate("document.exitFullscreen()")
    height = f"document.querySelector('{MAP_SVG}').getAttribute('height')"
    page.wait_for_function(f"!document.fullscreenElement && {height} === '560'")


def test_the_map_zooms_hides_a_legend_entry_and_downloads_its_picture(recording_page, app_url):
    page = recording_page.page
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length > 150", timeout=30_000)
    page.locator(".dashboard-map").hover()
    zoom = "document.querySelector('.dashboard-map .map-zoom').getAttribute('transform') || ''"
    page.locator(".map-button[title='Inzoomen']").click()
    page.wait_for_function(f"({zoom}).includes('scale(1.5)')")
    page.locator(".map-button[title='Hele weergave']").click()
    page.wait_for_function(f"({zoom}).includes('scale(1)')")
    # A legend entry hides its units (and shows them again), as plotly's legend did.
    shown = page.locator(SHAPES).count()
    other = page.locator(".dashboard-map .legend-entry", has_text="Overig")
    other.click()
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length < {shown}")
    other.click()
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length === {shown}")
    # The picture: the map and its legend as a PNG, twice the size on screen, named for the view.
    width = int(page.locator(MAP_SVG).get_attribute("width"))
    with page.expect_download(timeout=30_000) as download:
        page.locator(".map-button[title^='Kaart downloaden']").click()
    picture = download.value
    assert picture.suggested_filename.startswith("priority-world-")
    assert picture.suggested_filename.endswith(".png")
    data = Path(picture.path()).read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    png_width, png_height = struct.unpack(">II", data[16:24])
    assert (png_width, png_height) == (2 * width, 2 * 560)
    assert recording_page.foreign == []


def test_a_layer_and_a_region_change_update_the_same_map_in_place(recording_page, app_url):
    page = recording_page.page
    page.goto(f"{app_url}/?lang=en", wait_until="domcontentloaded")
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length > 150", timeout=30_000)
    page.evaluate("window.firstMap = document.querySelector('.dashboard-map')")
    page.get_by_role("combobox", name="Map layer").click()
    page.get_by_role("option", name="Situation", exact=True).click()
    page.locator(".dashboard-map .legend text", has_text="war").first.wait_for(timeout=30_000)
    page.get_by_role("combobox", name="Region").click()
    page.get_by_role("option", name="Ukraine and the eastern neighbourhood", exact=True).click()
    view = f"situation-eastern_europe-{bundled.in_force().programme_id}-en"
    page.wait_for_function(
        f"document.querySelector('.dashboard-map').dataset.drawn === '{view}'", timeout=30_000
    )
    # One map, the very element first drawn: updated in place rather than drawn anew.
    assert page.evaluate(
        "document.querySelectorAll('.dashboard-map').length === 1"
        " && document.querySelector('.dashboard-map') === window.firstMap"
    )
    assert page.evaluate("window.firstMap.figure.layout.geo.lonaxis.range[0]") > 0
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
    page.route(f"**/{geomap.D3_JS}?v=*", lambda route: route.abort())
    page.goto(f"{app_url}/?lang=en", wait_until="domcontentloaded")
    page.get_by_text(i18n.t("map_failed", "en"), exact=True).wait_for(timeout=30_000)
    assert page.locator(SHAPES).count() == 0
    assert recording_page.foreign == []
