"""Country names as people type them: hand-made tables, and the bundled ones."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.ingest import names

# The map's own names, as in geo/names.csv.
UNITS = pd.DataFrame(
    {
        "iso3": ["BES", "BES", "BES", "BLR", "CUW", "RUS", "SDN", "SSD", "BLM"],
        "subdivision": ["BQ-BO", "BQ-SE", "BQ-SA", "", "", "", "", "", ""],
        "name_en": [
            "Bonaire",
            "Sint Eustatius",
            "Saba",
            "Belarus",
            "Curaçao",
            "Russia",
            "Sudan",
            "South Sudan",
            "Saint Barthélemy",
        ],
        "name_nl": [
            "Bonaire",
            "Sint Eustatius",
            "Saba",
            "Belarus",
            "Curaçao",
            "Rusland",
            "Soedan",
            "Zuid-Soedan",
            "Saint-Barthélemy",
        ],
    }
)
ALIASES = pd.DataFrame(
    {
        "name": ["Wit-Rusland", "Statia"],
        "key": ["BLR", "BQ-SE"],
        "lang": ["nl", "en"],
        "kind": ["former", "colloquial"],
        "source": ["a source", "another source"],
        "source_url": ["https://example.org/a", "https://example.org/b"],
        "source_date": ["2026-02-16", "2020-12-31"],
    }
)
COUNTRIES = pd.DataFrame(
    {
        "iso3": ["BES", "BLR", "CUW", "RUS", "SDN", "SSD", "BLM"],
        "name_nl": [
            "Caribisch Nederland",
            "Belarus",
            "Curaçao",
            "Rusland",
            "Soedan",
            "Zuid-Soedan",
            "Saint-Barthélemy",
        ],
        "name_en": [
            "Caribbean Netherlands",
            "Belarus",
            "Curaçao",
            "Russia",
            "Sudan",
            "South Sudan",
            "Saint Barthélemy",
        ],
    }
)


@pytest.fixture(scope="module")
def lookup() -> names.Lookup:
    return names.build_lookup(UNITS, ALIASES, COUNTRIES)


def _keys(lookup, typed: str) -> list[str]:
    return [hit.key for hit in lookup.search(typed)]


def test_folding_ignores_case_accents_and_punctuation():
    assert names.fold("Côte d'Ivoire") == "cote d ivoire"
    assert names.fold("  Wit-Rusland ") == names.fold("wit rusland") == "wit rusland"
    assert names.fold("Curaçao") == names.fold("CURACAO")


def test_each_caribbean_island_is_found_by_its_own_name_first(lookup):
    assert _keys(lookup, "Bonaire")[0] == "BQ-BO"
    assert _keys(lookup, "Saba") == ["BQ-SA"]  # not Saint-Barthélemy
    assert _keys(lookup, "Sint Eustatius")[0] == "BQ-SE"
    assert _keys(lookup, "statia") == ["BQ-SE"]
    assert _keys(lookup, "Caribisch Nederland") == ["BES"]


def test_an_island_belongs_to_the_caribbean_netherlands_in_the_data(lookup):
    assert lookup.iso3("BQ-SA") == "BES"
    assert lookup.iso3("CUW") == "CUW"
    assert lookup.code("Saba") == "BES"
    assert lookup.name("BQ-SA", "nl") == "Saba"
    assert lookup.name("BES", "en") == "Caribbean Netherlands"


def test_a_name_without_its_accents_is_the_same_name(lookup):
    assert _keys(lookup, "Curacao") == ["CUW"]
    assert lookup.code("curacao") == "CUW"


def test_an_older_name_finds_its_country_and_never_the_one_it_resembles(lookup):
    assert _keys(lookup, "Wit-Rusland") == ["BLR"]
    assert lookup.code("Wit Rusland") == "BLR"
    # Misspelt, it is still suggested as Belarus, and Russia is not offered.
    assert lookup.suggest("Wit-Ruslant") == ["Wit-Rusland (BLR)"]


def test_exact_names_rank_before_names_that_only_contain_the_word(lookup):
    assert _keys(lookup, "Soedan") == ["SDN", "SSD"]
    assert _keys(lookup, "Ru") == ["RUS"]


def test_a_name_that_is_another_with_a_word_more_is_not_suggested(lookup):
    # "Noord-Rusland" is not Russia: no suggestion rather than a wrong one.
    assert lookup.suggest("Noord-Rusland") == []
    assert lookup.search("Noord-Rusland") == []


def test_upload_names_are_mapped_and_unknown_ones_reported_with_suggestions():
    frame = pd.DataFrame({"iso3": ["Wit-Rusland", "curacao", "BQ-SA", "Ruslant", "ZZZ"]})
    before = frame.copy()
    out, problems = names.map_to_iso3(frame, UNITS)
    assert list(out["iso3"]) == ["BLR", "CUW", "BES", "Ruslant", "ZZZ"]
    assert [(p.row, p.column, p.message) for p in problems] == [
        (5, "iso3", "'Ruslant' is not a country name or code we know; did you mean Rusland (RUS)?")
    ]
    pd.testing.assert_frame_equal(frame, before)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Bonaire", "BQ-BO"),
        ("Sint Eustatius", "BQ-SE"),
        ("Statia", "BQ-SE"),
        ("Saba", "BQ-SA"),
        ("Curacao", "CUW"),
        ("Wit-Rusland", "BLR"),
        ("Birma", "MMR"),
        ("Ivoorkust", "CIV"),
        ("Gaza", "PSE"),
        ("Gazastrook", "PSE"),
        ("West Bank", "PSE"),
        ("Westelijke Jordaanoever", "PSE"),
        ("Zaïre", "COD"),
    ],
)
def test_the_bundled_names_find_what_people_type_first(typed, key):
    bundled = names.build_lookup(names.names_table(), names.aliases_table())
    assert bundled.search(typed)[0].key == key


def test_every_alias_names_a_place_on_the_map_and_has_a_dated_source():
    aliases = names.aliases_table()
    keys = set(names.names_table()["subdivision"].replace("", pd.NA).dropna()) | set(
        names.names_table()["iso3"]
    )
    assert set(aliases["key"]) <= keys
    assert (aliases["source"].str.len() > 0).all()
    assert aliases["source_url"].str.startswith("https://").all()
    assert aliases["source_date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert set(aliases["kind"]) <= {"former", "colloquial", "part", "spelling"}
