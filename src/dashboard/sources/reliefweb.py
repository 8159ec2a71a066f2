"""ReliefWeb API v2: the latest reports on each priority country.

``POST {DASHBOARD_RELIEFWEB_URL}/reports?appname=…`` with a JSON query per country: a filter
on ``primary_country.iso3``, the fields title, date.created, source.name and url, newest
first. Since 1 November 2025 ReliefWeb needs a pre-approved ``appname``
(``DASHBOARD_RELIEFWEB_APPNAME``; request one at https://apidoc.reliefweb.int/parameters).
Network only: each answer is checked by ``dashboard.sources.reliefweb_parse.read_reliefweb_page``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard import settings
from dashboard.sources import http
from dashboard.sources import reliefweb_parse as parse

SOURCE = "reliefweb"
FIELDS = ["title", "date.created", "source.name", "url"]


@dataclass
class Fetched:
    pages: list[parse.ReliefWebPage] = field(default_factory=list)
    url: str = ""  # without the appname
    bodies: list[bytes] = field(default_factory=list)


def reports_url() -> str:
    return settings.get("DASHBOARD_RELIEFWEB_URL").rstrip("/") + "/reports"


def query(iso3: str, limit: int) -> dict:
    return {
        "filter": {"field": "primary_country.iso3", "value": iso3.lower()},
        "fields": {"include": FIELDS},
        "sort": ["date.created:desc"],
        "limit": limit,
    }


def fetch(s, dog: http.Watchdog | None = None, *, countries, limit: int, appname: str) -> Fetched:
    """The newest ``limit`` reports per country in ``countries`` (ISO3 codes)."""
    if not appname.strip():
        raise http.FetchError(
            SOURCE,
            "no appname: ReliefWeb needs a pre-approved one; set "
            "DASHBOARD_RELIEFWEB_APPNAME (request one at "
            "https://apidoc.reliefweb.int/parameters)",
        )
    fetched = Fetched(url=reports_url())
    for iso3 in countries:
        try:
            body = http.fetch(
                s,
                SOURCE,
                fetched.url,
                params={"appname": appname},
                json_body=query(iso3, limit),
                method="POST",
            )
        except http.FetchError as exc:
            if exc.status in (401, 403):
                raise http.FetchError(
                    SOURCE,
                    f"{exc.cause}; is DASHBOARD_RELIEFWEB_APPNAME an appname ReliefWeb approved?",
                    exc.status,
                ) from None
            raise
        if dog is not None:
            dog.tick()
        fetched.pages.append(parse.read_reliefweb_page(body, iso3, limit))
        fetched.bodies.append(body)
    return fetched
