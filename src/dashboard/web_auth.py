"""The Streamlit side of logging in: the account of this browser session, with expiry.

The rules (hashes, failed-login limit, roles) live in ``auth``; this keeps only who is
logged in, and since when, in ``st.session_state``.
"""

from __future__ import annotations

import time

import streamlit as st

from dashboard import auth, datasets, updates
from dashboard.store import Store

_KEY = "dashboard_login"
_EXPIRED = "dashboard_login_expired"


def store() -> Store:
    return datasets.store()


def current_account() -> auth.Account | None:
    """The logged-in account, or ``None`` (also when the login has expired)."""
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


@st.cache_data(show_spinner=False, max_entries=16)
def export_bytes(dataset: str, version_id: int, fmt: str) -> bytes:
    """The active version as a file; cached per version, so reruns do not rebuild it."""
    del version_id  # part of the cache key only
    return updates.export(dataset, fmt)
