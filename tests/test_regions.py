"""The priority regions are data: every region has an extent, names and members on the map."""

from __future__ import annotations

import pytest

from dashboard.storage import boundaries as geo
from dashboard.storage import bundled

PROGRAMME_NAMES = {"UKR", "MDA", "ARM", "ISR", "PSE", "IRN", "ABW", "CUW", "SXM", "BES", "CHN"}


def test_every_region_the_programme_names_is_defined():
    ids = {r.region_id for r in bundled.load_regions()}
    assert ids == {
        "eastern_europe",
        "middle_east",
        "north_africa",
        "sahel_west_africa",
        "horn_of_africa",
        "caribbean",
        "south_china_sea",
    }


@pytest.mark.parametrize("region", bundled.load_regions(), ids=lambda r: r.region_id)
def test_region_has_both_names_a_sane_extent_and_a_source(region):
    assert region.name_nl and region.name_en and region.name_nl != region.region_id
    (lon0, lon1), (lat0, lat1) = region.lon_range, region.lat_range
    assert -180 <= lon0 < lon1 <= 180 and -90 <= lat0 < lat1 <= 90
    assert region.source.startswith("Regeerprogramma 2024, h9a")


@pytest.mark.parametrize("region", bundled.load_regions(), ids=lambda r: r.region_id)
def test_every_member_lies_within_its_regions_extent(region):
    units = geo.load_boundaries("web")
    members = bundled.load_members()
    iso3 = set(members.loc[members["region_id"] == region.region_id, "iso3"])
    assert iso3, f"{region.region_id} has no members"
    shapes = units[units["iso3"].isin(iso3)]
    assert set(shapes["iso3"]) == iso3, f"members without a map unit: {iso3 - set(shapes.iso3)}"
    (lon0, lon1), (lat0, lat1) = region.lon_range, region.lat_range
    for row in shapes.itertuples():
        p = row.geometry.representative_point()
        # Large members (Russia, China, Venezuela) reach beyond the view; others lie inside it.
        inside = lon0 <= p.x <= lon1 and lat0 <= p.y <= lat1
        assert inside or row.iso3 in {"RUS", "CHN", "IDN", "VEN"}, (
            f"{row.unit_id} lies outside the {region.region_id} view"
        )


def test_the_countries_the_programme_names_are_marked_named():
    members = bundled.load_members()
    named = set(members.loc[members["role"] == "named", "iso3"])
    assert PROGRAMME_NAMES <= named


def test_an_unknown_region_is_refused_with_the_known_ones_listed():
    with pytest.raises(KeyError, match="unknown region 'atlantis'.*eastern_europe"):
        bundled.get_region("atlantis")
