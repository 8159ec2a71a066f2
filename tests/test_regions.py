"""The priority regions are data, per programme: every region has an extent, names, members on
the map and, for each programme that names it, the passage it rests on."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.domain import regions
from dashboard.storage import boundaries as geo
from dashboard.storage import bundled

PROGRAMME_NAMES = {"UKR", "MDA", "ARM", "ISR", "PSE", "IRN", "ABW", "CUW", "SXM", "BES", "CHN"}
# How each programme's region rows cite it.
CITATIONS = {
    "rp2024": "Regeerprogramma 2024, h9a Internationale veiligheid",
    "bl2025_ontwikkelingshulp": "Beleidsbrief Ontwikkelingshulp (Kamerstuk 36 180, nr. 133)",
    "ca2026": 'Coalitieakkoord "Aan de slag"',
}
LETTER_REGIONS = {"north_africa", "sahel_west_africa", "horn_of_africa", "middle_east"}


def test_the_2024_programme_with_its_letters_shows_all_seven_regions():
    ids = {r.region_id for r in bundled.load_regions("rp2024")}
    assert ids == {"eastern_europe", "middle_east", "caribbean", "south_china_sea"} | LETTER_REGIONS


def test_the_2026_agreement_shows_its_own_regions_and_the_letter_still_in_force():
    found = {r.region_id: r.programme_ids for r in bundled.load_regions("ca2026")}
    assert set(found) == {"eastern_europe", "caribbean"} | LETTER_REGIONS
    assert found["middle_east"] == ("bl2025_ontwikkelingshulp", "ca2026")
    assert found["horn_of_africa"] == ("bl2025_ontwikkelingshulp",)


def test_the_african_regions_cite_the_development_letter_not_chapter_9a():
    for region_id in ("north_africa", "sahel_west_africa", "horn_of_africa"):
        region = bundled.get_region(region_id, "rp2024")
        assert region.programme_ids == ("bl2025_ontwikkelingshulp",)


@pytest.mark.parametrize("region", bundled.load_regions(every=True), ids=lambda r: r.region_id)
def test_region_has_both_names_a_sane_extent_and_a_source_per_programme(region):
    assert region.name_nl and region.name_en and region.name_nl != region.region_id
    (lon0, lon1), (lat0, lat1) = region.lon_range, region.lat_range
    assert -180 <= lon0 < lon1 <= 180 and -90 <= lat0 < lat1 <= 90
    for programme_id, citation in region.sources:
        assert citation.startswith(CITATIONS[programme_id]), (programme_id, citation)


@pytest.mark.parametrize("region", bundled.load_regions(every=True), ids=lambda r: r.region_id)
def test_every_member_lies_within_its_regions_extent(region):
    units = geo.load_boundaries("web")
    members = bundled.load_members(every=True)
    iso3 = set(members.loc[members["region_id"] == region.region_id, "iso3"])
    assert iso3, f"{region.region_id} has no members"
    shapes = units[units["iso3"].isin(iso3)]
    assert set(shapes["iso3"]) == iso3, f"members without a map unit: {iso3 - set(shapes.iso3)}"
    (lon0, lon1), (lat0, lat1) = region.lon_range, region.lat_range
    for row in shapes.itertuples():
        p = row.geometry.representative_point()
        # Large members (Russia, China) reach beyond the view; others lie inside it.
        inside = lon0 <= p.x <= lon1 and lat0 <= p.y <= lat1
        assert inside or row.iso3 in {"RUS", "CHN", "IDN"}, (
            f"{row.unit_id} lies outside the {region.region_id} view"
        )


def test_the_countries_the_2024_programme_names_are_marked_named():
    members = bundled.load_members("rp2024")
    named = set(members.loc[members["role"] == "named", "iso3"])
    assert PROGRAMME_NAMES <= named


def test_venezuela_is_a_neighbour_of_the_caribbean_parts_never_a_member():
    assert "VEN" not in set(bundled.load_members(every=True)["iso3"])
    near = bundled.load_neighbours("ca2026")
    assert near[["region_id", "iso3", "role"]].values.tolist() == [
        ["caribbean", "VEN", "neighbour"]
    ]
    assert near.loc[0, "source"].startswith("Rijksoverheid")
    assert near.loc[0, "source_date"] == "2026-01-09"


def _tables(member_rows: list[tuple[str, str, str, str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    table = pd.DataFrame(
        {
            "region_id": ["east", "east"],
            "name_nl": ["Oost", "Oost"],
            "name_en": ["East", "East"],
            "lon_min": ["20", "20"],
            "lon_max": ["50", "50"],
            "lat_min": ["37", "37"],
            "lat_max": ["57", "57"],
            "source": ["Programma A, par. 1", "Programma B, par. 3"],
            "source_url": ["https://a", "https://b"],
            "source_date": ["2024-09-13", "2026-01-30"],
            "programme_id": ["a", "b"],
        }
    )
    members = pd.DataFrame(
        member_rows, columns=["region_id", "iso3", "role", "programme_id"]
    ).assign(source=pd.NA, source_url=pd.NA, source_date=pd.NA)
    return table, members


def test_a_region_named_by_two_programmes_is_one_region_with_both_sources():
    table, members = _tables([("east", "UKR", "member", "a"), ("east", "UKR", "named", "b")])
    found, kept, near = regions.from_tables(table, members, ["a", "b"])
    assert [(r.region_id, r.sources, r.source_date) for r in found] == [
        ("east", (("a", "Programma A, par. 1"), ("b", "Programma B, par. 3")), "2026-01-30")
    ]
    assert kept.values.tolist() == [["east", "UKR", "named"]]
    assert near.empty


def test_a_view_shows_only_its_programmes_rows():
    table, members = _tables([("east", "UKR", "named", "a"), ("east", "MDA", "named", "a")])
    found, kept, _ = regions.from_tables(table, members, ["b"])
    assert [r.sources for r in found] == [(("b", "Programma B, par. 3"),)]
    assert kept.empty


def test_a_member_row_for_a_region_its_programme_does_not_list_is_refused():
    table, members = _tables([("east", "UKR", "named", "c")])
    with pytest.raises(ValueError, match=r"\('east', 'c'\)"):
        regions.from_tables(table, members)


def test_a_neighbour_without_its_own_source_is_refused():
    table, members = _tables([("east", "BLR", "neighbour", "a")])
    with pytest.raises(ValueError, match="neighbour rows without a source: \\['BLR'\\]"):
        regions.from_tables(table, members)


def test_an_unknown_region_is_refused_with_the_known_ones_listed():
    with pytest.raises(KeyError, match="unknown region 'atlantis'.*eastern_europe"):
        bundled.get_region("atlantis")
