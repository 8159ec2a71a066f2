"""Refresh a live source: fetch, check, publish as a new version; or change nothing.

``refresh("worldbank")`` publishes the country indicator ``worldbank_indicators``;
``refresh("reliefweb")`` the dataset ``reliefweb_reports``. The version's note holds the
provenance (``live.read_provenance``): the URLs, the fetch time and the source's own "last
updated". Any failure raises :class:`RefreshError` naming the source and the cause, and the
active version stays what it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd

from dashboard import settings
from dashboard.domain import indicators
from dashboard.services import auth
from dashboard.sources import http, live, reliefweb, worldbank
from dashboard.storage import bundled, datasets
from dashboard.storage.store import Store, Version

DATASETS = {"worldbank": live.WORLDBANK_DATASET, "reliefweb": live.RELIEFWEB_DATASET}
SOURCES = tuple(DATASETS)


class RefreshError(RuntimeError):
    """A refresh failed; nothing was published. The message names the source and cause."""


@dataclass(frozen=True)
class Refreshed:
    source: str
    version: Version
    provenance: dict
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Fetched:
    frame: pd.DataFrame
    kind: str
    provenance: dict
    bodies: list[bytes]
    warnings: tuple[str, ...]


def system_user(source: str) -> str:
    return f"connector:{source}"


def refresh(source: str, *, st: Store | None = None, user: str | None = None) -> Refreshed:
    """Fetch ``source`` and publish what came as the next version of its dataset."""
    if source not in DATASETS:
        raise ValueError(f"unknown source {source!r}; known: {', '.join(SOURCES)}")
    st = st if st is not None else datasets.store()
    dataset = DATASETS[source]
    fetched_at = datetime.now(UTC).replace(microsecond=0)
    try:
        got = _FETCHERS[source](fetched_at)
    except http.FetchError as exc:
        raise RefreshError(f"{exc.source}: {exc.cause}. {_kept(st, dataset)}") from None
    except live.ResponseError as exc:
        raise RefreshError(
            f"{source}: the response was refused: {exc}. {_kept(st, dataset)}"
        ) from None
    digest = hashlib.sha256()
    for body in got.bodies:
        digest.update(body)
    version = st.publish(
        dataset,
        got.frame,
        user=user or system_user(source),
        note=live.provenance_note(got.provenance),
        file_name=got.provenance["url"][:255],
        sha256=digest.hexdigest(),
        kind=got.kind,
    )
    return Refreshed(source, version, got.provenance, got.warnings)


def refresh_as(account: auth.Account | None, source: str, *, st: Store | None = None) -> Refreshed:
    """:func:`refresh` for a signed-in analyst (the page's refresh button)."""
    auth.require(account, "analyst", "refresh live data")
    return refresh(source, st=st, user=account.username)


def status(source: str, *, st: Store | None = None) -> dict | None:
    """What the app shows as "as of": the active version and its provenance, or ``None``."""
    st = st if st is not None else datasets.store()
    version = st.active(DATASETS[source])
    if version is None:
        return None
    return {
        "version": version.version,
        "published_at": version.created_at,
        "user": version.user,
        **(live.read_provenance(version.note) or {}),
    }


def load_reports(*, st: Store | None = None) -> pd.DataFrame:
    """The active ``reliefweb_reports``, checked; ``datasets.NoVersion`` when there is none."""
    st = st if st is not None else datasets.store()
    version_id = st.active_version_id(live.RELIEFWEB_DATASET)
    if version_id is None:
        raise datasets.NoVersion("e_no_version_yet", dataset=live.RELIEFWEB_DATASET)
    return live.check_reports(st.rows(version_id))


def _kept(st: Store, dataset: str) -> str:
    active = st.active(dataset)
    if active is None:
        return f"Nothing was published; '{dataset}' has no stored version yet."
    return (
        f"Nothing was published; '{dataset}' stays at version {active.version} "
        f"of {active.created_at:%Y-%m-%d %H:%M} UTC."
    )


def _worldbank(fetched_at: datetime) -> _Fetched:
    known = datasets.known_iso3()
    got = http.run(lambda dog: worldbank.fetch(http.session(), dog), worldbank.SOURCE)
    ids = ";".join(live.WORLDBANK_INDICATORS)
    source_url = worldbank.indicator_url(ids) + "?source=2&mrnev=1&format=json"
    result = live.worldbank_frame(got.pages, known_iso3=known, source_url=source_url)
    _, problems = indicators.validate(result.frame, known)
    if problems:
        raise live.ResponseError("; ".join(str(p) for p in problems[:5]))
    warnings = tuple(
        f"World Bank code {code} ({name}) is not a unit on the map; left out"
        for code, name in result.unmapped.items()
    )
    provenance = {
        "source": "worldbank",
        "publisher": live.WORLDBANK_PUBLISHER,
        "url": source_url,
        "urls": got.urls,
        "fetched_at": fetched_at.isoformat(),
        "source_updated": max(result.last_updated.values()),
        "source_updated_by_indicator": result.last_updated,
        "unmapped": sorted(result.unmapped),
    }
    return _Fetched(result.frame, "indicator", provenance, got.bodies, warnings)


def _reliefweb(fetched_at: datetime) -> _Fetched:
    countries = sorted(set(bundled.load_members()["iso3"]))
    limit = settings.get_int("DASHBOARD_RELIEFWEB_REPORTS_PER_COUNTRY")
    appname = settings.get("DASHBOARD_RELIEFWEB_APPNAME")
    got = http.run(
        lambda dog: reliefweb.fetch(
            http.session(), dog, countries=countries, limit=limit, appname=appname
        ),
        reliefweb.SOURCE,
    )
    frame = live.reliefweb_frame(
        got.pages, source_url=got.url, fetched_on=fetched_at.date().isoformat()
    )
    frame = live.check_reports(frame, datasets.known_iso3())
    newest = frame["date"].max() if len(frame) else None
    provenance = {
        "source": "reliefweb",
        "publisher": "ReliefWeb (UN OCHA)",
        "url": got.url,
        "query": reliefweb.query("{iso3}", limit),
        "countries": countries,
        "fetched_at": fetched_at.isoformat(),
        "source_updated": newest,
    }
    empty = tuple(f"ReliefWeb has no reports on {p.iso3}" for p in got.pages if not p.reports)
    return _Fetched(frame, "dataset", provenance, got.bodies, empty)


_FETCHERS: dict[str, Callable[[datetime], _Fetched]] = {
    "worldbank": _worldbank,
    "reliefweb": _reliefweb,
}
