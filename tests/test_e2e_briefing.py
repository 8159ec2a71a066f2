"""The "Briefing (PNG)" download in a real headless Chromium: the picture of the view on screen."""

from __future__ import annotations

import io

import pytest
from PIL import Image

pytestmark = pytest.mark.browser


def _download(page, timeout: int = 120_000):
    button = page.get_by_role("button", name="Briefing (PNG)")
    button.wait_for(timeout=60_000)
    with page.expect_download(timeout=timeout) as info:
        button.click()
    download = info.value
    return download.suggested_filename, Image.open(io.BytesIO(open(download.path(), "rb").read()))


def test_a_country_profile_downloads_its_briefing_on_the_layer_where_it_stands_out(
    recording_page, app_url
):
    page = recording_page.page
    page.goto(f"{app_url}/country?iso3=UKR&lang=en", wait_until="domcontentloaded")
    name, image = _download(page)
    assert name == "briefing-ukr-en.png"
    assert image.size == (1920, 1080)
    assert recording_page.foreign == []


def test_a_region_view_downloads_the_briefing_of_the_layer_on_screen(recording_page, app_url):
    page = recording_page.page
    page.goto(f"{app_url}/?region=caribbean&layer=situation", wait_until="domcontentloaded")
    name, image = _download(page)
    assert name == "briefing-caribbean-situation-nl.png"
    assert image.size == (1920, 1080)
    assert recording_page.foreign == []
