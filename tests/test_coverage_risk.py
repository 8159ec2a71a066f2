"""The coverage-risk ranking: where the programme asks most and the post network holds least."""

from __future__ import annotations

import pandas as pd

from dashboard.domain import coverage_risk

MEMBERS = pd.DataFrame(
    {
        "region_id": ["r"] * 8 + ["s"],
        "iso3": ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "ABW", "AAA"],
        "role": [
            "named",
            "member",
            "named",
            "named",
            "named",
            "member",
            "member",
            "member",
            "member",
        ],
    }
)
POSTS = pd.DataFrame(
    {
        "post_id": ["p_xxx", "p_ddd", "p_eee", "p_fff", "p_abw"],
        "name_en": ["Embassy in X", "Embassy in D", "Embassy in E", "Embassy in F", "Office A"],
        "iso3": ["XXX", "DDD", "EEE", "FFF", "ABW"],
        "type": ["embassy"] * 4 + ["representative_office"],
        "status": ["open", "closure_announced", "open", "open", "open"],
    }
)
COVERAGE = pd.DataFrame(
    {
        "post_id": ["p_xxx", "p_xxx", "p_ddd", "p_eee", "p_fff", "p_abw"],
        "iso3": ["XXX", "CCC", "DDD", "EEE", "FFF", "ABW"],
        "role": ["resident", "side_accredited", "resident", "resident", "resident", "resident"],
    }
)


def commitments(per_country: dict[str, list[int | None]]) -> pd.DataFrame:
    rows = [
        {"iso3": iso3, "amount_eur": amount, "source": f"Source {iso3} {i}", "source_date": "2025"}
        for iso3, amounts in per_country.items()
        for i, amount in enumerate(amounts)
    ]
    frame = pd.DataFrame(rows)
    frame["amount_eur"] = frame["amount_eur"].astype("Int64")
    return frame


COMMITMENTS = commitments(
    {"AAA": [100, 300], "CCC": [None] * 5, "FFF": [None, None, None], "ZZZ": [5]}
)
ADVICE = pd.DataFrame(
    {"iso3": ["GGG", "CCC"], "colour": ["red", "orange"], "parts_differ": [False, True]}
)


def _ranked(advice=ADVICE):
    return coverage_risk.rank(MEMBERS, POSTS, COVERAGE, COMMITMENTS, advice)


def test_countries_are_ranked_by_gap_times_ask_then_gap_ask_and_travel_advice():
    ranked = _ranked()
    assert list(zip(ranked["iso3"], ranked["gap"], ranked["ask"], ranked["risk"], strict=True)) == [
        ("AAA", 3, 4, 12),  # named, no post, 2 commitments
        ("CCC", 1, 7, 7),  # named, covered from XXX, 5 commitments
        ("DDD", 3, 2, 6),  # named, its own post's closure is announced
        ("GGG", 3, 1, 3),  # member, no post; red advice puts it above BBB
        ("BBB", 3, 1, 3),
        ("FFF", 0, 4, 0),
        ("EEE", 0, 2, 0),
        ("ABW", 0, 1, 0),  # part of the Kingdom
    ]
    assert list(ranked["rank"]) == list(range(1, 9))


def test_a_country_named_in_any_region_counts_as_named():
    ranked = _ranked().set_index("iso3")
    assert ranked.loc["AAA", "role"] == "named"
    assert ranked.loc["DDD", ["level", "level_after_closures"]].tolist() == ["resident", "none"]
    assert ranked.loc["DDD", "closing"] == ["p_ddd"]
    assert ranked.loc["CCC", "elsewhere"] == ["p_xxx"]


def test_amounts_are_counted_and_the_largest_single_one_shown_never_their_sum():
    ranked = _ranked().set_index("iso3")
    assert ranked.loc["AAA", ["commitments", "amounts_known", "largest_amount_eur"]].tolist() == [
        2,
        2,
        300,
    ]
    assert ranked.loc["AAA", "largest_amount_source"] == "Source AAA 1"
    assert pd.isna(ranked.loc["CCC", "largest_amount_eur"])
    assert "ZZZ" not in ranked.index  # not a priority country


def test_without_imported_travel_advice_the_ranking_stands_and_the_advice_is_blank():
    ranked = _ranked(advice=None)
    assert list(ranked["iso3"][:5]) == ["AAA", "CCC", "DDD", "BBB", "GGG"]
    assert ranked["advice"].isna().all()


def test_the_table_beside_the_map_says_it_in_words_and_names_where_cover_comes_from():
    names = pd.Series({"CCC": "Country C", "XXX": "Country X", "AAA": "Country A"})
    shown = coverage_risk.display(_ranked(), POSTS, names, "en").set_index("iso3")
    assert shown.loc["CCC", ["level", "after", "elsewhere", "advice"]].tolist() == [
        "covered from another country",
        "covered from another country",
        "Embassy in X (Country X)",
        "orange: only necessary travel (parts of the country: another colour code)",
    ]
    assert shown.loc["DDD", "at_risk"] == "Embassy in D"
    assert shown.loc["AAA", "largest_amount"] == "€300 (Source AAA 1)"
    assert shown.loc["BBB", "advice"] == "no travel advice"
