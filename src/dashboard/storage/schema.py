"""The database itself: its tables, how rows are stored, how a connection is made, and the
faults that mean "the data store is unavailable".

One SQLAlchemy schema serves the embedded default (a SQLite file) and PostgreSQL. Tables are
created when missing; a column added since a database was created is added to it on start
(:func:`upgrade`), so an existing installation keeps its versions and accounts.
"""

from __future__ import annotations

import io
import json
import logging
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from dashboard.text.errors import UserError

if TYPE_CHECKING:  # pandas comes with the rows (decode_rows), not with the store
    import pandas as pd

log = logging.getLogger(__name__)

KINDS = ("dataset", "indicator")
ACTIONS = (
    "publish",
    "rollback",
    "login",
    "login_failed",
    "login_locked",
    "user_added",
    "user_disabled",
    "user_enabled",
    "password_reset",
    "seed",
)

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
    # The browser's address of a login attempt: failed logins are limited per client, across
    # every replica sharing this database.
    sa.Column("client", sa.String(64)),
    sa.Index("ix_audit_user_action", "username", "action", "at"),
)
users = sa.Table(
    "users",
    metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
)
# A login that survives a reload of the page: the browser keeps a random token in a cookie,
# the store keeps its SHA-256 (a stolen copy of the database holds no usable token).
sessions = sa.Table(
    "login_sessions",
    metadata,
    sa.Column("token_sha256", sa.String(64), primary_key=True),
    sa.Column("username", sa.String(64), nullable=False, index=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)

# Columns added after the first release, with the SQL that adds them to an existing table.
_ADDED_COLUMNS = {
    ("users", "disabled"): "ALTER TABLE users ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT FALSE",
    ("audit_log", "client"): "ALTER TABLE audit_log ADD COLUMN client VARCHAR(64)",
}

ENCODING = "json+zlib"
# A dataset of a million rows (the aid flows) is stored as Parquet instead: typed columns,
# written and read in about a second each, where JSON needs a minute and gigabytes.
ENCODINGS = (ENCODING, "parquet")


class StoreUnavailable(UserError):
    """The database cannot be reached or written (stopped, unreachable, read-only, full).

    The text says so in plain words; the cause, with hosts and paths, goes to the log only.
    """

    def __init__(self, key: str = "e_store_unavailable", **values: object):
        super().__init__(key, **values)


def now() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def encode_rows(frame: pd.DataFrame, encoding: str = ENCODING) -> bytes:
    """Rows as compressed JSON (``columns`` + ``data``; missing values become null), or as
    Parquet (zstd) when ``encoding`` is ``"parquet"``."""
    if encoding == "parquet":
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False, compression="zstd")
        return buffer.getvalue()
    values = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
    text = json.dumps(
        {"columns": [str(c) for c in frame.columns], "data": values},
        ensure_ascii=False,
        separators=(",", ":"),
        default=_json_default,
    )
    return zlib.compress(text.encode("utf-8"), 6)


def decode_rows(body: bytes, encoding: str = ENCODING) -> pd.DataFrame:
    import pandas as pd  # only where rows are read: the history and the accounts need none

    if encoding == "parquet":
        return pd.read_parquet(io.BytesIO(body))
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


def engine_for(url: str) -> sa.Engine:
    url = normalise_url(url)
    if not url.startswith("sqlite"):
        # A server that does not answer is reported after 5 s, not after the OS's minutes.
        return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})
    parsed = sa.engine.make_url(url)
    if parsed.database and parsed.database != ":memory:" and not parsed.query.get("uri"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event (below) issue BEGIN, so writers can ask for IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
        except Exception:  # a read-only database keeps the journal it has
            log.warning("could not switch %s to WAL (read-only?)", parsed.database)
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection):
        write = connection.get_execution_options().get("dashboard_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def up_to_date(conn: sa.Connection) -> bool:
    """Whether every table and column of this schema is in the database."""
    inspector = sa.inspect(conn)
    existing = set(inspector.get_table_names())
    if not set(metadata.tables) <= existing:
        return False
    return all(
        column in {c["name"] for c in inspector.get_columns(table)}
        for table, column in _ADDED_COLUMNS
    )


def upgrade(conn: sa.Connection) -> None:
    """Create missing tables, and add the columns added since this database was made."""
    metadata.create_all(conn)
    inspector = sa.inspect(conn)
    for (table, column), statement in _ADDED_COLUMNS.items():
        if column not in {c["name"] for c in inspector.get_columns(table)}:
            conn.exec_driver_sql(statement)


def _is_outage(exc: sa.exc.DBAPIError) -> bool:
    """Whether a database error means the store is unavailable, not that the query is wrong."""
    if isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError):
        return True
    code = getattr(exc.orig, "sqlstate", None) or ""
    # 25006 read-only transaction, 53 insufficient resources (disk full), 57P admin shutdown,
    # 08 connection exceptions.
    return code == "25006" or code[:2] in ("53", "08") or code[:3] == "57P"


@contextmanager
def guarded(what: str) -> Iterator[None]:
    """Turn an outage of the database into :class:`StoreUnavailable`; log the cause."""
    try:
        yield
    except sa.exc.DBAPIError as exc:
        if not _is_outage(exc):
            raise
        log.warning("the data store is unavailable (%s): %s", what, exc.orig)
        raise StoreUnavailable() from None
    except OSError as exc:
        log.warning("the data store is unavailable (%s): %s", what, exc)
        raise StoreUnavailable() from None
