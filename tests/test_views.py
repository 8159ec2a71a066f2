"""Region and country tables, from hand-made datasets."""

from __future__ import annotations

import pandas as pd

from dashboard.domain import joins, views

MEMBERS = pd.DataFrame(
    {
        "region_id": ["east", "east", "other"],
        "iso3": ["UKR", "GEO", "FRA"],
        "role": ["named", "member", "member"],
    }
)
COUNTRIES = pd.DataFrame(
    {
        "iso3": ["UKR", "GEO", "FRA"],
        "name_nl": ["Oekraïne", "Georgië", "Frankrijk"],
        "name_en": ["Ukraine", "Georgia", "France"],
    }
)
COMMITMENTS = pd.DataFrame(
    {
        "commitment_id": ["a", "b", "c"],
        "iso3": ["UKR", "UKR", None],
        "group": [None, None, "east"],
        "instrument": ["military", "financial", "diplomatic"],
        "description_nl": ["F-16's", "Begroting", "Regio"],
        "description_en": ["F-16s", "Budget", "Reg"],
        "amount_eur": pd.array([2_400_000_000, None, None], dtype="Int64"),
        "period": [None, "2024-", None],
        "status": ["delivered", "ongoing", "ongoing"],
        "source": ["s1", "s2", "s3"],
        "source_url": ["u", None, None],
        "source_date": ["2025", "2024", "2024"],
    }
)
SITUATION = pd.DataFrame({"iso3": ["UKR"], "level": ["war"]})
POSTS = pd.DataFrame(
    {
        "post_id": ["kyiv", "tbilisi"],
        "iso3": ["UKR", "GEO"],
        "status": ["open", "open"],
        "type": ["embassy", "embassy"],
        "name_en": ["Embassy in Kyiv", "Embassy in Tbilisi"],
    }
)
COVERAGE = pd.DataFrame(
    {
        "post_id": ["kyiv", "tbilisi", "tbilisi"],
        "iso3": ["UKR", "GEO", "ARM"],
        "role": ["resident", "resident", "side_accredited"],
    }
)


def test_region_countries_lists_members_with_situation_commitments_and_posts():
    table = views.region_countries("east", MEMBERS, COUNTRIES, COMMITMENTS, SITUATION, POSTS, "nl")
    assert table.to_dict("records") == [
        {
            "iso3": "UKR",
            "name": "Oekraïne",
            "role": "named",
            "level": "oorlog",
            "commitments": 2,
            "open_posts": 1,
        },
        {
            "iso3": "GEO",
            "name": "Georgië",
            "role": "member",
            "level": "niet beoordeeld",
            "commitments": 0,
            "open_posts": 1,
        },
    ]


def test_commitments_table_names_countries_and_regions_and_keeps_unknown_amounts_blank():
    names = COUNTRIES.set_index("iso3")["name_en"]
    groups = views.group_names({"east": "Eastern neighbourhood"}, "en")
    rows = joins.commitments_for(COMMITMENTS, {"UKR"}, {"east"}).rows
    table = views.commitments_table(rows, names, groups, "en")
    assert list(table["aimed_at"]) == ["Ukraine", "Ukraine", "Eastern neighbourhood"]
    assert list(table["amount"]) == ["€2.4bn", "", ""]
    assert list(table["status"]) == ["delivered", "ongoing", "ongoing"]
    dutch = views.commitments_table(rows, names, views.group_names({}, "nl"), "nl")
    assert list(dutch["status"]) == ["geleverd", "lopend", "lopend"]
    assert list(dutch["instrument"]) == ["militair", "financieel", "diplomatiek"]


def test_a_row_aimed_at_the_whole_world_is_named_in_the_users_language():
    row = COMMITMENTS.assign(group=[None, None, "global"]).iloc[[2]]
    names = COUNTRIES.set_index("iso3")["name_nl"]
    table = views.commitments_table(row, names, views.group_names({}, "nl"), "nl")
    assert list(table["aimed_at"]) == ["wereldwijd"]


def test_posts_covering_a_country_without_its_own_post_name_it_with_its_host_and_role():
    cover = views.posts_covering("ARM", POSTS, COVERAGE)
    assert cover.resident.empty
    assert cover.elsewhere[["post_id", "host", "role"]].to_dict("records") == [
        {"post_id": "tbilisi", "host": "GEO", "role": "side_accredited"}
    ]
    assert list(views.posts_covering("GEO", POSTS, COVERAGE).resident["post_id"]) == ["tbilisi"]


def test_instrument_mix_counts_largest_first():
    rows = pd.concat([COMMITMENTS, COMMITMENTS.iloc[[0]]])
    mix = views.instrument_mix(rows, "nl")
    assert list(mix["instrument"]) == ["militair", "financieel", "diplomatiek"]
    assert list(mix["commitments"]) == [2, 1, 1]


def test_commitments_filter_by_instrument_status_and_year_and_leave_the_input_alone():
    before = COMMITMENTS.copy()
    assert list(
        views.filter_commitments(COMMITMENTS, instruments=["military"])["commitment_id"]
    ) == ["a"]
    assert list(
        views.filter_commitments(COMMITMENTS, statuses=["ongoing"], year=2026)["commitment_id"]
    ) == ["b"]  # "2024-" runs on; "c" has only a 2024 source
    assert list(views.filter_commitments(COMMITMENTS, year=2025)["commitment_id"]) == ["a", "b"]
    assert len(views.filter_commitments(COMMITMENTS)) == 3
    pd.testing.assert_frame_equal(COMMITMENTS, before)
