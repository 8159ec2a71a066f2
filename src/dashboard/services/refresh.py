"""Refresh a live source: fetch, check, publish as a new version; or change nothing.

``refresh("worldbank")`` publishes the country indicator ``worldbank_indicators``;
``refresh("reliefweb")`` the dataset ``reliefweb_reports``; ``refresh("posts")`` new versions
of ``posts`` and ``post_coverage`` (each only when it changed), ``refresh("traveladvice")``
the dataset ``travel_advice``, both from the ministry's Nederland Wereldwijd open data. Each
new version is checked against its contract and compared with the active one (rows added,
removed, changed); the version's note holds the provenance (``live.read_provenance``): the
URLs, the fetch time, the source's own "last updated" and that comparison. Any failure raises
:class:`RefreshError` naming the source and the cause, and the active versions stay what
they were.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd

from dashboard import settings
from dashboard.domain import diff, indicators
from dashboard.services import auth, nlww_refresh
from dashboard.sources import http, live, reliefweb, worldbank
from dashboard.storage import bundled, datasets
from dashboard.storage.store import Draft, Store, Version

DATASETS = {
    "worldbank": live.WORLDBANK_DATASET,
    "reliefweb": live.RELIEFWEB_DATASET,
    "posts": "posts",
    "traveladvice": "travel_advice",
}
SOURCES = tuple(DATASETS)


class RefreshError(RuntimeError):
    """A refresh failed; nothing was published. The message names the source and cause."""


@dataclass(frozen=True)
class Refreshed:
    """What a refresh published: a version per changed dataset (none when nothing changed),
    and per dataset the change against the version that was active (``diff`` summary)."""

    source: str
    versions: tuple[Version, ...]
    provenance: dict
    warnings: tuple[str, ...] = ()
    changes: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def version(self) -> Version:
        return self.versions[0]


@dataclass(frozen=True)
class _Fetched:
    frames: dict[str, pd.DataFrame]
    kind: str
    provenance: dict
    bodies: list[bytes]
    warnings: tuple[str, ...]
    only_changed: bool = False  # publish a dataset only when it differs from the active one


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
        got = _FETCHERS[source](st, fetched_at)
    except http.FetchError as exc:
        raise RefreshError(f"{exc.source}: {exc.cause}. {_kept(st, dataset)}") from None
    except live.ResponseError as exc:
        raise RefreshError(
            f"{source}: the response was refused: {exc}. {_kept(st, dataset)}"
        ) from None
    digest = hashlib.sha256()
    for body in got.bodies:
        digest.update(body)
    changes = {
        name: diff.preview(name, _active(st, name), frame).summary()
        for name, frame in got.frames.items()
    }
    provenance = {**got.provenance, "changes": changes}
    note, url = live.provenance_note(provenance), got.provenance["url"][:255]
    drafts = [
        Draft(name, frame, note, url, digest.hexdigest(), kind=got.kind)
        for name, frame in got.frames.items()
        if not (got.only_changed and not _changed(changes[name], st, name))
    ]
    # The datasets of one refresh (the posts and their coverage) change together or not at all.
    versions = st.publish_together(drafts, user=user or system_user(source)) if drafts else []
    return Refreshed(source, tuple(versions), provenance, got.warnings, changes)


def _active(st: Store, name: str) -> pd.DataFrame | None:
    if name == live.RELIEFWEB_DATASET:
        try:
            return load_reports(st=st)
        except datasets.DatasetError:
            return None
    return datasets.active_or_none(st, name)


def _changed(summary: dict[str, int], st: Store, name: str) -> bool:
    return st.active(name) is None or any(summary[k] for k in ("added", "removed", "changed"))


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
    return "Nothing was published; " + kept(dataset, st=st) + "."


def kept(dataset: str, *, st: Store | None = None) -> str:
    """Which version of ``dataset`` stays active, in words."""
    st = st if st is not None else datasets.store()
    active = st.active(dataset)
    if active is None:
        return f"'{dataset}' has no stored version yet"
    return (
        f"'{dataset}' stays at version {active.version} of {active.created_at:%Y-%m-%d %H:%M} UTC"
    )


def _worldbank(_st: Store, fetched_at: datetime) -> _Fetched:
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
    frames = {live.WORLDBANK_DATASET: result.frame}
    return _Fetched(frames, "indicator", provenance, got.bodies, warnings)


def _reliefweb(_st: Store, fetched_at: datetime) -> _Fetched:
    countries = sorted(set(bundled.load_members(every=True)["iso3"]))
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
    frames = {live.RELIEFWEB_DATASET: frame}
    return _Fetched(frames, "dataset", provenance, got.bodies, empty)


def _posts(st: Store, fetched_at: datetime) -> _Fetched:
    got = nlww_refresh.posts(st, fetched_at)
    return _Fetched(
        got.frames, "dataset", got.provenance, got.bodies, got.warnings, only_changed=True
    )


def _traveladvice(_st: Store, fetched_at: datetime) -> _Fetched:
    got = nlww_refresh.travel_advice(fetched_at)
    return _Fetched(got.frames, "dataset", got.provenance, got.bodies, got.warnings)


_FETCHERS: dict[str, Callable[[Store, datetime], _Fetched]] = {
    "worldbank": _worldbank,
    "reliefweb": _reliefweb,
    "posts": _posts,
    "traveladvice": _traveladvice,
}
