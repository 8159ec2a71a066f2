"""``import-iati`` and ``refresh iati`` on the command line (issue #15).

The Datastore's answers are written from its documented shape (see ``sources/iati.py`` for
what was read): Solr's JSON for the count (``{"response": {"numFound": N, "start": 0,
"docs": []}}``) and, for the activities, the ``/activity/iati`` endpoint's IATI XML
(``<iati-activities version="2.03" generated-datetime="…">`` around the activities as
published). Nothing leaves this machine.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
import responses
from iati_xml import activity, publication, tx

from dashboard.cli import main
from dashboard.services import aid, auth
from dashboard.storage import datasets

pytest_plugins = ["db_fixtures"]
ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery"
DS = "https://api.iatistandard.org/datastore"


def known_codes() -> frozenset[str]:
    return frozenset(pd.read_csv(ROOT / "geo" / "names.csv", dtype=str)["iso3"])


@pytest.fixture
def analyst(app_store, monkeypatch):
    monkeypatch.setattr(datasets, "known_iso3", known_codes)
    auth.add_user(app_store, auth.CONSOLE, "ann", "analyst", PASSWORD)
    monkeypatch.setenv("DASHBOARD_PASSWORD", PASSWORD)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DASHBOARD_HTTP_CONNECT_TIMEOUT", "1")
    monkeypatch.setenv("DASHBOARD_HTTP_READ_TIMEOUT", "1")
    monkeypatch.setenv("DASHBOARD_REFRESH_STALL_SECONDS", "5")
    return app_store


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_import_iati_publishes_both_datasets_and_says_so_in_dutch(analyst, tmp_path, capsys):
    first = write(tmp_path, "bz-1.xml", publication(activity("A-1", body=tx())))
    second = write(tmp_path, "bz-2.xml", publication(activity("A-2", body=tx("3", "-5"))))
    args = ["import-iati", first, second, "--user", "ann", "--note", "IATI van juni"]
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert out.strip() == (
        "Gepubliceerd: aid_activities versie 1 (2 rijen) en aid_flows versie 1 (2 rijen)."
    )
    assert err.startswith("waarschuwing: bz-2.xml · A-2 · transaction/value: negatieve waarde -5")
    versions = [analyst.active(name) for name in ("aid_activities", "aid_flows")]
    assert [(v.user, v.note, v.file_name) for v in versions] == [
        ("ann", "IATI van juni", "bz-1.xml, bz-2.xml")
    ] * 2
    assert main(["history", "--dataset", "aid_flows"]) == 0


def test_import_iati_with_problems_lists_them_in_english_and_publishes_nothing(
    analyst, tmp_path, capsys
):
    bad = publication(activity("A-1", body=tx("3", "9", currency="EURO") + tx("X", "1")))
    path = write(tmp_path, "bad.xml", bad)
    assert main(["import-iati", path, "--user", "ann", "--note", "n", "--lang", "en"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "problem: bad.xml · A-1 · transaction/value: currency 'EURO' is not an ISO 4217 code "
        "(transaction at line 2); refused",
        "problem: bad.xml · A-1 · transaction/transaction-type: @code 'X' is not in the "
        "TransactionType list (transaction at line 2); refused",
        "Refused: 2 problem(s); nothing was published.",
    ]
    assert analyst.active("aid_flows") is None and analyst.active("aid_activities") is None


def test_import_iati_check_reads_without_publishing_and_publishing_needs_a_user(
    analyst, tmp_path, capsys
):
    path = write(tmp_path, "a.xml", publication(activity(body=tx())))
    assert main(["import-iati", path, "--check", "--lang", "en"]) == 0
    assert capsys.readouterr().out.strip() == (
        "Checked: 1 activities, 1 flows, 0 warnings; nothing published."
    )
    assert main(["import-iati", path]) == 2
    assert "--user" in capsys.readouterr().err
    assert analyst.active("aid_flows") is None


def test_import_iati_refuses_a_viewer(analyst, tmp_path, capsys):
    auth.add_user(analyst, auth.CONSOLE, "vera", "viewer", PASSWORD)
    path = write(tmp_path, "a.xml", publication(activity(body=tx())))
    assert main(["import-iati", path, "--user", "vera", "--note", "n", "--lang", "en"]) == 1
    assert capsys.readouterr().err.strip() == (
        "error: To publish a dataset you need an analyst or admin account; 'vera' is a viewer."
    )
    assert analyst.active("aid_flows") is None


@responses.activate
def test_import_iati_reads_a_url_through_the_connectors(analyst, capsys):
    data = publication(activity(body=tx("3", "250")))
    url = "https://iati.example.org/files/nl-bz.xml"
    responses.get(url, body=data, content_type="application/xml")
    assert main(["import-iati", url, "--user", "ann", "--note", "van het web"]) == 0
    loaded = aid.load(analyst)
    assert loaded.summary["value"].tolist() == [250]
    assert loaded.activities["source_url"].tolist() == [url]
    assert loaded.flows_version.file_name == "nl-bz.xml"
    assert "Buitenlandbeleid-in-beeld/" in responses.calls[0].request.headers["User-Agent"]


# --- refresh iati: the IATI Datastore -----------------------------------------------------


def count_answer(n: int) -> str:
    return json.dumps(
        {
            "responseHeader": {"status": 0, "QTime": 1, "params": {"q": "x", "rows": "0"}},
            "response": {"numFound": n, "start": 0, "numFoundExact": True, "docs": []},
        }
    )


def datastore_page(*activities: str) -> bytes:
    # The /iati endpoint dates its answer at the moment of the query.
    return publication(*activities, generated="2026-11-30T09:00:00Z")


def datastore(pages: dict[int, bytes], total: int, key: str = "s3cret") -> list:
    """Answer the count and each page (by ``start``); return the requests' parameters."""
    seen = []

    def answer_count(request):
        assert request.headers["Ocp-Apim-Subscription-Key"] == key
        seen.append(("count", parse_qs(urlparse(request.url).query)))
        return 200, {"Content-Type": "application/json"}, count_answer(total)

    def answer_page(request):
        assert request.headers["Ocp-Apim-Subscription-Key"] == key
        query = parse_qs(urlparse(request.url).query)
        seen.append(("page", query))
        return 200, {"Content-Type": "application/xml"}, pages[int(query["start"][0])]

    responses.add_callback(responses.GET, f"{DS}/activity/select", callback=answer_count)
    responses.add_callback(responses.GET, f"{DS}/activity/iati", callback=answer_page)
    return seen


@responses.activate
def test_refresh_iati_pages_through_the_datastore_and_publishes_as_the_connector(
    analyst, monkeypatch, capsys
):
    monkeypatch.setenv("DASHBOARD_IATI_KEY", "s3cret")
    monkeypatch.setattr("dashboard.sources.iati.PAGE_ROWS", 2)
    pages = {
        0: datastore_page(activity("XM-DAC-7-1", body=tx()), activity("XM-DAC-7-2", body=tx())),
        2: datastore_page(activity("XM-DAC-7-3", body=tx("3", "7"), updated="2025-09-09T00:00Z")),
    }
    seen = datastore(pages, total=3)
    assert main(["refresh", "iati"]) == 0
    assert [kind for kind, _ in seen] == ["count", "page", "page"]
    assert seen[0][1]["q"] == ['reporting_org_ref:"XM-DAC-7"'] and seen[0][1]["rows"] == ["0"]
    assert [q["start"] for _, q in seen[1:]] == [["0"], ["2"]]
    assert seen[1][1]["sort"] == ["id asc"]
    loaded = aid.load(analyst)
    assert sorted(loaded.activities["iati_identifier"]) == [
        "XM-DAC-7-1",
        "XM-DAC-7-2",
        "XM-DAC-7-3",
    ]
    # the answer's generated-datetime is the query's moment: each activity's own date counts
    assert sorted(loaded.activities["source_date"]) == ["2025-05-01", "2025-05-01", "2025-09-09"]
    assert loaded.flows_version.user == auth.os_user()  # no --user: who ran the command
    assert "s3cret" not in loaded.flows_version.note
    assert '"source_updated": "2025-09-09"' in loaded.flows_version.note
    assert "published 'aid_activities' version 1 (3 rows)" in capsys.readouterr().out


def test_refresh_iati_without_a_key_says_where_to_get_one(analyst, monkeypatch, capsys):
    monkeypatch.delenv("DASHBOARD_IATI_KEY", raising=False)
    assert main(["refresh", "iati"]) == 1
    assert capsys.readouterr().err.strip() == (
        "error: iati: no subscription key; set DASHBOARD_IATI_KEY (a free key from "
        "https://developer.iatistandard.org/). Nothing was published; no IATI data has been "
        "imported yet."
    )


@responses.activate
def test_refresh_iati_with_a_refused_key_keeps_the_active_versions(analyst, monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_IATI_KEY", "wrong")
    monkeypatch.setenv("DASHBOARD_HTTP_RETRIES", "0")
    responses.get(f"{DS}/activity/select", status=401, json={"statusCode": 401})
    assert main(["refresh", "iati"]) == 1
    assert capsys.readouterr().err.strip() == (
        "error: iati: api.iatistandard.org answered HTTP 401 Unauthorized (check "
        "DASHBOARD_IATI_KEY). Nothing was published; no IATI data has been imported yet."
    )


@responses.activate
def test_refresh_iati_refuses_a_short_page_and_problems_in_the_data(analyst, monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_IATI_KEY", "s3cret")
    datastore({0: datastore_page(activity("XM-DAC-7-1", body=tx()))}, total=2)
    assert main(["refresh", "iati"]) == 1
    assert "holds 1 activities, not 2; the answer is incomplete" in capsys.readouterr().err
    responses.reset()
    bad = datastore_page(activity("XM-DAC-7-1", body=tx("3", "1", currency="XXQ")))
    datastore({0: bad}, total=1)
    assert main(["refresh", "iati"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        "problem: page 1 · XM-DAC-7-1 · transaction/value: currency 'XXQ' is not an ISO 4217 "
        "code (transaction at line 2); refused"
    )
    assert err[-1].startswith("error: iati: 1 problem(s) in the data. Nothing was published")
    assert analyst.active("aid_flows") is None


@responses.activate
def test_refresh_iati_refuses_a_count_that_is_not_solr_json(analyst, monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_IATI_KEY", "s3cret")
    responses.get(f"{DS}/activity/select", body="<html>maintenance</html>")
    assert main(["refresh", "iati"]) == 1
    assert capsys.readouterr().err.startswith(
        "error: iati: the response was refused: the IATI Datastore's count is not JSON"
    )


def test_refresh_iati_offline_ends_fast_with_status_1_naming_the_source(app_store):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "DASHBOARD_IATI_KEY": "s3cret",
        "DASHBOARD_IATI_DATASTORE_URL": f"http://127.0.0.1:{port}/datastore",
        "NO_PROXY": "127.0.0.1",
    }
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "refresh", "iati"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and time.monotonic() - started < 30
    assert done.stderr.startswith("error: iati: 127.0.0.1:") and "refused" in done.stderr
    assert "Nothing was published" in done.stderr
