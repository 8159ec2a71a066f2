"""Every page runs under Streamlit's AppTest without an exception."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _run(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def _figure(at: AppTest) -> dict:
    import json

    (chart,) = at.get("plotly_chart")
    return json.loads(chart.proto.spec)


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
    assert fig["layout"]["geo"]["lonaxis"]["range"] == [26, 63]
    assert at.title[0].value == "Dutch foreign policy at a glance"


def test_sources_page_lists_every_region_and_the_boundary_rules():
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    assert at.header[0].value == "Bronnen"
    (table,) = at.dataframe
    assert len(table.value) == 7
    assert any("Crimea" in m.value or "Krim" in m.value for m in at.markdown)
