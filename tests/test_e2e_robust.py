"""End to end in headless Chromium, on an app whose own network calls are refused and written
down (tests/netguard): nothing leaves the machine, from the browser or from the server, even
with hostile text in the data; a dataset that fails breaks only its panel, without a
traceback; and a reload keeps the analyst logged in.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, _free_port, _wait_healthy, add_account, recorded_page
from playwright.sync_api import expect

from dashboard.web import auth

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
TIMEOUT = 30_000
HOSTILE = "![x](http://host.example/b.png) see [this](http://host.example/page)"


def _hostile_data(url: str) -> None:
    """What a store could hold: markdown in a summary, and an indicator under a connector's
    name (as an upload could make before names were reserved)."""
    from dashboard.storage import store as store_module

    st = store_module.Store(url)
    version = st.active("situation")
    frame = st.rows(version.id)
    frame.loc[frame["iso3"] == "UKR", "summary_en"] = HOSTILE
    st.publish("situation", frame, user="mallory", note="markdown in a summary")
    indicator = pd.DataFrame(
        {
            "iso3": ["UKR"],
            "refugees": [12.5],
            "source": ["UNHCR"],
            "source_url": ["https://www.unhcr.org/"],
            "source_date": ["2025"],
        }
    )
    st.publish("reliefweb_reports", indicator, user="mallory", kind="indicator")
    st.dispose()


@pytest.fixture(scope="module")
def guarded_app(tmp_path_factory):
    """The app as a deployment starts it (no --server.address), on a store with an analyst
    and hostile data, with every outgoing connection of the server refused and logged."""
    folder = tmp_path_factory.mktemp("guarded_app")
    log = folder / "outgoing.log"
    store_url = f"sqlite:///{folder}/store.sqlite"
    env = {
        **os.environ,
        "DASHBOARD_DB_URL": store_url,
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "tests" / "netguard"), str(ROOT / "src")]),
        "NETGUARD_LOG": str(log),
    }
    add_account(env, "ann", "analyst", PASSWORD)
    _hostile_data(store_url)
    port = _free_port()
    with open(folder / "streamlit.log", "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url, log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def page_on(browser, guarded_app):
    with recorded_page(browser, guarded_app[0], width=1440) as rec:
        yield rec


def _outgoing(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def test_nothing_leaves_the_machine_from_the_browser_or_the_server(page_on, guarded_app):
    url, log = guarded_app
    page = page_on.page
    page.goto(f"{url}/", wait_until="domcontentloaded")
    page.wait_for_function(
        "() => { const map = document.querySelector('.dashboard-map[data-drawn]');"
        " return map && map.figure.data.length > 0; }",
        timeout=TIMEOUT,
    )
    page.goto(f"{url}/country?iso3=UKR&lang=en", wait_until="domcontentloaded")
    expect(page.get_by_text("Ukraine (UKR)")).to_be_visible(timeout=TIMEOUT)
    assert page_on.foreign == []
    assert _outgoing(log) == []  # the server, from its start: no lookup, no connection


def test_hostile_data_breaks_only_its_panel_and_stays_text(page_on, guarded_app):
    url, _ = guarded_app
    page = page_on.page
    page.goto(f"{url}/country?iso3=UKR&lang=en", wait_until="domcontentloaded")
    expect(page.get_by_text("Ukraine (UKR)")).to_be_visible(timeout=TIMEOUT)
    # The markdown from the data is shown as it was written, in a text element (never read
    # as markdown), not as an image or a link.
    summary = page.locator("[data-testid=stText]", has_text="host.example/b.png")
    expect(summary).to_be_visible(timeout=TIMEOUT)
    assert summary.inner_text() == f"War — {HOSTILE}"
    assert page.locator("img[src*='host.example'], a[href*='host.example']").count() == 0
    # On the map too: the country's hover shows the summary as text, as written.
    shape = page.locator(".dashboard-map g.units path.unit[data-id='UKR']")
    shape.scroll_into_view_if_needed(timeout=TIMEOUT)
    box = shape.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tip = page.locator(".dashboard-map .map-tip")
    expect(tip).to_contain_text(HOSTILE, timeout=TIMEOUT)
    assert page.locator("img[src*='host.example'], a[href*='host.example']").count() == 0
    page.get_by_text("Indicators · ReliefWeb", exact=True).click()
    expect(page.get_by_text("This part of the page could not be shown")).to_be_visible(
        timeout=TIMEOUT
    )
    expect(page.get_by_text("Commitments", exact=True)).to_be_visible()
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and 'File "' not in body
    page.screenshot(path=str(ROOT / "var" / "e2e-hostile-country.png"), full_page=True)
    assert not [u for u in page_on.foreign if "host.example" in u]


def test_a_reload_keeps_the_analyst_logged_in_until_they_log_out(page_on, guarded_app):
    url, _ = guarded_app
    page = page_on.page
    page.goto(f"{url}/upload?lang=en", wait_until="domcontentloaded")
    page.get_by_label("User name", exact=True).fill("ann")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Logged in as")).to_be_visible(timeout=TIMEOUT)
    # The page writes the session cookie just after it shows the login; reload once it is there.
    page.wait_for_function(f"document.cookie.includes('{auth.COOKIE}=')", timeout=TIMEOUT)
    page.reload(wait_until="domcontentloaded")
    expect(page.get_by_text("Logged in as")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_label("User name", exact=True)).to_have_count(0)
    page.screenshot(path=str(ROOT / "var" / "e2e-upload-after-reload.png"), full_page=True)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_label("User name", exact=True)).to_be_visible(timeout=TIMEOUT)
    page.reload(wait_until="domcontentloaded")
    expect(page.get_by_label("User name", exact=True)).to_be_visible(timeout=TIMEOUT)
