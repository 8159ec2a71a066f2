"""Parsers for the Nederland Wereldwijd open data API (posts abroad, travel advice).

Every fixture is built here, in the shape of the spec's schemas (``getOverview``,
``getCountryRepresentationDetailById``) and of the answers described in
/work/research/nlww-notes.md. Names, places and dates are made up for the tests.
"""

from __future__ import annotations

import json
import math
from datetime import date

import pytest

from dashboard.sources.nlww_pages import MAX_ROWS, Page
from dashboard.sources.nlww_parse import (
    POST_KINDS,
    REPRESENTATION_COLUMNS,
    TRAVEL_ADVICE_COLUMNS,
    headline_colour,
    parse_representations,
    parse_travel_advice,
)

BASE = "https://opendata.nederlandwereldwijd.nl/v2/sources/nederlandwereldwijd/infotypes"
ISO3 = {"xaa": "XAA", "xbb": "XBB", "land-a": "XAA"}  # test codes, not real countries


def to_iso3(value: str) -> str | None:
    return ISO3.get(value.lower())


def post(ident="ambassade-alpha", *, country="xaa", served="XAA", title=None, **extra) -> dict:
    """A representation record: the spec's detail fields plus the observed list fields."""
    record = {
        "id": ident,
        "type": "nl vertegenwoordiging",
        "canonical": f"https://www.nederlandwereldwijd.nl/contact/{country}/{ident}",
        "dataurl": f"{BASE}/countries/{country}/nl-representation/{ident}",
        "title": title or "Nederlandse ambassade in Alpha, Land A",
        "locationkey": "land-a",
        "isocode": served,
        "lastmodified": "2026-01-05T08:31:56.514Z",
    }
    record.update(extra)
    return record


def detail(**extra) -> dict:
    fields = {
        "function": "ambassade",
        "embassy": True,
        "agencyhead": "A. Example",
        "address": ["Voorbeeldstraat 1", "1000 Alpha"],
        "servicelocations": [],
        "openingtimes": "ma-vr",
        "register": "",
        "telephonenumbers": ["+00 000"],
    }
    return post(**{**fields, **extra})


def advice(ident="XAA", *, intro=None, **extra) -> dict:
    """A travel-advice document with the fields of the observed detail answers."""
    record = {
        "id": ident,
        "type": "reisadvies",
        "canonical": f"https://www.nederlandwereldwijd.nl/reisadvies/{ident.lower()}",
        "dataurl": f"{BASE}/countries/{ident.lower()}/traveladvice",
        "title": f"Reisadvies {ident} | Ministerie van Buitenlandse Zaken",
        "introduction": intro
        if intro is not None
        else (
            "<h2>In het kort</h2><ul><li>De kleurcode van het reisadvies voor Land A is geel. "
            "U kunt erheen reizen. Maar let op: er zijn bijzondere veiligheidsrisico's.</li></ul>"
        ),
        "location": "Land A",
        "locationkey": "land-a",
        "isocode": ident,
        "modificationdate": "Laatst gewijzigd op: 29-05-2026 | Nog steeds geldig op: 07-10-2026",
        "content": [
            {
                "category": "Veiligheid",
                "contentblocks": [
                    {"paragraphtitle": "Regionale risico's", "paragraph": "<p>Tekst.</p>"}
                ],
            }
        ],
        "files": [
            {
                "fileurl": f"{BASE}/countries/xaa/traveladvice/map?type=legend",
                "mimetype": "image/png",
                "filesize": "1",
                "filename": "kaart.png",
                "mapType": "legend",
            }
        ],
        "lastmodified": "2026-10-06T13:16:04.964Z",
        "issued": "2026-05-29T10:00:00.000Z",
        "language": "nl",
    }
    record.update(extra)
    return record


def body(value) -> bytes:
    return json.dumps(value).encode()


def pages(sizes, rows=MAX_ROWS, offsets=None):
    offsets = offsets or [i * rows for i in range(len(sizes))]
    return [
        Page(off, rows, body([post(f"ambassade-p{off}-{i}") for i in range(n)]))
        for off, n in zip(offsets, sizes, strict=True)
    ]


# ---------------------------------------------------------------- representations


def test_a_per_country_list_becomes_one_row_per_post():
    records = [
        post(),
        post("consulaat-generaal-beta", title="Nederlands consulaat-generaal in Bèta, Land A"),
        post("ambassadekantoor-gamma", title="Nederlandse ambassadekantoor in Gamma, Land A"),
    ]
    frame, problems, warnings = parse_representations(body(records), to_iso3)
    assert problems == [] and warnings == []
    assert list(frame.columns) == REPRESENTATION_COLUMNS
    assert list(frame["type"]) == ["embassy", "consulate_general", "embassy_office"]
    assert list(frame["city"]) == ["Alpha", "Bèta", "Gamma"]
    assert list(frame["post_id"]) == [
        "ambassade-alpha",
        "consulaat-generaal-beta",
        "ambassadekantoor-gamma",
    ]
    first = frame.iloc[0]
    assert first["iso3"] == "XAA" and first["status"] == "listed"
    assert first["name_nl"] == "Nederlandse ambassade in Alpha, Land A"
    assert first["name_en"] is None
    assert first["source_url"].endswith("/ambassade-alpha")
    assert first["source_date"] == date(2026, 1, 5)
    assert math.isnan(first["lat"]) and math.isnan(first["lon"])


def test_a_detail_answer_is_one_object_and_an_empty_address_is_flagged():
    frame, problems, _ = parse_representations(body(detail()), to_iso3)
    assert problems == [] and frame.iloc[0]["status"] == "listed"
    frame, problems, _ = parse_representations(body(detail(address=[" "])), to_iso3)
    assert problems == [] and frame.iloc[0]["status"] == "no_address"


def test_a_post_serving_another_country_sits_where_its_dataurl_says_and_is_kept_once():
    own = post("ambassade-alpha", country="xaa", served="XAA")
    served = post("ambassade-alpha", country="xaa", served="XBB")
    frame, problems, _ = parse_representations(body([own, served]), to_iso3)
    assert problems == []
    assert len(frame) == 1 and frame.iloc[0]["iso3"] == "XAA"


def test_one_id_with_two_dataurls_is_refused():
    clash = post("ambassade-alpha", country="xbb")
    frame, problems, _ = parse_representations(body([post(), clash]), to_iso3)
    assert frame is None
    assert "record 1 (id 'ambassade-alpha')" in problems[0] and "'dataurl'" in problems[0]


def test_an_unknown_kind_of_post_is_refused_naming_record_and_field():
    frame, problems, _ = parse_representations(body([post(), post("handelskantoor-x")]), to_iso3)
    assert frame is None
    assert problems == [problems[0]]
    assert problems[0].startswith("record 1 (id 'handelskantoor-x'): field 'id'")


@pytest.mark.parametrize(("prefix", "kind"), POST_KINDS)
def test_every_kind_of_post_maps_from_its_slug_prefix(prefix, kind):
    frame, problems, _ = parse_representations(body(post(f"{prefix}-alpha")), to_iso3)
    assert problems == [] and frame.iloc[0]["type"] == kind


def test_a_missing_required_field_is_refused():
    record = post()
    del record["title"]
    frame, problems, _ = parse_representations(body([post("ambassade-b"), record]), to_iso3)
    assert frame is None
    assert problems == ["record 1 (id 'ambassade-alpha'): required field 'title' is missing"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("embassy", "yes"), ("address", "Straat 1"), ("telephonenumbers", [1, 2]), ("title", 7)],
)
def test_a_field_of_the_wrong_type_is_refused(field, value):
    frame, problems, _ = parse_representations(body(detail(**{field: value})), to_iso3)
    assert frame is None
    assert f"field {field!r}" in problems[0] and problems[0].startswith("record 0")


def test_a_country_not_on_the_map_is_a_warning_and_the_post_is_kept():
    frame, problems, warnings = parse_representations(body(post(country="xzz")), to_iso3)
    assert problems == [] and len(frame) == 1 and frame.iloc[0]["iso3"] is None
    assert warnings[0].startswith("record 0 (id 'ambassade-alpha'): country 'xzz'")


def test_a_location_key_in_the_dataurl_goes_to_the_map_as_well():
    frame, _, warnings = parse_representations(body(post(country="land-a")), to_iso3)
    assert warnings == [] and frame.iloc[0]["iso3"] == "XAA"


def test_english_answers_fill_name_en():
    record = post(
        "embassy-alpha", title="Embassy of the Kingdom of the Netherlands in Alpha, Land A"
    )
    frame, problems, _ = parse_representations(body(record), to_iso3, lang="en")
    assert problems == []
    assert frame.iloc[0]["name_en"].startswith("Embassy") and frame.iloc[0]["name_nl"] is None
    assert frame.iloc[0]["type"] == "embassy" and frame.iloc[0]["city"] == "Alpha"
    assert parse_representations(body(record), to_iso3, lang="de")[0] is None


def test_a_title_without_a_city_is_a_warning():
    frame, problems, warnings = parse_representations(body(post(title="Ambassade")), to_iso3)
    assert problems == [] and frame.iloc[0]["city"] is None
    assert "no city in field 'title'" in warnings[0]


def test_a_dataurl_of_another_form_and_a_bad_date_are_refused():
    frame, problems, _ = parse_representations(
        body([post(dataurl="https://example.org/x"), post("ambassade-b", lastmodified="gisteren")]),
        to_iso3,
    )
    assert frame is None
    assert "record 0 (id 'ambassade-alpha'): field 'dataurl'" in problems[0]
    assert "record 1 (id 'ambassade-b'): field 'lastmodified'" in problems[1]


# ---------------------------------------------------------------- answers and pages


def test_an_xml_answer_is_refused_with_the_fix():
    frame, problems, _ = parse_representations(b"<?xml version='1.0'?><documents/>", to_iso3)
    assert frame is None and "output=json" in problems[0]


@pytest.mark.parametrize("raw", [b"{not json", b"\xff\xfe", b"42", b'"text"', b"[1, 2]"])
def test_bodies_that_are_not_arrays_of_objects_are_refused(raw):
    frame, problems, _ = parse_representations(raw, to_iso3)
    assert frame is None and problems


def test_a_payload_over_the_byte_limit_is_refused_before_parsing():
    frame, problems, _ = parse_travel_advice(b"[" + b" " * 100 + b"{broken", max_bytes=50)
    assert frame is None
    assert problems == ["payload is 108 bytes, over the limit of 50; not parsed"]


def test_the_byte_limit_counts_all_pages():
    frame, problems, _ = parse_representations(pages([200, 5]), to_iso3, max_bytes=1000)
    assert frame is None and "over the limit" in problems[0]


def test_decoded_json_is_not_a_payload():
    frame, problems, _ = parse_representations([post()], to_iso3)
    assert frame is None and "payload must be" in problems[0]


def test_consistent_pages_are_joined():
    frame, problems, _ = parse_representations(pages([200, 200, 17]), to_iso3)
    assert problems == [] and len(frame) == 417


def test_an_empty_last_page_closes_the_walk():
    frame, problems, _ = parse_representations(pages([200, 0]), to_iso3)
    assert problems == [] and len(frame) == 200


def test_a_missing_page_is_refused():
    frame, problems, _ = parse_representations(pages([200, 17], offsets=[0, 400]), to_iso3)
    assert frame is None
    assert problems == ["page at offset 400: expected offset 200; a page is missing or repeated"]


def test_a_full_last_page_means_the_next_one_is_missing():
    frame, problems, _ = parse_representations(pages([200, 200]), to_iso3)
    assert frame is None and "offset 400 is missing" in problems[0]


def test_a_short_page_followed_by_more_pages_is_refused():
    frame, problems, _ = parse_representations(
        pages([150, 10], rows=200, offsets=[0, 200]), to_iso3
    )
    assert frame is None and "yet later pages follow" in problems[0]


def test_rows_above_the_services_cap_is_refused():
    frame, problems, _ = parse_representations(pages([200], rows=500), to_iso3)
    assert frame is None and "rows 500" in problems[0]


def test_a_page_that_is_not_an_array_is_refused():
    frame, problems, _ = parse_representations([Page(0, 25, body(post()))], to_iso3)
    assert frame is None and "expected a JSON array" in problems[0]


def test_a_problem_on_a_page_names_the_page_and_the_record():
    broken = post("ambassade-z")
    del broken["dataurl"]
    listed = [
        Page(0, 2, body([post("ambassade-y"), post("ambassade-x")])),
        Page(2, 2, body([broken])),
    ]
    frame, problems, _ = parse_representations(listed, to_iso3)
    assert frame is None
    assert problems == [
        "record 0 of page at offset 2 (id 'ambassade-z'): required field 'dataurl' is missing"
    ]


# ---------------------------------------------------------------- travel advice


def test_a_whole_country_advice():
    frame, problems, warnings = parse_travel_advice(body([advice()]))
    assert problems == [] and warnings == []
    assert list(frame.columns) == TRAVEL_ADVICE_COLUMNS
    row = frame.iloc[0]
    assert (row["id"], row["iso3"], row["colour"]) == ("XAA", "XAA", "yellow")
    assert not row["parts_differ"]
    assert row["changed_on"] == date(2026, 5, 29)
    assert row["url"] == "https://www.nederlandwereldwijd.nl/reisadvies/xaa"


def test_a_detail_answer_is_one_object():
    frame, problems, _ = parse_travel_advice(body(advice()))
    assert problems == [] and len(frame) == 1


REGIONAL = (
    "<h2>In het kort</h2><ul><li>De kleurcode van het reisadvies is oranje voor de "
    "provincie Noord. En voor het grensgebied met Land B. Reis alleen hierheen als het "
    "noodzakelijk is.</li><li>Voor de rest van Land A geldt kleurcode geel. U kunt "
    'hierheen reizen.</li></ul><div class="notification attention">Meld u aan</div>'
)


def test_a_regional_advice_takes_the_colour_of_the_rest_of_the_country():
    frame, problems, _ = parse_travel_advice(body([advice(intro=REGIONAL)]))
    assert problems == []
    assert frame.iloc[0]["colour"] == "yellow" and frame.iloc[0]["parts_differ"]


@pytest.mark.parametrize(
    ("intro", "expected"),
    [
        ("De kleurcode van het reisadvies voor Land A is groen.", ("green", False, None)),
        (
            "De kleurcode van het reisadvies voor Land A is voor het grootste deel rood. Voor het "
            "zuiden geldt kleurcode oranje.",
            ("red", True, None),
        ),
        (
            "Voor het noorden geldt kleurcode rood. Voor Land A geldt grotendeels kleurcode "
            "oranje.",
            ("orange", True, None),
        ),
        (
            "De kleurcode van het reisadvies voor Land A is geel. Voor het grensgebied geldt "
            "kleurcode oranje.",
            ("yellow", True, None),
        ),
        ("<p>The colour code for Land A is orange.</p>", ("orange", False, None)),
        (
            "Bij een oranje of rood reisadvies passen verzekeraars de voorwaarden aan. De "
            "kleurcode van het reisadvies voor Land A is groen.",
            ("green", False, None),
        ),
        ("Kleurcode rood geldt voor:<ul><li>het noorden</li></ul>", ("red", False, None)),
    ],
)
def test_headline_colour_follows_the_template_sentences(intro, expected):
    assert headline_colour(intro) == expected


def test_several_colours_without_a_headline_are_a_warning_not_a_guess():
    intro = "Voor het noorden geldt kleurcode rood. Voor het zuiden geldt kleurcode oranje."
    frame, problems, warnings = parse_travel_advice(body([advice(intro=intro)]))
    assert problems == []
    assert frame.iloc[0]["colour"] is None and frame.iloc[0]["parts_differ"]
    assert warnings[0].startswith("record 0 (id 'XAA'): colours ['red', 'orange']")


def test_an_introduction_without_a_colour_is_a_warning():
    frame, _, warnings = parse_travel_advice(body([advice(intro="<p>Geen kleur.</p>")]))
    assert frame.iloc[0]["colour"] is None
    assert "no colour-code sentence" in warnings[0]


def test_without_modificationdate_the_technical_date_is_used_with_a_warning():
    frame, problems, warnings = parse_travel_advice(body([advice(modificationdate=None)]))
    assert problems == [] and frame.iloc[0]["changed_on"] == date(2026, 10, 6)
    assert "changed_on is the date of 'lastmodified'" in warnings[0]


def test_an_advice_without_any_change_date_is_refused():
    record = advice()
    del record["modificationdate"], record["lastmodified"]
    frame, problems, _ = parse_travel_advice(body([record]))
    assert frame is None and "no change date" in problems[0]


def test_an_impossible_change_date_is_refused():
    text = "Laatst gewijzigd op: 31-02-2026 | Nog steeds geldig op: 07-10-2026"
    frame, problems, _ = parse_travel_advice(body([advice(modificationdate=text)]))
    assert frame is None and "field 'modificationdate'" in problems[0]


def test_two_advices_for_one_country_are_refused():
    frame, problems, _ = parse_travel_advice(body([advice(), advice()]))
    assert frame is None and problems[0].startswith("record 1 (id 'XAA')")


def test_an_unknown_language_is_refused():
    frame, problems, _ = parse_travel_advice(body([advice(language="de")]))
    assert frame is None and "field 'language'" in problems[0]


def test_a_missing_introduction_is_refused():
    record = advice()
    del record["introduction"]
    frame, problems, _ = parse_travel_advice(body([advice("XBB"), record]))
    assert frame is None
    assert problems == ["record 1 (id 'XAA'): required field 'introduction' is missing"]


def test_codes_outside_iso3_are_warnings_and_the_caller_may_map_them():
    record = advice("BQ-BO")
    frame, problems, warnings = parse_travel_advice(body([record]))
    assert problems == [] and frame.iloc[0]["iso3"] is None and "BQ-BO" in warnings[0]
    frame, _, warnings = parse_travel_advice(body([record]), {"BQ-BO": "BES"}.get)
    assert warnings == [] and frame.iloc[0]["iso3"] == "BES"


def test_a_json_null_answer_is_refused():
    frame, problems, _ = parse_representations(b"null", to_iso3)
    assert frame is None and problems == ["answer: expected a JSON array of records, got NoneType"]


def test_a_broken_page_is_named_once_and_the_walk_goes_on():
    listed = [Page(0, 2, b"[{"), Page(2, 2, body([post()]))]
    frame, problems, _ = parse_representations(listed, to_iso3)
    assert frame is None
    assert len(problems) == 1 and problems[0].startswith("page at offset 0: not JSON")


@pytest.mark.parametrize("page", [Page(0, "200", b"[]"), Page(-1, 200, b"[]"), Page(0, 2, None)])
def test_a_page_with_a_malformed_offset_rows_or_body_is_refused(page):
    frame, problems, _ = parse_representations([page], to_iso3)
    assert frame is None and "payload must be" in problems[0]
