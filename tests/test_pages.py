"""Each browsing page runs under AppTest and does its one job."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _page(page: str, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(page)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_region_view_lists_the_regions_countries_with_their_situation():
    at = _page("app_pages/region.py", region="eastern_europe")
    assert not at.exception
    assert at.header[0].value == "Oekraïne en oostelijk nabuurschap"
    countries = at.dataframe[0].value
    assert {"Oekraïne", "Moldavië", "Armenië"} <= set(countries["Land"])
    assert countries.set_index("Land").loc["Oekraïne", "Situatie"] == "oorlog"


def test_country_profile_from_the_url_shows_its_commitments_posts_and_programme_paragraphs():
    at = _page("app_pages/country.py", iso3="MDA", lang="en")
    assert not at.exception
    assert at.subheader[0].value == "Moldova (MDA)"
    assert "Embassy in Chisinau" in _markdown(at)
    commitments = at.dataframe[0].value
    assert (commitments["Country"] == "Moldova").any()
    quoted = [m.value for e in at.expander for m in e.markdown]
    assert any("Moldavië" in text for text in quoted)
    assert all(e.label.startswith("Regeerprogramma 2024, h9a") for e in at.expander)


def test_country_profile_without_a_country_asks_for_one():
    at = _page("app_pages/country.py")
    assert not at.exception
    assert at.info[0].value == "Kies een land om het profiel te zien."


def test_post_network_filters_by_status_from_the_url():
    at = _page("app_pages/posts.py", status="closure_announced", lang="en")
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) > 0 and set(table["Status"]) == {"closure announced"}


def test_tracker_shows_each_goal_and_leaves_unknown_figures_blank():
    at = _page("app_pages/tracker.py", lang="en")
    assert not at.exception
    values = [m.value for m in at.metric]
    assert "2.5% of GDP" in values
    assert "—" in values  # a goal without a public figure stays empty
    assert any(c.value == "No public figure found" for c in at.caption)
