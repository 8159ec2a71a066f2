"""Hostile input: every file of the corpus in tests/hostile/ is refused whole, with exactly its
problems, and nothing is published; inputs too big to keep in the repository are built here.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

import pytest
import responses

from dashboard import settings
from dashboard.domain import problems as problem_list
from dashboard.ingest import readers, sandbox
from dashboard.ingest import upload as ingest
from dashboard.services import updates
from dashboard.services.auth import Account

pytest_plugins = ["db_fixtures"]

CORPUS = Path(__file__).parent / "hostile"
CASES = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))["case"]
ANALYST = Account("ann", "analyst")
COMMITMENTS = (
    "commitment_id,iso3,group,theme,instrument,description_nl,description_en,amount_eur,"
    "period,status,source,source_url,source_date"
)


def _row(i: int, sep: str = ",", **values) -> str:
    cells = {
        "commitment_id": f"c{i}",
        "iso3": "UKR",
        "group": "",
        "theme": "security",
        "instrument": "financial",
        "description_nl": "Steun",
        "description_en": "Support",
        "amount_eur": "",
        "period": "2025",
        "status": "committed",
        "source": "Rijksoverheid",
        "source_url": "https://www.rijksoverheid.nl/",
        "source_date": "2025-06-01",
        **values,
    }
    return sep.join(cells.values())


def _check(dataset: str, name: str, data: bytes, indicator: bool = False, limits=None):
    from db_fixtures import known_codes

    return ingest.check_upload(
        dataset, name, data, known_iso3=known_codes(), indicator=indicator, limits=limits
    )


def test_every_file_in_the_corpus_has_a_case_and_every_case_a_file():
    files = {p.name for p in CORPUS.iterdir() if p.name != "cases.toml"}
    assert files == {case["file"] for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_the_corpus_is_refused_whole_and_nothing_is_published(case, app_store):
    dataset = case["dataset"]
    before = app_store.active_version_id(dataset)
    data = (CORPUS / case["file"]).read_bytes()
    checked = updates.check(dataset, case.get("as", case["file"]), data)
    found = [[p.row or "", p.column or "", p.key] for p in checked.problems]
    assert found == case["expect"]
    assert checked.frame is None and not checked.ok
    if "quote" in case:
        assert dict(checked.problems[0].values)["value"] == case["quote"]
    for problem in checked.problems:  # every refusal can be said in both languages
        assert problem.text("nl") != problem.text("en") or problem.key == problem.text("en")
    with pytest.raises(ValueError, match="The file has problems"):
        updates.publish(ANALYST, checked, "hostile")
    assert app_store.active_version_id(dataset) == before


def test_a_dutch_amount_of_whole_euros_with_zero_cents_is_a_whole_number(app_store):
    header = COMMITMENTS.replace(",", ";")
    row = _row(1, sep=";", amount_eur="25.000.000,00")
    checked = updates.check("commitments", "c.csv", f"{header}\n{row}\n".encode("cp1252"))
    assert checked.problems == () and checked.frame.loc[0, "amount_eur"] == 25_000_000


def test_a_header_of_200000_columns_is_refused_before_it_is_read():
    header = ",".join(f"c{i}" for i in range(200_000))
    started = time.monotonic()
    checked = _check("commitments", "wide.csv", f"{header}\n1\n".encode())
    assert [(p.row, p.key) for p in checked.problems] == [(1, "p_too_many_columns")]
    assert time.monotonic() - started < 2


def test_a_15_mb_cell_is_refused_with_its_row_and_column():
    data = f"{COMMITMENTS}\n{_row(1, description_en='x' * 15_000_000)}\n".encode()
    checked = _check("commitments", "big-cell.csv", data)
    assert [(p.row, p.column, p.key) for p in checked.problems] == [
        (2, "description_en", "p_cell_too_long")
    ]
    assert checked.problems[0].message == "the cell is longer than 32,767 characters"


def test_a_thousand_bad_rows_list_the_first_hundred_problems_and_count_them_all():
    rows = [_row(i, source_date=f"2025-13-{i % 28 + 1:02d}", status="maybe") for i in range(1000)]
    data = "\n".join([COMMITMENTS, *rows]).encode()
    started = time.monotonic()
    checked = _check("commitments", "bad.csv", data)
    assert time.monotonic() - started < 3
    assert len(checked.problems) == problem_list.LIMIT + 1
    assert [(p.row, p.column) for p in checked.problems[:4]] == [
        (2, "source_date"),
        (2, "status"),
        (3, "source_date"),
        (3, "status"),
    ]
    last = checked.problems[-1]
    assert (last.key, problem_list.count(checked.problems)) == ("p_more", 2000)
    assert last.message == "… and more problems: 2,000 in all; the first 100 are listed above."
    assert last.text("nl") == (
        "… en nog meer problemen: 2.000 in totaal; de eerste 100 staan hierboven."
    )


def test_a_thousand_unknown_country_names_are_counted_but_only_the_first_get_suggestions():
    rows = [_row(i, iso3=f"Nowhere {i}") for i in range(1000)]
    started = time.monotonic()
    checked = _check("commitments", "names.csv", "\n".join([COMMITMENTS, *rows]).encode())
    assert time.monotonic() - started < 3
    assert problem_list.count(checked.problems) == 1000
    assert {p.key for p in checked.problems[:-1]} == {"p_unknown_name"}


def test_the_upload_box_limit_is_the_apps_own_limit():
    config = tomllib.loads((settings.root() / ".streamlit" / "config.toml").read_text())
    default_mb = next(s for s in settings.SETTINGS if s.name == "DASHBOARD_UPLOAD_MAX_MB").default
    assert config["server"]["maxUploadSize"] == int(default_mb) == 20
    assert config["client"]["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False
    assert config["browser"]["serverAddress"] == "localhost"  # no public-address lookup


def test_the_child_that_parses_workbooks_limits_its_own_memory_time_and_files():
    script = (
        "import resource, sys; sys.path.insert(0, sys.argv[1]); import sandbox; "
        "sandbox.limit_self(300 * 2**20, 7); "
        "limits = [resource.RLIMIT_AS, resource.RLIMIT_CPU, resource.RLIMIT_FSIZE]; "
        "print(*(resource.getrlimit(r)[0] for r in limits))"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", script, str(Path(sandbox.__file__).parent)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.stdout.split() == [str(300 * 2**20), "7", "0"]


def _raw_workbook(rows: int) -> bytes:
    """A plain .xlsx built part by part (fast): one sheet of ``rows`` rows of inline text."""

    def row(i: int) -> str:
        return "".join(
            f'<c t="inlineStr"><is><t>{(i * 7919 + j * 104729) % 1000003}</t></is></c>'
            for j in range(13)
        )

    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + "".join(f"<row>{row(i)}</row>" for i in range(rows))
        + "</sheetData></worksheet>"
    )
    main = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{main}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'xmlns:r="{main}"><sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets>'
            "</workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{main}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def test_a_workbook_that_takes_longer_than_the_child_may_run_is_refused():
    data = _raw_workbook(6000)  # a few seconds of CPU to parse
    limits = readers.Limits(10**8, 10**6, child_seconds=1)
    checked = _check("commitments", "slow.xlsx", data, limits=limits)
    assert [p.key for p in checked.problems] == ["p_too_complex"]
    assert checked.problems[0].message == (
        "The file could not be read within 1 seconds and 1,024 MB of memory; "
        "it is too large or too complex"
    )
    assert checked.problems[0].text("nl") == (
        "Het bestand kon niet worden gelezen binnen 1 seconden en 1.024 MB geheugen; "
        "het is te groot of te ingewikkeld"
    )


def test_a_geojson_file_larger_than_its_rows_allow_is_refused_in_the_child():
    features = [{"type": "Feature", "properties": {"iso3": "UKR"}}] * 11
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    checked = _check("posts", "p.geojson", data, limits=readers.Limits(10**6, 10))
    assert [(p.key, dict(p.values)) for p in checked.problems] == [
        ("p_too_many_rows", {"limit": 10})
    ]


# -- answers from public services --------------------------------------------------------------
@responses.activate
def test_a_connector_stops_reading_an_answer_past_the_limit(monkeypatch):
    from dashboard.sources import http

    monkeypatch.setenv("DASHBOARD_HTTP_MAX_MB", "1")
    monkeypatch.setenv("DASHBOARD_HTTP_RETRIES", "0")
    url = "https://api.worldbank.org/v2/big"
    responses.add(responses.GET, url, body=b"[" + b"0," * 600_000 + b"0]")  # 1.2 MB
    with pytest.raises(http.FetchError, match="api.worldbank.org sent more than 1 MB; refused"):
        http.fetch(http.session(), "worldbank", url)
    responses.replace(responses.GET, url, body=b"[1]")
    assert http.fetch(http.session(), "worldbank", url) == b"[1]"


@responses.activate
def test_a_connector_refuses_an_answer_announced_as_too_big_before_reading_it(monkeypatch):
    from dashboard.sources import http

    monkeypatch.setenv("DASHBOARD_HTTP_MAX_MB", "1")
    url = "https://api.reliefweb.int/v2/reports"
    responses.add(responses.GET, url, body=b"{}", headers={"Content-Length": str(1_000_000_000)})
    with pytest.raises(http.FetchError, match="sent more than 1 MB"):
        http.fetch(http.session(), "reliefweb", url)


def test_every_dataset_a_connector_publishes_is_a_reserved_name():
    from dashboard.domain import contracts
    from dashboard.services import refresh

    assert set(refresh.DATASETS.values()) <= contracts.RESERVED
    assert set(contracts.DATASETS) <= contracts.RESERVED
