"""The active version of each dataset, checked against its contract.

``load(name)`` is what every page, join and export reads. The versions live in the store
(``DASHBOARD_DB_URL``); on first use the store is seeded from the bundled CSV files in
``data/``. Frames are cached per process by the id of the active version, so a publish is
seen by every session at once, at the cost of one indexed lookup per ``load``.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache

import pandas as pd

from dashboard import settings
from dashboard.domain import contracts, indicators
from dashboard.ingest import upload as ingest
from dashboard.storage import store as store_module

log = logging.getLogger(__name__)
SYSTEM_USER = "system"


class DatasetError(ValueError):
    """A dataset does not meet its contract, or has no version; the message says which."""


_SEEDED: set[str] = set()
_SEED_LOCK = threading.Lock()


def store() -> store_module.Store:
    """The process-wide store, created and seeded from ``data/`` on first use."""
    st = store_module.open_store(settings.db_url())
    if st.url not in _SEEDED:
        with _SEED_LOCK:
            if st.url not in _SEEDED:
                seed(st)
                _SEEDED.add(st.url)
    return st


def seed(st: store_module.Store, data_dir=None) -> list[str]:
    """Publish each bundled CSV as version 1 of a dataset that has no version yet.

    Returns the names seeded. A dataset whose CSV does not exist is skipped (logged).
    """
    data_dir = data_dir or settings.data_dir()
    seeded = []
    unlimited = ingest.Limits(max_bytes=2**40, max_rows=2**40)
    for name in contracts.DATASETS:
        if st.version_count(name):
            continue
        path = data_dir / f"{name}.csv"
        if not path.exists():
            log.info("no %s: dataset '%s' starts without a version", path, name)
            continue
        checked = ingest.check_upload(
            name, path.name, path.read_bytes(), known_iso3=known_iso3(), limits=unlimited
        )
        if not checked.ok:
            listed = "\n".join(f"  {p}" for p in checked.problems)
            raise DatasetError(f"{path.name} does not meet the '{name}' contract:\n{listed}")
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


@lru_cache(maxsize=1)
def known_iso3() -> frozenset[str]:
    """Codes of every unit on the map: the codes a dataset may use."""
    from dashboard.storage import (
        boundaries as geo,  # the boundaries are read only when a code is checked
    )

    return frozenset(geo.load_boundaries("print")["iso3"])


def load(name: str) -> pd.DataFrame:
    """The active version of dataset ``name`` (one of ``contracts.DATASETS``), as a copy."""
    if name not in contracts.DATASETS:
        raise KeyError(f"unknown dataset {name!r}; known: {', '.join(contracts.DATASETS)}")
    return load_from(store(), name)


def indicator_names() -> list[str]:
    """Names of the country indicators analysts have published."""
    return store().datasets(kind="indicator")


def load_indicator(name: str) -> pd.DataFrame:
    """The active version of country indicator ``name``: iso3, numeric columns, sources."""
    if name not in indicator_names():
        raise KeyError(f"unknown indicator {name!r}; known: {', '.join(indicator_names())}")
    return load_from(store(), name)


def load_from(st: store_module.Store, name: str) -> pd.DataFrame:
    """The active version of ``name`` in ``st``, typed, as a copy."""
    version_id = st.active_version_id(name)
    if version_id is None:
        raise DatasetError(f"dataset '{name}' has no published version yet")
    return _typed(st, version_id, name).copy()


def active_or_none(st: store_module.Store, name: str) -> pd.DataFrame | None:
    try:
        return load_from(st, name)
    except DatasetError:
        return None


@lru_cache(maxsize=16)
def _typed(st: store_module.Store, version_id: int, name: str) -> pd.DataFrame:
    raw = st.rows(version_id)
    if name in contracts.DATASETS:
        typed, problems = contracts.validate(name, raw)
    else:
        typed, problems = indicators.validate(raw)
    if problems:
        listed = "\n".join(f"  {p}" for p in problems[:20])
        raise DatasetError(f"stored version {version_id} of '{name}' fails its contract:\n{listed}")
    return typed
