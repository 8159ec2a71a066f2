"""``refresh posts`` and ``refresh traveladvice`` from the Nederland Wereldwijd open data.

The service is played by a ``responses`` callback that answers as the specification and the
observed answers describe (/work/research/nlww-notes.md): bare JSON arrays paged by ``rows``
and ``offset``, ``output=json`` asked for. Every record is written here in the schemas' shape
(``getOverview`` items; per-country list records; ``getCountryRepresentationDetailById``;
travel-advice documents). The posts' names are real places; what the answers say of them is
made up for the test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
import responses

from dashboard.cli import main
from dashboard.services import refresh
from dashboard.sources import http, live
from dashboard.sources import nederlandwereldwijd as nlww
from dashboard.storage import datasets

pytest_plugins = ["db_fixtures"]

BASE = "https://opendata.nederlandwereldwijd.nl/v2/sources/nederlandwereldwijd"
INFO = f"{BASE}/infotypes"


@pytest.fixture(autouse=True)
def _quick_and_local(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("DASHBOARD_HTTP_CONNECT_TIMEOUT", "1")
    monkeypatch.setenv("DASHBOARD_HTTP_READ_TIMEOUT", "0.5")
    monkeypatch.setenv("DASHBOARD_HTTP_RETRIES", "0")
    monkeypatch.setenv("DASHBOARD_REFRESH_STALL_SECONDS", "5")
    monkeypatch.setenv("DASHBOARD_HTTP_CONTACT", "https://example.org/contact")


# --- records in the schemas' shape ------------------------------------------------------------


def overview_item(country: str, location: str) -> dict:
    """An item of ``getOverview``: the fields of the spec's response sample, all strings."""
    return {
        "type": "nl vertegenwoordiging",
        "dataurl": f"{INFO}/countries/{country}/nl-representation",
        "location": location,
        "locationkey": location.lower().replace(" ", "-"),
        "link": f"https://www.nederlandwereldwijd.nl/contact/{location.lower()}",
    }


def listed(ident: str, sits: str, serves: str, title: str) -> dict:
    """A per-country list record (observed fields)."""
    return {
        "id": ident,
        "type": "nl vertegenwoordiging",
        "canonical": f"https://www.nederlandwereldwijd.nl/contact/ambassades/{sits}/{ident}",
        "dataurl": f"{INFO}/countries/{sits}/nl-representation/{ident}",
        "title": title,
        "locationkey": serves,
        "isocode": serves.upper(),
        "lastmodified": "2026-01-05T08:31:56.514Z",
    }


def detail(record: dict, address: list[str]) -> dict:
    """``getCountryRepresentationDetailById``: the list record with the detail fields."""
    return {
        **record,
        "function": "ambassade",
        "embassy": True,
        "agencyhead": "A. Voorbeeld",
        "address": address,
        "servicelocations": [],
        "openingtimes": "ma-vr 9.00-17.00",
        "register": "",
        "telephonenumbers": ["+00 000 000"],
    }


def advice(code: str, country: str, intro: str, changed: str = "29-05-2026") -> dict:
    """A travel-advice document (observed fields)."""
    return {
        "id": code,
        "type": "reisadvies",
        "canonical": f"https://www.nederlandwereldwijd.nl/reisadvies/{country.lower()}",
        "dataurl": f"{INFO}/countries/{code.lower()}/traveladvice",
        "title": f"Reisadvies {country}",
        "introduction": f"<h2>In het kort</h2><ul><li>{intro}</li></ul>",
        "location": country,
        "locationkey": country.lower(),
        "isocode": code,
        "modificationdate": f"Laatst gewijzigd op: {changed} | Nog steeds geldig op: 30-11-2026",
        "content": [],
        "files": [],
        "lastmodified": "2026-10-06T13:16:04.964Z",
        "language": "nl",
    }


KYIV = listed("ambassade-kyiv", "ukr", "ukr", "Nederlandse ambassade in Kyiv, Oekraïne")
MANILA = listed("ambassade-manilla", "phl", "phl", "Nederlandse ambassade in Manilla, Filipijnen")
MINSK = listed(
    "ambassadekantoor-minsk", "blr", "blr", "Nederlands ambassadekantoor in Minsk, Belarus"
)
WELLINGTON_FOR_TOKELAU = listed(
    "ambassade-wellington", "nzl", "tkl", "Nederlandse ambassade in Wellington, Nieuw-Zeeland"
)
KYIV_FOR_MOLDOVA = listed("ambassade-kyiv", "ukr", "mda", KYIV["title"])


class Service:
    """The open-data service: paged arrays per path, single documents, and what was asked."""

    def __init__(self, lists: dict[str, list], documents: dict[str, object]):
        self.lists, self.documents, self.asked = lists, documents, []

    def __call__(self, request):
        url = urlparse(request.url)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        path = f"{url.scheme}://{url.netloc}{url.path}"
        self.asked.append((path, query))
        if query.get("output") != "json":
            return 200, {}, "<xml>the default output</xml>"
        if path in self.lists:
            rows, offset = int(query["rows"]), int(query["offset"])
            body = self.lists[path]
            page = json.dumps(body[offset : offset + rows]) if isinstance(body, list) else body
            page = page if isinstance(page, str) else json.dumps(page)
            return 200, {"Content-Type": "application/json"}, page
        if path in self.documents:
            body = self.documents[path]
            return 200, {}, body if isinstance(body, str) else json.dumps(body)
        return 404, {}, "not found"


def serve(service: Service) -> Service:
    responses.add_callback(responses.GET, responses.matchers.re.compile(f"{BASE}/.*"), service)
    return service


def posts_service(**changes) -> Service:
    lists = {
        f"{INFO}/nl-representation": [
            overview_item("ukr", "Oekraine"),
            overview_item("mda", "Moldavie"),
            overview_item("phl", "Filipijnen"),
            overview_item("blr", "Belarus"),
            overview_item("tkl", "Tokelau"),
        ],
        f"{INFO}/countries/ukr/nl-representation": [KYIV],
        f"{INFO}/countries/mda/nl-representation": [KYIV_FOR_MOLDOVA],
        f"{INFO}/countries/phl/nl-representation": [MANILA],
        f"{INFO}/countries/blr/nl-representation": [MINSK],
        f"{INFO}/countries/tkl/nl-representation": [WELLINGTON_FOR_TOKELAU],
    }
    documents = {
        MANILA["dataurl"]: detail(MANILA, ["Ayala Avenue 1", "Makati, Manilla"]),
        MINSK["dataurl"]: detail(MINSK, []),
        WELLINGTON_FOR_TOKELAU["dataurl"]: detail(WELLINGTON_FOR_TOKELAU, ["Wellington"]),
    }
    lists.update(changes.pop("lists", {}))
    documents.update(changes.pop("documents", {}))
    return Service(lists, documents)


# --- the fetcher ------------------------------------------------------------------------------


@responses.activate
def test_a_list_is_walked_by_offset_until_a_page_comes_back_short(monkeypatch):
    monkeypatch.setattr(nlww, "ROWS", 2)
    service = serve(posts_service())
    fetched = nlww.fetch_post_lists(http.session())
    overview = [q for p, q in service.asked if p == f"{INFO}/nl-representation"]
    assert [(q["offset"], q["rows"], q["output"], q["lang"]) for q in overview] == [
        ("0", "2", "json", "nl"),
        ("2", "2", "json", "nl"),
        ("4", "2", "json", "nl"),
    ]
    assert sorted(fetched.countries) == ["blr", "mda", "phl", "tkl", "ukr"]
    assert responses.calls[0].request.headers["User-Agent"] == (
        "Buitenlandbeleid-in-beeld/0.1.0 (+https://example.org/contact)"
    )


@responses.activate
def test_an_index_pointing_outside_the_service_is_refused_naming_the_record():
    item = overview_item("ukr", "Oekraine") | {"dataurl": "https://elsewhere.example/ukr"}
    serve(posts_service(lists={f"{INFO}/nl-representation": [item]}))
    with pytest.raises(
        live.ResponseError,
        match=r"record 0 of page at offset 0: field 'dataurl' 'https://elsewhere",
    ):
        nlww.fetch_post_lists(http.session())


# --- refresh posts ----------------------------------------------------------------------------


@responses.activate
def test_refresh_posts_adds_the_missing_posts_keeps_the_rest_and_reports_what_it_left_out(
    app_store, capsys
):
    serve(posts_service())
    before = datasets.load("posts")
    assert main(["refresh", "posts"]) == 0
    out, err = capsys.readouterr()
    assert "published 'posts' version 2" in out and "published 'post_coverage' version 2" in out
    assert "'posts' against the version before: 1 added, 0 removed, 2 changed" in out
    assert "ambassadekantoor-minsk: listed without an address (closed?); not added" in err
    assert "country 'TKL' is not on the map; left out of the coverage" in err
    assert "kept, but not in the ministry's listing (check): emb_chisinau," in err
    posts = datasets.load("posts").set_index("post_id")
    assert len(posts) == len(before) + 1
    manila = posts.loc["ambassade-manilla"]
    assert (manila["iso3"], manila["type"], manila["status"], manila["city"]) == (
        "PHL",
        "embassy",
        "open",
        "Manilla",
    )
    assert pd.isna(manila["lat"])  # the open data has no coordinates: listed, not drawn
    assert manila["source_url"] == MANILA["canonical"] and manila["source_date"] == "2026-01-05"
    kyiv = posts.loc["emb_kyiv"]
    assert kyiv["lat"] == 50.45 and kyiv["source"].startswith(nlww.PUBLISHER)
    # Wellington, listed for Tokelau, sits in New Zealand: matched to the bundled post.
    assert posts.loc["emb_wellington", "source_url"] == WELLINGTON_FOR_TOKELAU["canonical"]
    coverage = datasets.load("post_coverage")
    pairs = set(zip(coverage["post_id"], coverage["iso3"], coverage["role"], strict=True))
    assert ("emb_kyiv", "MDA", "consular_only") in pairs
    assert ("ambassade-manilla", "PHL", "resident") in pairs
    entries = app_store.audit_entries(action="publish")
    # Without an account named, the audit log names the operating-system account.
    assert {e.dataset for e in entries[:2]} == {"posts", "post_coverage"}
    assert all(e.user.startswith("os:") for e in entries[:2])
    prov = live.read_provenance(app_store.active("posts").note)
    assert prov["changes"]["posts"] == {"added": 1, "removed": 0, "changed": 2, "countries": 3}
    assert prov["source_updated"] == "2026-01-05" and prov["countries"] == 5


@responses.activate
def test_the_same_listing_twice_publishes_nothing_new(app_store, capsys):
    serve(posts_service())
    assert main(["refresh", "posts"]) == 0
    assert main(["refresh", "posts"]) == 0
    out = capsys.readouterr().out
    assert "no change: 'posts' stays at version 2" in out
    assert app_store.version_count("posts") == 2


@pytest.mark.parametrize(
    ("lists", "message"),
    [
        (
            {f"{INFO}/countries/phl/nl-representation": "<html>onderhoud</html>"},
            "list for 'phl': page at offset 0: an XML answer",
        ),
        (
            {f"{INFO}/countries/phl/nl-representation": [MANILA | {"id": "kasteel-manilla"}]},
            "list for 'phl': record 0 of page at offset 0 (id 'kasteel-manilla'): field 'id' "
            "'kasteel-manilla' has no known post-kind prefix",
        ),
        (
            {f"{INFO}/countries/phl/nl-representation": {"id": "ambassade-manilla"}},
            "list for 'phl': page at offset 0: expected a JSON array of records, got dict",
        ),
    ],
)
@responses.activate
def test_a_malformed_answer_refuses_the_whole_refresh_naming_the_record(
    app_store, capsys, lists, message
):
    serve(posts_service(lists=lists))
    assert main(["refresh", "posts"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: posts: the response was refused: ")
    assert message in err
    assert "'posts' stays at version 1" in err
    assert app_store.version_count("posts") == 1 and app_store.version_count("post_coverage") == 1


@responses.activate
def test_a_page_the_service_cannot_give_refuses_the_refresh(app_store, capsys, monkeypatch):
    monkeypatch.setattr(nlww, "ROWS", 2)
    service = posts_service()

    def answer(request):
        if "offset=2" in request.url and "/infotypes/nl-representation" in request.url:
            return 404, {}, "not found"
        return service(request)

    serve(answer)
    assert main(["refresh", "posts"]) == 1
    err = capsys.readouterr().err
    assert "error: nederlandwereldwijd: opendata.nederlandwereldwijd.nl answered HTTP 404" in err
    assert app_store.version_count("posts") == 1


def test_refresh_posts_offline_ends_fast_with_status_1_and_keeps_the_active_version(app_store):
    env = {**os.environ, "DASHBOARD_NLWW_URL": "http://127.0.0.1:9/v2/sources/nederlandwereldwijd"}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "refresh", "posts"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and time.monotonic() - started < 30
    assert done.stderr.startswith("error: nederlandwereldwijd: 127.0.0.1:9 refused the connection")
    assert "Nothing was published; 'posts' stays at version 1" in done.stderr


# --- refresh traveladvice ---------------------------------------------------------------------

ADVICE = {
    "UKR": advice("UKR", "Oekraine", "De kleurcode van het reisadvies voor Oekraïne is rood."),
    "MDA": advice(
        "MDA",
        "Moldavie",
        "Voor Transnistrië geldt kleurcode oranje. Voor de rest van Moldavië geldt kleurcode geel.",
        changed="01-02-2026",
    ),
    "BQ-BO": advice("BQ-BO", "Bonaire", "De kleurcode van het reisadvies voor Bonaire is groen."),
    "TKL": advice("TKL", "Tokelau", "De kleurcode van het reisadvies voor Tokelau is groen."),
}


def advice_service(**documents) -> Service:
    found = {**ADVICE, **documents}
    index = [
        {
            "id": code,
            "type": "reisadvies",
            "dataurl": f"{INFO}/countries/{code.lower()}/traveladvice",
            "location": doc["location"] if isinstance(doc, dict) else code,
        }
        for code, doc in found.items()
    ]
    return Service(
        {f"{INFO}/traveladvice": index},
        {f"{INFO}/countries/{c.lower()}/traveladvice": d for c, d in found.items()},
    )


@responses.activate
def test_refresh_traveladvice_stores_colour_parts_date_and_link_per_country(app_store, capsys):
    serve(advice_service())
    assert main(["refresh", "traveladvice"]) == 0
    out, err = capsys.readouterr()
    assert "published 'travel_advice' version 1 (3 rows)" in out
    assert "field 'isocode' 'TKL' is not on the ISO3 map" in err
    table = datasets.load("travel_advice").set_index("iso3")
    assert table.loc["MDA", ["colour", "parts_differ", "changed_on"]].tolist() == [
        "yellow",
        True,
        "2026-02-01",
    ]
    assert table.loc["UKR", "url"] == "https://www.nederlandwereldwijd.nl/reisadvies/oekraine"
    assert table.loc["BES", "colour"] == "green"
    fetched_at = refresh.status("traveladvice", st=app_store)["fetched_at"]
    assert set(table["fetched_at"]) == {fetched_at}


@responses.activate
def test_an_advice_without_its_introduction_refuses_the_refresh_naming_the_document(
    app_store, capsys
):
    broken = {k: v for k, v in ADVICE["MDA"].items() if k != "introduction"}
    serve(advice_service(MDA=broken))
    assert main(["refresh", "traveladvice"]) == 1
    err = capsys.readouterr().err
    assert (
        f"{INFO}/countries/mda/traveladvice: record 0 (id 'MDA'): required field "
        "'introduction' is missing"
    ) in err
    assert "'travel_advice' has no stored version yet" in err
    assert app_store.version_count("travel_advice") == 0
