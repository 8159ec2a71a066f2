"""The pages of the post network under AppTest: the coverage view, the country profile's
coverage and travel advice, the post page, the travel-advice layer."""

from __future__ import annotations

import pandas as pd
from app_maps import map_figures
from apptest_pages import run_page as _page
from streamlit.testing.v1 import AppTest

pytest_plugins = ["db_fixtures"]


def _texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def _advice(st) -> None:
    """A travel advice, as a refresh would publish it (values made up for the test)."""
    frame = pd.DataFrame(
        {
            "iso3": ["UKR", "MDA", "SSD"],
            "colour": ["red", "yellow", "red"],
            "parts_differ": [False, True, False],
            "changed_on": ["2026-05-29", "2026-02-01", "2026-03-03"],
            "url": [
                "https://www.nederlandwereldwijd.nl/reisadvies/oekraine",
                "https://www.nederlandwereldwijd.nl/reisadvies/moldavie",
                "https://www.nederlandwereldwijd.nl/reisadvies/zuid-soedan",
            ],
            "fetched_at": ["2026-11-30T10:00:00+00:00"] * 3,
        }
    )
    st.publish("travel_advice", frame, user="tester")


def test_the_coverage_view_ranks_the_priority_countries_beside_its_map(app_store):
    at = _page("pages/coverage.py", lang="en")
    assert not at.exception
    assert at.header[0].value == "Coverage risk of the post network"
    table = at.dataframe[0].value
    assert list(table["#"][:3]) == [1, 2, 3]
    by_country = table.set_index("Country")
    assert by_country.loc["South Sudan", "After announced closures"] == "no known coverage"
    assert by_country.loc["South Sudan", "Coverage now"] == "post in the country"
    assert by_country.loc["Aruba", "Coverage now"] == "part of the Kingdom"
    (spec,) = map_figures(at)
    assert spec["layout"]["legend"]["title"]["text"] == "Coverage by the post network"
    legend = {tr["name"] for tr in spec["data"] if tr["type"] == "choropleth"}
    assert {"own post: closure announced", "not a priority country"} <= legend
    # Without imported travel advice the view says how to import it.
    assert "refresh traveladvice" in at.info[0].value


def test_the_coverage_view_of_one_region_holds_only_its_countries(app_store):
    at = _page("pages/coverage.py", region="caribbean", lang="en")
    assert not at.exception
    countries = set(at.dataframe[0].value["Country"])
    assert "Aruba" in countries and "Ukraine" not in countries


def test_the_coverage_view_asks_what_the_programme_shown_asks(app_store):
    from dashboard.storage import bundled, datasets

    commitments = datasets.load("commitments")
    counted = {}
    for programme in bundled.choosable_programmes():
        pid = programme.programme_id
        at = _page("pages/coverage.py", programme=pid, lang="en")
        assert not at.exception
        table = at.dataframe[0].value.set_index("Country")
        in_view = bundled.rows_in_view(commitments, pid)
        counted[pid] = table.loc["Ukraine", "Commitments"]
        assert counted[pid] == (in_view["iso3"] == "UKR").sum()
        # The banner above the ranking names the programme (a warning when not today's).
        shown = [c.value for c in at.caption] + [w.value for w in at.warning]
        assert any(programme.title("en") in text for text in shown)
    assert len(set(counted.values())) > 1  # the programmes ask differently of Ukraine


def test_a_country_covered_from_a_neighbour_names_the_post_and_where_it_sits(app_store):
    at = _page("pages/country.py", iso3="MDG", lang="en")
    assert not at.exception
    text = _texts(at)
    assert r"Covered from\: Embassy in Dar es Salaam \(Tanzania\) · side\-accredited · open" in text
    assert "Coverage: covered from another country." in text


def test_a_country_without_known_coverage_says_so_and_a_part_of_the_kingdom_never_does(app_store):
    at = _page("pages/country.py", iso3="SOM", lang="en")
    assert not at.exception
    text = _texts(at)
    assert "No Dutch post in this country." in text
    assert "Which post covers this country is not in the data." in text
    at = _page("pages/country.py", iso3="BES", lang="en")
    text = _texts(at)
    assert "Part of the Kingdom: no embassy needed." in text
    assert "No Dutch post" not in text


def test_a_closure_announced_shows_on_the_profile_as_coverage_after_closures(app_store):
    at = _page("pages/country.py", iso3="SSD", lang="en")
    assert "Coverage: post in the country. After the announced closures: no known coverage." in (
        _texts(at)
    )


def test_the_profile_shows_the_travel_advice_with_its_date_and_link(app_store):
    at = _page("pages/country.py", iso3="MDA", lang="en")
    assert "has not been imported yet" in _texts(at)
    _advice(app_store)
    at = _page("pages/country.py", iso3="MDA", lang="en")
    assert not at.exception
    text = _texts(at)
    assert "Yellow: pay attention, security risks · parts of the country: another colour code" in (
        text.replace("\\", "")
    )
    assert "changed on 1 February 2026" in text
    (button,) = at.get("link_button")
    assert button.proto.url == "https://www.nederlandwereldwijd.nl/reisadvies/moldavie"


def test_the_travel_advice_layer_draws_in_the_official_colours_once_imported(app_store):
    at = _page("pages/overview.py", layer="traveladvice", lang="en")
    assert not at.exception
    assert "refresh traveladvice" in at.info[0].value
    _advice(app_store)
    at = _page("pages/overview.py", layer="traveladvice", lang="en")
    (spec,) = map_figures(at)
    traces = spec["data"]
    by_legend = {tr["name"]: tr for tr in traces}
    assert "UKR" in by_legend["red: do not travel"]["locations"]
    assert by_legend["red: do not travel"]["colorscale"][0][1] == "#E3001B"
    assert by_legend["Parts of the country: another colour code"]["marker"]["symbol"] == (
        "circle-open-dot"
    )
    assert not at.info


def test_the_post_page_lists_the_network_with_coverage_and_keeps_honorary_consulates_apart(
    app_store,
):
    at = _page("pages/posts.py", lang="en")
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 115
    dar = table.set_index("Posts").loc["Embassy in Dar es Salaam"]
    assert dar["Also covers"] == "Madagascar, Mauritius, Comoros"
    miami = table.set_index("Posts").loc["Consulate-General in Miami"]
    assert miami["Also covers"] == "Turks and Caicos Islands (consular only)"
    assert any("Honorary consulates are a layer of their own" in c.value for c in at.caption)
    history = at.dataframe[1].value
    assert len(history) == 22
