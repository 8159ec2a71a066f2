"""The interactive figure, built from a hand-made unit table and layer."""

from __future__ import annotations

import json
import math

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
import pytest
from shapely.geometry import box

from dashboard.domain.regions import Region
from dashboard.maps import figure as maps
from dashboard.maps.figure import Layer, LegendEntry

URL = "app/static/geo/countries.geojson"

EAST = Region(
    "eastern_europe",
    "Oekraïne en oostelijk nabuurschap",
    "Ukraine and the eastern neighbourhood",
    (20, 50),
    (37, 57),
    "Regeerprogramma",
)


@pytest.fixture
def boundaries() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "unit_id": ["UKR", "GEO", "NLD", "BQ-SA", "FRA"],
            "iso3": ["UKR", "GEO", "NLD", "BES", "FRA"],
            "name_en": ["Ukraine", "Georgia", "Netherlands", "Saba", "France"],
            "name_nl": ["Oekraïne", "Georgië", "Nederland", "Saba", "Frankrijk"],
        },
        geometry=[
            box(22, 44, 40, 52),
            box(40, 41, 46, 43.5),
            box(3.4, 50.8, 7.2, 53.5),
            box(-63.25, 17.61, -63.21, 17.65),
            box(-4, 43, 8, 51),
        ],
        crs="EPSG:4326",
    )


@pytest.fixture
def units(boundaries) -> pd.DataFrame:
    return maps.unit_table(boundaries)


def _layer(units) -> Layer:
    category = pd.Series(["hot", "warm", "warm", "hot", "cold"], index=units.index)
    return Layer(
        "Test",
        category,
        (
            LegendEntry("hot", "Heet", "#FF0000"),
            LegendEntry("warm", "Warm", "#FFAA00"),
            LegendEntry("cold", "Koud", "#CCCCCC"),
        ),
        pd.Series(["a", "b", "c", "d", "e"], index=units.index),
        "cold",
    )


def test_unit_table_has_a_point_inside_each_unit_and_its_size(boundaries, units):
    assert list(units.unit_id) == ["UKR", "GEO", "NLD", "BQ-SA", "FRA"]
    for geom, lon, lat in zip(boundaries.geometry, units.lon, units.lat, strict=True):
        assert geom.contains(gpd.points_from_xy([lon], [lat])[0])
    assert units.loc[3, "area_deg2"] == pytest.approx(0.04 * 0.04)


def test_unit_table_refuses_boundaries_without_names(boundaries):
    with pytest.raises(ValueError, match="name_nl"):
        maps.unit_table(boundaries.drop(columns="name_nl"))


def test_the_figure_references_the_geometry_by_url_instead_of_inlining_it(units):
    fig = maps.map_figure(units, _layer(units), "nl", URL)
    choropleths = [tr for tr in fig.data if tr.type == "choropleth"]
    assert {tr.geojson for tr in choropleths} == {URL}
    assert len(fig.to_json()) < 10_000


def test_one_legend_entry_per_category_in_legend_order_with_its_colour(units):
    fig = maps.map_figure(units, _layer(units), "nl", URL)
    choropleths = [tr for tr in fig.data if tr.type == "choropleth"]
    assert [tr.name for tr in choropleths] == ["Heet", "Warm", "Koud"]
    assert [tr.colorscale[0][1] for tr in choropleths] == ["#FF0000", "#FFAA00", "#CCCCCC"]
    assert list(choropleths[0].locations) == ["UKR", "BQ-SA"]
    assert fig.layout.legend.title.text == "Test"


def test_hover_names_the_unit_in_the_chosen_language_with_the_layers_facts(units):
    fig = maps.map_figure(units, _layer(units), "nl", URL)
    hover = {row[0]: row[1] for tr in fig.data if tr.type == "choropleth" for row in tr.customdata}
    assert hover == {
        "Oekraïne": "a",
        "Georgië": "b",
        "Nederland": "c",
        "Saba": "d",
        "Frankrijk": "e",
    }


def test_small_highlighted_units_get_a_marker_and_in_a_region_view_a_label(units):
    world = maps.map_figure(units, _layer(units), "en", URL)
    zoomed = maps.map_figure(units, _layer(units), "en", URL, region=EAST)
    (world_markers,) = [tr for tr in world.data if tr.type == "scattergeo"]
    (zoomed_markers,) = [tr for tr in zoomed.data if tr.type == "scattergeo"]
    assert [row[0] for row in world_markers.customdata] == ["Saba"]
    assert list(world_markers.marker.color) == ["#FF0000"]
    assert zoomed_markers.mode == "markers+text" and list(zoomed_markers.text) == ["Saba"]


def test_a_region_view_is_zoomed_to_the_regions_extent_and_the_world_is_not(units):
    zoomed = maps.map_figure(units, _layer(units), "en", URL, region=EAST)
    world = maps.map_figure(units, _layer(units), "en", URL)
    # The region's extent, widened to the page's proportions around the same centre.
    assert tuple(zoomed.layout.geo.lonaxis.range) == maps.fit_view((20, 50), (37, 57), maps.WIDE)[0]
    assert tuple(zoomed.layout.geo.lataxis.range) == (37, 57)
    assert zoomed.layout.geo.fitbounds is False
    assert tuple(world.layout.geo.lonaxis.range) == maps.WORLD_LON


def test_the_map_config_names_the_maps_picture_download():
    config = maps.plotly_config("overview-world-nl")
    assert config["toImageButtonOptions"]["filename"] == "overview-world-nl"


def test_a_clicked_shape_or_marker_names_its_map_unit_each_island_its_own(units):
    assert maps.selected_unit([{"location": "BQ-SA", "z": 1}], units) == "BQ-SA"
    assert maps.selected_unit([{"customdata": ["Saba", "x", "BQ-SA"]}], units) == "BQ-SA"
    assert maps.selected_unit([{"location": "UKR", "z": 1}], units) == "UKR"
    assert maps.selected_unit([{"lon": 1.0}], units) is None
    assert maps.selected_unit([], units) is None


def test_a_small_country_gets_a_view_wide_enough_to_show_its_neighbours():
    lon, lat = maps.extent_around((-63.25, 17.61, -63.21, 17.65))
    assert lon[1] - lon[0] == pytest.approx(12.0) and lat[1] - lat[0] == pytest.approx(7.2)
    lon, lat = maps.extent_around((22.0, 44.0, 40.0, 52.0))
    assert lon == pytest.approx((19.75, 42.25)) and lat == pytest.approx((43.0, 53.0))


def test_a_region_taller_than_wide_is_widened_to_fill_the_page_never_narrowed():
    lon, lat = maps.fit_view((-71.0, -62.0), (11.0, 19.0), aspect=2.0)
    assert lat == (11.0, 19.0)
    assert lon[0] < -71.0 and lon[1] > -62.0 and (lon[0] + lon[1]) / 2 == -66.5
    width = (lon[1] - lon[0]) * math.cos(math.radians(15.0))
    assert round(width / (lat[1] - lat[0]), 6) == 2.0
    # A view already wider than the page keeps its longitudes and gains latitude.
    lon, lat = maps.fit_view((-180.0, 180.0), (-10.0, 10.0), aspect=2.0)
    assert lon == (-180.0, 180.0) and lat[0] < -10.0 and lat[1] > 10.0


def test_neighbouring_small_units_get_their_names_on_opposite_sides():
    # Saba, Sint Eustatius and Sint Maarten, as the map places their markers.
    lon = pd.Series([-63.23, -62.97, -63.06])
    lat = pd.Series([17.63, 17.49, 18.04])
    assert maps.label_positions(lon, lat) == ["middle left", "middle right", "top center"]
    assert maps.label_positions(pd.Series([-70.0]), pd.Series([12.5])) == ["top center"]


def test_the_figure_built_without_validation_is_one_plotly_validates_unchanged(units):
    for region in (None, EAST):
        fig = maps.map_figure(units, _layer(units), "nl", URL, region=region)
        validated = go.Figure(fig.to_dict())  # raises on any property plotly does not know
        assert json.loads(validated.to_json()) == json.loads(fig.to_json())
