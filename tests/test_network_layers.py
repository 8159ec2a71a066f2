"""Map layers of the travel advice and the coverage, from hand-made frames."""

from __future__ import annotations

import pandas as pd

from dashboard.maps import layers, network_layers

UNITS = pd.DataFrame(
    {
        "unit_id": ["UKR", "MDA", "GEO", "BQ-BO", "FRA"],
        "iso3": ["UKR", "MDA", "GEO", "BES", "FRA"],
        "name_en": ["Ukraine", "Moldova", "Georgia", "Bonaire", "France"],
        "name_nl": ["Oekraïne", "Moldavië", "Georgië", "Bonaire", "Frankrijk"],
        "lon": [31.0, 28.5, 43.5, -68.3, 2.0],
        "lat": [49.0, 47.2, 42.0, 12.2, 46.5],
        "area_deg2": [60.0, 4.0, 8.0, 0.03, 60.0],
    }
)
ADVICE = pd.DataFrame(
    {
        "iso3": ["UKR", "MDA", "GEO"],
        "colour": ["red", "orange", None],
        "parts_differ": [False, True, False],
        "changed_on": ["2026-05-29", "2026-02-01", "2025-12-01"],
        "url": ["https://x/ukr", "https://x/mda", "https://x/geo"],
        "fetched_at": ["2026-11-30T10:00:00+00:00"] * 3,
    }
)
SITUATION = pd.DataFrame(
    {
        "iso3": ["UKR", "MDA", "GEO"],
        "level": ["war", "stable", "tense"],
        "summary_nl": ["a", "b", "c"],
        "summary_en": ["a", "b", "c"],
        "assessed_on": ["2025-12-08", "2025-02-04", "2025-01-01"],
    }
)


def _by_unit(series: pd.Series) -> dict:
    return dict(zip(UNITS["unit_id"], series, strict=True))


def test_the_travel_advice_layer_paints_the_ministrys_colour_codes():
    layer = layers.build(
        "traveladvice",
        UNITS,
        members=pd.DataFrame(columns=["region_id", "iso3", "role"]),
        region_names={},
        region_id=None,
        lang="nl",
        travel_advice=ADVICE,
    )
    assert layer.title == "Reisadvies"
    assert _by_unit(layer.category) == {
        "UKR": "red",
        "MDA": "orange",
        "GEO": "unknown",  # an advice whose colour could not be read: blank, not guessed
        "BQ-BO": "none",
        "FRA": "none",
    }
    assert [e.key for e in layer.legend] == ["green", "yellow", "orange", "red", "unknown", "none"]
    assert [e.colour for e in layer.legend][:4] == ["#7AB648", "#FFD400", "#F39200", "#E3001B"]
    assert _by_unit(layer.hover)["MDA"] == (
        "oranje: alleen noodzakelijke reizen · delen van het land: andere kleurcode"
        "<br>gewijzigd op 1 februari 2026"
    )


def test_without_imported_travel_advice_the_layer_says_so_in_its_legend():
    layer = network_layers.travel_advice_layer(UNITS, None, "en")
    assert set(layer.category) == {"none"}
    assert [(e.key, e.label) for e in layer.legend][-1] == ("none", "No travel advice imported")
    assert network_layers.advice_parts_markers(UNITS, None, "en") == ()


def test_a_ring_marks_each_country_whose_parts_carry_another_colour():
    (ring,) = network_layers.advice_parts_markers(UNITS, ADVICE, "en")
    assert (list(ring.lon), list(ring.lat), ring.marker.symbol) == (
        [28.5],
        [47.2],
        "circle-open-dot",
    )
    assert ring.name == "Parts of the country: another colour code" and ring.showlegend


def test_the_situation_layer_says_where_it_differs_from_the_travel_advice():
    layer = layers.situation_layer(UNITS, SITUATION, "en", ADVICE)
    hover = _by_unit(layer.hover)
    assert hover["MDA"].endswith(
        "<br>Differs from the travel advice: orange: only necessary travel"
    )
    assert "Differs" not in hover["UKR"]  # war and red agree
    assert "Differs" not in hover["GEO"]  # no colour read: no comparison
    (marks,) = network_layers.advice_differs_markers(UNITS, SITUATION, ADVICE, "en")
    assert list(marks.text) == [
        "<b>Moldova</b><br>Differs from the travel advice: orange: only necessary travel"
    ]
    assert network_layers.advice_differs_markers(UNITS, SITUATION, None, "en") == ()


def test_the_coverage_layer_shows_a_closing_post_apart_from_a_held_country():
    ranked = pd.DataFrame(
        {
            "iso3": ["UKR", "MDA", "GEO", "BES"],
            "level": ["resident", "resident", "none", "kingdom"],
            "level_after_closures": ["resident", "none", "none", "kingdom"],
        }
    )
    hover = pd.Series({"UKR": "#4", "MDA": "#2", "GEO": "#1", "BES": "#5"})
    layer = network_layers.coverage_layer(UNITS, ranked, hover, "en")
    assert _by_unit(layer.category) == {
        "UKR": "resident",
        "MDA": "closing",
        "GEO": "none",
        "BQ-BO": "kingdom",
        "FRA": "other",
    }
    assert _by_unit(layer.hover)["FRA"] == "Not a priority country"
    assert [e.key for e in layer.legend] == ["kingdom", "resident", "closing", "none", "other"]


def test_honorary_consulates_are_drawn_only_when_asked_for():
    posts = pd.DataFrame(
        {
            "post_id": ["kyiv", "odesa_hc"],
            "name_nl": ["Ambassade in Kyiv", "Honorair consulaat in Odesa"],
            "name_en": ["Embassy in Kyiv", "Honorary consulate in Odesa"],
            "type": ["embassy", "honorary_consulate"],
            "city": ["Kyiv", "Odesa"],
            "iso3": ["UKR", "UKR"],
            "lat": [50.45, 46.48],
            "lon": [30.52, 30.72],
            "status": ["open", "open"],
            "status_date": [None, None],
        }
    )

    def drawn(**kwargs) -> list[int]:
        traces = layers.overlays("posts", UNITS, "en", posts=posts, **kwargs)
        return [len(tr.lat) for tr in traces if tr.lat[0] is not None]

    assert drawn() == [1]
    assert drawn(honorary=True) == [2]


def test_a_briefing_draws_the_screens_layer_the_travel_advice_included():
    assert layers.briefing_layer("traveladvice") == "traveladvice"
    assert layers.briefing_layer("posts") == "posts"
    assert layers.briefing_layer("indicator:wb:population") == "indicator:wb:population"
