"""Accounts, roles and logins: who may publish, roll back and manage accounts.

Roles, from least to most: viewer (browse, export), analyst (upload, publish), admin
(rollback, accounts). Checks happen here, in the service layer, not only by hiding a page.
Local accounts hold salted scrypt hashes; there is no default account and no default
password: without accounts the app is browse-only. Every login is recorded in the audit
log, a name that is no account as ``unknown`` (a password typed into the name field never
reaches the log). Failed logins are limited per account (``DASHBOARD_LOGIN_ATTEMPTS`` per
``DASHBOARD_LOGIN_WINDOW_MINUTES``; attempts on a locked account do not extend the lock, so
it ends when the window has passed) and per client (``DASHBOARD_LOGIN_CLIENT_ATTEMPTS``),
both counted in the audit log, so the limits hold across replicas sharing one database.
At most :data:`HASH_SLOTS` password hashes run at once (each takes 128 MiB).
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import os
import re
import secrets
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from dashboard import settings
from dashboard.storage.store import Store, User, now
from dashboard.text.errors import NotAllowed, NotFound, Phrase, Refused, UserError

ROLES = ("viewer", "analyst", "admin")
MIN_PASSWORD_LENGTH = 12
# scrypt at OWASP's recommended cost (2**17 x 8 x 1: 128 MiB, ~0.3 s); stored in each hash.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
HASH_SLOTS = 2  # hashes computed at once; more logins wait (memory: HASH_SLOTS x 128 MiB)
HASH_WAIT_SECONDS = 10
UNKNOWN_USER = "unknown"  # how the audit log names a login for a name that is no account
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_HASHING = threading.BoundedSemaphore(HASH_SLOTS)


class LoginError(UserError):
    """A login was refused; the text can be shown as it is."""


@dataclass(frozen=True)
class Account:
    username: str
    role: str

    def can(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


# The command line acts with the rights of whoever holds the database: it is the admin that
# creates the first account. Its actions are recorded under this name.
CONSOLE = Account("console", "admin")

# What someone tried to do, as the refusal names it (``require(account, role, action)``).
ACTIONS = {
    "publish a dataset": "act_publish",
    "roll back a dataset": "act_rollback",
    "add accounts": "act_add_accounts",
    "manage accounts": "act_manage_accounts",
    "refresh live data": "act_refresh",
}
_NEED = {"viewer": "need_viewer", "analyst": "need_analyst", "admin": "need_admin"}


def require(account: Account | None, role: str, action: str) -> Account:
    """``account`` if it has at least ``role``; otherwise ``NotAllowed`` saying why.

    ``action`` is one of :data:`ACTIONS` (its words in English), so the refusal can be said
    in the user's language; any other words are shown as they are.
    """
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    what = Phrase(ACTIONS.get(action, action))
    if account is None:
        raise NotAllowed("e_need_login", action=what, need=Phrase(_NEED[role]))
    if not account.can(role):
        raise NotAllowed(
            "e_need_role",
            action=what,
            need=Phrase(_NEED[role]),
            user=account.username,
            role=Phrase(f"role_{account.role}"),
        )
    return account


# -- password hashes ----------------------------------------------------------------------------
@contextmanager
def _hash_slot() -> Iterator[None]:
    """One of :data:`HASH_SLOTS`; a login that waits too long is told to try again."""
    if not _HASHING.acquire(timeout=HASH_WAIT_SECONDS):
        raise LoginError("e_login_busy")
    try:
        yield
    finally:
        _HASHING.release()


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    with _hash_slot():
        digest = hashlib.scrypt(
            password.encode("utf-8"),
            salt=salt,
            n=SCRYPT_N,
            r=SCRYPT_R,
            p=SCRYPT_P,
            maxmem=256 * 1024 * 1024,
            dklen=32,
        )
    return "$".join(
        [
            "scrypt",
            str(SCRYPT_N),
            str(SCRYPT_R),
            str(SCRYPT_P),
            base64.b64encode(salt).decode(),
            base64.b64encode(digest).decode(),
        ]
    )


def verify_password(password: str, hashed: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = hashed.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        with _hash_slot():
            actual = hashlib.scrypt(
                password.encode("utf-8"),
                salt=base64.b64decode(salt),
                n=int(n),
                r=int(r),
                p=int(p),
                maxmem=256 * 1024 * 1024,
                dklen=len(expected),
            )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def password_problems(password: str) -> list[str]:
    """Catalogue keys of what is wrong with a new password."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append("e_password_short")
    if password.strip() != password:
        problems.append("e_password_spaces")
    return problems


def _check_password(password: str) -> None:
    problems = password_problems(password)
    if problems:
        raise Refused(problems[0], n=MIN_PASSWORD_LENGTH)


# -- accounts -----------------------------------------------------------------------------------
def _clean_username(username: str) -> str:
    username = (username or "").strip().lower()
    if not _USERNAME.match(username):
        raise Refused("e_username_form")
    return username


def add_user(
    store: Store, actor: Account | None, username: str, role: str, password: str
) -> Account:
    """Create a local account; only an admin (or the command line) may."""
    require(actor, "admin", "add accounts")
    username = _clean_username(username)
    if role not in ROLES:
        raise Refused("e_role_unknown", roles=", ".join(ROLES))
    _check_password(password)
    store.add_user(username, role, hash_password(password), by=actor.username)
    return Account(username, role)


def list_users(store: Store, actor: Account | None) -> list[User]:
    require(actor, "admin", "manage accounts")
    return store.users()


def set_disabled(store: Store, actor: Account | None, username: str, disabled: bool) -> None:
    """Disable an account (it can no longer log in; its sessions end) or enable it again."""
    admin = require(actor, "admin", "manage accounts")
    store.set_disabled(_clean_username(username), disabled, by=admin.username)


def reset_password(store: Store, actor: Account | None, username: str, password: str) -> None:
    """Give an account a new password; its sessions end."""
    admin = require(actor, "admin", "manage accounts")
    username = _clean_username(username)
    _check_password(password)
    if store.user(username) is None:
        raise NotFound("e_no_account", username=username)
    store.set_password_hash(username, hash_password(password), by=admin.username)


def accounts_exist(store: Store) -> bool:
    return store.user_count() > 0


# -- logging in ---------------------------------------------------------------------------------
_DUMMY_HASH: str | None = None


def client_of(peer: str | None, forwarded_for: str | None) -> str | None:
    """The address a login attempt comes from: the connection's ``peer``, or, when that is a
    trusted reverse proxy (``DASHBOARD_TRUSTED_PROXIES``), the address the proxy added last to
    ``X-Forwarded-For`` (what it saw; earlier entries are the browser's own claim)."""
    trusted = {a.strip() for a in settings.get("DASHBOARD_TRUSTED_PROXIES").split(",")}
    if peer in trusted and forwarded_for:
        last = forwarded_for.split(",")[-1].strip()
        return last[:64] or peer
    return peer


def login(
    store: Store,
    username: str,
    password: str,
    *,
    at: datetime | None = None,
    client: str | None = None,
) -> Account:
    """The account for ``username`` if ``password`` is right; ``LoginError`` otherwise.

    Every outcome is recorded in the audit log. After too many failures within the window
    the account is locked until the window has passed since them, whatever password is
    tried; attempts while it is locked are recorded but do not count. ``client`` (the
    browser's address) is limited the same way, across accounts.
    """
    global _DUMMY_HASH
    typed = (username or "").strip().lower()[:64]
    at = at or now()
    window = timedelta(minutes=settings.get_int("DASHBOARD_LOGIN_WINDOW_MINUTES"))
    minutes = int(window.total_seconds() // 60)
    user = store.user(typed) if _USERNAME.match(typed) else None
    name = user.username if user is not None else UNKNOWN_USER
    where = {"client": client} if client else {}
    if client:  # counted in the audit log, so every replica on this database sees them
        recent = store.count_audit(action="login_failed", since=at - window, client=client)
        if recent >= settings.get_int("DASHBOARD_LOGIN_CLIENT_ATTEMPTS"):
            store.audit(name, "login_locked", details={"reason": "client", **where})
            raise LoginError("e_login_client_locked", minutes=minutes)
    if user is not None:
        failures = store.count_audit(user=name, action="login_failed", since=at - window)
        if failures >= settings.get_int("DASHBOARD_LOGIN_ATTEMPTS"):
            store.audit(name, "login_locked", details={"reason": "account", **where})
            raise LoginError("e_login_locked", minutes=minutes)
    if user is None:
        # Spend the same time as a real check, so a wrong name and a wrong password look alike.
        _DUMMY_HASH = _DUMMY_HASH or hash_password(secrets.token_urlsafe(16))
        verify_password(password, _DUMMY_HASH)
        ok, reason = False, "unknown user"
    else:
        ok = verify_password(password, user.password_hash) and not user.disabled
        reason = "disabled" if user.disabled else "wrong password"
    if not ok:
        store.audit(name, "login_failed", details={"reason": reason, **where})
        raise LoginError("e_login_failed")
    store.audit(name, "login", details=where)
    return Account(user.username, user.role)


def session_expired(
    logged_in_at: float, current: float | None = None, minutes: int | None = None
) -> bool:
    """Whether a login made at ``logged_in_at`` (seconds since the epoch) has expired."""
    minutes = settings.get_int("DASHBOARD_SESSION_MINUTES") if minutes is None else minutes
    current = time.time() if current is None else current
    return current - logged_in_at >= minutes * 60


# -- sessions that survive a reload ---------------------------------------------------------------
def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(store: Store, account: Account) -> str:
    """A new random token for ``account``'s login, valid for ``DASHBOARD_SESSION_MINUTES``;
    the store keeps only its SHA-256."""
    token = secrets.token_urlsafe(32)
    minutes = settings.get_int("DASHBOARD_SESSION_MINUTES")
    store.add_session(_digest(token), account.username, now() + timedelta(minutes=minutes))
    return token


def resume_session(store: Store, token: str | None) -> tuple[Account, float] | None:
    """The account and login time (seconds since the epoch) of a live session token, or
    ``None``: unknown, expired, or the account disabled since."""
    if not token or len(token) > 200:
        return None
    found = store.session(_digest(token))
    if found is None:
        return None
    username, created, _expires = found
    user = store.user(username)
    if user is None or user.disabled:
        return None
    return Account(user.username, user.role), created.timestamp()


def end_session(store: Store, token: str | None) -> None:
    if token:
        store.end_session(_digest(token))


def os_user() -> str:
    """The operating-system account running this process, as the audit log names it."""
    try:
        return f"os:{getpass.getuser()}"[:64]
    except (KeyError, OSError):
        return f"os:uid{os.getuid()}"


# -- identity provider (OIDC) -------------------------------------------------------------------
def oidc_account(claims: Mapping[str, object], roles: Mapping[str, str]) -> Account | None:
    """The account of someone logged in through the identity provider, or ``None``.

    ``claims`` are the identity token's (``st.user``); ``roles`` is the mapping from
    ``[dashboard.roles]`` in ``secrets.toml``: an e-mail address, or ``*@domain`` for a whole
    domain, to a role; an exact address wins over its domain. Addresses are compared in
    lower case. Someone not in the mapping, whose provider does not say the address is
    verified (``email_verified``), or whose address is longer than 64 characters (the
    store's user names) gets no account: they browse like anyone else.
    """
    mapping = {}
    for key, role in roles.items():
        if role not in ROLES:
            raise Refused("e_oidc_role", address=str(key), role=str(role), roles=", ".join(ROLES))
        mapping[str(key).strip().lower()] = role
    email = str(claims.get("email") or "").strip().lower()
    verified = claims.get("email_verified")
    if "@" not in email or len(email) > 64 or not (verified is True or verified == "true"):
        return None
    role = mapping.get(email) or mapping.get("*@" + email.rsplit("@", 1)[1])
    return Account(email, role) if role else None
