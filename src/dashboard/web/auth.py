"""The Streamlit side of logging in: the account of this browser session, with expiry.

The rules (hashes, failed-login limit, roles) live in ``auth``; this keeps only who is
logged in, and since when, in ``st.session_state``.
"""

from __future__ import annotations

import time

import streamlit as st

from dashboard.services import auth, updates
from dashboard.storage import datasets
from dashboard.storage.store import Store

_KEY = "dashboard_login"
_EXPIRED = "dashboard_login_expired"
_OIDC_AUDITED = "dashboard_oidc_audited"


def store() -> Store:
    return datasets.store()


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


def current_account() -> auth.Account | None:
    """The logged-in account, or ``None`` (also when the login has expired).

    With an identity provider, its login comes first; local accounts remain the fallback.
    """
    account = oidc_account()
    if account is not None:
        return account
    entry = st.session_state.get(_KEY)
    if entry is None:
        return None
    account, logged_in_at = entry
    if auth.session_expired(logged_in_at):
        del st.session_state[_KEY]
        st.session_state[_EXPIRED] = True
        return None
    return account


def expired() -> bool:
    return bool(st.session_state.pop(_EXPIRED, False))


def log_in(username: str, password: str) -> auth.Account:
    """Check the password (``auth.LoginError`` when refused) and remember the account."""
    account = auth.login(store(), username, password)
    st.session_state[_KEY] = (account, time.time())
    return account


def log_out() -> None:
    st.session_state.pop(_KEY, None)
    if oidc_configured() and st.user.get("is_logged_in"):
        st.session_state.pop(_OIDC_AUDITED, None)
        st.logout()


@st.cache_data(show_spinner=False, max_entries=16)
def export_bytes(dataset: str, version_id: int, fmt: str) -> bytes:
    """The active version as a file; cached per version, so reruns do not rebuild it."""
    del version_id  # part of the cache key only
    return updates.export(dataset, fmt)
