"""The Streamlit side of logging in: the account of this browser session, with expiry.

The rules (hashes, failed-login limits, roles, session tokens) live in ``auth``; this keeps
who is logged in, and since when, in ``st.session_state``, and a session token in a cookie
(``dashboard_session``, SameSite=Strict, for ``DASHBOARD_SESSION_MINUTES``) so that a
reload of the page, which starts a new Streamlit session, keeps the analyst logged in.
The store keeps only the token's digest; logging out, disabling the account or resetting
its password ends the session.
"""

from __future__ import annotations

import time

import streamlit as st

from dashboard import settings
from dashboard.services import auth, updates
from dashboard.storage import datasets
from dashboard.storage.store import Store

_KEY = "dashboard_login"
_TOKEN = "dashboard_login_token"
_COOKIE_PENDING = "dashboard_cookie_pending"
_EXPIRED = "dashboard_login_expired"
_OIDC_AUDITED = "dashboard_oidc_audited"
COOKIE = "dashboard_session"


def store() -> Store:
    return datasets.store()


def client_address() -> str | None:
    """The browser's address (for the per-client login limit): as the server sees it, or as
    a trusted reverse proxy in front of it reports it (``auth.client_of``)."""
    try:
        address = st.context.ip_address
        forwarded = st.context.headers.get("X-Forwarded-For")
    except Exception:  # no request context (a test harness)
        return None
    peer = address if isinstance(address, str) else None
    return auth.client_of(peer, forwarded if isinstance(forwarded, str) else None)


def oidc_configured() -> bool:
    """Whether an identity provider is set up (``[auth]`` in ``.streamlit/secrets.toml``)."""
    return st.secrets.load_if_toml_exists() and "auth" in st.secrets


def oidc_account() -> auth.Account | None:
    """The account of an identity-provider login, by the ``[dashboard.roles]`` mapping.

    The first time in a browser session it is recorded in the audit log (``login``, or
    ``login_failed`` for someone the mapping does not name).
    """
    if not oidc_configured() or not st.user.get("is_logged_in"):
        return None
    roles = st.secrets.get("dashboard", {}).get("roles", {})
    account = auth.oidc_account(st.user.to_dict(), roles)
    email = str(st.user.get("email") or "")[:64]
    if st.session_state.get(_OIDC_AUDITED) != email:
        st.session_state[_OIDC_AUDITED] = email
        store().audit(
            email,
            "login" if account else "login_failed",
            details={"via": "oidc"}
            if account
            else {"via": "oidc", "reason": "no role in [dashboard.roles]"},
        )
    return account


def _cookie_script(token: str | None) -> str:
    seconds = settings.get_int("DASHBOARD_SESSION_MINUTES") * 60 if token else 0
    value = token or ""
    return (
        "<script>document.cookie = "
        f'"{COOKIE}={value}; Max-Age={seconds}; Path=/; SameSite=Strict"'
        ' + (location.protocol === "https:" ? "; Secure" : "");</script>'
    )


def _write_cookie() -> None:
    """Set (or clear) the session cookie in the browser, once, after a login or logout."""
    if _COOKIE_PENDING in st.session_state:
        token = st.session_state.pop(_COOKIE_PENDING)
        st.sidebar.html(_cookie_script(token), unsafe_allow_javascript=True)


def _cookie_token() -> str | None:
    try:
        token = st.context.cookies.get(COOKIE)
    except Exception:  # no request context (a test harness)
        return None
    return token if isinstance(token, str) and token else None


def current_account() -> auth.Account | None:
    """The logged-in account, or ``None`` (also when the login has expired, or the account
    was disabled since).

    With an identity provider, its login comes first; local accounts remain the fallback,
    in this browser session or restored from the session cookie after a reload.
    """
    account = oidc_account()
    if account is not None:
        return account
    _write_cookie()
    entry = st.session_state.get(_KEY)
    if entry is None:
        token = _cookie_token()
        resumed = auth.resume_session(store(), token) if token else None
        if resumed is None:
            return None
        st.session_state[_KEY] = resumed
        st.session_state[_TOKEN] = token
        entry = resumed
    account, logged_in_at = entry
    user = store().user(account.username)
    if auth.session_expired(logged_in_at) or user is None or user.disabled:
        _forget(expired=auth.session_expired(logged_in_at))
        return None
    return auth.Account(user.username, user.role)


def _forget(expired: bool = False) -> None:
    st.session_state.pop(_KEY, None)
    auth.end_session(store(), st.session_state.pop(_TOKEN, None))
    st.session_state[_COOKIE_PENDING] = None
    if expired:
        st.session_state[_EXPIRED] = True


def expired() -> bool:
    return bool(st.session_state.pop(_EXPIRED, False))


def log_in(username: str, password: str) -> auth.Account:
    """Check the password (``auth.LoginError`` when refused) and remember the account, in
    this session and in the browser's session cookie."""
    account = auth.login(store(), username, password, client=client_address())
    token = auth.start_session(store(), account)
    st.session_state[_KEY] = (account, time.time())
    st.session_state[_TOKEN] = token
    st.session_state[_COOKIE_PENDING] = token
    return account


def log_out() -> None:
    _forget()
    if oidc_configured() and st.user.get("is_logged_in"):
        st.session_state.pop(_OIDC_AUDITED, None)
        st.logout()


@st.cache_data(show_spinner=False, max_entries=16)
def export_bytes(dataset: str, version_id: int, fmt: str) -> bytes:
    """The active version as a file; cached per version, so reruns do not rebuild it."""
    del version_id  # part of the cache key only
    return updates.export(dataset, fmt)
