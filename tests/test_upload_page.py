"""The upload page under AppTest: who may reach it, problems, preview and publish."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.services import auth, updates

pytest_plugins = ["db_fixtures"]

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "upload.py")
PASSWORD = "correct horse battery"


def _page(lang: str = "en") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.query_params["lang"] = lang
    return at.run()


def _log_in(at: AppTest, username: str) -> AppTest:
    at.text_input[0].input(username)
    at.text_input[1].input(PASSWORD)
    at.button[0].click()
    return at.run()


@pytest.fixture
def accounts(app_store):
    for name, role in (("vera", "viewer"), ("ann", "analyst"), ("root", "admin")):
        auth.add_user(app_store, auth.CONSOLE, name, role, PASSWORD)
    return app_store


def _dutch_situation_csv() -> bytes:
    """The active situation data as Dutch Excel writes it, with Ukraine renamed and reassessed."""
    rows = list(csv.reader(io.StringIO(updates.export("situation", "csv").decode("utf-8-sig"))))
    assert rows[1][:2] == ["UKR", "war"]
    rows[1][0], rows[1][1] = "Oekraïne", "armed_conflict"
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("cp1252", errors="replace")


def test_without_accounts_the_page_says_the_app_is_browse_only(app_store):
    at = _page()
    assert not at.exception
    assert "There are no accounts yet" in at.info[0].value
    assert len(at.text_input) == 0 and len(at.file_uploader) == 0


def test_anonymous_users_see_a_login_form_and_no_upload(accounts):
    at = _page()
    assert not at.exception
    assert [w.label for w in at.text_input] == ["User name", "Password"]
    assert len(at.file_uploader) == 0
    assert at.info[0].value == "Updating data needs an analyst or admin account."


def test_a_viewer_cannot_reach_the_upload(accounts):
    at = _log_in(_page(), "vera")
    assert not at.exception
    assert at.warning[0].value == "Updating data needs an analyst or admin account."
    assert len(at.file_uploader) == 0


def test_a_wrong_password_is_refused_on_the_page(accounts):
    at = _page()
    at.text_input[0].input("ann")
    at.text_input[1].input("wrong password!")
    at.button[0].click()
    at.run()
    assert at.error[0].value == "Unknown user name or wrong password."
    assert len(at.file_uploader) == 0


def test_an_analyst_uploads_a_dutch_csv_sees_the_preview_and_publishes(accounts):
    at = _log_in(_page(), "ann")
    assert not at.exception and len(at.file_uploader) == 1
    at.selectbox[0].set_value("situation").run()
    at.file_uploader[0].set_value(("situatie.csv", _dutch_situation_csv(), "text/csv")).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "Rows added": "0",
        "Rows removed": "0",
        "Rows changed": "1",
        "Countries affected": "1",
    }
    # The countries affected, on a map: Ukraine in the "Changed" trace.
    (chart,) = at.get("plotly_chart")
    figure = json.loads(chart.proto.spec)
    traces = {tr["name"]: tr["locations"] for tr in figure["data"] if tr["type"] == "choropleth"}
    assert traces["Changed"] == ["UKR"] and "Added" not in traces
    at.text_area[0].input("Ukraine reassessed")
    next(b for b in at.button if b.label == "Publish").click()
    at.run()
    assert not at.exception
    assert at.success[0].value == "Published as version 2"
    active = accounts.active("situation")
    assert (active.version, active.user, active.note) == (2, "ann", "Ukraine reassessed")


def test_a_refused_file_lists_its_problems_and_changes_nothing(accounts):
    at = _log_in(_page(), "ann")
    at.selectbox[0].set_value("situation").run()
    bad = b"iso3,level\nOekrane,war\n"
    at.file_uploader[0].set_value(("s.csv", bad, "text/csv")).run()
    assert not at.exception
    assert at.error[0].value == "The file was refused; nothing changed. Problems:"
    problems = at.dataframe[0].value
    assert list(problems.columns) == ["Row", "Column", "Message"]
    assert "did you mean Oekraïne (UKR)" in " ".join(problems["Message"])
    assert accounts.active("situation").version == 1


def test_an_admin_sees_the_history_and_rolls_back(accounts):
    accounts.publish(
        "situation",
        updates.check("situation", "s.csv", _dutch_situation_csv()).frame,
        user="ann",
        note="v2",
    )
    at = _log_in(_page(), "root")
    at.selectbox[0].set_value("situation").run()
    assert not at.exception
    at.selectbox(key="rollback_version").set_value(1)
    next(b for b in at.button if b.label == "Roll back to this version").click()
    at.run()
    assert not at.exception
    assert accounts.active("situation").version == 1


def test_in_dutch_the_page_and_the_lead_lines_are_dutch_the_problems_english(accounts):
    at = _page("nl")
    assert [w.label for w in at.text_input] == ["Gebruikersnaam", "Wachtwoord"]
    at.text_input[0].input("ann")
    at.text_input[1].input("wrong password!")
    at.button[0].click()
    at.run()
    assert at.error[0].value == (
        "Niet gelukt (melding in het Engels): Unknown user name or wrong password."
    )
    at = _log_in(at, "ann")
    at.selectbox[0].set_value("situation").run()
    at.file_uploader[0].set_value(("s.csv", b"iso3;level\nOekrane;war\n", "text/csv")).run()
    assert not at.exception
    assert at.error[0].value == "Het bestand is geweigerd; niets is gewijzigd. Problemen:"
    problems = at.dataframe[0].value
    assert list(problems.columns) == ["Rij", "Kolom", "Melding"]
    assert "did you mean Oekraïne (UKR)" in " ".join(problems["Melding"])


OIDC_SECRETS = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "dashboard",
        "client_secret": "s",
        "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
    },
    "dashboard": {"roles": {"alice@example.org": "analyst", "*@example.org": "viewer"}},
}


def _oidc_page(user: dict) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.query_params["lang"] = "en"
    at.secrets.update(OIDC_SECRETS)
    at.user = user
    return at.run()


def test_with_an_identity_provider_a_mapped_analyst_reaches_the_upload(app_store):
    at = _oidc_page({"is_logged_in": True, "email": "alice@example.org", "email_verified": True})
    assert not at.exception
    assert len(at.file_uploader) == 1
    assert any("alice@example.org" in c.value for c in at.sidebar.caption)
    entry = app_store.audit_entries(user="alice@example.org", action="login")[0]
    assert entry.details == {"via": "oidc"}


def test_with_an_identity_provider_other_people_get_no_upload(app_store):
    at = _oidc_page({"is_logged_in": True, "email": "bob@example.org"})  # a viewer
    assert not at.exception
    assert at.warning[0].value == "Updating data needs an analyst or admin account."
    assert len(at.file_uploader) == 0
    at = _oidc_page({"is_logged_in": True, "email": "eve@elsewhere.example"})
    assert at.warning[0].value.startswith("You are logged in, but your account has no role")
    assert len(at.file_uploader) == 0
    at = _oidc_page({"is_logged_in": False})
    assert [b.label for b in at.button] == ["Log in with your organisation account"]
    assert len(at.file_uploader) == 0 and len(at.text_input) == 0  # no local accounts


def test_an_offline_refresh_says_which_source_failed_and_keeps_what_was_there(
    accounts, monkeypatch
):
    import socket

    from dashboard.services import refresh

    with socket.socket() as s:  # a port nobody listens on: the connection is refused at once
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    monkeypatch.setenv("DASHBOARD_WORLDBANK_URL", f"http://127.0.0.1:{closed}/v2")
    monkeypatch.setenv("DASHBOARD_HTTP_RETRIES", "0")
    at = _log_in(_page(), "ann")
    before = refresh.status("worldbank", st=accounts)
    (button,) = [b for b in at.button if b.label == "Refresh: worldbank"]
    at = button.click().run()
    assert not at.exception
    message = at.error[0].value
    assert "worldbank" in message and "Nothing was published" in message
    assert refresh.status("worldbank", st=accounts) == before
