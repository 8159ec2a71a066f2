"""The IATI Datastore API (version 3) and IATI files on the web: bytes in, nothing parsed.

- ``count``: ``GET {DASHBOARD_IATI_DATASTORE_URL}/activity/select?q=…&rows=0&wt=json``, Solr's
  JSON answer ``{"response": {"numFound": N, "start": 0, "docs": []}}``: how many activities
  the reporting organisation has.
- ``page``: ``GET …/activity/iati?q=…&start=S&rows=R&sort=id asc``, the activities as IATI XML
  (``<iati-activities version="2.03" generated-datetime="(the moment of the query)">`` around
  each activity as published), read by ``ingest.iati`` like a file.
- ``download``: any IATI file by URL, streamed to a local file.

Every request carries the subscription key as ``Ocp-Apim-Subscription-Key``
(``DASHBOARD_IATI_KEY``); the key is never part of a URL that is stored.

Read from: IATI's "How to use the Datastore API" (the ``/datastore/activity/select``
endpoint, Solr's ``q``/``fl``/``rows``/``start``, the key header) and the Datastore's Solr
configuration, IATI/datastore-solr-configs at 5557498 (2024-03-12):
``configsets/activity/conf/solrconfig.xml`` (the ``/iati`` handler returns the field
``iati_xml`` through ``xslt/iati_xml.xsl``, which wraps the activities in
``<iati-activities generated-datetime="NOW" version="2.03">``) and ``managed-schema`` (``id``
is the unique key, ``reporting_org_ref`` a field).
"""

from __future__ import annotations

import json
from typing import BinaryIO

import requests

from dashboard import settings
from dashboard.sources import http
from dashboard.sources.live import ResponseError

SOURCE = "iati"
PAGE_ROWS = 1000  # activities per page of the Datastore
KEY_HEADER = "Ocp-Apim-Subscription-Key"
SIGN_UP = "https://developer.iatistandard.org/"


def base_url() -> str:
    return settings.get("DASHBOARD_IATI_DATASTORE_URL").rstrip("/")


def query(reporting_org: str) -> str:
    """The Solr query for every activity a reporting organisation publishes."""
    return f'reporting_org_ref:"{reporting_org}"'


def session(key: str) -> requests.Session:
    """A connector session (``http.session``) that sends the subscription key."""
    s = http.session()
    s.headers[KEY_HEADER] = key
    s.headers["Accept"] = "application/json, application/xml"
    return s


def count_url() -> str:
    return f"{base_url()}/activity/select"


def page_url() -> str:
    return f"{base_url()}/activity/iati"


def count(s: requests.Session, reporting_org: str) -> int:
    """How many activities ``reporting_org`` has in the Datastore."""
    params = {"q": query(reporting_org), "rows": 0, "wt": "json", "fl": "iati_identifier"}
    body = http.fetch(s, SOURCE, count_url(), params=params)
    return read_count(body)


def read_count(body: bytes) -> int:
    """``response.numFound`` of a Solr JSON answer; ``ResponseError`` for another shape."""
    what = "the IATI Datastore's count"
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        start = body[:60].decode("utf-8", "replace")
        raise ResponseError(f"{what} is not JSON; it starts with {start!r}") from None
    response = data.get("response") if isinstance(data, dict) else None
    found = response.get("numFound") if isinstance(response, dict) else None
    if isinstance(found, bool) or not isinstance(found, int) or found < 0:
        raise ResponseError(f"{what} has no 'response.numFound' (a whole number)")
    return found


def page_params(reporting_org: str, start: int, rows: int = PAGE_ROWS) -> dict:
    # Sorted on the unique key, so that pages neither overlap nor skip an activity.
    return {"q": query(reporting_org), "start": start, "rows": rows, "sort": "id asc"}


def page(s: requests.Session, reporting_org: str, start: int, rows: int = PAGE_ROWS) -> bytes:
    """The IATI XML of ``rows`` activities of ``reporting_org`` from number ``start`` on."""
    return http.fetch(s, SOURCE, page_url(), params=page_params(reporting_org, start, rows))


def download(url: str, out: BinaryIO, *, max_bytes: int, tick=None) -> int:
    """An IATI file on the web, streamed into ``out``; its size in bytes."""
    return http.download(http.session(), SOURCE, url, out, max_bytes=max_bytes, tick=tick)
