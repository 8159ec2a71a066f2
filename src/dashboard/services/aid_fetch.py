"""IATI data from elsewhere: files and URLs given to ``import-iati``, and the Datastore.

``read_locations`` reads local files and URLs (each URL streamed to a temporary file through
``sources.iati``, so a file of hundreds of megabytes never sits in memory whole).
``refresh`` fetches the activities of ``DASHBOARD_IATI_REPORTING_ORG`` from the IATI
Datastore API page by page, reads each page as it arrives and publishes the whole like an
import, as ``user`` (``connector:iati`` when none is given). Offline or refused, it fails the
way the other connectors do
(:class:`refresh.RefreshError`, one line naming the source and the cause) and nothing is
published; problems in the data refuse it too (:class:`RefusedData`, with every note).
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlparse

from dashboard import settings
from dashboard.ingest import iati
from dashboard.services import aid
from dashboard.services.refresh import RefreshError, system_user
from dashboard.sources import http, live
from dashboard.sources import iati as datastore
from dashboard.storage import datasets
from dashboard.storage.store import Store, Version
from dashboard.text.errors import Refused

SOURCE = datastore.SOURCE


class RefusedData(RefreshError):
    """The Datastore answered, but its activities have problems; ``imported`` lists them."""

    def __init__(self, imported: aid.Imported, kept: str):
        super().__init__(f"{SOURCE}: {imported.problem_count} problem(s) in the data. {kept}")
        self.imported = imported


def is_url(location: str) -> bool:
    return urlparse(location).scheme in ("http", "https")


def limits() -> iati.Limits:
    megabytes = settings.get_int("DASHBOARD_IATI_MAX_MB")
    return iati.Limits(max_bytes=megabytes * 1024 * 1024)


def read_locations(locations: Iterable[str]) -> aid.Imported:
    """Read IATI files given as paths or http(s) URLs; ``http.FetchError`` when a URL fails,
    ``Refused`` naming a file that cannot be opened. Nothing is published."""
    locations = list(locations)
    urls = [loc for loc in locations if is_url(loc)]
    reading = aid.Reading(source_url=urls[0] if len(urls) == 1 else None, limits=limits())
    with tempfile.TemporaryDirectory(prefix="iati-") as folder:
        for number, location in enumerate(locations):
            if is_url(location):
                path = Path(folder) / f"{number}.xml"
                _download(location, path)
                name = Path(urlparse(location).path).name or location
            else:
                path, name = Path(location), Path(location).name
            try:
                stream = path.open("rb")
            except OSError as exc:
                raise Refused("e_cli_cannot_read", path=location, reason=exc.strerror) from None
            with stream:
                reading.add(name, stream)
    return reading.finish()


def _download(url: str, path: Path) -> None:
    max_bytes = limits().max_bytes
    with path.open("wb") as out:
        http.run(
            lambda dog: datastore.download(url, out, max_bytes=max_bytes, tick=dog.tick), SOURCE
        )


def refresh(*, st: Store | None = None, user: str | None = None) -> tuple[Version, Version, dict]:
    """Fetch the reporting organisation's activities from the Datastore and publish them."""
    st = st if st is not None else datasets.store()
    key = settings.get("DASHBOARD_IATI_KEY").strip()
    if not key:
        raise RefreshError(
            f"{SOURCE}: no subscription key; set DASHBOARD_IATI_KEY (a free key from "
            f"{datastore.SIGN_UP}). {_kept(st)}"
        )
    org = settings.get("DASHBOARD_IATI_REPORTING_ORG").strip()
    fetched_at = datetime.now(UTC).replace(microsecond=0)
    url = datastore.page_url() + "?" + urlencode(datastore.page_params(org, 0))
    # The Datastore dates its answer at the moment of the query: each activity's own
    # last-updated-datetime is its source date.
    reading = aid.Reading(source_url=url, dated=False, limits=limits())
    try:
        total = http.run(lambda dog: _pages(key, org, reading, dog), SOURCE)
    except http.FetchError as exc:
        hint = " (check DASHBOARD_IATI_KEY)" if exc.status in (401, 403) else ""
        raise RefreshError(f"{exc.source}: {exc.cause}{hint}. {_kept(st)}") from None
    except live.ResponseError as exc:
        raise RefreshError(f"{SOURCE}: the response was refused: {exc}. {_kept(st)}") from None
    imported = reading.finish()
    if not imported.ok:
        raise RefusedData(imported, _kept(st))
    dates = imported.activities["source_date"] if imported.activities is not None else None
    provenance = {
        "source": SOURCE,
        "publisher": f"IATI Datastore, reporting organisation {org}",
        "url": url,
        "fetched_at": fetched_at.isoformat(),
        "source_updated": None if dates is None or dates.empty else str(dates.max()),
        "activities": total,
    }
    note = live.provenance_note(provenance)
    first, second = aid.publish_as(user or system_user(SOURCE), imported, note, st=st)
    return first, second, provenance


def _pages(key: str, org: str, reading: aid.Reading, dog: http.Watchdog) -> int:
    s = datastore.session(key)
    total = datastore.count(s, org)
    dog.tick()
    if total == 0:
        raise live.ResponseError(f"the Datastore has no activities of {org}")
    for start in range(0, total, datastore.PAGE_ROWS):
        body = datastore.page(s, org, start)
        dog.tick()
        result = reading.add(f"page {start // datastore.PAGE_ROWS + 1}", io.BytesIO(body))
        dog.tick()
        expected = min(datastore.PAGE_ROWS, total - start)
        if result.complete and result.read != expected:
            raise live.ResponseError(
                f"the page from activity {start + 1} on holds {result.read} activities, "
                f"not {expected}; the answer is incomplete or the data changed while it was read"
            )
    return total


def _kept(st: Store) -> str:
    versions = [st.active(name) for name in (aid.ACTIVITIES, aid.FLOWS)]
    if any(v is None for v in versions):
        return "Nothing was published; no IATI data has been imported yet."
    shown = ", ".join(f"'{v.dataset}' v{v.version}" for v in versions if v is not None)
    return f"Nothing was published; {shown} stay active."
