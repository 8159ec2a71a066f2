"""What changed between two programmes: goals added, dropped, changed and kept per region
and theme, and countries that gained or lost priority."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.domain import compare
from dashboard.storage import bundled, datasets


def _goal(commitment_id: str, programme_id: str, group: str, theme: str, kind="goal") -> dict:
    return {
        "commitment_id": commitment_id,
        "iso3": pd.NA,
        "group": group,
        "theme": theme,
        "kind": kind,
        "programme_id": programme_id,
    }


@pytest.fixture
def pair() -> pd.DataFrame:
    """Programme A and B, and a letter in force under both (written by hand)."""
    return pd.DataFrame(
        [
            _goal("a_east_security", "a", "east", "security"),
            _goal("a_east_energy", "a", "east", "energy"),
            _goal("a_east_action", "a", "east", "trade", kind="action"),
            _goal("letter_south_water", "letter", "south", "water"),
            _goal("b_east_security", "b", "east", "security"),
            _goal("b_carib_trade", "b", "carib", "trade"),
            _goal("b_carib_security", "b", "carib", "security"),
        ]
    )


A = compare.Side("a", True, ("a", "letter"))


def test_the_goals_of_a_known_pair_are_listed_as_added_dropped_changed_and_kept(pair):
    later = compare.Side("b", True, ("b", "letter"))
    table = compare.goal_changes(pair, A, later)
    assert table[["region", "theme", "status"]].values.tolist() == [
        ["carib", "security", "added"],
        ["carib", "trade", "added"],
        ["east", "security", "changed"],
        ["east", "energy", "dropped"],
        ["south", "water", "kept"],
    ]
    assert table[["before", "after"]].values.tolist() == [
        [[], ["b_carib_security"]],
        [[], ["b_carib_trade"]],
        [["a_east_security"], ["b_east_security"]],
        [["a_east_energy"], []],
        [["letter_south_water"], ["letter_south_water"]],
    ]


def test_a_goal_missing_from_reports_of_a_text_not_read_is_not_found_never_dropped(pair):
    reported = compare.Side("b", False, ("b", "letter"))
    table = compare.goal_changes(pair, A, reported).set_index(["region", "theme"])
    assert table.loc[("east", "energy"), "status"] == "not_found"
    assert "dropped" not in set(table["status"])


def test_the_2024_programme_and_the_2026_agreement_compare_as_the_reports_allow():
    commitments = datasets.load("commitments")
    rp = bundled.load_programmes()
    full = {p.programme_id: p.full_text for p in rp}
    earlier = compare.Side("rp2024", full["rp2024"], bundled.view_ids("rp2024"))
    later = compare.Side("ca2026", full["ca2026"], bundled.view_ids("ca2026"))
    table = compare.goal_changes(commitments, earlier, later).set_index(["region", "theme"])
    added = set(table.index[table["status"] == "added"])
    assert added == {
        ("caribbean", "security"),
        ("caribbean", "trade"),
        ("caribbean", "social_minimum"),
        ("global", "development"),
    }
    assert table.loc[("south_china_sea", "security"), "status"] == "not_found"
    assert table.loc[("eastern_europe", "security"), "status"] == "changed"
    assert table.loc[("eastern_europe", "security"), "after"] == [
        "ukr_support_2027_2029",
        "ukr_multiyear_support_ca2026",
    ]
    # The development letter is in force under both: its goals are kept, not compared away.
    assert table.loc[("north_africa", "stability"), "status"] == "kept"
    assert "dropped" not in set(table["status"])


def test_countries_that_gained_kept_or_lost_priority():
    iso3 = pd.Series(["UKR", "MDA", "VEN", "ABW"])
    before = pd.DataFrame({"iso3": ["UKR", "MDA"]})
    after = pd.DataFrame({"iso3": ["UKR", "ABW"]})
    assert compare.country_changes(iso3, before, after, True).tolist() == [
        "kept",
        "lost",
        "other",
        "gained",
    ]
    assert compare.country_changes(iso3, before, after, False).tolist()[1] == "not_found"


def test_regions_of_the_2024_programme_absent_from_the_2026_reports_are_not_found():
    before = {r.region_id for r in bundled.load_regions("rp2024")}
    after = {r.region_id for r in bundled.load_regions("ca2026")}
    changes = compare.region_changes(before, after, later_full_text=False)
    assert changes == {
        "caribbean": "kept",
        "eastern_europe": "kept",
        "horn_of_africa": "kept",
        "middle_east": "kept",
        "north_africa": "kept",
        "sahel_west_africa": "kept",
        "south_china_sea": "not_found",
    }
