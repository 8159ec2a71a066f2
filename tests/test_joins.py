"""Joining datasets to the map units with geopandas, and the aggregations behind the layers."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from dashboard.domain import joins

BOUNDARIES = gpd.GeoDataFrame(
    {"unit_id": ["UKR", "BQ-BO", "BQ-SE", "BQ-SA"], "iso3": ["UKR", "BES", "BES", "BES"]},
    geometry=[
        box(22, 44, 40, 52),
        box(-68.4, 12.0, -68.2, 12.3),
        box(-63.0, 17.47, -62.95, 17.52),
        box(-63.25, 17.61, -63.21, 17.65),
    ],
    crs="EPSG:4326",
)


def test_a_row_for_the_caribbean_netherlands_lands_on_all_three_islands():
    data = pd.DataFrame({"iso3": ["BES"], "value": [1]})
    result = joins.join_to_map(BOUNDARIES, data)
    assert sorted(result.joined["unit_id"]) == ["BQ-BO", "BQ-SA", "BQ-SE"]
    assert isinstance(result.joined, gpd.GeoDataFrame) and result.joined.crs == BOUNDARIES.crs
    assert result.unmatched.empty


def test_an_unknown_code_is_reported_not_dropped_silently():
    data = pd.DataFrame({"iso3": ["UKR", "XYZ", None], "value": [1, 2, 3]})
    before = data.copy()
    result = joins.join_to_map(BOUNDARIES, data)
    assert list(result.joined["unit_id"]) == ["UKR"]
    assert list(result.unmatched["iso3"]) == ["XYZ"]
    pd.testing.assert_frame_equal(data, before)


def test_group_rows_are_expanded_to_the_regions_members():
    data = pd.DataFrame(
        {
            "iso3": ["UKR", None, None],
            "group": [None, "caribbean", "global"],
            "theme": ["water", "health", "trade"],
        }
    )
    members = pd.DataFrame({"region_id": ["caribbean"], "iso3": ["BES"], "role": ["named"]})
    expanded = joins.expand_groups(data, members)
    rows = zip(expanded.iso3, expanded.theme, expanded.via_group.fillna("-"), strict=True)
    assert list(rows) == [("UKR", "water", "-"), ("BES", "health", "caribbean")]


def test_commitments_by_country_counts_per_instrument():
    commitments = pd.DataFrame(
        {
            "iso3": ["UKR", "UKR", "MDA", None],
            "instrument": ["military", "financial", "military", "trade"],
        }
    )
    result = joins.commitments_by_country(commitments)
    assert result.loc["UKR"].to_dict() == {"commitments": 2, "financial": 1, "military": 1}
    assert result.loc["MDA", "commitments"] == 1 and "trade" not in result.columns


def test_covering_posts_lists_host_and_accredited_countries():
    posts = pd.DataFrame(
        {
            "post_id": ["amman", "kyiv", "pv_nato"],
            "iso3": ["JOR", "UKR", "BEL"],
            "type": ["embassy", "embassy", "permanent_representation"],
            "status": ["open", "open", "open"],
        }
    )
    coverage = pd.DataFrame(
        {
            "post_id": ["amman", "amman", "amman", "kyiv", "gone"],
            "iso3": ["JOR", "IRQ", "SYR", "UKR", "XXX"],
            "role": ["resident", "side_accredited", "consular_only", "resident", "resident"],
        }
    )
    cover = joins.covering_posts(posts, coverage)
    assert sorted(zip(cover.iso3, cover.post_id, cover.role, cover.resident, strict=True)) == [
        ("IRQ", "amman", "side_accredited", False),
        ("JOR", "amman", "resident", True),
        ("SYR", "amman", "consular_only", False),
        ("UKR", "kyiv", "resident", True),
    ]
    # Without a coverage table, each bilateral post covers its host country only.
    alone = joins.covering_posts(posts)
    assert sorted(zip(alone.iso3, alone.post_id, strict=True)) == [
        ("JOR", "amman"),
        ("UKR", "kyiv"),
    ]


def test_posts_per_country_counts_open_posts():
    posts = pd.DataFrame(
        {"iso3": ["LBY", "UKR", "UKR"], "status": ["closure_announced", "open", "open"]}
    )
    result = joins.posts_per_country(posts)
    assert result.loc["UKR"].to_dict() == {"posts": 2, "open": 2}
    assert result.loc["LBY"].to_dict() == {"posts": 1, "open": 0}


def test_one_rule_counts_a_countrys_own_and_its_regions_commitments():
    commitments = pd.DataFrame(
        {
            "commitment_id": ["own", "own_in_group", "region", "other_region", "elsewhere"],
            "iso3": ["PSE", "PSE", None, None, "ROU"],
            "group": [None, "middle_east", "middle_east", "caribbean", "middle_east"],
        }
    )
    before = commitments.copy()
    found = joins.commitments_for(commitments, {"PSE"}, {"middle_east"})
    assert list(found.own["commitment_id"]) == ["own", "own_in_group"]
    # Aimed at the region as a whole: no country. A row for a country outside the view
    # is not counted, whatever its group.
    assert list(found.regional["commitment_id"]) == ["region"]
    assert list(found.rows["commitment_id"]) == ["own", "own_in_group", "region"]
    pd.testing.assert_frame_equal(commitments, before)
