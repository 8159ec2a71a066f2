"""The aid layer on the overview and the aid section of the country profile, under AppTest,
before and after an IATI import (files written by the test from the IATI 2.03 schema)."""

from __future__ import annotations

import gc
import io
from pathlib import Path

import pandas as pd
import pytest
from app_maps import map_figures
from apptest_pages import run_page as _page
from iati_xml import activity, publication, tx
from streamlit.testing.v1 import AppTest

from dashboard.services import aid
from dashboard.storage import datasets

pytest_plugins = ["db_fixtures"]
ROOT = Path(__file__).resolve().parents[1]
PLACES = (
    '<recipient-country code="ML" percentage="60"/>'
    '<recipient-region code="289" vocabulary="1" percentage="40"/>'
)


def known_codes() -> frozenset[str]:
    return frozenset(pd.read_csv(ROOT / "geo" / "names.csv", dtype=str)["iso3"])


@pytest.fixture
def store(app_store, monkeypatch):
    monkeypatch.setattr(datasets, "known_iso3", known_codes)
    return app_store


def _traces(at: AppTest) -> dict[str, list]:
    spec = map_figures(at)[0]  # the map comes first
    return {
        t["name"]: list(zip(t["locations"], [c[1] for c in t["customdata"]], strict=True))
        for t in spec["data"]
        if t["type"] == "choropleth"
    }


def _import(store) -> None:
    body = (
        tx("3", "12500000")
        + tx("3", "250000", day="2023-04-01")
        + tx("3", "900", currency="USD")
        + tx("2", "99000000", day="2022-01-01")
    )
    first = activity("XM-DAC-7-PPR-1", body=body, places=PLACES, link="https://openaid.nl/p1")
    second = activity(
        "XM-DAC-7-PPR-2",
        body=tx("3", "2000000", extra='<recipient-country code="AW"/>'),
        sectors='<sector code="12220"/>',
        title="Gezondheid Aruba",
    )
    result = aid.read([("bz.xml", io.BytesIO(publication(first, second)))])
    assert result.ok
    aid.publish_as("ann", result, "IATI juni", st=store)


def test_before_any_import_the_aid_layer_says_how_to_import(store):
    at = _page("pages/overview.py", layer="aid_eur")
    assert not at.exception
    assert at.info[0].value.startswith("Er zijn nog geen IATI-gegevens geïmporteerd.")
    assert "python -m dashboard import-iati" in at.info[0].value
    traces = _traces(at)
    assert list(traces) == ["nog geen IATI-gegevens geïmporteerd"]


def test_after_an_import_the_aid_layer_paints_the_newest_year_and_a_year_change_redraws(store):
    _import(store)
    at = _page("pages/overview.py", layer="aid_eur")
    assert not at.exception
    traces = _traces(at)
    assert traces["€\xa05\xa0mln. – €\xa020\xa0mln."] == [
        ("MLI", "€\xa07,5\xa0mln. uitbetaald<br>daarnaast USD 540 (niet omgerekend)")
    ]
    assert ("ABW", "€\xa02\xa0mln. uitbetaald") in traces["€\xa01\xa0mln. – €\xa05\xa0mln."]
    assert {loc for loc, _ in traces["Caribisch deel van het Koninkrijk, geen uitbetaling"]} == {
        "CUW",
        "SXM",
        "BQ-BO",
        "BQ-SE",
        "BQ-SA",
    }
    assert [s.value for s in at.selectbox if s.label == "Jaar"] == ["2024"]
    assert any(
        c.value.startswith("Bron: IATI-publicatie van XM-DAC-7 (bz.xml)") for c in at.caption
    )
    regional = [e for e in at.expander if e.label.startswith("Regionale uitbetalingen")]
    assert regional and not regional[0].dataframe  # closed: not built, nothing sent
    at.session_state["aid_regional"] = True  # the user opens it
    at.run()
    regional = [e for e in at.expander if e.label.startswith("Regionale uitbetalingen")]
    assert regional and regional[0].dataframe[0].value.iloc[0].tolist() == [
        "289",
        "South of Sahara, regional",
        "€\xa05\xa0mln.",
        "USD 360",
    ]
    (year,) = [s for s in at.selectbox if s.label == "Jaar"]
    at = year.set_value("2023").run()
    assert at.query_params["aid_year"] == "2023"
    assert _traces(at)["minder dan €\xa01\xa0mln."] == [("MLI", "€\xa0150.000 uitbetaald")]


def test_a_theme_from_the_url_shows_only_that_themes_money_in_english(store):
    _import(store)
    at = _page("pages/overview.py", layer="aid_eur", aid_theme="health", lang="en")
    assert not at.exception
    traces = _traces(at)
    assert traces["€1m – €5m"] == [("ABW", "€2m disbursed")]
    assert "MLI" in {loc for loc, _ in traces["no disbursement"]}


def test_the_country_profile_shows_totals_activities_with_links_and_the_mapping(store):
    _import(store)
    at = _page("pages/country.py", iso3="MLI", lang="en")
    assert not at.exception
    assert "Aid according to IATI" in [s.value for s in at.subheader]
    tables = [d.value for d in at.dataframe]
    totals = next(t for t in tables if "water management" in t.columns)
    assert totals.index.tolist() == ["2024", "2023"]
    assert totals["water management"].tolist() == ["€7.5m", "€150,000"]
    activities = next(t for t in tables if "IATI identifier" in t.columns)
    assert activities.iloc[0][["IATI identifier", "Disbursed (EUR)", "link"]].tolist() == [
        "XM-DAC-7-PPR-1",
        "€7.65m",
        "https://openaid.nl/p1",
    ]
    assert activities.iloc[0]["Other currencies (not converted)"] == "USD 540"
    mapping = next(t for t in tables if "DAC sector" in t.columns)
    assert mapping.values.tolist() == [["14030", "water management", "14030"]]


def test_a_country_without_iati_money_says_so(store):
    _import(store)
    at = _page("pages/country.py", iso3="FRA")
    assert not at.exception
    assert any(i.value.startswith("Geen IATI-geldstromen naar dit land") for i in at.info)


# --- the upload page's IATI import -------------------------------------------------------

UPLOAD = str(ROOT / "pages" / "upload.py")
PASSWORD = "correct horse battery"


def _upload_page(store, username: str, lang: str = "nl") -> AppTest:
    from dashboard.services import auth

    auth.add_user(store, auth.CONSOLE, username, "analyst", PASSWORD)
    at = AppTest.from_file(UPLOAD, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.text_input[0].input(username)
    at.text_input[1].input(PASSWORD)
    at.button[0].click()
    at.run()
    at.toggle(key="iati_open").set_value(True)
    return at.run()


def test_an_analyst_uploads_an_iati_file_with_problems_and_sees_them_in_english(store):
    at = _upload_page(store, "ann", "en")
    bad = publication(activity("A-1", body=tx("3", "5", currency="EURO")))
    at.file_uploader(key="iati_upload").set_value(("bad.xml", bad, "application/xml")).run()
    assert not at.exception
    assert at.error[0].value == "Refused: 1 problem(s); nothing was published."
    table = at.dataframe[0].value
    assert table.iloc[0].tolist() == [
        "bad.xml",
        "A-1",
        "transaction/value",
        "currency 'EURO' is not an ISO 4217 code (transaction at line 2); refused",
    ]
    assert not [b for b in at.button if b.key == "iati_publish"]
    assert store.active("aid_flows") is None


def test_an_analyst_imports_an_iati_file_on_the_upload_page(store):
    at = _upload_page(store, "ann")
    data = publication(activity("A-1", body=tx() + tx("3", "-10")))
    at.file_uploader(key="iati_upload").set_value(("bz.xml", data, "application/xml")).run()
    assert at.info[0].value == (
        "Het bestand is in orde: 1 activiteiten, 1 geldstromen, 1 waarschuwingen."
    )
    warnings = [e for e in at.expander if e.label == "Waarschuwingen (1)"][0].dataframe[0].value
    assert warnings.iloc[0]["Element"] == "transaction/value"
    at.button(key="iati_publish").click().run()
    assert at.error[0].value == "Schrijf een toelichting: wat is er veranderd en waarom?"
    assert store.active("aid_flows") is None
    at.text_area(key="iati_note").input("IATI juni")
    at.button(key="iati_publish").click().run()
    assert not at.exception
    assert at.success[0].value == (
        "Gepubliceerd: aid_activities versie 1 (1 rijen) en aid_flows versie 1 (1 rijen)."
    )
    flows = store.active("aid_flows")
    assert (flows.user, flows.note, flows.file_name) == ("ann", "IATI juni", "bz.xml")


def test_the_region_view_offers_the_aid_layer_with_its_year_and_theme(store):
    _import(store)
    at = _page("pages/region.py", region="sahel_west_africa", layer="aid_eur", lang="en")
    assert not at.exception
    traces = _traces(at)
    assert ("MLI", "€7.5m disbursed<br>also USD 540 (not converted)") in traces["€5m – €20m"]
    assert at.selectbox(key="url_aid_year").value == "2024"


def test_a_warm_start_reads_the_imported_aid_data_before_the_first_visitor(store, monkeypatch):
    from dashboard.web import aid as web_aid
    from dashboard.web import serve

    _import(store)
    web_aid._data.clear()
    reads = []
    real = aid.load
    monkeypatch.setattr(aid, "load", lambda *a, **k: reads.append(1) or real(*a, **k))
    try:
        steps = serve.warm()
    finally:
        gc.unfreeze()  # the warm start freezes what it loaded; not this test process's
    assert "aid" in steps and reads == [1]
    at = _page("pages/country.py", iso3="MLI", lang="en")
    assert not at.exception
    assert reads == [1]  # the visitor's profile found it read already
