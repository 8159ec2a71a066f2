"""What a view shows is built once per view and per active dataset versions, and a publish is
shown at the next rerun."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from app_maps import map_figures
from apptest_pages import run_page
from streamlit.testing.v1 import AppTest

from dashboard.maps import figure as maps
from dashboard.storage import datasets

pytest_plugins = ["db_fixtures"]

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _overview(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _in_view(at: AppTest):
    """The overview's "countries in this view" expander."""
    (expander,) = [e for e in at.expander if e.label.startswith("Landen in deze weergave")]
    return expander


def _countries_in_view(at: AppTest) -> int:
    return int(re.search(r"\((\d+)\)", _in_view(at).label).group(1))


def test_a_warm_rerun_asks_the_database_once_and_builds_no_figure(app_store, monkeypatch):
    at = _overview(layer="situation", region="middle_east")
    assert not at.exception
    calls = []
    real_load, real_figure = datasets.load, maps.map_figure
    monkeypatch.setattr(datasets, "load", lambda *a, **k: calls.append("load") or real_load(*a))
    monkeypatch.setattr(
        maps, "map_figure", lambda *a, **k: calls.append("figure") or real_figure(*a, **k)
    )
    real_versions = type(app_store).active_version_ids
    monkeypatch.setattr(
        type(app_store),
        "active_version_ids",
        lambda self: calls.append("versions") or real_versions(self),
    )
    at.run()
    assert not at.exception and calls == ["versions"]
    assert map_figures(at)  # the map is still drawn, from the cache


def test_a_publish_is_shown_at_the_next_rerun(app_store):
    at = _overview(layer="situation")
    before = _countries_in_view(at)
    situation = datasets.load("situation")
    app_store.publish("situation", situation.iloc[1:], user="anna", note="one row fewer")
    at.run()
    assert not at.exception
    assert _countries_in_view(at) == before - 1


def test_the_world_view_draws_the_coarse_geometry_and_a_region_the_finer(app_store):
    world = _overview()
    region = _overview(region="caribbean")
    world_urls = {tr["geojson"] for tr in _traces(world) if tr["type"] == "choropleth"}
    region_urls = {tr["geojson"] for tr in _traces(region) if tr["type"] == "choropleth"}
    assert world_urls == {"app/static/geo/world.geojson"}
    assert region_urls == {"app/static/geo/countries.geojson"}


@pytest.mark.parametrize(
    ("page", "query", "geometry"),
    [
        ("pages/compare.py", {}, "world"),  # the whole world, two programmes side by side
        ("pages/coverage.py", {}, "world"),
        ("pages/coverage.py", {"region": "eastern_europe"}, "countries"),
        ("pages/posts.py", {}, "world"),
    ],
)
def test_every_world_map_draws_the_coarse_geometry_and_a_zoomed_one_the_finer(
    app_store, page, query, geometry
):
    at = run_page(page, **query)
    assert not at.exception
    (figure,) = map_figures(at)
    urls = {tr["geojson"] for tr in figure["data"] if tr["type"] == "choropleth"}
    assert urls == {f"app/static/geo/{geometry}.geojson"}


def _traces(at: AppTest) -> list[dict]:
    (figure,) = map_figures(at)
    return figure["data"]


def test_a_warm_start_keeps_what_it_loaded_out_of_the_collection_after_every_run(app_store):
    import gc

    from dashboard.web import serve

    gc.unfreeze()
    try:
        steps = serve.warm()
        # Streamlit collects garbage after each run; the boundaries, the data and the
        # libraries loaded at the start are not scanned again each time.
        assert "freeze" in steps
        assert gc.get_freeze_count() > 100_000
    finally:
        gc.unfreeze()


def _table_in_view(at: AppTest):
    return [d.value for d in _in_view(at).dataframe]


def test_the_countries_table_is_built_when_opened_and_stays_open_through_a_layer_change(
    app_store,
):
    at = _overview(layer="situation")
    assert not at.exception
    assert _table_in_view(at) == []  # closed: nothing built, nothing sent to the browser
    assert map_figures(at)
    at.session_state["countries_in_view"] = True  # the user opens it
    at.run()
    (table,) = _table_in_view(at)
    assert len(table) == _countries_in_view(at) > 0
    # Another layer: another count in the label, so a new expander, which starts open.
    at.session_state["countries_in_view__open"] = True  # what opening it remembered
    (layer,) = [s for s in at.selectbox if s.label == "Kaartlaag"]
    at = layer.set_value("commitments").run()
    assert not at.exception
    (table,) = _table_in_view(at)
    assert len(table) == _countries_in_view(at) > 0
