"""Roles, accounts and logins: checked in the service layer, recorded in the audit log."""

from __future__ import annotations

import hashlib
import threading
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from dashboard.services import auth, updates
from dashboard.services.auth import CONSOLE, Account, LoginError
from dashboard.storage import store as store_module
from dashboard.storage.store import now

PASSWORD = "correct horse battery"

pytest_plugins = ["db_fixtures"]


def _situation_upload():
    data = updates.export("situation", "csv")
    return updates.check("situation", "situation.csv", data.replace(b",war,", b",crisis,", 1))


def test_a_viewer_cannot_publish_and_the_active_version_stays(app_store):
    checked = _situation_upload()
    before = app_store.active_version_id("situation")
    with pytest.raises(
        PermissionError,
        match="To publish a dataset you need an analyst or admin account; 'vera' is a viewer.",
    ):
        updates.publish(Account("vera", "viewer"), checked, "try")
    with pytest.raises(PermissionError, match="you need to log in"):
        updates.publish(None, checked, "try")
    assert app_store.active_version_id("situation") == before


def test_an_analyst_publishes_but_cannot_roll_back(app_store):
    version = updates.publish(Account("ann", "analyst"), _situation_upload(), "crisis now")
    assert (version.version, version.user, version.note) == (2, "ann", "crisis now")
    with pytest.raises(
        PermissionError,
        match="To roll back a dataset you need an admin account; 'ann' is an analyst.",
    ):
        updates.rollback(Account("ann", "analyst"), "situation", 1)
    assert app_store.active("situation").version == 2
    assert updates.rollback(Account("root", "admin"), "situation", 1).version == 1
    assert app_store.active("situation").version == 1


def test_publishing_needs_a_note(app_store):
    with pytest.raises(ValueError, match="Write a note"):
        updates.publish(Account("ann", "analyst"), _situation_upload(), "  ")


def test_only_an_admin_or_the_command_line_adds_accounts(store, fast_hashes):
    with pytest.raises(PermissionError, match="To add accounts you need an admin account"):
        auth.add_user(store, Account("ann", "analyst"), "bob", "analyst", PASSWORD)
    assert not auth.accounts_exist(store)
    assert auth.add_user(store, CONSOLE, "Root", "admin", PASSWORD) == Account("root", "admin")
    assert (
        auth.add_user(store, Account("root", "admin"), "ann", "analyst", PASSWORD).role == "analyst"
    )
    entry = store.audit_entries(action="user_added")[0]
    assert (entry.user, entry.details) == ("root", {"username": "ann", "role": "analyst"})


def test_accounts_are_refused_with_a_short_password_a_taken_name_or_an_unknown_role(
    store, fast_hashes
):
    auth.add_user(store, CONSOLE, "ann", "analyst", PASSWORD)
    with pytest.raises(ValueError, match="at least 12 characters"):
        auth.add_user(store, CONSOLE, "bob", "analyst", "short")
    with pytest.raises(ValueError, match="An account named 'ann' already exists"):
        auth.add_user(store, CONSOLE, "ann", "viewer", PASSWORD)
    with pytest.raises(ValueError, match="The role must be one of viewer, analyst, admin"):
        auth.add_user(store, CONSOLE, "carl", "owner", PASSWORD)


def test_passwords_are_stored_as_salted_scrypt_hashes(store, fast_hashes):
    auth.add_user(store, CONSOLE, "ann", "analyst", PASSWORD)
    stored = store.user("ann").password_hash
    assert stored.startswith("scrypt$") and PASSWORD not in stored
    assert auth.hash_password(PASSWORD) != auth.hash_password(PASSWORD)
    assert auth.verify_password(PASSWORD, stored) and not auth.verify_password("wrong", stored)


def test_the_default_hash_cost_is_the_owasp_minimum():
    assert (auth.SCRYPT_N, auth.SCRYPT_R, auth.SCRYPT_P) == (2**17, 8, 1)


def test_a_login_is_checked_and_recorded(store, fast_hashes):
    auth.add_user(store, CONSOLE, "ann", "analyst", PASSWORD)
    assert auth.login(store, " Ann ", PASSWORD) == Account("ann", "analyst")
    with pytest.raises(LoginError, match="Unknown user name or wrong password."):
        auth.login(store, "ann", "wrong password!")
    with pytest.raises(LoginError, match="Unknown user name or wrong password."):
        auth.login(store, "nobody", PASSWORD)
    assert [(e.user, e.action, e.details) for e in store.audit_entries()][:3] == [
        ("unknown", "login_failed", {"reason": "unknown user"}),
        ("ann", "login_failed", {"reason": "wrong password"}),
        ("ann", "login", {}),
    ]


def test_five_failed_logins_lock_the_account_for_the_window(store, fast_hashes):
    auth.add_user(store, CONSOLE, "ann", "analyst", PASSWORD)
    for _ in range(5):
        with pytest.raises(LoginError, match="wrong password"):
            auth.login(store, "ann", "not the password")
    with pytest.raises(
        LoginError, match="Too many failed logins for this account; try again in 15 minutes."
    ) as refused:
        auth.login(store, "ann", PASSWORD)
    assert refused.value.text("nl") == (
        "Te veel mislukte aanmeldingen voor dit account; probeer het over 15 minuten opnieuw."
    )
    since = now() - timedelta(minutes=1)
    assert store.count_audit(user="ann", action="login_failed", since=since) == 5
    assert store.count_audit(user="ann", action="login_locked", since=since) == 1
    later = now() + timedelta(minutes=16)
    assert auth.login(store, "ann", PASSWORD, at=later) == Account("ann", "analyst")


def test_attempts_on_a_locked_account_do_not_keep_it_locked(store, fast_hashes):
    auth.add_user(store, CONSOLE, "root", "admin", PASSWORD)
    for _ in range(5):
        with pytest.raises(LoginError):
            auth.login(store, "root", "not the password")
    # Someone keeps trying every minute while it is locked: each is refused as "locked" ...
    for minute in range(1, 15):
        with pytest.raises(LoginError, match="Too many failed logins for this account"):
            auth.login(store, "root", "still guessing", at=now() + timedelta(minutes=minute))
    # ... and is not counted, so the lock ends when the window since the failures has passed.
    later = now() + timedelta(minutes=16)
    assert auth.login(store, "root", PASSWORD, at=later) == Account("root", "admin")


def test_failed_logins_are_limited_per_client_across_accounts(store, fast_hashes, monkeypatch):
    monkeypatch.setenv("DASHBOARD_LOGIN_CLIENT_ATTEMPTS", "3")
    auth.add_user(store, CONSOLE, "ann", "analyst", PASSWORD)
    client = f"10.0.0.{id(store) % 250}"
    for name in ("bob", "carl", "dora"):
        with pytest.raises(LoginError, match="Unknown user name or wrong password."):
            auth.login(store, name, PASSWORD, client=client)
    with pytest.raises(LoginError, match="Too many failed logins from this computer"):
        auth.login(store, "ann", PASSWORD, client=client)
    assert auth.login(store, "ann", PASSWORD, client="10.1.2.3") == Account("ann", "analyst")
    assert store.audit_entries(action="login_locked")[0].details == {
        "reason": "client",
        "client": client,
    }


def test_the_client_limit_holds_across_replicas_sharing_the_database(
    store, db_url, fast_hashes, monkeypatch
):
    monkeypatch.setenv("DASHBOARD_LOGIN_CLIENT_ATTEMPTS", "2")
    auth.add_user(store, CONSOLE, "ann", "analyst", PASSWORD)
    other = store_module.Store(db_url).create()  # a second app process on the same database
    try:
        for replica in (store, other):  # an attacker without the proxy's cookie: each time another
            with pytest.raises(LoginError, match="Unknown user name or wrong password."):
                auth.login(replica, "bob", PASSWORD, client="10.9.8.7")
        with pytest.raises(LoginError, match="Too many failed logins from this computer"):
            auth.login(store, "ann", PASSWORD, client="10.9.8.7")
    finally:
        other.dispose()


def test_behind_the_proxy_the_limit_counts_the_browsers_address_not_the_proxys(monkeypatch):
    monkeypatch.setenv("DASHBOARD_TRUSTED_PROXIES", "127.0.0.1,::1")
    # nginx appends the address it saw; what the browser sent before it is only a claim.
    assert auth.client_of("127.0.0.1", "6.6.6.6, 10.1.2.3") == "10.1.2.3"
    assert auth.client_of("::1", "10.1.2.4") == "10.1.2.4"
    # Without a proxy the browser cannot choose its address by sending the header itself.
    assert auth.client_of("10.9.9.9", "10.1.2.3") == "10.9.9.9"
    assert auth.client_of("127.0.0.1", None) == "127.0.0.1"
    assert auth.client_of(None, "10.1.2.3") is None


def test_an_audit_log_of_an_earlier_release_gets_the_client_column(db_url):
    store_module.Store(db_url).create().dispose()
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:  # the audit log as the first release made it
        conn.exec_driver_sql("ALTER TABLE audit_log DROP COLUMN client")
    engine.dispose()
    upgraded = store_module.Store(db_url).create()
    try:
        upgraded.audit("ann", "login_failed", details={"client": "10.0.0.1"})
        since = now() - timedelta(minutes=1)
        assert upgraded.count_audit(action="login_failed", since=since, client="10.0.0.1") == 1
    finally:
        upgraded.dispose()


def test_a_password_typed_into_the_user_name_field_never_reaches_the_audit_log(store, fast_hashes):
    auth.add_user(store, CONSOLE, "ann", "analyst", PASSWORD)
    with pytest.raises(LoginError):
        auth.login(store, PASSWORD, PASSWORD)
    with pytest.raises(LoginError):
        auth.login(store, "annn", PASSWORD)
    entries = store.audit_entries(action="login_failed")
    assert [(e.user, e.details) for e in entries] == [
        ("unknown", {"reason": "unknown user"}),
        ("unknown", {"reason": "unknown user"}),
    ]
    assert all(PASSWORD not in repr(e) and "annn" not in repr(e) for e in store.audit_entries())


def test_at_most_two_password_hashes_run_at_once(monkeypatch):
    running, most = [0], [0]
    lock = threading.Lock()
    real = hashlib.scrypt

    def counting(*args, **kwargs):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        try:
            return real(*args, **kwargs)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(auth, "SCRYPT_N", 2**10)
    monkeypatch.setattr(auth.hashlib, "scrypt", counting)
    threads = [threading.Thread(target=auth.hash_password, args=(PASSWORD,)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert most[0] == auth.HASH_SLOTS == 2


def test_a_disabled_account_cannot_log_in_and_a_reset_password_replaces_the_old(store, fast_hashes):
    auth.add_user(store, CONSOLE, "ann", "analyst", PASSWORD)
    token = auth.start_session(store, Account("ann", "analyst"))
    auth.set_disabled(store, CONSOLE, "ann", True)
    with pytest.raises(LoginError, match="Unknown user name or wrong password."):
        auth.login(store, "ann", PASSWORD)
    assert auth.resume_session(store, token) is None
    auth.set_disabled(store, CONSOLE, "ann", False)
    auth.reset_password(store, CONSOLE, "ann", "a new long passphrase")
    with pytest.raises(LoginError):
        auth.login(store, "ann", PASSWORD)
    assert auth.login(store, "ann", "a new long passphrase") == Account("ann", "analyst")
    assert [(u.username, u.role, u.disabled) for u in auth.list_users(store, CONSOLE)] == [
        ("ann", "analyst", False)
    ]
    assert [e.action for e in store.audit_entries()][:4] == [
        "login",
        "login_failed",
        "password_reset",
        "user_enabled",
    ]
    with pytest.raises(PermissionError, match="To manage accounts you need an admin account"):
        auth.set_disabled(store, Account("ann", "analyst"), "ann", True)
    with pytest.raises(LookupError, match="There is no account named 'nobody'"):
        auth.reset_password(store, CONSOLE, "nobody", "a new long passphrase")


def test_a_login_session_survives_until_it_expires_or_ends(store, fast_hashes, monkeypatch):
    auth.add_user(store, CONSOLE, "ann", "analyst", PASSWORD)
    token = auth.start_session(store, Account("ann", "analyst"))
    account, since = auth.resume_session(store, token)
    assert account == Account("ann", "analyst") and abs(since - time.time()) < 60
    assert PASSWORD not in token and store.session(token) is None  # only the digest is kept
    assert auth.resume_session(store, "forged-token") is None
    auth.end_session(store, token)
    assert auth.resume_session(store, token) is None
    monkeypatch.setenv("DASHBOARD_SESSION_MINUTES", "0")
    short = auth.start_session(store, Account("ann", "analyst"))
    assert auth.resume_session(store, short) is None


def test_a_session_expires_after_the_configured_minutes(monkeypatch):
    assert not auth.session_expired(1000.0, current=1000.0 + 479 * 60, minutes=480)
    assert auth.session_expired(1000.0, current=1000.0 + 480 * 60, minutes=480)
    monkeypatch.setenv("DASHBOARD_SESSION_MINUTES", "1")
    assert auth.session_expired(1000.0, current=1061.0)


# -- identity provider (OIDC) -------------------------------------------------------------------
OIDC_ROLES = {
    "Alice@Example.org": "analyst",
    "*@example.org": "viewer",
    "root@ministry.example": "admin",
}


def test_oidc_logins_get_the_role_mapped_to_their_address_or_domain():
    alice = auth.oidc_account({"email": "alice@example.org", "email_verified": True}, OIDC_ROLES)
    assert alice == auth.Account("alice@example.org", "analyst")
    bob = {"email": "bob@EXAMPLE.org", "email_verified": True}
    assert auth.oidc_account(bob, OIDC_ROLES) == auth.Account("bob@example.org", "viewer")
    root = {"email": "root@ministry.example", "email_verified": "true"}
    assert auth.oidc_account(root, OIDC_ROLES).can("admin")


def test_oidc_logins_without_a_mapped_verified_address_get_no_account():
    assert auth.oidc_account({"email": "eve@elsewhere.example"}, OIDC_ROLES) is None
    # A provider that does not say the address is verified gets no role: browse only.
    assert auth.oidc_account({"email": "alice@example.org"}, OIDC_ROLES) is None
    assert (
        auth.oidc_account({"email": "alice@example.org", "email_verified": False}, OIDC_ROLES)
        is None
    )
    assert auth.oidc_account({"sub": "1234"}, OIDC_ROLES) is None
    assert auth.oidc_account({"email": "a" * 60 + "@example.org"}, OIDC_ROLES) is None


def test_an_unknown_role_in_the_mapping_is_refused():
    with pytest.raises(ValueError, match="the roles are viewer, analyst, admin"):
        auth.oidc_account({"email": "alice@example.org"}, {"alice@example.org": "superuser"})
