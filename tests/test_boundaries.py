"""The built boundary files follow the Dutch point of view and are healthy geometry."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely

from dashboard.maps import figure as maps
from dashboard.storage import boundaries as geo
from dashboard.text.i18n import t

# (place, lon, lat, unit_id the place must lie in)
POINT_OF_VIEW = [
    ("Simferopol", 34.10, 44.95, "UKR"),
    ("Sevastopol", 33.52, 44.60, "UKR"),
    ("Katzrin", 35.69, 32.99, "SYR"),
    ("Majdal Shams", 35.77, 33.27, "SYR"),
    ("Tiberias", 35.53, 32.79, "ISR"),
    ("Haifa", 35.00, 32.79, "ISR"),
    # Kyrenia's harbour (33.32E 35.34N) lies just off the 1:10m coast; a point 1 km inland.
    ("Kyrenia", 33.32, 35.33, "CYP"),
    ("North Nicosia", 33.36, 35.20, "CYP"),
    ("Hargeisa", 44.06, 9.56, "SOM"),
    ("Pristina", 21.17, 42.67, "XKX"),
    ("Laayoune", -13.20, 27.15, "ESH"),
    ("Dakhla", -15.94, 23.70, "ESH"),
    ("Tan-Tan", -11.10, 28.44, "MAR"),
    ("Agadir", -9.55, 30.42, "MAR"),
    ("Sukhumi", 41.02, 43.00, "GEO"),
    ("Tskhinvali", 43.96, 42.23, "GEO"),
    ("Tiraspol", 29.63, 46.84, "MDA"),
    ("Stepanakert/Khankendi", 46.75, 39.82, "AZE"),
    ("Ramallah", 35.20, 31.90, "PSE"),
    ("Gaza", 34.45, 31.50, "PSE"),
]

CARIBBEAN = [
    ("Oranjestad, Aruba", -70.03, 12.525, "ABW", "ABW", None),  # town centre, off the harbour
    ("Willemstad", -68.93, 12.11, "CUW", "CUW", None),
    ("Philipsburg", -63.05, 18.03, "SXM", "SXM", None),
    ("Kralendijk", -68.27, 12.15, "BQ-BO", "BES", "BQ-BO"),
    ("Oranjestad, Sint Eustatius", -62.985, 17.485, "BQ-SE", "BES", "BQ-SE"),
    ("The Bottom", -63.245, 17.625, "BQ-SA", "BES", "BQ-SA"),
]


@pytest.fixture(scope="module")
def print_units():
    return geo.load_boundaries("print").set_index("unit_id", drop=False)


@pytest.fixture(scope="module")
def web_units():
    return geo.load_boundaries("web").set_index("unit_id", drop=False)


def _units_containing(units, lon, lat):
    hits = units.geometry.contains(shapely.Point(lon, lat))
    return sorted(units.index[hits.to_numpy()])


@pytest.mark.parametrize(
    "place, lon, lat, unit_id", POINT_OF_VIEW, ids=[p[0] for p in POINT_OF_VIEW]
)
def test_a_place_in_a_disputed_area_lies_in_the_unit_of_the_dutch_position(
    print_units, place, lon, lat, unit_id
):
    assert _units_containing(print_units, lon, lat) == [unit_id]


def test_kosovo_is_a_separate_state_unit_and_not_part_of_serbia(print_units):
    kosovo = print_units.loc["XKX"]
    assert (kosovo.iso3, kosovo.status, kosovo.name_nl) == ("XKX", "state", "Kosovo")
    assert not print_units.loc["SRB"].geometry.contains(shapely.Point(21.17, 42.67))


def test_western_sahara_is_a_non_self_governing_territory_not_morocco(print_units):
    assert print_units.loc["ESH", "status"] == "non-self-governing-territory"
    assert print_units.loc["MAR"].geometry.bounds[1] >= 27.0 + 40 / 60 - 1e-6


def test_palestinian_territories_are_a_unit_not_recognised_as_a_state(print_units):
    pse = print_units.loc["PSE"]
    assert (pse.status, pse.name_en, pse.name_nl) == (
        "not-recognised-as-state",
        "Palestinian Territories",
        "Palestijnse Gebieden",
    )


def test_crimea_no_longer_belongs_to_russia(print_units):
    crimea = shapely.box(32.4, 44.3, 36.4, 46.0)
    assert print_units.loc["RUS"].geometry.intersection(crimea).area == 0


@pytest.mark.parametrize("detail", ["print", "web"])
@pytest.mark.parametrize(
    "place, lon, lat, unit_id, iso3, subdivision", CARIBBEAN, ids=[c[0] for c in CARIBBEAN]
)
def test_each_caribbean_part_of_the_kingdom_is_its_own_unit_containing_its_capital(
    print_units, web_units, detail, place, lon, lat, unit_id, iso3, subdivision
):
    units = print_units if detail == "print" else web_units
    assert _units_containing(units, lon, lat) == [unit_id]
    unit = units.loc[unit_id]
    assert unit.iso3 == iso3 and not unit.geometry.is_empty
    if detail == "print":
        assert (unit.subdivision or None) == subdivision


def test_the_caribbean_statuses_are_kingdom_country_and_special_municipality(print_units):
    statuses = print_units.loc[["ABW", "CUW", "SXM", "BQ-BO", "BQ-SE", "BQ-SA"], "status"]
    assert list(statuses) == ["kingdom-country"] * 3 + ["special-municipality"] * 3


@pytest.mark.parametrize("detail", ["print", "web"])
def test_the_european_netherlands_no_longer_reach_west_of_greenwich(print_units, web_units, detail):
    units = print_units if detail == "print" else web_units
    assert units.loc["NLD"].geometry.bounds[0] > 0


@pytest.mark.parametrize("detail", ["print", "web"])
def test_every_unit_is_valid_non_empty_named_and_unique_in_epsg_4326(detail):
    units = geo.load_boundaries(detail)
    assert units.crs.to_epsg() == 4326
    assert units["unit_id"].is_unique
    assert units.geometry.is_valid.all() and not units.geometry.is_empty.any()
    assert (units["name_en"].str.len() > 0).all() and (units["name_nl"].str.len() > 0).all()


@pytest.mark.parametrize("detail", ["print", "web"])
def test_no_ring_spans_more_than_180_degrees_of_longitude(detail):
    units = geo.load_boundaries(detail)
    parts = shapely.get_parts(units.geometry.to_numpy())
    rings = np.concatenate(
        [shapely.get_exterior_ring(parts), *[shapely.get_interior_ring(parts, i) for i in range(3)]]
    )
    rings = rings[~shapely.is_missing(rings)]
    xmin, _, xmax, _ = shapely.bounds(rings).T
    assert np.nanmax(xmax - xmin) <= 180


def test_antarctica_is_left_out(print_units):
    assert "ATA" not in print_units.index
    assert print_units.total_bounds[1] > -60


def test_the_web_file_is_a_valid_coverage_without_overlaps_or_slivers(web_units):
    assert shapely.coverage_is_valid(web_units.geometry.to_numpy())


def test_web_exteriors_are_clockwise_for_d3(web_units):
    parts = shapely.get_parts(web_units.geometry.to_numpy())
    exteriors = shapely.get_exterior_ring(parts)
    assert not shapely.is_ccw(exteriors).any()


def test_the_web_file_is_under_a_megabyte_with_ids_and_names_on_every_feature():
    path = geo.boundary_path("web")
    assert path.stat().st_size <= 1_000_000
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    assert all(f["id"] == f["properties"]["unit_id"] for f in features)
    assert all(set(f["properties"]) == {"unit_id", "iso3", "name_en", "name_nl"} for f in features)


def test_both_levels_hold_the_same_units(print_units, web_units):
    assert list(print_units.index) == list(web_units.index)


def test_the_loader_returns_a_copy_that_callers_cannot_use_to_change_the_cache():
    first = geo.load_boundaries("print")
    first.loc[:, "name_nl"] = "veranderd"
    first.loc[first.index[:10], "geometry"] = None
    second = geo.load_boundaries("print")
    assert "veranderd" not in set(second["name_nl"])
    assert second.geometry.notna().all()


def test_unit_points_lie_inside_their_units():
    units = geo.load_boundaries("print")
    points = maps.unit_table(units)
    shapes = units.set_index("unit_id")
    inside = [
        shapes.loc[p.unit_id].geometry.contains(shapely.Point(p.lon, p.lat))
        for p in points.itertuples()
    ]
    assert all(inside) and len(points) == len(units)


def test_an_unknown_detail_is_rejected_with_a_message_naming_the_argument():
    with pytest.raises(ValueError, match="detail"):
        geo.load_boundaries("poster")


def test_the_disclaimer_exists_in_english_and_dutch():
    assert "Natural Earth 4.1" in t("boundary_disclaimer", "en")
    assert "Nederlandse regering" in t("boundary_disclaimer", "nl")
