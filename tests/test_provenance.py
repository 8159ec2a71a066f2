"""Every row of every bundled file names its programme or letter (where the row rests on
one), a source, and a source date, or, for a source that shows none, an empty one with the
day it was read in ``consulted_on``; the reading date never stands in for the source's date."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard.domain import contracts

DATA = Path(__file__).resolve().parents[1] / "data"
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# Files whose rows rest on a programme or letter; situation, posts and countries are facts
# about the world that every programme's view shows alike.
PROGRAMME_FILES = (
    "regions",
    "region_members",
    "commitments",
    "aid_themes",
    "tracker",
    "ukraine_ledger",
)
SOURCED_FILES = (
    *PROGRAMME_FILES,
    "programmes",
    "situation",
    "posts",
    "post_status",
    "post_coverage",
    "countries",
)


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", dtype=str, keep_default_na=False)


def _programme_ids() -> set[str]:
    return set(_read("programmes")["programme_id"])


@pytest.mark.parametrize("name", PROGRAMME_FILES)
def test_every_row_names_a_programme_or_letter_of_the_programmes_file(name):
    frame = _read(name)
    unknown = frame.loc[~frame["programme_id"].isin(_programme_ids()), "programme_id"]
    assert unknown.tolist() == []


def _with_own_source(name: str) -> pd.DataFrame:
    """The rows that carry a source themselves (a member row rests on its region's row)."""
    frame = _read(name)
    if name == "region_members":
        return frame[frame["role"] == "neighbour"]
    return frame


@pytest.mark.parametrize("name", SOURCED_FILES)
def test_every_row_has_a_source_and_a_source_date_or_says_when_its_undated_source_was_read(name):
    frame = _with_own_source(name)
    assert len(frame) > 0
    no_source = frame.index[frame["source"].str.strip() == ""].tolist()
    assert no_source == [], f"{name}: rows without a source: {no_source}"
    undated = frame["source_date"] == ""
    bad_dates = frame.loc[~undated & ~frame["source_date"].str.match(DATE), "source_date"]
    assert bad_dates.tolist() == [], f"{name}: source_date is not a date"
    if undated.any():
        read = frame.loc[undated, "consulted_on"]
        assert read.str.match(DATE).all(), f"{name}: an undated source without consulted_on"


def test_a_member_row_rests_on_a_region_row_of_its_own_programme():
    regions = set(zip(_read("regions")["region_id"], _read("regions")["programme_id"], strict=True))
    members = _read("region_members")
    members = members[members["role"] != "neighbour"]
    pairs = set(zip(members["region_id"], members["programme_id"], strict=True))
    assert pairs - regions == set()


@pytest.mark.parametrize("name", [n for n in SOURCED_FILES if n != "countries"])
def test_the_reading_date_never_stands_in_for_the_source_date(name):
    frame = _with_own_source(name)
    assert "consulted_on" in frame.columns
    borrowed = frame[frame["source_date"] == frame["consulted_on"]]
    assert borrowed.empty, f"{name}: source_date equals consulted_on in {len(borrowed)} rows"


def test_the_undated_programme_rows_are_the_four_pages_that_show_no_date():
    undated = {
        name: _with_own_source(name).loc[lambda f: f["source_date"] == ""].iloc[:, 0].tolist()
        for name in (*PROGRAMME_FILES, "programmes", "situation")
    }
    assert {k: v for k, v in undated.items() if v} == {
        "commitments": ["mda_refugee_reception_2022", "pse_gaza_unrwa_ca2026"],
        "programmes": ["ra2017", "ca2021"],
    }


def _commitment(**changes: str) -> dict[str, str]:
    row = {
        "commitment_id": "x",
        "iso3": "UKR",
        "group": "",
        "theme": "energy",
        "instrument": "reconstruction",
        "description_nl": "Energiesteun",
        "description_en": "Energy support",
        "amount_eur": "",
        "period": "",
        "status": "committed",
        "kind": "action",
        "programme_id": "rp2024",
        "source": "RTL Nieuws",
        "source_url": "",
        "source_date": "",
        "consulted_on": "2026-11-30",
    }
    return {**row, **changes}


def _problems(row: dict[str, str]) -> list[str]:
    _, found = contracts.validate("commitments", pd.DataFrame([row], dtype=str))
    return [str(p) for p in found]


def test_an_undated_source_passes_when_it_says_when_it_was_read_and_not_otherwise():
    assert _problems(_commitment()) == []  # no source_date, read on 30 November 2026
    unread = _commitment()
    del unread["consulted_on"]  # an analyst's file without the column
    assert _problems(unread) == [
        "row 2: the source has no date: give source_date the source's date, or leave it empty "
        "only for a source that shows none and give consulted_on the day it was read"
    ]
    assert _problems(_commitment(consulted_on="")) == _problems(unread)
    assert _problems(_commitment(source_date="ongeveer 2024")) == [
        "row 2, column 'source_date': 'ongeveer 2024' is not a calendar date; write YYYY-MM-DD "
        "(or YYYY-MM, YYYY)"
    ]


def test_the_reading_date_is_optional_beside_a_dated_source_but_must_be_a_date_when_given():
    row = _commitment(source_date="2024-09-13")
    del row["consulted_on"]
    assert _problems(row) == []
    assert _problems(_commitment(consulted_on="gisteren")) == [
        "row 2, column 'consulted_on': 'gisteren' is not a calendar date; write YYYY-MM-DD "
        "(or YYYY-MM, YYYY)"
    ]


def test_a_commitment_is_a_goal_or_an_action_and_may_leave_its_programme_to_its_date():
    assert _problems(_commitment(kind="wish")) == [
        "row 2, column 'kind': 'wish' must be one of: goal, action"
    ]
    row = _commitment(source_date="2025-03")
    del row["programme_id"], row["kind"]
    assert _problems(row) == []


@pytest.mark.parametrize(
    ("source_date", "expected"),
    [("2025-03", "rp2024"), ("2026-05-01", "ca2026"), ("2024-08", "hla2024")],
)
def test_a_row_without_a_programme_belongs_to_the_one_in_force_on_its_source_date(
    source_date, expected
):
    from dashboard.storage import bundled

    rows = pd.DataFrame(
        {
            "source_date": [source_date, pd.NA],
            "programme_id": [pd.NA, "bl2025_migratie"],
            "kind": [pd.NA, "goal"],
        }
    )
    filled = bundled.attribute(rows)
    assert filled["programme_id"].tolist() == [expected, "bl2025_migratie"]
    assert filled["kind"].tolist() == ["action", "goal"]
    assert rows["programme_id"].isna().tolist() == [True, False]  # the input is left as it was
    undated = bundled.attribute(pd.DataFrame({"source_date": [pd.NA]}))
    assert undated["programme_id"].tolist() == [bundled.in_force().programme_id]
