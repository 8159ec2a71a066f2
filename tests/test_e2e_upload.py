"""Updating data end to end in headless Chromium, offline, on an app with its own database.

An analyst logs in, uploads the situation data as Dutch Excel writes it (semicolons,
Windows-1252, a Dutch country name) with Moldova reassessed from tense to crisis, sees the
preview with its map, publishes, and the overview's situation map shows the change. A viewer,
and an anonymous visitor, get no file uploader.
"""

from __future__ import annotations

import csv
import io

import pytest
from conftest import ROOT, add_account, recorded_page, serve_app
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
ACCOUNTS = (("ann", "analyst"), ("vera", "viewer"))
TIMEOUT = 30_000

# The traces of the first map drawn on the page, as (name, locations, hover) lists.
TRACES = """() => {
    const map = document.querySelector('.dashboard-map[data-drawn]');
    if (!map || !map.figure) return null;
    return map.figure.data.filter(t => t.type === 'choropleth').map(t => ({
        name: t.name, locations: Array.from(t.locations || []),
        hover: Array.from(t.customdata || []).map(c => c[1])}));
}"""


@pytest.fixture(scope="module")
def upload_app(tmp_path_factory):
    """The app on a temporary SQLite store holding an analyst and a viewer account."""
    folder = tmp_path_factory.mktemp("upload_app")
    env = {
        "DASHBOARD_DB_URL": f"sqlite:///{folder}/store.sqlite",
        # The app runs the code as it was at start, whatever is edited meanwhile.
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
    }
    for name, role in ACCOUNTS:
        # As an administrator would, on the server; this also seeds the store from data/.
        add_account(env, name, role, PASSWORD)
    with serve_app(folder / "streamlit.log", env) as url:
        yield url


@pytest.fixture
def page_on(browser, upload_app):
    with recorded_page(browser, upload_app, height=1000) as rec:
        yield rec


def _dutch_situation_csv(iso3: str, level: str) -> bytes:
    """data/situation.csv as Dutch Excel saves it, with one country's level changed."""
    text = (ROOT / "data" / "situation.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    (row,) = [r for r in rows if r[0] == iso3]
    row[1] = level
    next(r for r in rows if r[0] == "UKR")[0] = "Oekraïne"  # a Dutch name maps to UKR
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("cp1252")


def _situation_of(page, url: str, iso3: str) -> tuple[str, str]:
    """The legend name and hover text of ``iso3`` on the overview's situation map."""
    page.goto(f"{url}/?layer=situation", wait_until="domcontentloaded")
    found = page.wait_for_function(
        f"""() => {{
            const traces = ({TRACES})();
            const t = traces && traces.find(t => t.locations.includes({iso3!r}));
            return t ? [t.name, t.hover[t.locations.indexOf({iso3!r})]] : null;
        }}""",
        timeout=TIMEOUT,
    ).json_value()
    return found[0], found[1]


def _log_in(page, url: str, username: str, lang: str = "nl") -> None:
    labels = {
        "nl": ("Gebruikersnaam", "Wachtwoord", "Inloggen"),
        "en": ("User name", "Password", "Log in"),
    }[lang]
    page.goto(
        f"{url}/upload" + ("" if lang == "nl" else f"?lang={lang}"), wait_until="domcontentloaded"
    )
    page.get_by_label(labels[0], exact=True).fill(username)
    page.get_by_label(labels[1], exact=True).fill(PASSWORD)
    page.get_by_role("button", name=labels[2]).click()


def test_an_analyst_publishes_a_dutch_csv_and_the_map_changes(page_on, upload_app):
    page, url = page_on.page, upload_app
    assert _situation_of(page, url, "MDA")[0] == "gespannen"

    _log_in(page, url, "ann")
    page.get_by_text("Ingelogd als").wait_for(timeout=TIMEOUT)
    page.get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="Veiligheidssituatie", exact=True).click()
    # The uploader is keyed by dataset: wait for the one of the situation data.
    page.locator(".st-key-upload_situation input[type=file]").set_input_files(
        files=[
            {
                "name": "situatie.csv",
                "mimeType": "text/csv",
                "buffer": _dutch_situation_csv("MDA", "crisis"),
            }
        ]
    )

    # The preview: one row changed, one country, drawn on the preview map as "Gewijzigd".
    metrics = page.get_by_test_id("stMetric")
    for label, value in (
        ("Rijen toegevoegd", "0"),
        ("Rijen verwijderd", "0"),
        ("Rijen gewijzigd", "1"),
        ("Betrokken landen", "1"),
    ):
        expect(metrics.filter(has_text=label).get_by_test_id("stMetricValue")).to_have_text(
            value, timeout=TIMEOUT
        )
    changed = page.wait_for_function(
        f"""() => {{
            const traces = ({TRACES})();
            return traces && traces.find(t => t.name === 'Gewijzigd') || null;
        }}""",
        timeout=TIMEOUT,
    ).json_value()
    assert changed["locations"] == ["MDA"]
    assert "level: tense → crisis" in changed["hover"][0]

    page.get_by_label("Toelichting").fill("Moldavië: energiecrisis verergerd")
    page.get_by_role("button", name="Publiceren").click()
    page.get_by_text("Gepubliceerd als versie 2").wait_for(timeout=TIMEOUT)
    # What was published stays on the page; it does not turn into a comparison with itself.
    expect(page.get_by_text("Gepubliceerde wijziging")).to_be_visible(timeout=TIMEOUT)
    expect(metrics.filter(has_text="Rijen gewijzigd").get_by_test_id("stMetricValue")).to_have_text(
        "1", timeout=TIMEOUT
    )
    page.screenshot(path=str(ROOT / "var" / "e2e-upload-published.png"))

    name, hover = _situation_of(page, url, "MDA")
    assert name == "crisis" and hover.startswith("crisis (beoordeeld op")
    assert page_on.foreign == []


def test_a_viewer_cannot_reach_the_upload(page_on, upload_app):
    page = page_on.page
    _log_in(page, upload_app, "vera", lang="en")
    page.get_by_text("Logged in as").wait_for(timeout=TIMEOUT)
    warning = page.get_by_test_id("stAlert").filter(
        has_text="Updating data needs an analyst or admin account."
    )
    warning.wait_for(timeout=TIMEOUT)
    expect(page.locator("input[type=file]")).to_have_count(0)
    expect(page.get_by_test_id("stFileUploader")).to_have_count(0)
    assert page_on.foreign == []


def test_an_anonymous_visitor_sees_a_login_form_and_no_upload(page_on, upload_app):
    page = page_on.page
    page.goto(f"{upload_app}/upload", wait_until="domcontentloaded")
    page.get_by_test_id("stAlert").filter(
        has_text="Gegevens bijwerken kan alleen met een analist- of beheerdersaccount."
    ).wait_for(timeout=TIMEOUT)
    expect(page.get_by_label("Gebruikersnaam", exact=True)).to_have_count(1)
    expect(page.locator("input[type=file]")).to_have_count(0)
    assert page_on.foreign == []
