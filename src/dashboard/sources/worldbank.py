"""World Bank Indicators API v2: every page of each indicator, for all countries.

``GET {DASHBOARD_WORLDBANK_URL}/country/all/indicator/{id}?format=json&per_page=…&page=…``
with ``mrnev=1`` (the most recent non-empty value per country) or ``date=YYYY:YYYY``.
Network only: each page is checked by ``dashboard.sources.worldbank_parse.read_worldbank_page``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard import settings
from dashboard.sources import http
from dashboard.sources import worldbank_parse as parse

SOURCE = "worldbank"
PER_PAGE = 500  # ~270 countries and aggregates: one page per indicator as a rule


@dataclass
class Fetched:
    pages: dict[str, list[parse.WorldBankPage]] = field(default_factory=dict)
    urls: list[str] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)


def indicator_url(indicator: str, countries: str = "all") -> str:
    base = settings.get("DASHBOARD_WORLDBANK_URL").rstrip("/")
    return f"{base}/country/{countries}/indicator/{indicator}"


def fetch(
    s,
    dog: http.Watchdog | None = None,
    *,
    indicators=tuple(parse.WORLDBANK_INDICATORS),
    per_page: int = PER_PAGE,
    date: str | None = None,
) -> Fetched:
    """Every page of every indicator; ``FetchError`` or ``ResponseError`` on failure."""
    fetched = Fetched()
    for indicator in indicators:
        url = indicator_url(indicator)
        pages: list[parse.WorldBankPage] = []
        number, last = 1, 1
        while number <= last:
            params = {"format": "json", "per_page": per_page, "page": number}
            params.update({"date": date} if date else {"mrnev": 1})
            body = http.fetch(s, SOURCE, url, params=params)
            if dog is not None:
                dog.tick()
            page = parse.read_worldbank_page(body, indicator, number)
            fetched.urls.append(_with_query(url, params))
            fetched.bodies.append(body)
            pages.append(page)
            last = page.pages if number == 1 else last
            number += 1
        fetched.pages[indicator] = pages
    return fetched


def _with_query(url: str, params: dict) -> str:
    return url + "?" + "&".join(f"{k}={v}" for k, v in params.items())
