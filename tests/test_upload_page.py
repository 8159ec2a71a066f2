"""The upload page under AppTest: who may reach it, problems, preview and publish."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from app_maps import map_figures
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
    (figure,) = map_figures(at)
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
    # First a question; nothing has changed yet.
    assert at.warning[0].value == (
        "Version 1 of Security situation becomes the active version, for everyone. Are you sure?"
    )
    assert accounts.active("situation").version == 2
    next(b for b in at.button if b.label == "Yes, roll back").click()
    at.run()
    assert not at.exception
    assert accounts.active("situation").version == 1
    assert at.success[0].value == ("Done: version 1 is the active version again, for everyone.")


def test_a_rollback_can_be_cancelled(accounts):
    accounts.publish(
        "situation",
        updates.check("situation", "s.csv", _dutch_situation_csv()).frame,
        user="ann",
        note="v2",
    )
    at = _log_in(_page(), "root")
    at.selectbox[0].set_value("situation").run()
    next(b for b in at.button if b.label == "Roll back to this version").click()
    at.run()
    next(b for b in at.button if b.label == "Cancel").click()
    at.run()
    assert not at.exception and not at.warning
    assert accounts.active("situation").version == 2


def test_in_dutch_every_message_on_the_page_is_dutch(accounts):
    at = _page("nl")
    assert [w.label for w in at.text_input] == ["Gebruikersnaam", "Wachtwoord"]
    at.text_input[0].input("ann")
    at.text_input[1].input("wrong password!")
    at.button[0].click()
    at.run()
    assert at.error[0].value == "Onbekende gebruikersnaam of verkeerd wachtwoord."
    at = _log_in(at, "ann")
    at.selectbox[0].set_value("situation").run()
    at.file_uploader[0].set_value(("s.csv", b"iso3;level\nOekrane;war\n", "text/csv")).run()
    assert not at.exception
    assert at.error[0].value == "Het bestand is geweigerd; niets is gewijzigd. Problemen:"
    problems = at.dataframe[0].value
    assert list(problems.columns) == ["Rij", "Kolom", "Melding"]
    assert list(problems["Melding"])[:2] == [
        "ontbreekt",
        "ontbreekt",
    ]
    assert ("'Oekrane' is geen landnaam of -code die we kennen; bedoelt u Oekraïne (UKR)?") in list(
        problems["Melding"]
    )


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
    at = _oidc_page({"is_logged_in": True, "email": "bob@example.org", "email_verified": True})
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


def test_the_datasets_are_offered_by_their_names_and_the_upload_box_states_its_limits(accounts):
    at = _log_in(_page(), "ann")
    assert at.selectbox[0].options == [
        "Countries",
        "Commitments",
        "Development-aid themes",
        "Posts",
        "Security situation",
        "Status history of posts",
        "Coverage by posts",
        "Travel advice",
        "New country indicator…",
    ]
    assert "CSV, Excel (.xlsx) or GeoJSON; at most 20 MB and 100,000 rows." in [
        c.value for c in at.caption
    ]


def test_after_publishing_the_page_shows_what_was_published_not_zeros(accounts):
    at = _log_in(_page(), "ann")
    at.selectbox[0].set_value("situation").run()
    at.file_uploader[0].set_value(("situatie.csv", _dutch_situation_csv(), "text/csv")).run()
    at.text_area[0].input("Ukraine reassessed")
    next(b for b in at.button if b.label == "Publish").click()
    at.run()
    assert not at.exception
    assert at.success[0].value == "Published as version 2"
    assert at.subheader[0].value == "The change published"
    assert {m.label: m.value for m in at.metric}["Rows changed"] == "1"
    assert not any(b.label == "Publish" for b in at.button)


def test_a_file_removing_most_rows_is_published_only_after_a_second_confirmation(accounts):
    rows = _dutch_situation_csv().splitlines(keepends=True)
    at = _log_in(_page(), "ann")
    at.selectbox[0].set_value("situation").run()
    at.file_uploader[0].set_value(("s.csv", b"".join(rows[:4]), "text/csv")).run()
    assert not at.exception
    assert at.warning[0].value.startswith("This file removes ")
    at.text_area[0].input("three countries left")
    next(b for b in at.button if b.label == "Publish").click()
    at.run()
    assert at.error[0].value.startswith("This file removes ")
    assert accounts.active("situation").version == 1
    at.checkbox(key="mass_removal_confirm").check()
    next(b for b in at.button if b.label == "Publish").click()
    at.run()
    assert not at.exception and at.success[0].value == "Published as version 2"
    assert accounts.audit_entries(action="publish")[0].details["mass_removal"] is True


def test_a_new_indicator_cannot_take_the_name_of_a_dataset_of_the_dashboard(accounts):
    at = _log_in(_page("nl"), "ann")
    at.selectbox[0].set_value("__new__").run()
    at.text_input[0].input("reliefweb_reports").run()
    data = (
        b"iso3,refugees,source,source_url,source_date\nUKR,1.5,UNHCR,https://www.unhcr.org/,2025\n"
    )
    at.file_uploader[0].set_value(("r.csv", data, "text/csv")).run()
    assert not at.exception
    assert list(at.dataframe[0].value["Melding"]) == [
        "'reliefweb_reports' is de naam van een gegevensset van het dashboard zelf; "
        "kies een andere naam voor de indicator"
    ]


def test_a_dutch_amount_is_refused_quoting_what_the_file_says(accounts):
    data = updates.export("commitments", "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    rows[1][rows[0].index("amount_eur")] = "25.000.000,50"
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    at = _log_in(_page("nl"), "ann")
    at.selectbox[0].set_value("commitments").run()
    at.file_uploader[0].set_value(("c.csv", out.getvalue().encode("utf-8"), "text/csv")).run()
    problems = at.dataframe[0].value
    assert problems.to_dict("records") == [
        {"Rij": 2, "Kolom": "amount_eur", "Melding": "'25.000.000,50' is geen geheel getal"}
    ]
