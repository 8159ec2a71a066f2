"""Accounts, roles and logins: who may publish, roll back and manage accounts.

Roles, from least to most: viewer (browse, export), analyst (upload, publish), admin
(rollback, accounts). Checks happen here, in the service layer, not only by hiding a page.
Local accounts hold salted scrypt hashes; there is no default account and no default
password: without accounts the app is browse-only. Failed logins are recorded in the audit
log and limited per account (``DASHBOARD_LOGIN_ATTEMPTS`` per
``DASHBOARD_LOGIN_WINDOW_MINUTES``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from dashboard import settings
from dashboard.storage.store import Store, now

ROLES = ("viewer", "analyst", "admin")
MIN_PASSWORD_LENGTH = 12
# scrypt at OWASP's recommended cost (2**17 x 8 x 1: 128 MiB, ~0.3 s); stored in each hash.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


class LoginError(Exception):
    """A login was refused; the message can be shown as it is."""


@dataclass(frozen=True)
class Account:
    username: str
    role: str

    def can(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


# The command line acts with the rights of whoever holds the database: it is the admin that
# creates the first account. Its actions are recorded under this name.
CONSOLE = Account("console", "admin")

_ACTION_TEXT = {
    "analyst": "an analyst or admin account",
    "admin": "an admin account",
    "viewer": "an account",
}


def require(account: Account | None, role: str, action: str) -> Account:
    """``account`` if it has at least ``role``; otherwise ``PermissionError`` saying why."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if account is None:
        raise PermissionError(f"To {action} you need to log in with {_ACTION_TEXT[role]}.")
    if not account.can(role):
        article = "an" if account.role[0] in "aeiou" else "a"
        raise PermissionError(
            f"To {action} you need {_ACTION_TEXT[role]}; "
            f"'{account.username}' is {article} {account.role}."
        )
    return account


# -- password hashes ----------------------------------------------------------------------------
def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
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
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    if password.strip() != password:
        problems.append("The password must not start or end with a space.")
    return problems


# -- accounts -----------------------------------------------------------------------------------
def add_user(
    store: Store, actor: Account | None, username: str, role: str, password: str
) -> Account:
    """Create a local account; only an admin (or the command line) may."""
    require(actor, "admin", "add accounts")
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise ValueError(
            "A user name has 2 to 64 characters: lower-case letters, digits, "
            ". _ or -, starting with a letter or digit."
        )
    if role not in ROLES:
        raise ValueError(f"The role must be one of {', '.join(ROLES)}.")
    problems = password_problems(password)
    if problems:
        raise ValueError(" ".join(problems))
    store.add_user(username, role, hash_password(password), by=actor.username)
    return Account(username, role)


def accounts_exist(store: Store) -> bool:
    return store.user_count() > 0


_DUMMY_HASH: str | None = None


def login(store: Store, username: str, password: str, *, at: datetime | None = None) -> Account:
    """The account for ``username`` if ``password`` is right; ``LoginError`` otherwise.

    Every outcome is recorded in the audit log. After too many failures within the window
    the account is locked for the window, whatever password is tried.
    """
    global _DUMMY_HASH
    username = (username or "").strip().lower()[:64]
    at = at or now()
    window = timedelta(minutes=settings.get_int("DASHBOARD_LOGIN_WINDOW_MINUTES"))
    limit = settings.get_int("DASHBOARD_LOGIN_ATTEMPTS")
    failures = store.count_audit(user=username, action="login_failed", since=at - window)
    if failures >= limit:
        store.audit(username, "login_failed", details={"reason": "locked"})
        minutes = int(window.total_seconds() // 60)
        raise LoginError(
            f"Too many failed logins for this account; try again in {minutes} minutes."
        )
    user = store.user(username)
    if user is None:
        # Spend the same time as a real check, so a wrong name and a wrong password look alike.
        _DUMMY_HASH = _DUMMY_HASH or hash_password(secrets.token_urlsafe(16))
        verify_password(password, _DUMMY_HASH)
        ok = False
    else:
        ok = verify_password(password, user.password_hash)
    if not ok:
        store.audit(
            username,
            "login_failed",
            details={"reason": "unknown user" if user is None else "wrong password"},
        )
        raise LoginError("Unknown user name or wrong password.")
    store.audit(username, "login", details={})
    return Account(user.username, user.role)


def session_expired(
    logged_in_at: float, current: float | None = None, minutes: int | None = None
) -> bool:
    """Whether a login made at ``logged_in_at`` (seconds since the epoch) has expired."""
    minutes = settings.get_int("DASHBOARD_SESSION_MINUTES") if minutes is None else minutes
    current = time.time() if current is None else current
    return current - logged_in_at >= minutes * 60


# -- identity provider (OIDC) -------------------------------------------------------------------
def oidc_account(claims: Mapping[str, object], roles: Mapping[str, str]) -> Account | None:
    """The account of someone logged in through the identity provider, or ``None``.

    ``claims`` are the identity token's (``st.user``); ``roles`` is the mapping from
    ``[dashboard.roles]`` in ``secrets.toml``: an e-mail address, or ``*@domain`` for a whole
    domain, to a role; an exact address wins over its domain. Addresses are compared in
    lower case. Someone not in the mapping, whose provider says the address is not
    verified, or whose address is longer than 64 characters (the store's user names) gets
    no account: they browse like anyone else.
    """
    mapping = {}
    for key, role in roles.items():
        if role not in ROLES:
            raise ValueError(
                f"[dashboard.roles] gives {key!r} the role {role!r}; "
                f"the roles are {', '.join(ROLES)}."
            )
        mapping[str(key).strip().lower()] = role
    email = str(claims.get("email") or "").strip().lower()
    if "@" not in email or len(email) > 64 or claims.get("email_verified") is False:
        return None
    role = mapping.get(email) or mapping.get("*@" + email.rsplit("@", 1)[1])
    return Account(email, role) if role else None
