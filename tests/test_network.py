"""The post network's tables together: coverage joins, references, and the open data merged in.

Every frame is built here by hand; the posts and countries are real names, the facts made up
for the test.
"""

from __future__ import annotations

import pandas as pd

from dashboard.domain import contracts, joins, network_update
from dashboard.domain.network_update import OPEN_DATA_SOURCE
from dashboard.storage import datasets

POST_COLUMNS = list(contracts.CONTRACTS["posts"].columns)  # the contract's, in order
COVERAGE_COLUMNS = ["post_id", "iso3", "role", "source", "source_url", "source_date"]
COVERAGE_COLUMNS += ["consulted_on"]


def post(post_id, iso3, city, *, kind="embassy", status="open", date=None, source="Rijksoverheid"):
    return {
        "post_id": post_id,
        "name_nl": f"Ambassade in {city}",
        "name_en": f"Embassy in {city}",
        "type": kind,
        "city": city,
        "iso3": iso3,
        "lat": 1.0,
        "lon": 2.0,
        "status": status,
        "status_date": date,
        "source": source,
        "source_url": "https://example.org/post",
        "source_date": "2025-01-01",
        "consulted_on": "2026-11-30",
    }


def cover(post_id, iso3, role="resident", source="Rijksoverheid"):
    values = [post_id, iso3, role, source, "", "2025", "2026-11-30"]
    return dict(zip(COVERAGE_COLUMNS, values, strict=True))


def frame(rows, columns):
    return pd.DataFrame(rows, columns=columns)


# --- coverage joins ---------------------------------------------------------------------------

POSTS = frame(
    [
        post("emb_dar", "TZA", "Dar es Salaam"),
        post("emb_juba", "SSD", "Juba", status="closure_announced", date="2025-04-17"),
        post("emb_kuwait", "KWT", "Koeweit", status="suspended", date="2026-03-01"),
        post("pv_nato", "BEL", "Brussel", kind="permanent_representation"),
    ],
    POST_COLUMNS,
)
COVERAGE = frame(
    [
        cover("emb_dar", "TZA"),
        cover("emb_dar", "MDG", "side_accredited"),
        cover("emb_juba", "SSD"),
        cover("emb_juba", "CAF", "side_accredited"),
        cover("emb_kuwait", "KWT"),
        cover("emb_kuwait", "BHR", "side_accredited"),
        cover("emb_gone", "COM", "side_accredited"),
    ],
    COVERAGE_COLUMNS,
)


def _levels(iso3s):
    table = joins.country_coverage(iso3s, POSTS, COVERAGE).set_index("iso3")
    return {i: (r.level, r.level_after_closures) for i, r in table.iterrows()}


def test_a_country_covered_from_a_neighbour_is_held_from_elsewhere_by_that_post():
    table = joins.country_coverage(["MDG"], POSTS, COVERAGE).iloc[0]
    assert (table["level"], table["resident"], table["elsewhere"]) == (
        "elsewhere",
        [],
        ["emb_dar"],
    )
    assert _levels(["TZA"]) == {"TZA": ("resident", "resident")}


def test_a_closure_leaves_its_own_country_and_the_ones_it_covers_uncovered_afterwards():
    assert _levels(["SSD", "CAF"]) == {
        "SSD": ("resident", "none"),
        "CAF": ("elsewhere", "none"),
    }
    assert joins.country_coverage(["SSD"], POSTS, COVERAGE).iloc[0]["closing"] == ["emb_juba"]


def test_a_country_covered_only_by_a_suspended_post_is_suspended_not_held():
    assert _levels(["KWT", "BHR"]) == {
        "KWT": ("suspended", "suspended"),
        "BHR": ("suspended", "suspended"),
    }


def test_no_known_post_is_no_coverage_and_a_row_naming_a_missing_post_counts_for_nothing():
    assert _levels(["SOM", "COM"]) == {"SOM": ("none", "none"), "COM": ("none", "none")}


def test_a_part_of_the_kingdom_is_never_a_country_without_a_dutch_post():
    assert _levels(["NLD", "BES", "ABW"]) == {
        "NLD": ("kingdom", "kingdom"),
        "BES": ("kingdom", "kingdom"),
        "ABW": ("kingdom", "kingdom"),
    }


def test_a_permanent_representation_does_not_cover_the_country_it_sits_in():
    assert _levels(["BEL"]) == {"BEL": ("none", "none")}


# --- references -------------------------------------------------------------------------------


def test_coverage_and_history_rows_naming_an_unknown_post_are_named_by_row():
    status = pd.DataFrame({"post_id": ["emb_dar", "emb_atlantis"]})
    problems = network_update.check_references(POSTS, status=status, coverage=COVERAGE)
    assert [str(p) for p in problems] == [
        "row 3, column 'post_id': 'emb_atlantis' is not a post in 'posts'",
        "row 8, column 'post_id': 'emb_gone' is not a post in 'posts'",
    ]


def test_a_reference_problem_reads_in_the_users_language():
    status = pd.DataFrame({"post_id": ["emb_atlantis"]})
    (problem,) = network_update.check_references(POSTS, status=status)
    assert problem.located("nl") == "rij 2, kolom 'post_id': 'emb_atlantis' is geen post in 'posts'"


def test_a_post_network_leaving_out_a_post_that_coverage_or_history_names_is_refused():
    status = pd.DataFrame({"post_id": ["emb_juba", "emb_dar"]})
    fewer = POSTS[~POSTS["post_id"].isin(["emb_juba", "emb_kuwait"])]
    problems = network_update.still_named(fewer, status=status, coverage=COVERAGE)
    assert [p.located("en") for p in problems] == [
        "column 'post_id': post 'emb_juba' is left out, but 'post_status' still names it: "
        "take it out of 'post_status' first, or keep the post",
        "column 'post_id': post 'emb_kuwait' is left out, but 'post_coverage' still names it: "
        "take it out of 'post_coverage' first, or keep the post",
        "column 'post_id': post 'emb_gone' is left out, but 'post_coverage' still names it: "
        "take it out of 'post_coverage' first, or keep the post",
    ]
    assert network_update.still_named(POSTS, status=status, coverage=COVERAGE[:-1]) == []


def test_the_bundled_network_is_consistent_posts_history_and_coverage():
    posts = datasets.load("posts")
    status = datasets.load("post_status")
    coverage = datasets.load("post_coverage")
    assert network_update.check_references(posts, status=status, coverage=coverage) == []
    assert network_update.history_disagreements(posts, status) == []
    not_open = set(posts.loc[posts["status"] != "open", "post_id"])
    assert not_open <= set(status["post_id"])  # every status but open has its history


# --- the open data merged in ------------------------------------------------------------------

LISTED_COLUMNS = ["post_id", "name_nl", "type", "city", "iso3", "status", "title"]
LISTED_COLUMNS += ["source_url", "source_date", "dataurl"]


def listed(post_id, kind, city, iso3, status="listed"):
    title = f"Nederlandse {kind} in {city}, land"
    url = f"https://www.nederlandwereldwijd.nl/contact/{post_id}"
    return dict(
        zip(
            LISTED_COLUMNS,
            [post_id, title, kind, city, iso3, status, title, url, "2026-01-05", url],
            strict=True,
        )
    )


ACTIVE = frame(
    [
        post("emb_beirut", "LBN", "Beirut") | {"name_nl": "Ambassade in Libanon (Beiroet)"},
        post("cons_lagos", "NGA", "Lagos", kind="consulate"),
        post("emb_abuja", "NGA", "Abuja"),
        post("ambassade-bakoe", "AZE", "Bakoe", source=f'{OPEN_DATA_SOURCE}, "x"'),
        post("emb_damascus", "SYR", "Damascus", status="closed", date="2012"),
        post("emb_chisinau", "MDA", "Chisinau"),
        post("pv_nato", "BEL", "Brussel", kind="permanent_representation"),
    ],
    POST_COLUMNS,
)
ACTIVE_COVERAGE = frame(
    [
        cover("emb_beirut", "LBN"),
        cover("emb_abuja", "NGA"),
        cover("cons_lagos", "NGA"),
        cover("emb_chisinau", "MDA"),
        cover("ambassade-bakoe", "AZE", source=f"{OPEN_DATA_SOURCE}, contact list for AZE"),
        cover("emb_abuja", "TCD", "side_accredited", source="Chadian press"),
    ],
    COVERAGE_COLUMNS,
)
LISTED = frame(
    [
        listed("ambassade-beiroet", "embassy", "Beiroet", "LBN"),
        listed("consulaat-generaal-lagos", "consulate_general", "Lagos", "NGA"),
        listed("ambassade-abuja", "embassy", "Abuja", "NGA"),
        listed("ambassade-kigali", "embassy", "Kigali", "RWA"),
        listed("ambassade-minsk", "embassy_office", "Minsk", "BLR", status="no_address"),
        listed("ambassade-papeete", "embassy", "Papeete", None),
    ],
    LISTED_COLUMNS,
)
SERVED = pd.DataFrame(
    {
        "post_id": ["ambassade-beiroet", "ambassade-abuja", "ambassade-abuja", "ambassade-kigali"],
        "iso3": ["LBN", "NGA", "TCD", "BDI"],
        "source_url": ["https://x/lbn", "https://x/nga", "https://x/tcd", "https://x/bdi"],
    }
)


def _merge():
    return network_update.merge_open_data(
        ACTIVE, ACTIVE_COVERAGE, LISTED, SERVED, consulted_on="2026-11-30"
    )


def test_listed_posts_match_the_active_ones_by_city_in_the_dutch_name_whatever_the_type():
    matched = network_update.match_posts(ACTIVE, LISTED[LISTED["iso3"].notna()])
    assert matched == {
        "ambassade-beiroet": "emb_beirut",
        "consulaat-generaal-lagos": "cons_lagos",
        "ambassade-abuja": "emb_abuja",
    }


def test_a_matched_post_keeps_its_id_place_and_status_and_takes_the_ministrys_listing_as_source():
    merged = _merge()
    beirut = merged.posts.set_index("post_id").loc["emb_beirut"]
    assert (beirut["name_nl"], beirut["lat"], beirut["status"]) == (
        "Ambassade in Libanon (Beiroet)",
        1.0,
        "open",
    )
    assert beirut["source"] == f'{OPEN_DATA_SOURCE}, "Nederlandse embassy in Beiroet, land"'
    assert (beirut["source_date"], beirut["consulted_on"]) == ("2026-01-05", "2026-11-30")
    assert (
        "cons_lagos: the listing calls it consulate_general, the active version consulate; "
        "kept as consulate"
    ) in merged.warnings


def test_a_new_post_is_added_open_without_coordinates_and_a_post_without_address_is_not():
    merged = _merge()
    kigali = merged.posts.set_index("post_id").loc["ambassade-kigali"]
    assert (kigali["status"], kigali["type"], kigali["iso3"]) == ("open", "embassy", "RWA")
    assert pd.isna(kigali["lat"]) and pd.isna(kigali["lon"])
    assert kigali["name_en"] == "Embassy in Kigali"
    assert "ambassade-minsk" not in set(merged.posts["post_id"])
    assert "ambassade-papeete" not in set(merged.posts["post_id"])  # not on the map
    assert "ambassade-minsk: listed without an address (closed?); not added" in merged.warnings


def test_only_posts_the_listing_itself_had_sourced_are_removed_the_others_kept_and_reported():
    merged = _merge()
    ids = list(merged.posts["post_id"])
    assert ids == [
        "emb_beirut",
        "cons_lagos",
        "emb_abuja",
        "emb_damascus",
        "emb_chisinau",
        "pv_nato",
        "ambassade-kigali",
    ]
    assert "ambassade-bakoe: no longer in the ministry's listing; removed" in merged.warnings
    assert "kept, but not in the ministry's listing (check): emb_chisinau" in merged.warnings
    assert not any(w.startswith(("emb_damascus", "pv_nato")) for w in merged.warnings)


def test_listed_coverage_is_resident_where_a_post_sits_consular_elsewhere_other_sources_stay():
    merged = _merge()
    rows = {
        (r.post_id, r.iso3): (r.role, r.source.split(",")[0]) for r in merged.coverage.itertuples()
    }
    assert rows == {
        ("emb_beirut", "LBN"): ("resident", "Rijksoverheid"),
        ("emb_abuja", "NGA"): ("resident", "Rijksoverheid"),
        ("cons_lagos", "NGA"): ("resident", "Rijksoverheid"),
        ("emb_chisinau", "MDA"): ("resident", "Rijksoverheid"),
        ("emb_abuja", "TCD"): ("side_accredited", "Chadian press"),
        ("ambassade-kigali", "BDI"): ("consular_only", "Ministerie van Buitenlandse Zaken"),
    }
    assert "coverage ambassade-bakoe → AZE: its post is gone; removed" in merged.warnings


def test_the_merge_leaves_its_inputs_alone():
    before = [f.copy() for f in (ACTIVE, ACTIVE_COVERAGE, LISTED, SERVED)]
    _merge()
    for original, kept in zip(before, (ACTIVE, ACTIVE_COVERAGE, LISTED, SERVED), strict=True):
        pd.testing.assert_frame_equal(original, kept)
