"""Point-of-view rules: where Natural Earth's de-facto boundaries differ from the Dutch position.

Every rule is one data entry or one function here, documented with the Dutch government's position
and where its geometry comes from. The build applies them in this order:

1. ``FEATURE_DECISIONS``: what happens to source features that are not simply one ISO country
   (features without an id, and a few with one): merged into a sovereign, kept as an own unit,
   split, or dropped.
2. ``GEOMETRY_RULES``: functions that move territory between units.
3. ``POINT_CHECKS``: places that must end up in a given unit. Some rules need no geometry change
   (the source already agrees with the Dutch position); they are recorded here so that a change of
   source cannot silently break them.
4. ``status_of``: the status column.

Units are held as ``dict[unit_id, shapely geometry]`` in EPSG:4326.
"""

from __future__ import annotations

from dataclasses import dataclass

import shapely


@dataclass(frozen=True)
class Decision:
    """What to do with one source feature (keyed by its world-atlas ``properties.name``)."""

    action: str  # "merge" (into target), "unit" (own unit target), "split", "drop"
    target: str | None
    note: str


FEATURE_DECISIONS: dict[str, Decision] = {
    "Kosovo": Decision(
        "unit",
        "XKX",
        "The Netherlands recognised Kosovo as a state in 2008: own unit, user-assigned code XKX "
        "(as used by the EU); geometry as in the source.",
    ),
    "Somaliland": Decision(
        "merge",
        "SOM",
        "Somaliland is part of Somalia; the Netherlands does not recognise its declared "
        "independence.",
    ),
    "N. Cyprus": Decision(
        "merge",
        "CYP",
        "Northern Cyprus is territory of the Republic of Cyprus (EU member state); the 'TRNC' "
        "is recognised only by Türkiye.",
    ),
    "Cyprus U.N. Buffer Zone": Decision(
        "merge",
        "CYP",
        "The UN buffer zone lies within the Republic of Cyprus.",
    ),
    "Dhekelia": Decision(
        "merge",
        "GBR",
        "Sovereign Base Area of the United Kingdom (1960 Treaty of Establishment), recognised "
        "as British territory.",
    ),
    "Akrotiri": Decision(
        "merge",
        "GBR",
        "Sovereign Base Area of the United Kingdom (1960 Treaty of Establishment), recognised "
        "as British territory.",
    ),
    "USNB Guantanamo Bay": Decision(
        "merge",
        "CUB",
        "Leased to the United States since 1903; sovereignty remains Cuban.",
    ),
    "Siachen Glacier": Decision(
        "merge",
        "IND",
        "Part of the Kashmir dispute; the Netherlands takes no position on Kashmir, so the "
        "source's de-facto lines are kept and the glacier goes to India, which holds it.",
    ),
    "Baikonur": Decision(
        "merge",
        "KAZ",
        "Leased to Russia; sovereignty remains Kazakh.",
    ),
    "Indian Ocean Ter.": Decision(
        "split",
        None,
        "Australia's Christmas Island (CXR) and Cocos (Keeling) Islands (CCK): split by "
        "longitude into their own ISO units, like other dependencies.",
    ),
    "Coral Sea Is.": Decision(
        "merge",
        "AUS",
        "Australian external territory, uninhabited, no ISO code of its own.",
    ),
    "Ashmore and Cartier Is.": Decision(
        "merge",
        "AUS",
        "Australian external territory; world-atlas already gives it Australia's id 036.",
    ),
    "Clipperton I.": Decision(
        "merge",
        "FRA",
        "French state-owned island, uninhabited, no ISO 3166-1 code of its own.",
    ),
    "Åland": Decision(
        "merge",
        "FIN",
        "Autonomous region of Finland; a foreign-policy map shows it with Finland (its ISO code "
        "ALA is not used by the programme's data).",
    ),
    "Spratly Is.": Decision(
        "drop",
        None,
        "Uninhabited reefs claimed by several states; the Netherlands takes no position; "
        "invisible at the map's scales.",
    ),
    "Scarborough Reef": Decision(
        "drop",
        None,
        "Uninhabited reef disputed between China and the Philippines; the Netherlands takes no "
        "position.",
    ),
    "Bajo Nuevo Bank": Decision(
        "drop",
        None,
        "Uninhabited reef (Colombia; claimed by others).",
    ),
    "Serranilla Bank": Decision(
        "drop",
        None,
        "Uninhabited reef (Colombia; claimed by others).",
    ),
    "Antarctica": Decision(
        "drop",
        None,
        "No Dutch post or commitment there (Antarctic Treaty: claims frozen); its ring reaches "
        "the pole and d3 fills it wrongly.",
    ),
}


def split_indian_ocean_territories(geometry: shapely.Geometry) -> dict[str, shapely.Geometry]:
    """Split world-atlas' 'Indian Ocean Ter.' into Cocos (Keeling) Islands and Christmas Island.

    Geometry: the source's own polygons, assigned by longitude (Cocos near 96.8E, Christmas
    Island near 105.6E).
    """
    parts = shapely.get_parts(geometry)
    west = [p for p in parts if p.centroid.x < 100]
    east = [p for p in parts if p.centroid.x >= 100]
    return {"CCK": shapely.MultiPolygon(west), "CXR": shapely.MultiPolygon(east)}


def _move(units: dict, source: str, target: str, area: shapely.Geometry) -> dict:
    """Move the part of ``units[source]`` inside ``area`` to ``units[target]``."""
    moved = shapely.intersection(units[source], area)
    if moved.is_empty:
        raise ValueError(f"rule moves nothing from {source} to {target}")
    out = dict(units)
    out[source] = shapely.difference(units[source], area)
    out[target] = shapely.union(units[target], moved)
    return out


CRIMEA_AREA = shapely.box(32.3, 44.2, 36.65, 46.3)


def crimea_is_ukraine(units: dict) -> dict:
    """Crimea (with Sevastopol and the Arabat spit) is Ukraine.

    Position: the Netherlands, with the EU, does not recognise Russia's illegal annexation of the
    Crimean peninsula (2014). Geometry: Natural Earth 4.1 has the peninsula as a separate polygon of
    Russia's multipolygon; every Russian polygon whose representative point lies in the box
    32.3-36.65E, 44.2-46.3N (the peninsula and the Arabat spit; the Taman coast across the Kerch
    Strait lies east of 36.65E) is moved to Ukraine. Its border with mainland Ukraine is the
    source's own line.
    """
    parts = shapely.get_parts(units["RUS"])
    inside = [p for p in parts if CRIMEA_AREA.contains(p.representative_point())]
    return _move(units, "RUS", "UKR", shapely.union_all(inside))


# The 1923 Franco-British line (Paulet-Newcombe agreement, in force 10 March 1923) between the
# Syria and Palestine mandates, north to south, lon/lat. Drawn from the treaty's description
# ("from Banias in a southerly direction east of Lake Hula to Jisr Banat Yaqub, thence along a line
# east of the Jordan and the Lake of Tiberias and on to El Hamme station", League of Nations Treaty
# Series vol. 22, no. 565) with public coordinates of those places; accurate to about 1 km, which is
# below the 0.01-degree simplification of the print file.
LINE_1923 = (
    (35.690, 33.300),  # north of Banias, inside the source's Israel polygon
    (35.686, 33.252),  # just west of Banias (Banias is Syrian)
    (35.660, 33.160),  # east of former Lake Hula
    (35.645, 33.080),
    (35.628, 33.005),  # Jisr Banat Yaqub (Daughters of Jacob bridge), east bank of the Jordan
    (35.635, 32.960),
    (35.636, 32.905),  # Jordan inflow into the lake: the line follows the north-east shore
    (35.648, 32.870),
    (35.655, 32.830),  # Kursi
    (35.650, 32.790),  # 'a point almost due east of the town of Tiberias'
    (35.668, 32.684),  # El Hamme station on the Samakh-Deraa railway, on the Yarmouk
)
GOLAN_AREA = shapely.Polygon(
    [(35.690, 33.600), *LINE_1923, (35.75, 32.60), (36.30, 32.60), (36.30, 33.600)]
)


def golan_heights_are_syria(units: dict) -> dict:
    """The Golan Heights are Syrian territory occupied by Israel.

    Position: the Netherlands does not recognise Israel's 1981 annexation (UN Security Council
    resolution 497). Geometry: Natural Earth 4.1 puts the Golan inside Israel's polygon, bounded by
    Syria along the 1974 disengagement line; it has no line west of the Golan. The 1923 line
    (``LINE_1923``, drawn from public coordinates, see above) is used: the part of Israel's polygon
    east of it moves to Syria. The Sea of Galilee stays with Israel, as under the 1923 line.
    """
    return _move(units, "ISR", "SYR", GOLAN_AREA)


# Western Sahara's northern limit with Morocco: the parallel 27 degrees 40 minutes North, from the
# Atlantic to the Algerian tripoint at 8 degrees 40 minutes West (1958 Angra de Cintra agreement,
# the former Spanish Sahara's border).
WESTERN_SAHARA_AREA = shapely.box(-18.0, 20.0, -8.0 - 40 / 60 + 1e-9, 27.0 + 40 / 60)


def western_sahara_is_not_morocco(units: dict) -> dict:
    """Western Sahara is a non-self-governing territory, not part of Morocco.

    Position: the Netherlands follows the UN: the territory's status awaits a settlement under
    UN auspices; Moroccan sovereignty is not recognised. Geometry: Natural Earth 4.1 gives Morocco
    everything west of the berm; all of Morocco's polygon south of 27 deg 40' N (the territory's
    northern limit, drawn here as that parallel) moves to Western Sahara (ESH).
    """
    return _move(units, "MAR", "ESH", WESTERN_SAHARA_AREA)


# Boxes around the three islands of the Caribbean Netherlands (lon/lat), for the split below.
BES_ISLANDS = {
    "BQ-BO": shapely.box(-68.5, 11.9, -68.1, 12.4),  # Bonaire and Klein Bonaire
    "BQ-SE": shapely.box(-63.1, 17.4, -62.9, 17.6),  # Sint Eustatius
    "BQ-SA": shapely.box(-63.3, 17.58, -63.2, 17.7),  # Saba
}


def caribbean_netherlands_are_separate_units(units: dict) -> dict:
    """Bonaire, Sint Eustatius and Saba are separate units, not part of the European Netherlands.

    Position: since 10 October 2010 they are public bodies (special municipalities) of the
    Netherlands; the dashboard shows them, like Aruba, Curaçao and Sint Maarten (countries in the
    Kingdom, already own units in the source), as first-class units. Geometry: the islands are
    polygons of the Netherlands' (528) multipolygon in the source; they are taken out by location
    (``BES_ISLANDS``). Every Dutch polygon west of 0 degrees must be one of them.
    """
    out = dict(units)
    for unit_id, area in BES_ISLANDS.items():
        out["NLD"] = shapely.difference(out["NLD"], area)
        out[unit_id] = shapely.intersection(units["NLD"], area)
        if out[unit_id].is_empty:
            raise ValueError(f"no Dutch polygon found for {unit_id}")
    if out["NLD"].bounds[0] < 0:
        raise ValueError("a Dutch polygon west of 0 degrees is not assigned to a BES island")
    return out


# Vatican City, lon/lat, tracing the Leonine walls clockwise from the Porta Angelica (about 100 m).
VATICAN_CITY = shapely.Polygon(
    [
        (12.4573, 41.9074),
        (12.4587, 41.9042),
        (12.4581, 41.9020),
        (12.4555, 41.9003),
        (12.4530, 41.9002),
        (12.4497, 41.9009),
        (12.4457, 41.9030),
        (12.4480, 41.9056),
        (12.4523, 41.9074),
    ]
)


def vatican_city_is_restored(units: dict) -> dict:
    """Vatican City is a unit of its own (a source repair, not a point of view).

    The Holy See is a state with which the Netherlands has diplomatic relations. world-atlas
    quantises the 1:10m Vatican polygon to a line of two points, so it has no area and Italy has
    no hole for it. Geometry: a 9-point outline of the Vatican walls (``VATICAN_CITY``, drawn from
    public coordinates of the walls, accurate to about 100 m), cut out of Italy.
    """
    out = _move({**units, "VAT": shapely.MultiPolygon()}, "ITA", "VAT", VATICAN_CITY)
    return out


GEOMETRY_RULES = (
    vatican_city_is_restored,
    crimea_is_ukraine,
    golan_heights_are_syria,
    western_sahara_is_not_morocco,
    caribbean_netherlands_are_separate_units,
)

# (what the Dutch position is, lon, lat, unit that must contain the place).
POINT_CHECKS = (
    ("Crimea is Ukraine: Simferopol", 34.10, 44.95, "UKR"),
    ("Crimea is Ukraine: Sevastopol", 33.52, 44.60, "UKR"),
    ("Golan is Syria: Katzrin", 35.69, 32.99, "SYR"),
    ("Golan is Syria: Majdal Shams", 35.77, 33.27, "SYR"),
    ("Israel proper: Tiberias", 35.53, 32.79, "ISR"),
    ("Northern Cyprus is Cyprus: North Nicosia", 33.36, 35.20, "CYP"),
    ("Somaliland is Somalia: Hargeisa", 44.06, 9.56, "SOM"),
    ("Kosovo is a state: Pristina", 21.17, 42.67, "XKX"),
    ("Western Sahara is not Morocco: Laayoune", -13.20, 27.15, "ESH"),
    ("Western Sahara is not Morocco: Dakhla", -15.94, 23.70, "ESH"),
    ("Morocco proper: Tan-Tan", -11.10, 28.44, "MAR"),
    # No geometry change needed: Natural Earth 4.1 already has these inside the recognised state.
    ("Abkhazia is Georgia: Sukhumi", 41.02, 43.00, "GEO"),
    ("South Ossetia is Georgia: Tskhinvali", 43.96, 42.23, "GEO"),
    ("Transnistria is Moldova: Tiraspol", 29.63, 46.84, "MDA"),
    ("Nagorno-Karabakh is Azerbaijan: Khankendi", 46.75, 39.82, "AZE"),
    ("Palestinian Territories (not a recognised state): Ramallah", 35.20, 31.90, "PSE"),
    ("Palestinian Territories (not a recognised state): Gaza", 34.45, 31.50, "PSE"),
)


def check_points(units: dict, tolerance: float = 0.0) -> None:
    """Raise ValueError if a place of ``POINT_CHECKS`` is not in the unit it must be in.

    With ``tolerance`` > 0 (for simplified files, where a coastal town may fall just outside a
    simplified coast) the place may instead lie within ``tolerance`` degrees of that unit, provided
    no other unit contains it or is nearer.
    """
    for what, lon, lat, unit_id in POINT_CHECKS:
        if shapely.contains_xy(units[unit_id], lon, lat):
            continue
        point = shapely.Point(lon, lat)
        nearest = min(sorted(units), key=lambda k: shapely.distance(units[k], point))
        if nearest != unit_id or shapely.distance(units[unit_id], point) > tolerance:
            raise ValueError(f"point check failed: {what} is not inside {unit_id}")


KINGDOM_COUNTRIES = {"ABW", "CUW", "SXM"}
SPECIAL_MUNICIPALITIES = {"BQ-BO", "BQ-SE", "BQ-SA"}
STATUS_BY_UNIT = {
    # The Netherlands does not recognise these as states (it keeps representative offices).
    "PSE": "not-recognised-as-state",
    "TWN": "not-recognised-as-state",
    # On the UN list of non-self-governing territories; status undetermined.
    "ESH": "non-self-governing-territory",
    # Special administrative regions of China.
    "HKG": "special-administrative-region",
    "MAC": "special-administrative-region",
    # Self-governing states in free association with New Zealand.
    "COK": "associated-state",
    "NIU": "associated-state",
}
# Dependencies (overseas territories, crown dependencies, autonomous countries of other realms).
TERRITORIES = {
    "AIA",
    "ASM",
    "ATF",
    "BLM",
    "BMU",
    "CCK",
    "CXR",
    "CYM",
    "FLK",
    "FRO",
    "GGY",
    "GIB",
    "GRL",
    "GUM",
    "HMD",
    "IMN",
    "IOT",
    "JEY",
    "MAF",
    "MNP",
    "MSR",
    "NCL",
    "NFK",
    "PCN",
    "PRI",
    "PYF",
    "SGS",
    "SHN",
    "SPM",
    "TCA",
    "UMI",
    "VGB",
    "VIR",
    "WLF",
}


def status_of(unit_id: str) -> str:
    """Return the short status text of a unit (default ``"state"``)."""
    if unit_id in KINGDOM_COUNTRIES:
        return "kingdom-country"
    if unit_id in SPECIAL_MUNICIPALITIES:
        return "special-municipality"
    if unit_id in TERRITORIES:
        return "territory"
    return STATUS_BY_UNIT.get(unit_id, "state")
