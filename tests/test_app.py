"""Every page runs under Streamlit's AppTest without an exception."""

from __future__ import annotations

from pathlib import Path

from app_maps import map_figures
from streamlit.testing.v1 import AppTest

from dashboard.storage import datasets
from dashboard.text import fmt

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _run(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def _figure(at: AppTest) -> dict:
    (figure,) = map_figures(at)
    return figure


def test_overview_runs_and_draws_the_world_in_dutch_by_default():
    at = _run()
    assert not at.exception
    assert at.title[0].value == "Buitenlandbeleid in beeld"
    fig = _figure(at)
    locations = {loc for tr in fig["data"] if tr["type"] == "choropleth" for loc in tr["locations"]}
    assert {"UKR", "MDA", "ARM", "ABW", "CUW", "SXM", "BQ-BO", "BQ-SE", "BQ-SA"} <= locations
    assert len(locations) > 200


def test_overview_with_a_region_in_the_url_zooms_to_that_region():
    at = _run({"region": "middle_east", "lang": "en"})
    assert not at.exception
    fig = _figure(at)
    lon, lat = fig["layout"]["geo"]["lonaxis"]["range"], fig["layout"]["geo"]["lataxis"]["range"]
    # The region (26–63°E, 12–40°N), widened to fill the width of the page.
    assert lon[0] < 26 and lon[1] > 63 and lat == [12, 40]
    assert (lon[0] + lon[1]) / 2 == (26 + 63) / 2
    assert at.title[0].value == "Dutch foreign policy at a glance"


def test_sources_page_lists_every_dataset_with_its_currency_and_the_boundary_rules():
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    assert at.header[0].value == "Bronnen"
    # No heading on the page is larger than its title.
    assert not at.title and {h.tag for h in at.subheader} <= {"h3"}
    data, programmes, regions = (d.value for d in at.dataframe)
    periods = programmes.set_index("Kabinet")["Van kracht"].to_dict()
    assert periods["Jetten"] == "sinds 23 februari 2026"
    assert periods["Rutte IV"] == "10 januari 2022 – 2 juli 2024"
    assert len(programmes) == 8
    assert list(data["Gegevens"])[:5] == [
        "Landen",
        "Toezeggingen",
        "Thema's ontwikkelingshulp",
        "Posten",
        "Veiligheidssituatie",
    ]
    commitments = datasets.load("commitments")
    row = data.set_index("Gegevens").loc["Toezeggingen"]
    assert row["Rijen"] == str(len(commitments))
    assert row["Nieuwste bron"] == fmt.date(commitments["source_date"].max(), "nl")
    # One row per programme and region: 4 of the 2024 programme, 4 of the letter, 3 of 2026.
    assert len(regions) == 11
    rules = "\n".join(m.value for m in at.markdown)
    assert "**De Krim** hoort bij Oekraïne" in rules
    # Build notes (checksums, commands, tolerances) are not shown to users.
    assert "md5" not in rules and "build_boundaries" not in rules


def test_every_page_has_a_sidebar_link_named_in_the_chosen_language():
    for lang, overview in (("nl", "Overzicht"), ("en", "Overview")):
        at = _run({"lang": lang})
        assert not at.exception and not at.error
        links = [e.proto.label for e in at.sidebar if e.type == "page_link"]
        assert links[0] == overview
        assert len(links) == 9 and not any(" / " in label for label in links)
