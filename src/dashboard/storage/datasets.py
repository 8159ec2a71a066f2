"""The active version of each dataset, checked against its contract.

``load(name)`` is what every page, join and export reads. The versions live in the store
(``DASHBOARD_DB_URL``); on first use the store is seeded from the bundled CSV files in
``data/``. Frames are cached per process by store, version and dataset, so a publish is
seen by every session at once, at the cost of one indexed lookup per ``load``; every
caller gets its own copy.

Three ways a load can fail, each its own error: the dataset has no version yet
(:class:`NoVersion`), the stored version fails its contract (:class:`CorruptVersion`:
an alarm naming the dataset and version, never read as "no data"), or the store is
unavailable (:class:`StoreUnavailable`). In the last case the data this process loaded last
is served instead, and :func:`store_unavailable` says so until the store answers again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

import pandas as pd

from dashboard import settings
from dashboard.domain import contracts, indicators
from dashboard.ingest import upload as ingest
from dashboard.storage import store as store_module
from dashboard.storage.schema import StoreUnavailable
from dashboard.text.errors import Listing, UserError

log = logging.getLogger(__name__)
SYSTEM_USER = "system"
RETRY_SECONDS = 5.0  # while the store is down, ask it again at most this often
_CACHED_FRAMES = 32


class DatasetError(UserError, ValueError):
    """A dataset cannot be read; the message says which and why."""


class NoVersion(DatasetError):
    """The dataset has no published version yet."""


class CorruptVersion(DatasetError):
    """The active version's stored rows fail the dataset's contract."""


__all__ = [
    "CorruptVersion",
    "DatasetError",
    "NoVersion",
    "StoreUnavailable",
    "load",
    "load_from",
    "store",
]

_SEEDED: set[tuple[str, str]] = set()
_LOCK = threading.Lock()
_FRAMES: OrderedDict[tuple[str, int, str], pd.DataFrame] = OrderedDict()
_LAST: dict[tuple[str, str], pd.DataFrame] = {}
_DOWN: dict[str, float] = {}  # store URL -> when (monotonic) it last failed
_VERSIONS: dict[str, tuple[tuple[str, int], ...]] = {}  # store URL -> last active versions


def store() -> store_module.Store:
    """The process-wide store, created and seeded from ``data/`` on first use."""
    st = store_module.open_store(settings.db_url())
    key = (st.url, str(settings.data_dir()))
    if key not in _SEEDED:
        with _LOCK:
            if key not in _SEEDED:
                try:
                    seed(st)
                except StoreUnavailable:
                    _mark_down(st.url)
                    return st  # seeded when it answers again
                _SEEDED.add(key)
    return st


def seed(st: store_module.Store, data_dir: Path | None = None) -> list[str]:
    """Publish each bundled CSV as version 1 of a dataset that has no version yet, and as
    the next version of a dataset whose active version is bundled data of an earlier release
    that the current contract refuses (an upgrade; see :func:`_outdated_bundle`).

    Returns the names seeded. A dataset whose CSV does not exist is skipped (logged).
    """
    data_dir = data_dir or settings.data_dir()
    seeded = []
    unlimited = ingest.Limits(max_bytes=2**40, max_rows=2**40)
    for name in contracts.DATASETS:
        path = data_dir / f"{name}.csv"
        if st.version_count(name):
            if path.exists() and _outdated_bundle(st, name):
                seeded.append(_republish_bundle(st, name, path, unlimited))
            continue
        if not path.exists():
            log.info("no %s: dataset '%s' starts without a version", path, name)
            continue
        checked = _checked_bundle(name, path, unlimited)
        if st.publish(
            name,
            checked.frame,
            user=SYSTEM_USER,
            note="bundled data",
            file_name=path.name,
            sha256=checked.sha256,
            only_if_empty=True,
        ):
            seeded.append(name)
    return seeded


def _checked_bundle(name: str, path: Path, limits: ingest.Limits) -> ingest.Checked:
    """The bundled file ``path`` read and checked as dataset ``name``; refused loudly (the
    release itself is broken) when it fails its contract."""
    checked = ingest.check_upload(
        name, path.name, path.read_bytes(), known_iso3=known_iso3(), limits=limits
    )
    if not checked.ok:
        listed = "\n".join(f"  {p}" for p in checked.problems)
        raise DatasetError("e_bundled_invalid", file=path.name, dataset=name, problems=listed)
    return checked


def _outdated_bundle(st: store_module.Store, name: str) -> bool:
    """Whether the active version of ``name`` is bundled data of an earlier release that the
    current contract no longer reads (an upgrade changed the dataset's columns). A version an
    analyst or a connector published is never replaced: it stays, and the page names its
    problems until it is corrected or rolled back."""
    version_id = st.active_version_id(name)
    found = st.version_by_id(version_id) if version_id is not None else None
    if version_id is None or found is None or found.user != SYSTEM_USER:
        return False
    typed, problems = contracts.validate(name, st.rows(version_id))
    return typed is None or bool(problems)


def _republish_bundle(st: store_module.Store, name: str, path: Path, limits: ingest.Limits) -> str:
    """Publish this release's bundled ``path`` as a new version of ``name`` (the old one
    stays in the history, and the audit log says why)."""
    checked = _checked_bundle(name, path, limits)
    assert checked.frame is not None  # a bundled file with problems was refused above
    st.publish(
        name,
        checked.frame,
        user=SYSTEM_USER,
        note="bundled data of this release (the stored bundled version has earlier columns)",
        file_name=path.name,
        sha256=checked.sha256,
    )
    log.warning("dataset '%s': bundled version of an earlier release replaced", name)
    return name


def known_iso3() -> frozenset[str]:
    """Codes of every unit on the map: the codes a dataset may use."""
    return _known_iso3(str(settings.root()))


@lru_cache(maxsize=4)
def _known_iso3(root: str) -> frozenset[str]:
    del root  # the cache key: the boundaries read are those of this project folder
    from dashboard.storage import boundaries  # read only when a code is checked

    return frozenset(boundaries.load_boundaries("print")["iso3"])


def load(name: str) -> pd.DataFrame:
    """The active version of dataset ``name`` (one of ``contracts.DATASETS``), as a copy."""
    if name not in contracts.DATASETS:
        raise KeyError(f"unknown dataset {name!r}; known: {', '.join(contracts.DATASETS)}")
    return load_from(store(), name)


def active_versions() -> tuple[tuple[str, int], ...]:
    """(name, version id) of the active version of every dataset and indicator, in one query.

    What a view shows depends on nothing else, so caches keyed by it show a publish (on any
    replica sharing the database) at the next rerun. While the store does not answer, the
    versions it last gave (the data shown is then the data loaded before).
    """
    st = store()
    try:
        found = tuple(sorted(_answer(st, st.active_version_ids).items()))
    except StoreUnavailable:
        if st.url in _VERSIONS:
            return _VERSIONS[st.url]
        raise
    _VERSIONS[st.url] = found
    return found


def indicator_names() -> list[str]:
    """Names of the country indicators analysts (and connectors) have published."""
    st = store()
    key = (st.url, "\x00indicators")
    try:
        names = _answer(st, lambda: st.datasets(kind="indicator"))
    except StoreUnavailable:
        if key in _LAST:
            return list(_LAST[key]["name"])
        raise
    _LAST[key] = pd.DataFrame({"name": names}, dtype=object)
    return names


def load_indicator(name: str) -> pd.DataFrame:
    """The active version of country indicator ``name``: iso3, numeric columns, sources."""
    if name not in indicator_names():
        raise KeyError(f"unknown indicator {name!r}; known: {', '.join(indicator_names())}")
    return load_from(store(), name)


def load_from(st: store_module.Store, name: str) -> pd.DataFrame:
    """The active version of ``name`` in ``st``, typed, as a copy; when the store is
    unavailable, the version this process loaded last."""
    try:
        version_id = _answer(st, lambda: st.active_version_id(name))
    except StoreUnavailable:
        last = _LAST.get((st.url, name))
        if last is None:
            raise
        return last.copy()
    if version_id is None:
        raise NoVersion("e_no_version_yet", dataset=name)
    frame = _typed(st, version_id, name)
    _LAST[(st.url, name)] = frame
    return frame.copy()


def active_or_none(st: store_module.Store, name: str) -> pd.DataFrame | None:
    """The active version of ``name``, or ``None`` when it has none yet. A version that fails
    its contract, or a store that cannot be reached, is an error, not "no data"."""
    try:
        return load_from(st, name)
    except NoVersion:
        return None


def store_unavailable() -> bool:
    """Whether the store of this process does not answer now (the data shown is then the data
    loaded before). One indexed lookup; while it is down, asked at most every
    ``RETRY_SECONDS``."""
    try:
        st = store()
        _answer(st, lambda: st.active_version_id(contracts.DATASETS[0]))
    except StoreUnavailable:
        return True
    return False


def _answer(st: store_module.Store, ask):
    """``ask()``, unless the store failed less than ``RETRY_SECONDS`` ago; keeps the state."""
    down_at = _DOWN.get(st.url)
    if down_at is not None and time.monotonic() - down_at < RETRY_SECONDS:
        raise StoreUnavailable()
    try:
        answer = ask()
    except StoreUnavailable:
        _mark_down(st.url)
        raise
    _DOWN.pop(st.url, None)
    return answer


def _mark_down(url: str) -> None:
    _DOWN[url] = time.monotonic()


def _typed(st: store_module.Store, version_id: int, name: str) -> pd.DataFrame:
    key = (st.url, version_id, name)
    with _LOCK:
        if key in _FRAMES:
            _FRAMES.move_to_end(key)
            return _FRAMES[key]
    raw = st.rows(version_id)
    if name in contracts.CONTRACTS:
        typed, problems = contracts.validate(name, raw)
    else:
        typed, problems = indicators.validate(raw)
    if typed is None or problems:
        found = st.version_by_id(version_id)
        number = found.version if found is not None else version_id
        log.error("version %s of '%s' fails its contract: %s", number, name, problems[:5])
        raise CorruptVersion(
            "e_corrupt_version",
            dataset=name,
            version=number,
            problems=Listing(problems[:3]),
        )
    with _LOCK:
        _FRAMES[key] = typed
        while len(_FRAMES) > _CACHED_FRAMES:
            _FRAMES.popitem(last=False)
    return typed


def forget() -> None:
    """Drop every cache of this module (a test that switches projects or stores)."""
    with _LOCK:
        _SEEDED.clear()
        _FRAMES.clear()
        _LAST.clear()
        _DOWN.clear()
        _VERSIONS.clear()
    _known_iso3.cache_clear()
