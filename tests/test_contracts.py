"""Each dataset's contract: the bundled data meets it, and bad rows are named by row and column."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.domain import contracts
from dashboard.storage import datasets

KNOWN = {"UKR", "MDA", "NLD", "BES"}


def _commitment(**overrides) -> dict:
    row = {
        "commitment_id": "ukr_f16",
        "iso3": "UKR",
        "group": "",
        "theme": "defence",
        "instrument": "military",
        "description_nl": "F-16's geleverd",
        "description_en": "F-16s delivered",
        "amount_eur": "",
        "period": "2024-2025",
        "status": "delivered",
        "kind": "action",
        "programme_id": "rp2024",
        "source": 'Defensie, "F-16\'s"',
        "source_url": "",
        "source_date": "2025-05-26",
    }
    return {**row, **overrides}


def _check(rows: list[dict], name: str = "commitments"):
    frame = pd.DataFrame(rows, dtype=str)
    return contracts.validate(name, frame, known_iso3=KNOWN)


# Every dataset but the travel advice, which only a refresh from the open data fills.
BUNDLED = [name for name in contracts.DATASETS if name != "travel_advice"]


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_dataset_meets_its_contract_and_carries_a_source(name):
    frame = datasets.load(name)
    assert len(frame) > 0
    assert {"source", "source_url", "source_date"} <= set(frame.columns)
    assert "iso3" in frame.columns or name == "post_status"
    assert frame["source"].str.strip().ne("").all()


def test_a_good_row_passes_and_comes_back_typed():
    typed, problems = _check([_commitment(amount_eur="2400000000")])
    assert problems == []
    assert typed.loc[0, "amount_eur"] == 2_400_000_000
    assert pd.isna(typed.loc[0, "group"])


def test_an_unknown_instrument_is_named_with_its_row_and_column():
    typed, problems = _check([_commitment(), _commitment(commitment_id="x", instrument="bribes")])
    assert typed is None
    assert [str(p) for p in problems] == [
        "row 3, column 'instrument': 'bribes' must be one of: military, financial, "
        "humanitarian, reconstruction, sanctions, accountability, diplomatic, trade, development"
    ]


def test_a_code_that_is_not_on_the_map_is_refused():
    _, problems = _check([_commitment(iso3="XYZ")])
    assert [str(p) for p in problems] == [
        "row 2, column 'iso3': 'XYZ' is not a country or territory on the map"
    ]


def test_an_amount_that_is_not_a_number_is_refused_not_guessed():
    _, problems = _check([_commitment(amount_eur="ca. 2 mld")])
    assert [(p.row, p.column) for p in problems] == [(2, "amount_eur")]
    assert problems[0].message == "'ca. 2 mld' is not a whole number"


def test_cells_that_would_run_as_formulas_or_render_as_html_are_refused():
    _, problems = _check(
        [
            _commitment(description_en='=HYPERLINK("x")'),
            _commitment(commitment_id="b", description_nl="<script>x</script>"),
        ]
    )
    assert {(p.row, p.column) for p in problems} == {(2, "description_en"), (3, "description_nl")}


def test_a_row_without_a_source_is_refused():
    _, problems = _check([_commitment(source=" ")])
    assert [(p.row, p.column, p.message) for p in problems] == [(2, "source", "must not be empty")]
    assert problems[0].located("nl") == "rij 2, kolom 'source': mag niet leeg zijn"


def test_a_commitment_needs_a_country_or_a_group():
    _, problems = _check([_commitment(iso3="", group="")])
    assert [p.message for p in problems] == ["needs a country (iso3) or a group"]


def test_missing_and_unexpected_columns_are_both_reported():
    row = _commitment()
    del row["status"]
    row["remarks"] = "x"
    _, problems = _check([row])
    assert {(p.column, p.message) for p in problems} == {
        ("status", "is missing"),
        ("remarks", "is not a column of this dataset"),
    }


def test_duplicate_keys_are_reported():
    _, problems = _check([_commitment(), _commitment()])
    assert {p.message for p in problems} == {"'ukr_f16' appears more than once"}


def test_validation_does_not_change_the_input_frame():
    frame = pd.DataFrame([_commitment(amount_eur="5")], dtype=str)
    before = frame.copy()
    contracts.validate("commitments", frame, known_iso3=KNOWN)
    pd.testing.assert_frame_equal(frame, before)


def _post(**overrides) -> dict:
    row = {
        "post_id": "kyiv",
        "name_nl": "Ambassade in Kyiv",
        "name_en": "Embassy in Kyiv",
        "type": "embassy",
        "city": "Kyiv",
        "iso3": "UKR",
        "lat": "50.45",
        "lon": "30.52",
        "status": "open",
        "status_date": "",
        "source": "x",
        "source_url": "",
        "source_date": "",
        "consulted_on": "2026-11-30",
    }
    return {**row, **overrides}


def test_posts_must_have_coordinates_on_the_globe():
    _, problems = _check([_post(lat="95")], "posts")
    assert [(p.column, p.message) for p in problems] == [
        ("lat", "'95' must be a latitude, -90 to 90")
    ]


def test_a_post_from_an_undated_page_passes_but_the_day_it_was_consulted_is_required():
    typed, problems = _check([_post()], "posts")
    assert problems == [] and pd.isna(typed.loc[0, "source_date"])
    _, problems = _check([_post(consulted_on="")], "posts")
    assert [(p.row, p.column, p.message) for p in problems] == [
        (2, "consulted_on", "must not be empty")
    ]


def test_a_post_without_coordinates_passes_only_without_both():
    typed, problems = _check([_post(lat="", lon="")], "posts")
    assert problems == [] and typed["lat"].isna().all()
    _, problems = _check([_post(lon="")], "posts")
    assert [(p.row, p.message) for p in problems] == [
        (2, "lat and lon are both given or both empty")
    ]


def test_a_post_that_is_not_open_needs_the_date_of_its_status():
    _, problems = _check([_post(status="suspended")], "posts")
    assert [(p.row, p.message) for p in problems] == [
        (2, "a status other than open needs a status_date")
    ]


def test_every_kind_of_post_of_the_kingdom_is_a_type():
    assert contracts.POST_TYPES == (
        "embassy",
        "consulate_general",
        "consulate",
        "embassy_office",
        "permanent_representation",
        "representative_office",
        "liaison_office",
        "honorary_consulate",
    )
    _, problems = _check([_post(type="office")], "posts")
    assert [p.column for p in problems] == ["type"]


def _coverage(**overrides) -> dict:
    row = {
        "post_id": "kyiv",
        "iso3": "MDA",
        "role": "side_accredited",
        "source": "x",
        "source_url": "",
        "source_date": "2024",
        "consulted_on": "2026-11-30",
    }
    return {**row, **overrides}


def test_coverage_names_a_known_role_a_map_code_and_each_pair_once():
    _, problems = _check(
        [_coverage(), _coverage(), _coverage(post_id="b", iso3="XYZ", role="honorary")],
        "post_coverage",
    )
    assert sorted((p.row, p.column, p.message) for p in problems) == [
        (2, None, "names this post and country twice"),
        (3, None, "names this post and country twice"),
        (4, "iso3", "'XYZ' is not a country or territory on the map"),
        (4, "role", "'honorary' must be one of: resident, side_accredited, consular_only"),
    ]


def test_a_status_history_row_needs_its_date():
    row = {
        "post_id": "kyiv",
        "status": "suspended",
        "status_date": "",
        "source": "x",
        "source_url": "",
        "source_date": "",
        "consulted_on": "2026-11-30",
    }
    _, problems = _check([row], "post_status")
    assert [(p.column, p.message) for p in problems] == [("status_date", "must not be empty")]


def _advice(**overrides) -> dict:
    row = {
        "iso3": "UKR",
        "colour": "red",
        "parts_differ": "false",
        "changed_on": "2026-05-29",
        "url": "https://www.nederlandwereldwijd.nl/reisadvies/oekraine",
        "fetched_at": "2026-11-30T10:00:00+00:00",
    }
    return {**row, **overrides}


def test_travel_advice_takes_the_four_colour_codes_or_a_blank_and_a_fetch_time():
    typed, problems = _check(
        [_advice(), _advice(iso3="MDA", colour="", parts_differ="true")], "travel_advice"
    )
    assert problems == []
    assert list(typed["colour"].fillna("")) == ["red", ""]
    assert list(typed["parts_differ"]) == [False, True]
    _, problems = _check([_advice(colour="purple", fetched_at="yesterday")], "travel_advice")
    assert sorted((p.column, p.message) for p in problems) == [
        ("colour", "'purple' must be one of: green, yellow, orange, red"),
        ("fetched_at", "'yesterday' must be a date and time written YYYY-MM-DDTHH:MM:SS+00:00"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("False", False), ("true", True), ("nee", False), ("Ja", True), ("0", False)],
)
def test_yes_no_text_is_read_as_written(text, expected):
    row = {
        "iso3": "UKR",
        "name_nl": "Oekraïne",
        "name_en": "Ukraine",
        "regions": "",
        "eu": text,
        "nato": "false",
        "kingdom": "false",
        "source": "x",
        "source_url": "",
        "source_date": "2024",
    }
    typed, problems = _check([row], "countries")
    assert problems == [] and bool(typed.loc[0, "eu"]) is expected


def test_yes_no_text_that_is_neither_is_refused():
    row = {
        "iso3": "UKR",
        "name_nl": "Oekraïne",
        "name_en": "Ukraine",
        "regions": "",
        "eu": "misschien",
        "nato": "false",
        "kingdom": "false",
        "source": "x",
        "source_url": "",
        "source_date": "2024",
    }
    _, problems = _check([row], "countries")
    assert [(p.row, p.column) for p in problems] == [(2, "eu")]


def test_number_columns_that_hold_numbers_are_checked_as_their_text_would_be():
    # A stored version comes back with its number columns as numbers (Parquet), not text.
    rows = [
        _commitment(amount_eur="2400000000"),
        _commitment(commitment_id="b", amount_eur=""),
        _commitment(commitment_id="c", amount_eur="0.1"),
    ]
    as_text = pd.DataFrame(rows, dtype=str)
    as_numbers = as_text.assign(amount_eur=pd.to_numeric(as_text["amount_eur"]))
    assert as_numbers["amount_eur"].dtype == "float64"
    for frame in (as_text, as_numbers):
        typed, problems = contracts.validate("commitments", frame, known_iso3=KNOWN)
        assert typed is None
        assert [(p.row, p.column, p.key) for p in problems] == [(4, "amount_eur", "p_not_whole")]
    good = [as_text.iloc[:2], as_numbers.iloc[:2]]
    typed_text, typed_numbers = (
        contracts.validate("commitments", f, known_iso3=KNOWN)[0] for f in good
    )
    pd.testing.assert_frame_equal(typed_text, typed_numbers)
    assert typed_numbers.loc[0, "amount_eur"] == 2_400_000_000
    assert pd.isna(typed_numbers.loc[1, "amount_eur"])
