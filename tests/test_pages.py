"""Each browsing page runs under AppTest and does its one job."""

from __future__ import annotations

import pandas as pd
import pytest
from app_maps import map_figures
from apptest_pages import run_page as _page
from streamlit.testing.v1 import AppTest

from dashboard.storage import bundled, datasets
from dashboard.text import i18n


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The one table on the page that has ``column``."""
    (table,) = [d.value for d in at.dataframe if column in d.value.columns]
    return table


def test_region_view_lists_the_regions_countries_with_their_situation():
    at = _page("pages/region.py", region="eastern_europe", programme="rp2024")
    assert not at.exception
    assert at.header[0].value == "Oekraïne en oostelijk nabuurschap"
    countries = _table_with(at, "Situatie")
    assert {"Oekraïne", "Moldavië", "Armenië"} <= set(countries["Land"])
    assert countries.set_index("Land").loc["Oekraïne", "Situatie"] == "oorlog"


def test_country_profile_from_the_url_shows_its_commitments_posts_and_programme_paragraphs():
    at = _page("pages/country.py", iso3="MDA", lang="en", programme="rp2024")
    assert not at.exception
    assert at.subheader[0].value == "Moldova (MDA)"
    assert any("Embassy in Chisinau" in e.value for e in [*at.text, *at.markdown])
    own = at.dataframe[0].value
    # On the country's own page no column repeats its name; statuses are words.
    assert "Country" not in own.columns and "Aimed at" not in own.columns
    assert set(own["Status"]) <= {"announced", "committed", "ongoing", "delivered", "completed"}
    paragraphs = [e for e in at.expander if e.label.startswith("Regeerprogramma 2024, h9a")]
    assert any("Moldavië" in m.value for e in paragraphs for m in e.markdown)


def test_country_profile_without_a_country_asks_for_one():
    at = _page("pages/country.py")
    assert not at.exception
    assert at.info[0].value == "Kies een land om het profiel te zien."


def test_post_network_filters_by_status_from_the_url():
    at = _page("pages/posts.py", status="closure_announced", lang="en")
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) > 0 and set(table["Status"]) == {"closure announced"}


def test_tracker_shows_each_goal_and_leaves_unknown_figures_blank():
    at = _page("pages/tracker.py", lang="en", programme="rp2024")
    assert not at.exception
    values = [m.value for m in at.metric]
    assert "2.5% of GDP" in values
    assert "—" in values  # a goal without a public figure stays empty
    assert any(c.value == "No public figure found" for c in at.caption)


def test_a_published_country_indicator_becomes_a_map_layer():
    frame = pd.DataFrame(
        {
            "iso3": ["UKR", "MDA"],
            "refugees_hosted": [6000.0, 120000.0],
            "source": ["UNHCR", "UNHCR"],
            "source_url": ["", ""],
            "source_date": ["2025-06", "2025-06"],
        }
    )
    datasets.store().publish("refugees_test", frame, user="tester", kind="indicator")
    at = _page("pages/overview.py", layer="indicator:refugees_test:refugees_hosted")
    assert not at.exception
    (spec,) = map_figures(at)
    traces = spec["data"]
    by_legend = {tr["name"]: tr["locations"] for tr in traces if tr["type"] == "choropleth"}
    assert "UKR" in by_legend["6.000 – 28.800"] and "MDA" in by_legend["97.200 – 120.000"]
    assert "FRA" in by_legend["Geen waarde"]


def test_region_view_filters_commitments_by_instrument_from_the_url():
    at = _page(
        "pages/region.py",
        region="eastern_europe",
        instrument="military",
        lang="en",
        programme="rp2024",
    )
    assert not at.exception
    commitments = _table_with(at, "Instrument")
    assert len(commitments) > 0 and set(commitments["Instrument"]) == {"military"}
    assert at.multiselect[0].value == ["military"]


def _card_value(at: AppTest) -> int:
    """The first key figure: the number of commitments to the country (a card's first line)."""
    card = next(m.value for m in at.markdown if m.value.startswith("### "))
    return int(card.splitlines()[0].removeprefix("### "))


@pytest.mark.parametrize("iso3", ["PSE", "ABW", "UKR"])
def test_a_profiles_commitment_card_counts_the_rows_of_its_commitments_table(iso3):
    # The rows of the 2024 programme's view (today's programme has far fewer).
    view = bundled.view_ids("rp2024")
    commitments = datasets.load("commitments").loc[lambda f: f["programme_id"].isin(view)]
    members = bundled.load_members("rp2024")
    regions = set(members.loc[members["iso3"] == iso3, "region_id"])
    own = int((commitments["iso3"] == iso3).sum())
    regional = int((commitments["iso3"].isna() & commitments["group"].isin(regions)).sum())
    at = _page("pages/country.py", iso3=iso3, lang="en", programme="rp2024")
    assert not at.exception
    assert _card_value(at) == own
    headings = [m.value for m in at.markdown if m.value.startswith("**To ")]
    assert headings[0] == f"**To this country or territory ({own})**"
    tables = [d.value for d in at.dataframe]
    if own:
        assert len(tables[0]) == own
    if regional:
        assert headings[1] == f"**To the region as a whole ({regional})**"
        assert len(tables[-1]) == regional
        # The region is named, never its code.
        assert set(tables[-1]["Region"]) <= {r.name_en for r in bundled.load_regions("rp2024")}


def test_a_caribbean_island_has_its_own_profile_that_never_says_there_is_no_dutch_post():
    at = _page("pages/country.py", iso3="BQ-SA")
    assert not at.exception
    assert at.subheader[0].value == "Saba (BQ-SA)"
    assert "bijzondere gemeente van Nederland" in at.caption[0].value
    texts = "\n".join(e.value for e in [*at.text, *at.markdown, *at.caption])
    assert i18n.t("coverage_kingdom_here", "nl") in texts
    assert "Geen Nederlandse post" not in texts
    assert any("Caribisch Nederland als geheel" in i.value for i in at.info)
    (spec,) = map_figures(at)
    geo = spec["layout"]["geo"]
    lon, lat = geo["lonaxis"]["range"], geo["lataxis"]["range"]
    assert lon[0] < -63.23 < lon[1] and lat[0] < 17.63 < lat[1]  # centred on Saba


def test_an_analysts_indicator_is_listed_by_a_readable_name_not_its_code_twice():
    frame = pd.DataFrame(
        {
            "iso3": ["UKR", "MDA"],
            "vluchtelingen_per_1000": [12.5, 3.0],
            "source": ["UNHCR", "UNHCR"],
            "source_url": ["", ""],
            "source_date": ["2025-06", "2025-06"],
        }
    )
    datasets.store().publish("vluchtelingen_per_1000", frame, user="tester", kind="indicator")
    at = _page("pages/overview.py")
    assert not at.exception
    layer = next(s for s in at.selectbox if s.label == "Kaartlaag")
    key = "indicator:vluchtelingen_per_1000:vluchtelingen_per_1000"
    assert layer.format_func(key) == "Vluchtelingen per 1000"


def test_the_tracker_shows_the_distance_to_each_goal_and_names_goals_not_their_ids():
    at = _page("pages/tracker.py", programme="rp2024")
    assert not at.exception
    tracker = bundled.load_tracker().loc[
        lambda f: f["programme_id"].isin(bundled.view_ids("rp2024"))
    ]
    with_goal = tracker.dropna(subset=["value", "target"])
    assert len(at.get("progress")) == len(with_goal)
    texts = "\n".join(t.value for t in at.text)
    assert not any(i in texts for i in tracker["indicator_id"])
    goals = [m.value for m in at.markdown if m.value.startswith("Doel: ")]
    assert len(goals) == tracker["target"].notna().sum()
