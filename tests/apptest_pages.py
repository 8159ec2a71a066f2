"""Running one page of the app under Streamlit's AppTest, as a visitor reaches it: the app
first (its navigation), then the page with the query parameters of a link."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.web.geomap import DRAWN

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def app_test(path: str = APP, timeout: float = 90) -> AppTest:
    """A visitor's session whose browser has drawn a map before, so that a page comes in one
    run: on a session's first view what is under the map waits for the browser to draw it
    (``web.geomap.after_the_map``), and no browser draws here."""
    at = AppTest.from_file(path, default_timeout=timeout)
    at.session_state[DRAWN] = True
    return at


def run_page(page: str, **query: str) -> AppTest:
    """``page`` (``pages/….py``) after the app's first run, with ``query`` in the URL."""
    at = app_test()
    at.run()
    at.switch_page(page)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()
