"""Running one page of the app under Streamlit's AppTest, as a visitor reaches it: the app
first (its navigation), then the page with the query parameters of a link."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def run_page(page: str, **query: str) -> AppTest:
    """``page`` (``pages/….py``) after the app's first run, with ``query`` in the URL."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page(page)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()
