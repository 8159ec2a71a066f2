"""The store: every version of every dataset, the active one per dataset, accounts, the audit log.

One SQLAlchemy schema serves the embedded default (a SQLite file) and PostgreSQL; the URL
(setting ``DASHBOARD_DB_URL``) decides. The store knows nothing of contracts or roles: it
keeps what it is given, and keeps it consistent.

- A version's rows are stored whole, as zlib-compressed JSON in ``dataset_payloads``: one
  insert per publish (50,000 rows in ~0.3 s; a row table costs one insert per row), and
  reading the history never touches the rows.
- Publishing is one transaction: the version, its rows, the active pointer and the audit
  entry are written together or not at all. Version numbers are unique per dataset (a
  constraint); a publish that loses a race to the same number retries with the next one.
  On SQLite a writing transaction starts with ``BEGIN IMMEDIATE``, so writers queue instead
  of failing on a lock upgrade.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

log = logging.getLogger(__name__)

KINDS = ("dataset", "indicator")
ACTIONS = ("publish", "rollback", "login", "login_failed", "user_added", "seed")

metadata = sa.MetaData()

versions = sa.Table(
    "dataset_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("dataset", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("file_name", sa.String(255), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("row_count", sa.Integer, nullable=False),
    sa.UniqueConstraint("dataset", "version", name="uq_dataset_version"),
)
payloads = sa.Table(
    "dataset_payloads",
    metadata,
    sa.Column(
        "version_id", sa.ForeignKey("dataset_versions.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("encoding", sa.String(16), nullable=False),
    sa.Column("body", sa.LargeBinary, nullable=False),
)
active_versions = sa.Table(
    "active_versions",
    metadata,
    sa.Column("dataset", sa.String(64), primary_key=True),
    sa.Column("version_id", sa.ForeignKey("dataset_versions.id"), nullable=False),
    sa.Column("activated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("username", sa.String(64), nullable=False),
)
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("dataset", sa.String(64)),
    sa.Column("details", sa.Text, nullable=False),
    sa.Index("ix_audit_user_action", "username", "action", "at"),
)
users = sa.Table(
    "users",
    metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

_ENCODING = "json+zlib"
_PUBLISH_ATTEMPTS = 20


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


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    user: str
    action: str
    dataset: str | None
    details: dict


@dataclass(frozen=True)
class User:
    username: str
    role: str
    password_hash: str


def now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def encode_rows(frame: pd.DataFrame) -> bytes:
    """Rows as compressed JSON (``columns`` + ``data``); missing values become null."""
    values = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
    text = json.dumps(
        {"columns": [str(c) for c in frame.columns], "data": values},
        ensure_ascii=False,
        separators=(",", ":"),
        default=_json_default,
    )
    return zlib.compress(text.encode("utf-8"), 6)


def decode_rows(body: bytes) -> pd.DataFrame:
    parsed = json.loads(zlib.decompress(body).decode("utf-8"))
    return pd.DataFrame(parsed["data"], columns=parsed["columns"], dtype=object)


def _json_default(value):
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot store a value of type {type(value).__name__}")


def normalise_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (SQLAlchemy's default driver is psycopg2)."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _engine(url: str) -> sa.Engine:
    url = normalise_url(url)
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True)
    parsed = sa.engine.make_url(url)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event (below) issue BEGIN, so writers can ask for IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection):
        write = connection.get_execution_options().get("dashboard_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


class Store:
    """Dataset versions, accounts and the audit log in one database."""

    def __init__(self, url: str):
        self.url = normalise_url(url)
        self.engine = _engine(self.url)
        self.dialect = self.engine.dialect.name

    # -- plumbing ---------------------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(dashboard_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def create(self) -> Store:
        """Create the tables that do not exist yet."""
        try:
            with self._write() as conn:
                metadata.create_all(conn)
        except sa.exc.DBAPIError:
            # Another process created them at the same moment; check they are there.
            with self._write() as conn:
                metadata.create_all(conn)
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
    ) -> Version | None:
        """Store ``frame`` as the next version of ``dataset`` and make it the active one.

        All or nothing. With ``only_if_empty`` (seeding), nothing happens and ``None`` is
        returned when the dataset already has a version.
        """
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        body = encode_rows(frame)
        for attempt in range(_PUBLISH_ATTEMPTS):
            try:
                with self._write() as conn:
                    number = _next_version(conn, dataset)
                    if only_if_empty and number > 1:
                        return None
                    created = now()
                    version_id = conn.execute(
                        versions.insert()
                        .values(
                            dataset=dataset,
                            kind=kind,
                            version=number,
                            created_at=created,
                            username=user,
                            note=note,
                            file_name=file_name,
                            sha256=sha256,
                            row_count=len(frame),
                        )
                        .returning(versions.c.id)
                    ).scalar_one()
                    conn.execute(
                        payloads.insert().values(
                            version_id=version_id, encoding=_ENCODING, body=body
                        )
                    )
                    _set_active(conn, dataset, version_id, user)
                    _audit(
                        conn,
                        user,
                        "seed" if only_if_empty else "publish",
                        dataset,
                        {
                            "version": number,
                            "file_name": file_name,
                            "sha256": sha256,
                            "rows": len(frame),
                            "note": note,
                        },
                    )
                return Version(
                    version_id,
                    dataset,
                    kind,
                    number,
                    created,
                    user,
                    note,
                    file_name,
                    sha256,
                    len(frame),
                    active=True,
                )
            except IntegrityError:
                # Someone else took this version number first; take the next one.
                if attempt == _PUBLISH_ATTEMPTS - 1:
                    raise
                time.sleep(random.uniform(0.005, 0.05))
        raise AssertionError("unreachable")

    def activate(self, dataset: str, number: int, *, user: str) -> Version:
        """Make version ``number`` of ``dataset`` the active one again (a rollback)."""
        with self._write() as conn:
            row = conn.execute(
                sa.select(versions).where(
                    versions.c.dataset == dataset, versions.c.version == number
                )
            ).one_or_none()
            if row is None:
                raise LookupError(f"'{dataset}' has no version {number}")
            previous = conn.execute(
                sa.select(versions.c.version)
                .join(active_versions, active_versions.c.version_id == versions.c.id)
                .where(active_versions.c.dataset == dataset)
            ).scalar_one_or_none()
            _set_active(conn, dataset, row.id, user)
            _audit(
                conn, user, "rollback", dataset, {"from_version": previous, "to_version": number}
            )
        return _version(row, active=True)

    def active_version_id(self, dataset: str) -> int | None:
        """Id of the active version: one indexed lookup, cheap enough to ask on every load."""
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(active_versions.c.version_id).where(active_versions.c.dataset == dataset)
            ).scalar_one_or_none()

    def active(self, dataset: str) -> Version | None:
        with self._read() as conn:
            row = conn.execute(
                sa.select(versions)
                .join(active_versions, active_versions.c.version_id == versions.c.id)
                .where(active_versions.c.dataset == dataset)
            ).one_or_none()
        return None if row is None else _version(row, active=True)

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
            raise LookupError(f"no stored version with id {version_id}")
        return decode_rows(row.body)

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

    # -- audit log ---------------------------------------------------------------------------
    def audit(
        self, user: str, action: str, dataset: str | None = None, details: dict | None = None
    ) -> None:
        with self._write() as conn:
            _audit(conn, user, action, dataset, details or {})

    def audit_entries(
        self,
        *,
        user: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        limit: int = 200,
    ) -> list[AuditEntry]:
        """Audit entries, newest first."""
        query = sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
        if user is not None:
            query = query.where(audit_log.c.username == user)
        if action is not None:
            query = query.where(audit_log.c.action == action)
        if since is not None:
            query = query.where(audit_log.c.at >= since)
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [
            AuditEntry(_aware(r.at), r.username, r.action, r.dataset, json.loads(r.details))
            for r in rows
        ]

    def count_audit(self, *, user: str, action: str, since: datetime) -> int:
        with self._read() as conn:
            return conn.execute(
                sa.select(sa.func.count()).where(
                    audit_log.c.username == user,
                    audit_log.c.action == action,
                    audit_log.c.at >= since,
                )
            ).scalar_one()

    # -- accounts ----------------------------------------------------------------------------
    def add_user(self, username: str, role: str, password_hash: str, *, by: str) -> None:
        """Create an account; ``ValueError`` when the name is taken."""
        try:
            with self._write() as conn:
                conn.execute(
                    users.insert().values(
                        username=username, role=role, password_hash=password_hash, created_at=now()
                    )
                )
                _audit(conn, by, "user_added", None, {"username": username, "role": role})
        except IntegrityError:
            raise ValueError(f"an account named '{username}' already exists") from None

    def user(self, username: str) -> User | None:
        with self._read() as conn:
            row = conn.execute(sa.select(users).where(users.c.username == username)).one_or_none()
        return None if row is None else User(row.username, row.role, row.password_hash)

    def user_count(self) -> int:
        with self._read() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(users)).scalar_one()


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


def _audit(conn: sa.Connection, user: str, action: str, dataset: str | None, details: dict) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    conn.execute(
        audit_log.insert().values(
            at=now(),
            username=user[:64],
            action=action,
            dataset=dataset,
            details=json.dumps(details, ensure_ascii=False, default=str),
        )
    )


def _version(row, active: bool = False) -> Version:
    return Version(
        row.id,
        row.dataset,
        row.kind,
        row.version,
        _aware(row.created_at),
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
