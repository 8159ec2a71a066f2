"""Nederland Wereldwijd open data API (v2): the representations abroad and the travel advice.

``GET {DASHBOARD_NLWW_URL}/infotypes/…?output=json&lang=nl&rows=200&offset=…``. JSON must be
asked for (``output=json``; the ``Accept`` header is ignored). The answers are bare arrays with
no total: a list is walked by ``offset`` until a page comes back short of the 200 rows asked.

- Posts: the overview (``/infotypes/nl-representation``, one item per country) → each
  country's list (``/infotypes/countries/{country}/nl-representation``) → on request, the
  detail of single posts (their ``dataurl``).
- Travel advice: the index (``/infotypes/traveladvice``) → each country's advice
  (``/infotypes/countries/{country}/traveladvice``).

Network only: the answers are checked by :mod:`dashboard.sources.nlww_index` (the indexes, as
they are walked) and :mod:`dashboard.sources.nlww_parse`; a malformed index raises
``ResponseError`` naming the record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from dashboard import settings
from dashboard.sources import http, nlww_index
from dashboard.sources.answers import ResponseError
from dashboard.sources.nlww_pages import MAX_ROWS, Page

SOURCE = "nederlandwereldwijd"
PUBLISHER = "Ministerie van Buitenlandse Zaken, Nederland Wereldwijd open data"
ROWS = MAX_ROWS
MAX_PAGES = 50  # 10,000 records: far past any list the service holds


@dataclass
class Fetched:
    """What was asked and received: the pages of each list, and every URL and body."""

    index: list[Page] = field(default_factory=list)
    countries: dict[str, list[Page]] = field(default_factory=dict)  # {country} → its list
    documents: dict[str, bytes] = field(default_factory=dict)  # URL → body (details, advice)
    urls: list[str] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)


def base_url() -> str:
    return settings.get("DASHBOARD_NLWW_URL").rstrip("/")


def overview_url() -> str:
    return f"{base_url()}/infotypes/nl-representation"


def advice_index_url() -> str:
    return f"{base_url()}/infotypes/traveladvice"


def fetch_post_lists(s, dog: http.Watchdog | None = None, *, lang: str = "nl") -> Fetched:
    """The overview and every country's list of representations, each walked to its end."""
    fetched = Fetched()
    fetched.index = walk(s, dog, overview_url(), fetched, lang=lang)
    for country, url in _index(fetched.index, "nl-representation"):
        fetched.countries[country] = walk(s, dog, url, fetched, lang=lang)
    return fetched


def fetch_documents(s, dog, urls: list[str], fetched: Fetched, *, lang: str = "nl") -> None:
    """One document per URL (a post's detail, a country's advice), added to ``fetched``."""
    for url in urls:
        params = {"output": "json", "lang": lang}
        body = http.fetch(s, SOURCE, url, params=params)
        _received(dog, fetched, url, params, body)
        fetched.documents[url] = body


def fetch_travel_advice(s, dog: http.Watchdog | None = None, *, lang: str = "nl") -> Fetched:
    """The travel-advice index, walked to its end, and the advice of every country in it."""
    fetched = Fetched()
    fetched.index = walk(s, dog, advice_index_url(), fetched, lang=lang)
    urls = [url for _, url in _index(fetched.index, "traveladvice")]
    fetch_documents(s, dog, urls, fetched, lang=lang)
    return fetched


def walk(s, dog, url: str, fetched: Fetched, *, lang: str = "nl") -> list[Page]:
    """Every page of the list at ``url``: ``offset`` 0, 200, … until a page is short.

    A page that is not a JSON array ends the walk; the parser then refuses it, naming it.
    """
    pages: list[Page] = []
    offset = 0
    while True:
        params = {"output": "json", "lang": lang, "rows": ROWS, "offset": offset}
        body = http.fetch(s, SOURCE, url, params=params)
        _received(dog, fetched, url, params, body)
        pages.append(Page(offset, ROWS, body))
        count = _count(body)
        if count is None or count < ROWS:
            return pages
        if len(pages) >= MAX_PAGES:
            raise ResponseError(f"{url}: more than {MAX_PAGES} full pages of {ROWS}; stopped")
        offset += ROWS


def _index(pages: list[Page], kind: str) -> list[tuple[str, str]]:
    frame, problems, _ = nlww_index.parse_index(pages, base_url(), kind)
    if frame is None:
        raise ResponseError(f"the {kind} index: " + "; ".join(problems[:5]))
    return list(zip(frame["country"], frame["dataurl"], strict=True))


def _count(body: bytes) -> int | None:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return len(data) if isinstance(data, list) else None


def _received(dog, fetched: Fetched, url: str, params: dict, body: bytes) -> None:
    if dog is not None:
        dog.tick()
    fetched.urls.append(url + "?" + "&".join(f"{k}={v}" for k, v in params.items()))
    fetched.bodies.append(body)
