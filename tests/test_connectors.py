"""Live connectors: recorded answers in the services' documented formats, a local server on
127.0.0.1 for retries and timeouts, and refreshes into a temporary store. No test touches the
internet except the one marked ``live`` (off by default: ``pytest -m live``)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pandas as pd
import pytest
import responses

from dashboard.cli import main
from dashboard.services import auth, refresh
from dashboard.sources import http, live, reliefweb, worldbank
from dashboard.storage import datasets

pytest_plugins = ["db_fixtures"]

WB = "https://api.worldbank.org/v2"
RW = "https://api.reliefweb.int/v2"
UPDATED = "2025-07-01"


@pytest.fixture(autouse=True)
def _quick_and_local(monkeypatch):
    """Short timeouts and no proxy: every request stays on this machine and fails fast."""
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("DASHBOARD_HTTP_CONNECT_TIMEOUT", "1")
    monkeypatch.setenv("DASHBOARD_HTTP_READ_TIMEOUT", "0.5")
    monkeypatch.setenv("DASHBOARD_REFRESH_STALL_SECONDS", "5")
    monkeypatch.setenv("DASHBOARD_HTTP_CONTACT", "https://example.org/contact")
    monkeypatch.setenv("DASHBOARD_RELIEFWEB_APPNAME", "ministry-dashboard-test")


# -- recorded answers, as the services document them ---------------------------------------------
def wb_row(indicator, iso3, value, date="2023", name=None):
    return {
        "indicator": {"id": indicator, "value": indicator},
        "country": {"id": iso3[:2], "value": name or iso3},
        "countryiso3code": iso3,
        "date": date,
        "value": value,
        "unit": "",
        "obs_status": "",
        "decimal": 0,
    }


def wb_page(
    indicator, rows, *, page=1, pages=1, total=None, per_page=500, lastupdated=UPDATED
) -> str:
    meta = {
        "page": page,
        "pages": pages,
        "per_page": str(per_page),
        "total": len(rows) if total is None else total,
        "sourceid": "2",
        "lastupdated": lastupdated,
    }
    return json.dumps([meta, rows or None])


def wb_answers(unknown=False) -> dict[str, list[str]]:
    """Every indicator on one page, population on two; aggregates and Kosovo included."""
    answers = {}
    for indicator in live.WORLDBANK_INDICATORS:
        rows = [
            wb_row(indicator, "UKR", 1.5),
            wb_row(indicator, "XKX", 2.0, "2022"),
            wb_row(indicator, "EUU", 9.0, name="European Union"),
            wb_row(indicator, "WLD", 9.0, name="World"),
            wb_row(indicator, "MDA", None),
        ]
        if unknown:
            rows.append(wb_row(indicator, "CHI", 3.0, name="Channel Islands"))
        answers[indicator] = [wb_page(indicator, rows)]
    pop = "SP.POP.TOTL"
    answers[pop] = [
        wb_page(
            pop,
            [wb_row(pop, "UKR", 37_000_000), wb_row(pop, "WLD", 8e9)],
            page=1,
            pages=2,
            total=3,
            per_page=2,
        ),
        wb_page(
            pop, [wb_row(pop, "NLD", 17_900_000, "2024")], page=2, pages=2, total=3, per_page=2
        ),
    ]
    return answers


def wb_pages(answers) -> dict[str, list[live.WorldBankPage]]:
    return {
        i: [live.read_worldbank_page(b, i, n) for n, b in enumerate(pages, 1)]
        for i, pages in answers.items()
    }


def rw_report(ident, title, created, *sources_):
    return {
        "id": str(ident),
        "score": 1,
        "href": f"{RW}/reports/{ident}",
        "fields": {
            "title": title,
            "date": {"created": created},
            "source": [{"name": s} for s in sources_],
            "url": f"https://reliefweb.int/node/{ident}",
        },
    }


def rw_answer(reports, total=None) -> str:
    return json.dumps(
        {
            "time": 5,
            "href": f"{RW}/reports?appname=x",
            "links": {},
            "totalCount": len(reports) if total is None else total,
            "count": len(reports),
            "data": reports,
        }
    )


def known() -> frozenset[str]:
    return frozenset({"UKR", "MDA", "NLD", "XKX", "PSE"})


def register_worldbank(rsps, answers, base=WB):
    for indicator, pages in answers.items():
        for number, body in enumerate(pages, 1):
            rsps.get(
                f"{base}/country/all/indicator/{indicator}",
                body=body,
                match=[
                    responses.matchers.query_param_matcher(
                        {"page": str(number)}, strict_match=False
                    )
                ],
            )


# -- World Bank: pure parsing --------------------------------------------------------------------
def test_worldbank_pages_become_one_indicator_with_years_and_sources():
    pages = wb_pages(wb_answers())
    result = live.worldbank_frame(pages, known_iso3=known(), source_url="https://x/y")
    frame = result.frame.set_index("iso3")
    assert list(frame.index) == ["NLD", "UKR", "XKX"]  # MDA: only nulls, so no row
    assert frame.loc["UKR", "population"] == 37_000_000
    assert frame.loc["NLD", "population_year"] == 2024
    assert frame.loc["XKX", "gdp_usd"] == 2.0 and frame.loc["XKX", "gdp_usd_year"] == 2022
    assert pd.isna(frame.loc["XKX", "population"])  # no value stays empty, never 0
    assert pd.isna(frame.loc["XKX", "population_year"])
    assert set(frame["source"]) == {"World Bank, World Development Indicators"}
    assert set(frame["source_date"]) == {UPDATED} and set(frame["source_url"]) == {"https://x/y"}
    assert result.unmapped == {} and result.dropped_aggregates == 9


def test_worldbank_frame_passes_the_indicator_contract():
    result = live.worldbank_frame(
        wb_pages(wb_answers()), known_iso3=known(), source_url="https://x/y"
    )
    typed, problems = datasets.indicators.validate(result.frame, known())
    assert problems == [] and len(typed) == 3


def test_worldbank_code_the_map_does_not_know_is_reported_not_silently_dropped():
    result = live.worldbank_frame(
        wb_pages(wb_answers(unknown=True)), known_iso3=known(), source_url="https://x/y"
    )
    assert result.unmapped == {"CHI": "Channel Islands"}
    assert "CHI" not in set(result.frame["iso3"])


def test_worldbank_newest_year_with_a_value_wins_over_a_date_range():
    gdp = "NY.GDP.MKTP.CD"
    answers = wb_answers()
    answers[gdp] = [
        wb_page(
            gdp,
            [
                wb_row(gdp, "UKR", 1.0, "2021"),
                wb_row(gdp, "UKR", 2.0, "2023"),
                wb_row(gdp, "UKR", None, "2024"),
            ],
        )
    ]
    frame = live.worldbank_frame(
        wb_pages(answers), known_iso3=known(), source_url="https://x/y"
    ).frame
    row = frame.set_index("iso3").loc["UKR"]
    assert (row["gdp_usd"], row["gdp_usd_year"]) == (2.0, 2023)


def test_worldbank_empty_page_within_the_paging_is_refused_whole():
    pop = "SP.POP.TOTL"
    answers = wb_answers()
    answers[pop][1] = wb_page(pop, [], page=2, pages=2, total=3, per_page=2)
    with pytest.raises(live.ResponseError, match=r"page 2 of 2 is empty"):
        live.worldbank_frame(wb_pages(answers), known_iso3=known(), source_url="https://x/y")


def test_worldbank_missing_page_is_refused_as_incomplete():
    answers = wb_answers()
    answers["SP.POP.TOTL"] = answers["SP.POP.TOTL"][:1]
    with pytest.raises(live.ResponseError, match=r"expected pages 1 to 2, got \[1\]"):
        live.worldbank_frame(wb_pages(answers), known_iso3=known(), source_url="https://x/y")


def test_worldbank_indicator_without_any_row_is_refused():
    answers = wb_answers()
    answers["DT.ODA.ODAT.CD"] = [
        json.dumps([{"page": 0, "pages": 0, "per_page": 50, "total": 0, "lastupdated": None}, None])
    ]
    with pytest.raises(live.ResponseError, match="DT.ODA.ODAT.CD: the service returned no rows"):
        live.worldbank_frame(wb_pages(answers), known_iso3=known(), source_url="https://x/y")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<html>Service Unavailable</html>", "is not JSON"),
        ('[{"page": 1, "pages": 1', "is not JSON"),
        ('{"page": 1}', r"does not have the documented shape \[meta, rows\]"),
        (
            '[{"message": [{"id": "120", "key": "Invalid value", "value": "The provided parameter '
            'value is not valid"}]}]',
            "answered with an error: Invalid value: The provided",
        ),
        ('[{"page": 1, "pages": 1, "per_page": "50"}, []]', "'total' is missing"),
        ('[{"page": 1, "pages": "x", "total": 1}, []]', "'pages' should be a whole number"),
        ('[{"page": 1, "pages": 1, "total": 1}, {"rows": 1}]', "rows should be a list"),
    ],
)
def test_worldbank_malformed_answers_are_refused_with_a_plain_message(body, message):
    with pytest.raises(live.ResponseError, match=message):
        live.read_worldbank_page(body, "SP.POP.TOTL", 1)


def test_worldbank_row_with_text_for_a_value_is_refused():
    pop = "SP.POP.TOTL"
    answers = wb_answers()
    answers[pop] = [wb_page(pop, [wb_row(pop, "UKR", "many")])]
    with pytest.raises(live.ResponseError, match="the value for UKR should be a number"):
        live.worldbank_frame(wb_pages(answers), known_iso3=known(), source_url="https://x/y")


# -- ReliefWeb: pure parsing ---------------------------------------------------------------------
def test_reliefweb_answers_become_reports_newest_first_and_latest_reports_picks_n():
    ukr = live.read_reliefweb_page(
        rw_answer(
            [
                rw_report(1, "Ukraine: Flash Update 1", "2025-05-01T09:00:00+00:00", "OCHA"),
                rw_report(
                    2, "Ukraine:  Winter   plan", "2025-06-02T09:00:00+00:00", "UNHCR", "WFP"
                ),
            ],
            total=4000,
        ),
        "UKR",
        2,
    )
    pse = live.read_reliefweb_page(rw_answer([]), "PSE", 2)  # a country with no reports
    frame = live.reliefweb_frame([ukr, pse], source_url=f"{RW}/reports", fetched_on="2025-06-03")
    assert list(frame.columns) == list(live.REPORT_COLUMNS)
    assert frame.to_dict("records")[0] == {
        "iso3": "UKR",
        "title": "Ukraine: Winter plan",
        "date": "2025-06-02",
        "source": "UNHCR; WFP",
        "url": "https://reliefweb.int/node/2",
        "source_url": f"{RW}/reports",
        "source_date": "2025-06-03",
    }
    before = frame.copy()
    latest = live.latest_reports(frame, "UKR", 1)
    assert list(latest["title"]) == ["Ukraine: Winter plan"] and list(latest.index) == [0]
    assert live.latest_reports(frame, "PSE", 5).empty
    pd.testing.assert_frame_equal(frame, before)
    with pytest.raises(ValueError, match="n must be"):
        live.latest_reports(frame, "UKR", -1)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not json", "is not JSON"),
        ('{"error": {"message": "Access denied"}}', "answered with an error: Access denied"),
        ('{"totalCount": 3, "count": 3, "data": []}', "0 reports arrived, the answer announced 3"),
        (
            '{"totalCount": 9, "count": 1, "data": [{"fields": {"title": "t"}}]}',
            "only 1 of the 2 reports asked for arrived",
        ),
        (
            '{"totalCount": 1, "count": 1, "data": [{"id": "7", '
            '"fields": {"title": "t", "date": {}, '
            '"source": [{"name": "OCHA"}], "url": "https://reliefweb.int/node/7"}}]}',
            "report 7 has no 'date.created' date",
        ),
    ],
)
def test_reliefweb_malformed_or_partial_answers_are_refused(body, message):
    with pytest.raises(live.ResponseError, match=message):
        live.read_reliefweb_page(body, "UKR", 2)


# -- the adapters, with recorded answers ---------------------------------------------------------
@responses.activate
def test_worldbank_fetch_follows_every_page_with_a_clear_user_agent():
    register_worldbank(responses, wb_answers())
    fetched = worldbank.fetch(http.session())
    assert [len(p) for p in fetched.pages.values()] == [2, 1, 1, 1, 1]
    calls = [c.request for c in responses.calls]
    assert calls[1].url.startswith(f"{WB}/country/all/indicator/SP.POP.TOTL?format=json")
    assert "page=2" in calls[1].url and "mrnev=1" in calls[1].url
    assert calls[0].headers["User-Agent"] == (
        "Buitenlandbeleid-in-beeld/0.1.0 (+https://example.org/contact)"
    )


@responses.activate
def test_reliefweb_fetch_posts_one_query_per_country_with_the_appname():
    responses.post(
        f"{RW}/reports",
        body=rw_answer([rw_report(5, "Moldova: update", "2025-01-02T00:00:00+00:00", "IOM")]),
    )
    fetched = reliefweb.fetch(
        http.session(), countries=["MDA", "UKR"], limit=1, appname="ministry-dashboard-test"
    )
    assert [p.iso3 for p in fetched.pages] == ["MDA", "UKR"]
    sent = responses.calls[1].request
    assert sent.url == f"{RW}/reports?appname=ministry-dashboard-test"
    assert json.loads(sent.body) == {
        "filter": {"field": "primary_country.iso3", "value": "ukr"},
        "fields": {"include": ["title", "date.created", "source.name", "url"]},
        "sort": ["date.created:desc"],
        "limit": 1,
    }
    assert fetched.url == f"{RW}/reports"  # the appname is not kept in the provenance


@responses.activate
def test_reliefweb_refusing_the_appname_says_so():
    responses.post(f"{RW}/reports", status=403, body='{"error": "AccessDenied"}')
    with pytest.raises(
        http.FetchError,
        match="HTTP 403 .*is DASHBOARD_RELIEFWEB_APPNAME an appname ReliefWeb approved",
    ):
        reliefweb.fetch(http.session(), countries=["UKR"], limit=1, appname="guess")


def test_reliefweb_without_an_appname_says_how_to_get_one():
    with pytest.raises(http.FetchError, match="reliefweb: no appname.*DASHBOARD_RELIEFWEB_APPNAME"):
        reliefweb.fetch(http.session(), countries=["UKR"], limit=1, appname=" ")


# -- HTTP behaviour against a local server -------------------------------------------------------
class Script(BaseHTTPRequestHandler):
    """Answers each request with the next scripted (status, headers, body)."""

    script: list[tuple[int, dict, str]] = []
    seen: list[float] = []

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.seen.append(time.monotonic())
        status, headers, body = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        data = body.encode()
        self.send_response(status)
        for key, value in {**headers, "Content-Length": str(len(data))}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    class Handler(Script):
        script, seen = [], []

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", Handler
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def silent_port():
    """A socket that accepts connections (the kernel does) and never answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield s.getsockname()[1]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_429_then_success_is_retried_honouring_retry_after(server):
    url, handler = server
    handler.script[:] = [(429, {"Retry-After": "0"}, "slow down"), (200, {}, "[1]")]
    assert http.fetch(http.session(), "worldbank", f"{url}/x") == b"[1]"
    assert len(handler.seen) == 2


def test_a_service_that_keeps_failing_is_given_up_after_the_retries(server, monkeypatch):
    monkeypatch.setenv("DASHBOARD_HTTP_RETRIES", "2")
    monkeypatch.setattr(http, "BACKOFF_FACTOR", 0.01)
    url, handler = server
    handler.script[:] = [(503, {}, "down")]
    with pytest.raises(
        http.FetchError, match=r"^worldbank: 127.0.0.1:\d+ answered HTTP 503 .*after retries"
    ):
        http.fetch(http.session(), "worldbank", f"{url}/x")
    assert len(handler.seen) == 3


def test_a_server_that_never_answers_times_out_quickly_naming_the_source(silent_port):
    started = time.monotonic()
    with pytest.raises(
        http.FetchError,
        match=r"^worldbank: 127.0.0.1:\d+ did not answer within "
        r"0.5 s",
    ):
        http.fetch(http.session(), "worldbank", f"http://127.0.0.1:{silent_port}/x")
    assert time.monotonic() - started < 3


def test_a_refused_connection_is_named():
    with pytest.raises(http.FetchError, match="refused the connection"):
        http.fetch(http.session(), "reliefweb", f"http://127.0.0.1:{closed_port()}/x")


def test_the_watchdog_gives_up_on_work_that_gets_no_answer():
    started = time.monotonic()
    with pytest.raises(http.FetchError, match="worldbank: no answer for 0.3 s"):
        http.run(lambda dog: time.sleep(5), "worldbank", stall=0.3, deadline=10)
    assert time.monotonic() - started < 1


# -- refresh end to end, into a temporary store --------------------------------------------------
@responses.activate
def test_refresh_worldbank_publishes_an_active_version_with_its_provenance(app_store, capsys):
    register_worldbank(responses, wb_answers(unknown=True))
    assert main(["refresh", "worldbank"]) == 0
    out, err = capsys.readouterr()
    assert "published 'worldbank_indicators' version 1" in out
    assert "warning: World Bank code CHI (Channel Islands) is not a unit on the map" in err
    active = app_store.active("worldbank_indicators")
    # Without --user, the operating-system account that ran the command is the publisher.
    assert (active.version, active.kind, active.user) == (1, "indicator", auth.os_user())
    assert active.user.startswith("os:")
    prov = live.read_provenance(active.note)
    assert prov["source_updated"] == UPDATED and prov["unmapped"] == ["CHI"]
    assert prov["fetched_at"].endswith("+00:00") and len(prov["urls"]) == 6
    assert prov["urls"][1].endswith("page=2&mrnev=1")
    assert "worldbank_indicators" in datasets.indicator_names()
    frame = datasets.load_indicator("worldbank_indicators")
    assert frame.set_index("iso3").loc["UKR", "population"] == 37_000_000
    entry = app_store.audit_entries(action="publish")[0]
    assert (entry.user, entry.dataset) == (auth.os_user(), "worldbank_indicators")
    assert refresh.status("worldbank", st=app_store)["source_updated"] == UPDATED


@responses.activate
def test_refresh_offline_keeps_the_previous_version_active_and_exits_non_zero(
    app_store, capsys, monkeypatch
):
    register_worldbank(responses, wb_answers())
    auth.add_user(app_store, auth.CONSOLE, "anna", "analyst", "correct horse battery")
    monkeypatch.setenv("DASHBOARD_PASSWORD", "correct horse battery")
    assert main(["refresh", "worldbank", "--user", "anna"]) == 0
    monkeypatch.setenv("DASHBOARD_WORLDBANK_URL", f"http://127.0.0.1:{closed_port()}/v2")
    responses.add_passthru("http://127.0.0.1")
    capsys.readouterr()
    assert main(["refresh", "worldbank"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: worldbank: 127.0.0.1:")
    assert "refused the connection" in err
    assert "'worldbank_indicators' stays at version 1" in err
    assert [(v.version, v.user, v.active) for v in app_store.history("worldbank_indicators")] == [
        (1, "anna", True)
    ]


@responses.activate
def test_refresh_with_a_malformed_page_publishes_nothing(app_store, capsys):
    answers = wb_answers()
    answers["MS.MIL.XPND.GD.ZS"] = ["<html>maintenance</html>"]
    register_worldbank(responses, answers)
    assert main(["refresh", "worldbank"]) == 1
    err = capsys.readouterr().err
    assert (
        "worldbank: the response was refused: World Bank page 1 of MS.MIL.XPND.GD.ZS is "
        "not JSON" in err
    )
    assert "has no stored version yet" in err
    assert app_store.version_count("worldbank_indicators") == 0


@responses.activate
def test_refresh_reliefweb_publishes_reports_per_priority_country(app_store, capsys):
    def answer(request):
        iso3 = json.loads(request.body)["filter"]["value"].upper()
        reports = (
            [
                rw_report(i, f"{iso3} report {i}", f"2025-0{i}-01T00:00:00+00:00", "OCHA")
                for i in (1, 2)
            ]
            if iso3 in ("UKR", "SDN")
            else []
        )
        return 200, {}, rw_answer(reports)

    responses.add_callback(responses.POST, f"{RW}/reports", callback=answer)
    assert main(["refresh", "reliefweb"]) == 0
    active = app_store.active("reliefweb_reports")
    assert (active.user, active.row_count) == (auth.os_user(), 4)
    prov = live.read_provenance(active.note)
    assert prov["url"] == f"{RW}/reports" and prov["source_updated"] == "2025-02-01"
    assert "UKR" in prov["countries"] and "appname" not in active.note
    reports = refresh.load_reports(st=app_store)
    assert list(live.latest_reports(reports, "SDN", 1)["title"]) == ["SDN report 2"]


def test_refresh_command_offline_ends_fast_with_status_1_naming_the_source(app_store):
    env = {**os.environ, "DASHBOARD_WORLDBANK_URL": f"http://127.0.0.1:{closed_port()}/v2"}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "refresh", "worldbank"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and time.monotonic() - started < 30
    assert done.stderr.startswith("error: worldbank: ") and "refused" in done.stderr


@pytest.mark.live
def test_live_worldbank_answers_in_the_documented_shape(monkeypatch):
    monkeypatch.setenv("DASHBOARD_HTTP_READ_TIMEOUT", "30")
    fetched = worldbank.fetch(http.session(), indicators=("SP.POP.TOTL",))
    first = fetched.pages["SP.POP.TOTL"][0]
    assert first.total > 200 and first.last_updated
