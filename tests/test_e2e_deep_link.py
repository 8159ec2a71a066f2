"""A link shared by a colleague is the first request after the app starts: the page still
runs through the app's navigation (titled menu, wide layout), with the view the link names."""

from __future__ import annotations

import pytest
from conftest import RecordingPage, serve_app

pytestmark = pytest.mark.browser


def test_a_deep_link_as_the_first_request_after_a_start_opens_the_page_with_its_view(
    browser, tmp_path
):
    with serve_app(
        tmp_path / "streamlit.log", {"DASHBOARD_DB_URL": f"sqlite:///{tmp_path}/first.sqlite"}
    ) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        try:
            rec = RecordingPage(context, url)
            page = rec.page
            page.goto(f"{url}/country?iso3=MDA&lang=en", wait_until="domcontentloaded")
            page.get_by_role("heading", name="Moldova (MDA)").wait_for(timeout=60_000)
            # The app's own sidebar, in the link's language; no raw file names.
            links = page.locator("[data-testid=stPageLink-NavLink]")
            links.filter(has=page.get_by_text("Country profile", exact=True)).wait_for()
            assert page.get_by_test_id("stSidebarNav").count() == 0
            assert page.get_by_text("country", exact=True).count() == 0
            assert "iso3=MDA" in page.url and "lang=en" in page.url
            assert rec.foreign == []
        finally:
            context.close()
