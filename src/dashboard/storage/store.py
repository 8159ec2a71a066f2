"""The store: every version of every dataset, the active one per dataset, accounts, the audit log.

One SQLAlchemy schema (:mod:`schema`) serves the embedded default (a SQLite file) and
PostgreSQL; the URL (setting ``DASHBOARD_DB_URL``) decides. The store knows nothing of
contracts or roles: it keeps what it is given, and keeps it consistent. Accounts, login
sessions and the audit log are :mod:`accounts`. When the database is stopped, unreachable,
read-only or full, every method raises :class:`StoreUnavailable` (a plain message; the
cause goes to the log), and the next call tries again: the store recovers on its own.

- A version's rows are stored whole, as zlib-compressed JSON in ``dataset_payloads``: one
  insert per publish (50,000 rows in ~0.3 s; a row table costs one insert per row), and
  reading the history never touches the rows.
- Publishing is one transaction: the version, its rows, the active pointer and the audit
  entry are written together or not at all, for one dataset or several that belong together
  (:meth:`Store.publish_together`). Version numbers are unique per dataset (a
  constraint); a publish that loses a race to the same number retries with the next one.
  On SQLite a writing transaction starts with ``BEGIN IMMEDIATE``, so writers queue instead
  of failing on a lock upgrade.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from dashboard.storage.accounts import AccountsMixin, AuditEntry, User, write_audit
from dashboard.storage.schema import (
    ACTIONS,
    ENCODING,
    ENCODINGS,
    KINDS,
    StoreUnavailable,
    active_versions,
    audit_log,
    aware,
    decode_rows,
    encode_rows,
    engine_for,
    guarded,
    metadata,
    normalise_url,
    now,
    payloads,
    sessions,
    up_to_date,
    upgrade,
    users,
    versions,
)
from dashboard.text.errors import NotFound, Refused

if TYPE_CHECKING:  # pandas comes with the rows (decode_rows), not with the store
    import pandas as pd

__all__ = [
    "ACTIONS",
    "KINDS",
    "AuditEntry",
    "Store",
    "StoreUnavailable",
    "User",
    "Version",
    "audit_log",
    "decode_rows",
    "encode_rows",
    "metadata",
    "normalise_url",
    "now",
    "open_store",
    "sessions",
    "users",
]

log = logging.getLogger(__name__)
_PUBLISH_ATTEMPTS = 20


@dataclass(frozen=True)
class Draft:
    """A new version of one dataset, before it is published (:meth:`Store.publish_together`)."""

    dataset: str
    frame: pd.DataFrame
    note: str = ""
    file_name: str = ""
    sha256: str = ""
    kind: str = "dataset"
    audit_details: dict | None = None
    encoding: str = ENCODING


@dataclass(frozen=True)
class Version:
    """One stored version of a dataset, without its rows."""

    id: int
    dataset: str
    kind: str
    version: int
    created_at: datetime
    user: str
    note: str
    file_name: str
    sha256: str
    row_count: int
    active: bool = False


class Store(AccountsMixin):
    """Dataset versions, accounts and the audit log in one database."""

    def __init__(self, url: str):
        self.url = normalise_url(url)
        self.engine = engine_for(self.url)
        self.dialect = self.engine.dialect.name

    # -- plumbing ---------------------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        with guarded("write"), self.engine.connect() as conn:
            conn.execution_options(dashboard_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with guarded("read"), self.engine.connect() as conn, conn.begin():
            yield conn

    def create(self) -> Store:
        """Create the tables that do not exist yet, and add columns added since.

        A database that already has them all is only read (so a read-only one can still be
        browsed; writing to it is then refused as :class:`StoreUnavailable`).
        """
        with self._read() as conn:
            if up_to_date(conn):
                return self
        try:
            with self._write() as conn:
                upgrade(conn)
        except sa.exc.DBAPIError:
            # Another process created them at the same moment; check they are there.
            with self._write() as conn:
                upgrade(conn)
        return self

    def dispose(self) -> None:
        self.engine.dispose()

    # -- dataset versions --------------------------------------------------------------------
    def publish(
        self,
        dataset: str,
        frame: pd.DataFrame,
        *,
        user: str,
        note: str = "",
        file_name: str = "",
        sha256: str = "",
        kind: str = "dataset",
        only_if_empty: bool = False,
        audit_details: dict | None = None,
        encoding: str = ENCODING,
    ) -> Version | None:
        """Store ``frame`` as the next version of ``dataset`` and make it the active one.

        All or nothing. With ``only_if_empty`` (seeding), nothing happens and ``None`` is
        returned when the dataset already has a version. ``audit_details`` are added to the
        audit entry (e.g. that the publish removes many rows, and was confirmed).
        ``encoding`` is how the rows are stored (``schema.ENCODINGS``: JSON, or Parquet for
        a dataset of a million rows).
        """
        draft = Draft(dataset, frame, note, file_name, sha256, kind, audit_details, encoding)
        done = self.publish_together([draft], user=user, only_if_empty=only_if_empty)
        return done[0] if done else None

    def publish_together(
        self, drafts: list[Draft], *, user: str, only_if_empty: bool = False
    ) -> list[Version]:
        """Each draft as the next version of its dataset, all made active in one transaction:
        datasets that belong together (a post network and its coverage, an IATI import's
        activities and flows) never show one new and one old. With ``only_if_empty``,
        nothing happens (``[]``) when any of the datasets already has a version."""
        for draft in drafts:
            if draft.kind not in KINDS:
                raise ValueError(f"kind must be one of {KINDS}, not {draft.kind!r}")
            if draft.encoding not in ENCODINGS:
                raise ValueError(f"encoding must be one of {ENCODINGS}, not {draft.encoding!r}")
            if len(draft.frame) == 0:
                raise Refused("e_empty_publish", dataset=draft.dataset)
        bodies = [encode_rows(d.frame, d.encoding) for d in drafts]
        for attempt in range(_PUBLISH_ATTEMPTS):
            try:
                with self._write() as conn:
                    numbers = [_next_version(conn, d.dataset) for d in drafts]
                    if only_if_empty and any(n > 1 for n in numbers):
                        return []
                    created = now()
                    return [
                        self._insert(conn, d, body, n, created, user, only_if_empty)
                        for d, body, n in zip(drafts, bodies, numbers, strict=True)
                    ]
            except IntegrityError:
                # Someone else took a version number first; take the next one.
                if attempt == _PUBLISH_ATTEMPTS - 1:
                    raise
                time.sleep(random.uniform(0.005, 0.05))
        raise AssertionError("unreachable")

    @staticmethod
    def _insert(
        conn, draft: Draft, body: bytes, number: int, created: datetime, user: str, seed: bool
    ) -> Version:
        rows = len(draft.frame)
        version_id = conn.execute(
            versions.insert()
            .values(
                dataset=draft.dataset,
                kind=draft.kind,
                version=number,
                created_at=created,
                username=user,
                note=draft.note,
                file_name=draft.file_name,
                sha256=draft.sha256,
                row_count=rows,
            )
            .returning(versions.c.id)
        ).scalar_one()
        conn.execute(
            payloads.insert().values(version_id=version_id, encoding=draft.encoding, body=body)
        )
        _set_active(conn, draft.dataset, version_id, user)
        details = {"version": number, "file_name": draft.file_name, "sha256": draft.sha256}
        details |= {"rows": rows, "note": draft.note, **(draft.audit_details or {})}
        write_audit(conn, user, "seed" if seed else "publish", draft.dataset, details)
        d = draft
        meta = (d.dataset, d.kind, number, created, user, d.note, d.file_name, d.sha256, rows)
        return Version(version_id, *meta, active=True)

    def activate(self, dataset: str, number: int, *, user: str) -> Version:
        """Make version ``number`` of ``dataset`` the active one again (a rollback)."""
        with self._write() as conn:
            row = conn.execute(
                sa.select(versions).where(
                    versions.c.dataset == dataset, versions.c.version == number
                )
            ).one_or_none()
            if row is None:
                raise NotFound("e_no_version", dataset=dataset, version=number)
            previous = conn.execute(
                sa.select(versions.c.version)
                .join(active_versions, active_versions.c.version_id == versions.c.id)
                .where(active_versions.c.dataset == dataset)
            ).scalar_one_or_none()
            _set_active(conn, dataset, row.id, user)
            write_audit(
                conn, user, "rollback", dataset, {"from_version": previous, "to_version": number}
            )
        return _version(row, active=True)

    def active_version_id(self, dataset: str) -> int | None:
        """Id of the active version: one indexed lookup, cheap enough to ask on every load."""
        with guarded("read"), self.engine.connect() as conn:
            return conn.execute(
                sa.select(active_versions.c.version_id).where(active_versions.c.dataset == dataset)
            ).scalar_one_or_none()

    def active_version_ids(self) -> dict[str, int]:
        """Id of the active version of every dataset: one query, the key of cached views."""
        with guarded("read"), self.engine.connect() as conn:
            rows = conn.execute(sa.select(active_versions.c.dataset, active_versions.c.version_id))
            return {dataset: version_id for dataset, version_id in rows}

    def active(self, dataset: str) -> Version | None:
        with self._read() as conn:
            row = conn.execute(
                sa.select(versions)
                .join(active_versions, active_versions.c.version_id == versions.c.id)
                .where(active_versions.c.dataset == dataset)
            ).one_or_none()
        return None if row is None else _version(row, active=True)

    def version_by_id(self, version_id: int) -> Version | None:
        with self._read() as conn:
            row = conn.execute(sa.select(versions).where(versions.c.id == version_id)).one_or_none()
        return None if row is None else _version(row)

    def history(self, dataset: str) -> list[Version]:
        """Every version of ``dataset``, newest first."""
        with self._read() as conn:
            active_id = conn.execute(
                sa.select(active_versions.c.version_id).where(active_versions.c.dataset == dataset)
            ).scalar()
            rows = conn.execute(
                sa.select(versions)
                .where(versions.c.dataset == dataset)
                .order_by(versions.c.version.desc())
            ).all()
        return [_version(r, active=r.id == active_id) for r in rows]

    def rows(self, version_id: int) -> pd.DataFrame:
        """The rows of one version, as stored (plain Python values, object columns)."""
        with self._read() as conn:
            row = conn.execute(
                sa.select(payloads).where(payloads.c.version_id == version_id)
            ).one_or_none()
        if row is None:
            raise NotFound("e_no_stored_version", version_id=version_id)
        return decode_rows(row.body, row.encoding)

    def datasets(self, kind: str | None = None) -> list[str]:
        """Names of the datasets with an active version, optionally only of one kind."""
        query = (
            sa.select(active_versions.c.dataset)
            .join(versions, active_versions.c.version_id == versions.c.id)
            .order_by(active_versions.c.dataset)
        )
        if kind is not None:
            query = query.where(versions.c.kind == kind)
        with self._read() as conn:
            return list(conn.execute(query).scalars())

    def version_count(self, dataset: str) -> int:
        with self._read() as conn:
            return conn.execute(
                sa.select(sa.func.count()).where(versions.c.dataset == dataset)
            ).scalar_one()


# Module-level steps of a publish, so a test can make one of them fail or wait.
def _next_version(conn: sa.Connection, dataset: str) -> int:
    current = conn.execute(
        sa.select(sa.func.max(versions.c.version)).where(versions.c.dataset == dataset)
    ).scalar()
    return (current or 0) + 1


def _set_active(conn: sa.Connection, dataset: str, version_id: int, user: str) -> None:
    values = {"version_id": version_id, "activated_at": now(), "username": user}
    updated = conn.execute(
        active_versions.update().where(active_versions.c.dataset == dataset).values(**values)
    )
    if updated.rowcount == 0:
        conn.execute(active_versions.insert().values(dataset=dataset, **values))


def _version(row, active: bool = False) -> Version:
    return Version(
        row.id,
        row.dataset,
        row.kind,
        row.version,
        aware(row.created_at),
        row.username,
        row.note,
        row.file_name,
        row.sha256,
        row.row_count,
        active,
    )


_STORES: dict[str, Store] = {}
_STORES_LOCK = threading.Lock()


def open_store(url: str) -> Store:
    """The process-wide store for ``url``, its tables created on first use."""
    url = normalise_url(url)
    with _STORES_LOCK:
        if url not in _STORES:
            _STORES[url] = Store(url).create()
        return _STORES[url]


def forget_stores() -> None:
    """Close every process-wide store (tests switch databases)."""
    with _STORES_LOCK:
        for store in _STORES.values():
            store.dispose()
        _STORES.clear()
