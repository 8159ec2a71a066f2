"""The preview's map layer: each affected country painted as added, changed or removed."""

from __future__ import annotations

import pandas as pd

from dashboard.domain import diff, palette
from dashboard.maps import diff_layer
from dashboard.maps import figure as maps

UNITS = pd.DataFrame(
    {
        "unit_id": ["UKR", "MDA", "GEO", "ARM", "ISR", "BQ-BO", "BQ-SA", "FRA"],
        "iso3": ["UKR", "MDA", "GEO", "ARM", "ISR", "BES", "BES", "FRA"],
        "name_en": [
            "Ukraine",
            "Moldova",
            "Georgia",
            "Armenia",
            "Israel",
            "Bonaire",
            "Saba",
            "France",
        ],
        "name_nl": [
            "Oekraïne",
            "Moldavië",
            "Georgië",
            "Armenië",
            "Israël",
            "Bonaire",
            "Saba",
            "Frankrijk",
        ],
        "lon": [31.0, 28.5, 43.5, 45.0, 35.0, -68.3, -63.2, 2.0],
        "lat": [49.0, 47.2, 42.0, 40.0, 31.0, 12.2, 17.6, 46.5],
        "area_deg2": [60.0, 4.0, 8.0, 3.0, 2.0, 0.02, 0.001, 60.0],
    }
)


def _by_unit(series: pd.Series) -> dict:
    return dict(zip(UNITS["unit_id"], series, strict=True))


def test_posts_added_removed_and_moved_colour_their_countries():
    old = pd.DataFrame(
        {"post_id": ["a", "b", "c"], "iso3": ["UKR", "MDA", "ARM"], "lat": [1.0, 2.0, 3.0]}
    )
    new = pd.DataFrame(
        {"post_id": ["a", "c", "d"], "iso3": ["UKR", "GEO", "ISR"], "lat": [1.5, 3.0, 4.0]}
    )
    preview = diff.preview("posts", old, new)
    assert preview.changed_countries == ("ARM", "GEO", "UKR")
    layer = diff_layer.diff_layer(UNITS, preview, "en")
    assert _by_unit(layer.category) == {
        "UKR": "changed",
        "MDA": "removed",
        "GEO": "changed",
        "ARM": "changed",
        "ISR": "added",
        "BQ-BO": "other",
        "BQ-SA": "other",
        "FRA": "other",
    }
    assert [(e.key, e.label, e.colour) for e in layer.legend] == [
        ("added", "Added", "#009E73"),
        ("changed", "Changed", "#E69F00"),
        ("removed", "Removed", "#D55E00"),
        ("other", "Not affected", "#D9DDE1"),
    ]
    assert layer.background == "other" and layer.title == "Countries affected"
    hover = _by_unit(layer.hover)
    assert hover["ISR"] == "Added<br>Rows added: 1"
    assert hover["MDA"] == "Removed<br>Rows removed: 1"
    assert hover["FRA"] == "Not affected"


def test_a_country_keyed_change_lists_the_changed_cells_in_dutch_escaped():
    old = pd.DataFrame(
        {"iso3": ["MDA", "UKR"], "level": ["tense", "war"], "summary_nl": ["rustig", "oorlog"]}
    )
    new = pd.DataFrame(
        {
            "iso3": ["MDA", "UKR", "BES"],
            "level": ["crisis", "war", "stable"],
            "summary_nl": ["<b>crisis</b>", "oorlog", "rustig"],
        }
    )
    layer = diff_layer.diff_layer(UNITS, diff.preview("situation", old, new), "nl")
    category = _by_unit(layer.category)
    assert category["MDA"] == "changed" and category["UKR"] == "other"
    # Every unit of a country with several units (Bonaire, Saba) is painted.
    assert category["BQ-BO"] == category["BQ-SA"] == "added"
    assert _by_unit(layer.hover)["MDA"] == (
        "Gewijzigd<br>level: tense → crisis<br>summary_nl: rustig → &lt;b&gt;crisis&lt;/b&gt;"
    )
    assert [e.label for e in layer.legend][:3] == ["Toegevoegd", "Gewijzigd", "Verwijderd"]


def test_rows_of_one_country_both_added_and_removed_count_as_changed():
    old = pd.DataFrame({"iso3": ["UKR"], "group": [None], "theme": ["water"]})
    new = pd.DataFrame({"iso3": ["UKR"], "group": [None], "theme": ["health"]})
    preview = diff.preview("aid_themes", old, new)
    assert diff_layer.country_changes(preview) == {"UKR": "changed"}


def test_the_extent_frames_the_affected_countries_or_the_world():
    old = pd.DataFrame({"iso3": ["MDA"], "level": ["tense"]})
    new = pd.DataFrame({"iso3": ["MDA"], "level": ["crisis"]})
    layer = diff_layer.diff_layer(UNITS, diff.preview("situation", old, new), "en")
    region = diff_layer.extent(UNITS, layer)
    assert region.lon_range[0] < 28.5 < region.lon_range[1]
    assert region.lat_range[0] < 47.2 < region.lat_range[1]
    assert region.lon_range[1] - region.lon_range[0] >= diff_layer.MIN_SPAN_DEG
    unchanged = diff_layer.diff_layer(UNITS, diff.preview("situation", old, old), "en")
    assert diff_layer.extent(UNITS, unchanged) is None


def test_the_layer_draws_with_the_shared_map_figure():
    old = pd.DataFrame({"iso3": ["MDA"], "level": ["tense"]})
    new = pd.DataFrame({"iso3": ["MDA", "ISR"], "level": ["crisis", "war"]})
    layer = diff_layer.diff_layer(UNITS, diff.preview("situation", old, new), "en")
    fig = maps.map_figure(
        UNITS, layer, "en", "app/static/geo/countries.geojson", diff_layer.extent(UNITS, layer)
    )
    traces = {tr.name: list(tr.locations) for tr in fig.data if tr.type == "choropleth"}
    assert traces == {
        "Added": ["ISR"],
        "Changed": ["MDA"],
        "Not affected": ["UKR", "GEO", "ARM", "BQ-BO", "BQ-SA", "FRA"],
    }
    assert set(palette.DIFF_COLOURS) == {*diff_layer.KINDS, diff_layer.BACKGROUND}
