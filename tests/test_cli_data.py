"""The command line: the same service and messages as the upload page, with exit statuses."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from dashboard import settings
from dashboard.cli import main
from dashboard.services import auth

PASSWORD = "correct horse battery"

pytest_plugins = ["db_fixtures"]


@pytest.fixture
def accounts(app_store, monkeypatch):
    auth.add_user(app_store, auth.CONSOLE, "ann", "analyst", PASSWORD)
    auth.add_user(app_store, auth.CONSOLE, "root", "admin", PASSWORD)
    monkeypatch.setenv("DASHBOARD_PASSWORD", PASSWORD)
    return app_store


def test_export_writes_csv_and_xlsx_that_validate_unchanged(app_store, tmp_path, capsys):
    for suffix in ("csv", "xlsx"):
        out = tmp_path / f"posts.{suffix}"
        assert main(["export", "--dataset", "posts", "--out", str(out)]) == 0
        assert main(["validate", "--dataset", "posts", str(out)]) == 0
        assert "0 added, 0 removed, 0 changed (no countries affected)" in capsys.readouterr().out


def test_validate_lists_every_problem_and_exits_non_zero(app_store, tmp_path, capsys):
    bad = tmp_path / "situation.csv"
    bad.write_text(
        "iso3;level;summary_nl;summary_en;assessed_on;source;source_url;source_date\n"
        "Oekrane;war;a;b;2025-01-01;s;;2025\nUKR;calm;a;b;2025-01-01;s;;2025\n",
        encoding="cp1252",
    )
    assert main(["validate", "--dataset", "situation", str(bad)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        "row 2, column 'iso3': 'Oekrane' is not a country name or code we know; "
        "did you mean Oekraïne (UKR)?"
    )
    assert err[1].startswith("row 3, column 'level': 'calm' must be one of: war")


def test_publish_history_and_rollback(accounts, tmp_path, capsys):
    out = tmp_path / "situation.csv"
    main(["export", "--dataset", "situation", "--out", str(out)])
    out.write_bytes(out.read_bytes().replace(b",war,", b",crisis,", 1))
    assert (
        main(
            ["publish", "--dataset", "situation", str(out), "--user", "ann", "--note", "crisis now"]
        )
        == 0
    )
    assert "published 'situation' version 2" in capsys.readouterr().out
    assert main(["history", "--dataset", "situation"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("* v2") and "ann" in lines[0] and lines[0].endswith("crisis now")
    assert lines[1].startswith("  v1") and "system" in lines[1]
    assert main(["rollback", "--dataset", "situation", "--version", "1", "--user", "ann"]) == 1
    assert capsys.readouterr().err.strip() == (
        "error: To roll back a dataset you need an admin account; 'ann' is an analyst."
    )
    assert main(["rollback", "--dataset", "situation", "--version", "1", "--user", "root"]) == 0
    assert accounts.active("situation").version == 1


def test_publish_with_a_wrong_password_is_refused(accounts, tmp_path, monkeypatch, capsys):
    out = tmp_path / "situation.csv"
    main(["export", "--dataset", "situation", "--out", str(out)])
    monkeypatch.setenv("DASHBOARD_PASSWORD", "not the password")
    assert (
        main(["publish", "--dataset", "situation", str(out), "--user", "ann", "--note", "x"]) == 1
    )
    assert capsys.readouterr().err.strip() == "error: Unknown user name or wrong password."
    assert accounts.version_count("situation") == 1


def test_users_add_reads_the_password_from_stdin(app_store, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", "vera", "--role", "viewer", "--password-stdin"]) == 0
    assert capsys.readouterr().out.strip() == "created account 'vera' (viewer)"
    assert auth.login(app_store, "vera", PASSWORD).role == "viewer"
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert main(["users", "add", "walt", "--role", "viewer", "--password-stdin"]) == 1
    assert "at least 12 characters" in capsys.readouterr().err


def test_python_dash_m_dashboard_runs_the_command_line(app_store):
    env = {**os.environ, "DASHBOARD_DB_URL": app_store.url}
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "history", "--dataset", "posts"],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.root(),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("* v1 ")


def test_history_of_an_unknown_dataset_exits_non_zero(app_store, capsys):
    assert main(["history", "--dataset", "nope"]) == 1
    assert capsys.readouterr().err.strip() == "error: 'nope' has no versions"


def _situation_file(tmp_path, keep: int | None = None, header_only: bool = False):
    out = tmp_path / "situation.csv"
    main(["export", "--dataset", "situation", "--out", str(out)])
    lines = out.read_bytes().splitlines(keepends=True)
    if header_only:
        lines = lines[:1]
    elif keep is not None:
        lines = lines[: keep + 1]
    out.write_bytes(b"".join(lines))
    return out


def test_a_file_with_only_the_header_is_never_published(accounts, tmp_path, capsys):
    out = _situation_file(tmp_path, header_only=True)
    command = ["publish", "--dataset", "situation", str(out), "--user", "ann", "--note", "x"]
    assert main(command) == 1
    assert capsys.readouterr().err.strip() == (
        "The file has no data rows; a dataset can never be published empty"
    )
    assert accounts.version_count("situation") == 1


def test_a_publish_that_removes_most_rows_needs_allow_mass_removal(accounts, tmp_path, capsys):
    out = _situation_file(tmp_path, keep=3)
    active = accounts.active("situation").row_count
    assert main(["validate", "--dataset", "situation", str(out)]) == 0
    assert "publishing it needs --allow-mass-removal" in capsys.readouterr().err
    command = ["publish", "--dataset", "situation", str(out), "--user", "ann", "--note", "3 left"]
    assert main(command) == 1
    assert capsys.readouterr().err.strip() == (
        f"error: This file removes {active - 3} of the {active} rows "
        f"({round(100 * (active - 3) / active)}%), more than 20%; confirm that this is intended."
    )
    assert accounts.version_count("situation") == 1
    assert main([*command, "--allow-mass-removal"]) == 0
    entry = accounts.audit_entries(action="publish")[0]
    assert (entry.user, entry.details["mass_removal"], entry.details["rows"]) == ("ann", True, 3)


def test_publish_without_a_terminal_or_a_password_variable_says_so_plainly(
    accounts, tmp_path, monkeypatch, capsys
):
    out = _situation_file(tmp_path)
    monkeypatch.delenv("DASHBOARD_PASSWORD")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # as under cron: no terminal, no input
    command = ["publish", "--dataset", "situation", str(out), "--user", "ann", "--note", "x"]
    assert main(command) == 1
    assert capsys.readouterr().err.strip() == (
        "error: No password: run the command in a terminal, or set DASHBOARD_PASSWORD."
    )


def test_a_programming_error_shows_its_traceback_only_behind_debug(app_store, capsys, monkeypatch):
    from dashboard.storage import store as store_module

    def broken(self, dataset, **kwargs):
        raise KeyError("column_that_does_not_exist")

    monkeypatch.setattr(store_module.Store, "history", broken)
    assert main(["history", "--dataset", "posts"]) == 70
    err = capsys.readouterr().err
    assert err.startswith("internal error: KeyError: 'column_that_does_not_exist'\n")
    assert "Traceback" not in err and "--debug" in err
    assert main(["--debug", "history", "--dataset", "posts"]) == 70
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "in broken" in err


def test_users_are_listed_disabled_enabled_and_reset(accounts, monkeypatch, capsys):
    assert main(["users", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:3] for line in lines] == [
        ["ann", "analyst", "active"],
        ["root", "admin", "active"],
    ]
    assert main(["users", "disable", "ann"]) == 0
    assert capsys.readouterr().out.strip() == "disabled account 'ann'; its logins have ended"
    with pytest.raises(auth.LoginError):
        auth.login(accounts, "ann", PASSWORD)
    assert main(["users", "list"]) == 0
    assert capsys.readouterr().out.splitlines()[0].split()[:3] == ["ann", "analyst", "disabled"]
    assert main(["users", "enable", "ann"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("another long passphrase\n"))
    assert main(["users", "reset", "ann", "--password-stdin"]) == 0
    assert auth.login(accounts, "ann", "another long passphrase").role == "analyst"
    assert main(["users", "disable", "nobody"]) == 1
    assert capsys.readouterr().err.strip() == "error: There is no account named 'nobody'"
    actions = [e.action for e in accounts.audit_entries()][:4]
    assert actions == ["login", "password_reset", "user_enabled", "login_failed"]


def test_refresh_as_a_named_user_needs_that_users_password(accounts, monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_PASSWORD", "not the password")
    assert main(["refresh", "worldbank", "--user", "root"]) == 1
    assert capsys.readouterr().err.strip() == "error: Unknown user name or wrong password."
    assert accounts.version_count("worldbank_indicators") == 0
