"""Development aid end to end in headless Chromium, offline, on an app with its own database.

Before any import the overview's aid layer says that no IATI data has been imported yet. An
analyst logs in, imports a small IATI file (written here from the IATI 2.03 schema; made-up
amounts) on the upload page, sees what it holds, publishes it, and the aid layer paints
Mali and Aruba in their classes; a change of year redraws it. Screenshots of each step are
written to the test's temporary folder.
"""

from __future__ import annotations

import pytest
from conftest import add_account, recorded_page, serve_app
from iati_xml import activity, publication, tx
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
TIMEOUT = 60_000
PLACES = (
    '<recipient-country code="ML" percentage="60"/>'
    '<recipient-region code="289" vocabulary="1" percentage="40"/>'
)
# The choropleth traces of the first map drawn: legend name -> [[location, hover]].
TRACES = """() => {
    const map = document.querySelector('.dashboard-map[data-drawn]');
    if (!map || !map.figure) return null;
    const out = {};
    for (const t of map.figure.data.filter(t => t.type === 'choropleth')) {
        const hover = Array.from(t.customdata || []).map(c => c[1]);
        out[t.name] = Array.from(t.locations || []).map((l, i) => [l, hover[i]]);
    }
    return out;
}"""


def iati_file() -> bytes:
    body = tx("3", "12500000") + tx("3", "250000", day="2023-04-01")
    mali = activity("XM-DAC-7-PPR-1", body=body, places=PLACES, link="https://openaid.nl/p1")
    aruba = activity(
        "XM-DAC-7-PPR-2",
        body=tx("3", "2000000", extra='<recipient-country code="AW"/>'),
        sectors='<sector code="12220"/>',
    )
    return publication(mali, aruba)


@pytest.fixture(scope="module")
def aid_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("aid_app")
    env = {
        "DASHBOARD_DB_URL": f"sqlite:///{folder}/store.sqlite",
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
    }
    add_account(env, "ann", "analyst", PASSWORD)
    with serve_app(folder / "streamlit.log", env) as url:
        yield url


@pytest.fixture
def page_on(browser, aid_app):
    with recorded_page(browser, aid_app, height=1000) as rec:
        yield rec


def _traces_when(page, condition: str) -> dict:
    """The map's traces once ``condition`` (JavaScript on ``traces``) holds."""
    return page.wait_for_function(
        f"() => {{ const traces = ({TRACES})(); return traces && ({condition}) ? traces : null; }}",
        timeout=TIMEOUT,
    ).json_value()


def test_an_analyst_imports_an_iati_file_and_the_aid_layer_changes(page_on, aid_app, tmp_path):
    page, url = page_on.page, aid_app
    page.goto(f"{url}/?layer=aid_eur", wait_until="domcontentloaded")
    before = _traces_when(page, "Object.keys(traces).length > 0")
    assert list(before) == ["nog geen IATI-gegevens geïmporteerd"]
    page.get_by_text("Er zijn nog geen IATI-gegevens geïmporteerd.").wait_for(timeout=TIMEOUT)
    page.screenshot(path=tmp_path / "1-aid-layer-before.png", full_page=True)

    page.goto(f"{url}/upload", wait_until="domcontentloaded")
    page.get_by_label("Gebruikersnaam", exact=True).fill("ann")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("Ingelogd als").wait_for(timeout=TIMEOUT)
    page.get_by_text("IATI-bestand importeren (ontwikkelingshulp)").click()
    page.locator(".st-key-iati_upload input[type=file]").set_input_files(
        files=[{"name": "bz-iati.xml", "mimeType": "application/xml", "buffer": iati_file()}]
    )
    summary = page.get_by_text(
        "Het bestand is in orde: 2 activiteiten, 5 geldstromen, 0 waarschuwingen."
    )
    summary.wait_for(timeout=TIMEOUT)
    page.locator(".st-key-iati_note textarea").fill("IATI-publicatie van juni")
    page.screenshot(path=tmp_path / "2-upload-checked.png", full_page=True)
    page.get_by_role("button", name="IATI-gegevens publiceren").click()
    done = page.get_by_text("Gepubliceerd: aid_activities versie 1 (2 rijen)")
    done.wait_for(timeout=TIMEOUT)
    page.screenshot(path=tmp_path / "3-upload-published.png", full_page=True)

    page.goto(f"{url}/?layer=aid_eur", wait_until="domcontentloaded")
    after = _traces_when(page, "Object.keys(traces).some(n => n.includes('mln.'))")
    assert after["€\xa05\xa0mln. – €\xa020\xa0mln."] == [["MLI", "€\xa07,5\xa0mln. uitbetaald"]]
    assert after["€\xa01\xa0mln. – €\xa05\xa0mln."] == [["ABW", "€\xa02\xa0mln. uitbetaald"]]
    expect(page.get_by_text("Bron: IATI-publicatie van XM-DAC-7 (bz-iati.xml)")).to_be_visible()
    page.screenshot(path=tmp_path / "4-aid-layer-after.png", full_page=True)

    page.get_by_test_id("stSelectbox").filter(has_text="Jaar").click()
    page.get_by_role("option", name="2023", exact=True).click()
    earlier = _traces_when(page, "traces['minder dan €\\u00a01\\u00a0mln.']")
    assert earlier["minder dan €\xa01\xa0mln."] == [["MLI", "€\xa0150.000 uitbetaald"]]
    page.screenshot(path=tmp_path / "5-aid-layer-2023.png", full_page=True)
    assert page_on.foreign == []
    print(f"screenshots in {tmp_path}")
