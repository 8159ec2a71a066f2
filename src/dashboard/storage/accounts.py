"""The store's accounts, login sessions and audit log (a part of :class:`store.Store`).

The store keeps what it is given: password hashes come from ``services.auth``, and every
change to an account is written together with its audit entry, or not at all.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from dashboard.storage.schema import ACTIONS, audit_log, aware, now, sessions, users
from dashboard.text.errors import NotFound, Refused


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
    disabled: bool = False
    created_at: datetime | None = None


def write_audit(
    conn: sa.Connection, user: str, action: str, dataset: str | None, details: dict
) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    conn.execute(
        audit_log.insert().values(
            at=now(),
            username=user[:64],
            action=action,
            dataset=dataset,
            details=json.dumps(details, ensure_ascii=False, default=str),
            client=str(details["client"])[:64] if details.get("client") else None,
        )
    )


def _user(row) -> User:
    return User(
        row.username, row.role, row.password_hash, bool(row.disabled), aware(row.created_at)
    )


class AccountsMixin:
    """Accounts, sessions and the audit log; mixed into ``Store`` (which gives the connections)."""

    def _write(self) -> AbstractContextManager[sa.Connection]:
        raise NotImplementedError

    def _read(self) -> AbstractContextManager[sa.Connection]:
        raise NotImplementedError

    # -- audit log ---------------------------------------------------------------------------
    def audit(
        self, user: str, action: str, dataset: str | None = None, details: dict | None = None
    ) -> None:
        with self._write() as conn:
            write_audit(conn, user, action, dataset, details or {})

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
            AuditEntry(aware(r.at), r.username, r.action, r.dataset, json.loads(r.details))
            for r in rows
        ]

    def count_audit(
        self, *, action: str, since: datetime, user: str | None = None, client: str | None = None
    ) -> int:
        """How many ``action`` entries since ``since``, of ``user`` and/or from ``client``."""
        where = [audit_log.c.action == action, audit_log.c.at >= since]
        if user is not None:
            where.append(audit_log.c.username == user)
        if client is not None:
            where.append(audit_log.c.client == client[:64])
        with self._read() as conn:
            return conn.execute(sa.select(sa.func.count()).where(*where)).scalar_one()

    def last_audit_at(self, *, user: str, action: str) -> datetime | None:
        with self._read() as conn:
            at = conn.execute(
                sa.select(sa.func.max(audit_log.c.at)).where(
                    audit_log.c.username == user, audit_log.c.action == action
                )
            ).scalar()
        return None if at is None else aware(at)

    # -- accounts ----------------------------------------------------------------------------
    def add_user(self, username: str, role: str, password_hash: str, *, by: str) -> None:
        """Create an account; ``Refused`` when the name is taken."""
        try:
            with self._write() as conn:
                conn.execute(
                    users.insert().values(
                        username=username,
                        role=role,
                        password_hash=password_hash,
                        created_at=now(),
                        disabled=False,
                    )
                )
                write_audit(conn, by, "user_added", None, {"username": username, "role": role})
        except IntegrityError:
            raise Refused("e_account_taken", username=username) from None

    def user(self, username: str) -> User | None:
        with self._read() as conn:
            row = conn.execute(sa.select(users).where(users.c.username == username)).one_or_none()
        return None if row is None else _user(row)

    def users(self) -> list[User]:
        with self._read() as conn:
            rows = conn.execute(sa.select(users).order_by(users.c.username)).all()
        return [_user(r) for r in rows]

    def user_count(self) -> int:
        with self._read() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(users)).scalar_one()

    def set_disabled(self, username: str, disabled: bool, *, by: str) -> None:
        """Disable (or enable again) an account; disabling ends its login sessions."""
        with self._write() as conn:
            done = conn.execute(
                users.update().where(users.c.username == username).values(disabled=disabled)
            )
            if done.rowcount == 0:
                raise NotFound("e_no_account", username=username)
            if disabled:
                conn.execute(sessions.delete().where(sessions.c.username == username))
            action = "user_disabled" if disabled else "user_enabled"
            write_audit(conn, by, action, None, {"username": username})

    def set_password_hash(self, username: str, password_hash: str, *, by: str) -> None:
        """A new password for an account; its login sessions end."""
        with self._write() as conn:
            done = conn.execute(
                users.update()
                .where(users.c.username == username)
                .values(password_hash=password_hash)
            )
            if done.rowcount == 0:
                raise NotFound("e_no_account", username=username)
            conn.execute(sessions.delete().where(sessions.c.username == username))
            write_audit(conn, by, "password_reset", None, {"username": username})

    # -- login sessions ----------------------------------------------------------------------
    def add_session(self, token_sha256: str, username: str, expires_at: datetime) -> None:
        with self._write() as conn:
            conn.execute(sessions.delete().where(sessions.c.expires_at < now()))
            conn.execute(
                sessions.insert().values(
                    token_sha256=token_sha256,
                    username=username,
                    created_at=now(),
                    expires_at=expires_at,
                )
            )

    def session(self, token_sha256: str) -> tuple[str, datetime, datetime] | None:
        """(user name, created, expires) of a session that has not expired, or ``None``."""
        with self._read() as conn:
            row = conn.execute(
                sa.select(sessions).where(sessions.c.token_sha256 == token_sha256)
            ).one_or_none()
        if row is None or aware(row.expires_at) <= now():
            return None
        return row.username, aware(row.created_at), aware(row.expires_at)

    def end_session(self, token_sha256: str) -> None:
        with self._write() as conn:
            conn.execute(sessions.delete().where(sessions.c.token_sha256 == token_sha256))
