"""Map layers from hand-made datasets: categories, legend and hover per unit."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.domain import palette
from dashboard.maps import indicators, layers

UNITS = pd.DataFrame(
    {
        "unit_id": ["UKR", "MDA", "GEO", "NLD", "BQ-BO", "FRA"],
        "iso3": ["UKR", "MDA", "GEO", "NLD", "BES", "FRA"],
        "name_en": ["Ukraine", "Moldova", "Georgia", "Netherlands", "Bonaire", "France"],
        "name_nl": ["Oekraïne", "Moldavië", "Georgië", "Nederland", "Bonaire", "Frankrijk"],
        "lon": [31.0, 28.5, 43.5, 5.3, -68.3, 2.0],
        "lat": [49.0, 47.2, 42.0, 52.1, 12.2, 46.5],
        "area_deg2": [60.0, 4.0, 8.0, 4.5, 0.03, 60.0],
    }
)
MEMBERS = pd.DataFrame(
    {
        "region_id": ["eastern_europe", "eastern_europe", "eastern_europe", "caribbean"],
        "iso3": ["UKR", "MDA", "GEO", "BES"],
        "role": ["named", "named", "member", "named"],
    }
)
NAMES = {"eastern_europe": "Oostelijk nabuurschap", "caribbean": "Caribisch gebied"}


def _by_unit(series: pd.Series) -> dict:
    return dict(zip(UNITS["unit_id"], series, strict=True))


def test_priority_layer_marks_kingdom_named_member_and_other():
    layer = layers.priority_layer(UNITS, MEMBERS, None, NAMES, "nl")
    assert _by_unit(layer.category) == {
        "UKR": "named",
        "MDA": "named",
        "GEO": "member",
        "NLD": "kingdom",
        "BQ-BO": "kingdom",
        "FRA": "other",
    }
    assert _by_unit(layer.hover)["GEO"] == "In een prioritaire regio<br>Oostelijk nabuurschap"
    assert [e.key for e in layer.legend] == list(palette.CATEGORY_COLOURS)


def test_priority_layer_with_a_region_highlights_only_that_region():
    layer = layers.priority_layer(UNITS, MEMBERS, "caribbean", NAMES, "en")
    assert _by_unit(layer.category)["UKR"] == "other"
    assert _by_unit(layer.category)["BQ-BO"] == "kingdom"


def _commitments(rows):
    return pd.DataFrame(rows, columns=["commitment_id", "iso3", "group", "instrument"])


def test_commitments_layer_bins_counts_and_lists_the_instrument_mix():
    commitments = _commitments(
        [
            ("a", "UKR", None, "military"),
            ("b", "UKR", None, "military"),
            ("c", "UKR", None, "financial"),
            ("d", "MDA", None, "diplomatic"),
            ("e", None, "global", "diplomatic"),
        ]
    )
    layer = layers.commitments_layer(UNITS, commitments, "nl")
    assert _by_unit(layer.category) == {
        "UKR": "2-4",
        "MDA": "1",
        "GEO": "none",
        "NLD": "none",
        "BQ-BO": "none",
        "FRA": "none",
    }
    assert _by_unit(layer.hover)["UKR"] == "3 toezeggingen<br>financieel 1, militair 2"
    assert _by_unit(layer.hover)["GEO"] == "Geen toezeggingen per land"


def test_commitments_layer_never_sums_amounts_into_a_figure_no_source_states():
    commitments = _commitments([("a", "UKR", None, "military")]).assign(amount_eur=[10**9])
    layer = layers.commitments_layer(UNITS, commitments, "en")
    assert "1000000000" not in _by_unit(layer.hover)["UKR"]


def test_aid_layer_tells_a_countrys_own_themes_from_its_regions():
    aid = pd.DataFrame(
        {
            "iso3": ["MDA", None],
            "group": [None, "eastern_europe"],
            "theme": ["water", "food_security"],
        }
    )
    layer = layers.aid_layer(UNITS, aid, MEMBERS, "en")
    cats = _by_unit(layer.category)
    assert (cats["MDA"], cats["UKR"], cats["FRA"]) == ("direct", "region", "none")
    assert _by_unit(layer.hover)["MDA"] == "food security, water management"


def test_situation_layer_shows_level_date_and_summary_and_marks_the_rest_not_assessed():
    situation = pd.DataFrame(
        {
            "iso3": ["UKR"],
            "level": ["war"],
            "summary_nl": ["Oorlog <duurt> voort"],
            "summary_en": ["War goes on"],
            "assessed_on": ["2025-12-08"],
        }
    )
    layer = layers.situation_layer(UNITS, situation, "nl")
    assert _by_unit(layer.category)["UKR"] == "war"
    assert _by_unit(layer.category)["MDA"] == "not_assessed"
    assert _by_unit(layer.hover)["UKR"] == (
        "oorlog (beoordeeld op 2025-12-08)<br>Oorlog &lt;duurt&gt; voort"
    )


def test_post_markers_have_a_legend_entry_for_every_colour_and_every_shape():
    posts = pd.DataFrame(
        {
            "post_id": ["kyiv", "tripoli", "erbil", "nowhere"],
            "name_nl": ["Ambassade in Kyiv", "Ambassade in Tripoli", "CG in Erbil", "X"],
            "name_en": ["Embassy in Kyiv", "Embassy <b>Tripoli</b>", "CG in Erbil", "X"],
            "type": ["embassy", "embassy", "consulate_general", "honorary_consulate"],
            "city": ["Kyiv", "Tripoli", "Erbil", "X"],
            "iso3": ["UKR", "LBY", "IRQ", "FRA"],
            "lat": [50.451, 32.9, 36.19, None],
            "lon": [30.52, 13.18, 44.01, None],
            "status": ["open", "closure_announced", "open", "open"],
            "status_date": [None, "2025-04-17", None, None],
        }
    )
    names = pd.Series({"UKR": "Ukraine", "LBY": "Libya"})
    traces = layers.post_markers(posts, "en", names)
    drawn = [tr for tr in traces if tr.lat[0] is not None]
    keys = [tr for tr in traces if tr.lat[0] is None]
    assert [(tr.name, len(tr.lat), tr.showlegend) for tr in drawn] == [
        ("Posts: open", 2, False),
        ("Posts: closure announced", 1, False),
    ]
    assert list(drawn[0].marker.symbol) == [0, 2]  # plotly's numbers for circle and diamond
    assert list(drawn[0].lat) == [50.45, 36.19]  # two decimals: a city, and fewer bytes
    assert [(tr.name, tr.marker.symbol, tr.marker.color) for tr in keys] == [
        ("Posts: open", "circle", "#1F2933"),
        ("Posts: closure announced", "circle", palette.POST_STATUS_COLOURS["closure_announced"]),
        ("Embassy", "circle", "#5F6B76"),
        ("Consulate-general", "diamond", "#5F6B76"),
    ]
    assert keys[0].legendgroup == drawn[0].legendgroup  # the entry hides and shows them
    assert list(drawn[1].customdata[0]) == [
        "Tripoli",
        "Libya",
        "Embassy &lt;b&gt;Tripoli&lt;/b&gt;",
        "embassy · 17 April 2025",
    ]
    assert drawn[1].hovertemplate == (
        "<b>%{customdata[0]}</b> · %{customdata[1]}<br>%{customdata[2]}"
        "<br>%{customdata[3]} · closure announced<extra></extra>"
    )


def test_no_post_status_colour_is_the_kingdoms_colour():
    assert palette.CATEGORY_COLOURS["kingdom"] not in palette.POST_STATUS_COLOURS.values()
    assert len(set(palette.POST_STATUS_COLOURS.values())) == len(palette.POST_STATUS_COLOURS)


@pytest.mark.parametrize("name", ["priority", "commitments", "aid", "situation"])
def test_every_layer_covers_every_unit(name):
    built = {
        "priority": lambda: layers.priority_layer(UNITS, MEMBERS, None, NAMES, "nl"),
        "commitments": lambda: layers.commitments_layer(UNITS, _commitments([]), "nl"),
        "aid": lambda: layers.aid_layer(
            UNITS, pd.DataFrame(columns=["iso3", "group", "theme"]), MEMBERS, "nl"
        ),
        "situation": lambda: layers.situation_layer(
            UNITS,
            pd.DataFrame(columns=["iso3", "level", "summary_nl", "summary_en", "assessed_on"]),
            "nl",
        ),
    }[name]()
    assert built.category.index.equals(UNITS.index)
    assert set(built.category) <= {e.key for e in built.legend}
    assert built.hover.notna().all()


def test_indicator_layer_puts_countries_in_five_classes_and_leaves_missing_values_blank():
    frame = pd.DataFrame(
        {
            "iso3": ["UKR", "MDA", "GEO", "NLD", "BES"],
            "population": [38_000_000.0, 2_500_000.0, 3_700_000.0, 17_900_000.0, None],
            "population_year": [2024, 2024, 2023, 2024, None],
        }
    )
    layer = indicators.indicator_layer(UNITS, frame, "population", "Bevolking", "nl")
    cats = _by_unit(layer.category)
    assert cats["UKR"] == "q5" and cats["MDA"] == "q1"
    assert cats["BQ-BO"] == "no_value" and cats["FRA"] == "no_value"
    assert _by_unit(layer.hover)["GEO"] == "3.700.000 (2023)"
    assert _by_unit(layer.hover)["FRA"] == "Geen waarde"
    assert layer.legend[-1].key == "no_value"


def test_indicator_columns_skip_years_and_sources():
    frame = pd.DataFrame(
        {
            "iso3": ["UKR"],
            "gdp_usd": [1.0],
            "gdp_usd_year": [2024],
            "source": ["x"],
            "source_url": [""],
            "source_date": ["2025"],
        }
    )
    assert indicators.indicator_columns(frame) == ["gdp_usd"]
