"""Faults of the store, on SQLite and PostgreSQL: a corrupt version is an alarm, an empty or
mass-removing publish needs a question, and a read-only, full or stopped database gives a
plain message (never a host, port or path), the last loaded data, and recovery on its own."""

from __future__ import annotations

import contextlib
import logging
import shutil
import socket
import threading
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from app_maps import map_figures
from streamlit.testing.v1 import AppTest

from dashboard.services import updates
from dashboard.services.auth import Account
from dashboard.storage import datasets
from dashboard.storage import store as store_module
from dashboard.storage.store import StoreUnavailable
from dashboard.text.errors import Refused

pytest_plugins = ["db_fixtures"]

ROOT = Path(__file__).resolve().parents[1]
ANALYST = Account("ann", "analyst")
SITUATION = ["iso3", "level", "summary_nl", "summary_en", "assessed_on", "source"]
SITUATION += ["source_url", "source_date"]
UNAVAILABLE = "The data store is unavailable; try again later."


def _situation(codes=("UKR", "MDA", "ARM", "GEO", "AZE"), date="2025-01-02") -> pd.DataFrame:
    rows = [
        [code, "tense", "spanning", "tension", date, "Test", "https://example.org/t", date]
        for code in codes
    ]
    return pd.DataFrame(rows, columns=SITUATION)


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode()


@pytest.fixture
def known(monkeypatch):
    from db_fixtures import known_codes

    monkeypatch.setattr(datasets, "known_iso3", known_codes)
    datasets.forget()
    yield
    datasets.forget()


# -- what is stored ---------------------------------------------------------------------------
def test_a_stored_version_that_fails_its_contract_is_an_alarm_naming_it_not_no_data(store, known):
    store.publish("situation", _situation(), user="ann")
    store.publish("situation", _situation(date="2026-13-01"), user="mallory")
    with pytest.raises(datasets.CorruptVersion) as alarm:
        datasets.load_from(store, "situation")
    assert str(alarm.value).startswith(
        "Version 2 of dataset 'situation' fails its contract (row 2, column 'assessed_on': "
        "'2026-13-01' is not a calendar date"
    )
    assert alarm.value.text("nl").startswith("Versie 2 van gegevensset 'situation' voldoet niet")
    with pytest.raises(datasets.CorruptVersion):
        datasets.active_or_none(store, "situation")
    assert datasets.active_or_none(store, "posts") is None  # no version at all: no data
    with pytest.raises(datasets.NoVersion, match="Dataset 'posts' has no published version yet"):
        datasets.load_from(store, "posts")


def test_a_dataset_is_never_published_empty(store):
    store.publish("situation", _situation(), user="ann")
    with pytest.raises(Refused, match="'situation' cannot be published empty"):
        store.publish("situation", _situation(codes=()), user="ann")
    assert [v.version for v in store.history("situation")] == [1]


def test_a_publish_removing_more_than_a_fifth_of_the_rows_needs_a_confirmation(store, known):
    store.publish("situation", _situation(), user="system")
    checked = updates.check("situation", "s.csv", _csv(_situation(codes=("UKR", "MDA", "ARM"))))
    assert checked.ok
    gone = updates.removal(checked, st=store)
    assert (gone.removed, gone.active_rows, gone.percent, gone.needs_confirmation) == (
        2,
        5,
        40.0,
        True,
    )
    with pytest.raises(Refused) as refused:
        updates.publish(ANALYST, checked, "fewer countries", st=store)
    assert str(refused.value) == (
        "This file removes 2 of the 5 rows (40%), more than 20%; confirm that this is intended."
    )
    assert store.active("situation").version == 1
    version = updates.publish(
        ANALYST, checked, "fewer countries", allow_mass_removal=True, st=store
    )
    assert (version.version, version.row_count) == (2, 3)
    entry = store.audit_entries(action="publish")[0]
    assert (entry.user, entry.details["mass_removal"], entry.details["removed"]) == ("ann", True, 2)


def test_a_small_removal_needs_no_confirmation(store, known, monkeypatch):
    monkeypatch.setenv("DASHBOARD_MASS_REMOVAL_PERCENT", "20")
    store.publish("situation", _situation(), user="system")
    checked = updates.check(
        "situation", "s.csv", _csv(_situation(codes=("UKR", "MDA", "ARM", "GEO")))
    )
    assert not updates.removal(checked, st=store).needs_confirmation  # 1 of 5 is 20%
    assert updates.publish(ANALYST, checked, "one less", st=store).version == 2
    assert "mass_removal" not in store.audit_entries(action="publish")[0].details


def test_frames_are_cached_per_store_and_version_and_every_caller_gets_a_copy(tmp_path, known):
    a = store_module.Store(f"sqlite:///{tmp_path}/a.sqlite").create()
    b = store_module.Store(f"sqlite:///{tmp_path}/b.sqlite").create()
    a.publish("situation", _situation(codes=("UKR",)), user="ann")
    b.publish("situation", _situation(codes=("MDA",)), user="ann")
    assert a.active_version_id("situation") == b.active_version_id("situation") == 1
    first = datasets.load_from(a, "situation")
    assert list(first["iso3"]) == ["UKR"]
    assert list(datasets.load_from(b, "situation")["iso3"]) == ["MDA"]
    first.loc[0, "level"] = "changed by one session"
    assert datasets.load_from(a, "situation").loc[0, "level"] == "tense"


def test_name_matching_and_map_codes_follow_the_project_folder(tmp_path, monkeypatch):
    from dashboard.ingest import names

    (tmp_path / "geo").mkdir()
    table = pd.read_csv(ROOT / "geo" / "names.csv", dtype=str, keep_default_na=False)
    extra = pd.DataFrame([{"iso3": "UKR", "name_en": "Ukraina", "name_nl": "Ukraina"}])
    pd.concat([table, extra]).to_csv(tmp_path / "geo" / "names.csv", index=False)
    frame = pd.DataFrame({"iso3": ["Ukraina"]})
    assert names.map_to_iso3(frame)[0].loc[0, "iso3"] == "Ukraina"  # unknown in this checkout
    monkeypatch.setenv("DASHBOARD_ROOT", str(tmp_path))
    assert names.map_to_iso3(frame)[0].loc[0, "iso3"] == "UKR"
    with pytest.raises(FileNotFoundError):  # no boundaries in that folder: nothing stale
        datasets.known_iso3()
    monkeypatch.delenv("DASHBOARD_ROOT")
    assert "UKR" in datasets.known_iso3()


# -- outages ----------------------------------------------------------------------------------
def test_a_read_only_sqlite_file_can_be_browsed_and_a_publish_is_refused_plainly(
    tmp_path, known, caplog
):
    path = tmp_path / "store.sqlite"
    writable = store_module.Store(f"sqlite:///{path}").create()
    writable.publish("situation", _situation(), user="ann")
    writable.dispose()
    read_only = store_module.Store(f"sqlite:///file:{path}?mode=ro&uri=true").create()
    assert list(datasets.load_from(read_only, "situation")["iso3"])[:2] == ["UKR", "MDA"]
    with caplog.at_level(logging.WARNING), pytest.raises(StoreUnavailable) as refused:
        read_only.publish("situation", _situation(codes=("UKR",)), user="ann")
    assert str(refused.value) == UNAVAILABLE and str(tmp_path) not in str(refused.value)
    assert (
        refused.value.text("nl")
        == "De gegevensopslag is niet bereikbaar; probeer het later opnieuw."
    )
    assert "readonly" in caplog.text  # the cause is in the log, for whoever runs the server
    assert read_only.active("situation").version == 1


def test_a_full_disk_refuses_the_publish_and_keeps_the_active_version(tmp_path, known):
    st = store_module.Store(f"sqlite:///{tmp_path}/full.sqlite").create()
    st.publish("situation", _situation(), user="ann")

    @sa.event.listens_for(st.engine, "connect")
    def _full(dbapi_connection, _record):  # no page may be added: what a full disk does
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    st.engine.dispose()
    big = pd.concat([_situation()] * 400, ignore_index=True)
    big["summary_en"] = [f"{i} " + "x" * 400 for i in range(len(big))]
    with pytest.raises(StoreUnavailable, match=UNAVAILABLE):
        st.publish("situation", big, user="ann")
    assert [v.version for v in st.history("situation")] == [1]


class Proxy:
    """A TCP relay in front of the test PostgreSQL server that can be stopped and started:
    to the app, a database that goes away and comes back."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.links: list[socket.socket] = []
        self.listener: socket.socket | None = None

    def start(self) -> None:
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen()
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def stop(self) -> None:
        if self.listener is not None:
            with contextlib.suppress(OSError):  # wakes the thread waiting in accept()
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            self.listener = None
        for link in self.links:
            with contextlib.suppress(OSError):
                link.shutdown(socket.SHUT_RDWR)
            link.close()
        self.links.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self.links += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def relay(db_url):
    url = sa.engine.make_url(db_url)
    proxy = Proxy((url.host, url.port))
    proxy.start()
    yield proxy, url.set(port=proxy.port).render_as_string(hide_password=False)
    proxy.stop()


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_stopped_postgresql_shows_the_last_loaded_data_and_recovers_on_its_own(
    relay, known, monkeypatch
):
    proxy, url = relay
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    monkeypatch.setattr(datasets, "RETRY_SECONDS", 0.0)
    st = store_module.Store(url).create()
    st.publish("situation", _situation(), user="ann")
    loaded = datasets.load_from(st, "situation")
    proxy.stop()
    shown = datasets.load_from(st, "situation")  # the server is gone: the last loaded data
    pd.testing.assert_frame_equal(shown, loaded)
    assert datasets.store_unavailable()
    with pytest.raises(StoreUnavailable) as refused:
        st.publish("situation", _situation(codes=("UKR",)), user="ann")
    assert str(refused.value) == UNAVAILABLE
    assert str(proxy.port) not in str(refused.value) and "127.0.0.1" not in str(refused.value)
    with pytest.raises(StoreUnavailable):  # never loaded here: nothing to show, said plainly
        datasets.load_from(st, "posts")
    proxy.start()
    assert not datasets.store_unavailable()
    assert st.publish("situation", _situation(codes=("UKR",)), user="ann").version == 2
    assert list(datasets.load_from(st, "situation")["iso3"]) == ["UKR"]
    st.dispose()


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_the_overview_says_the_store_is_unavailable_and_still_shows_the_map(
    relay, known, monkeypatch, tmp_path
):
    proxy, url = relay
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    monkeypatch.setattr(datasets, "RETRY_SECONDS", 0.0)
    store_module.forget_stores()
    shutil.rmtree(tmp_path, ignore_errors=True)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception and not at.warning
    proxy.stop()
    at.run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert warnings[0] == "The data store is unavailable; the last loaded data is shown."
    # A panel whose data was never loaded says so in its place; the rest of the page stands.
    assert all(w.startswith("The data store is unavailable") for w in warnings), warnings
    assert len(map_figures(at)) == 1
    proxy.start()
    at.run()
    assert not at.exception and not at.warning
    store_module.forget_stores()


def test_the_briefing_command_names_a_corrupt_version_plainly(app_store, capsys, tmp_path):
    from dashboard.cli import main

    frame = datasets.load("situation")
    frame.loc[0, "assessed_on"] = "2025-02-31"
    app_store.publish("situation", frame, user="mallory")
    assert main(["briefing", "--country", "UKR", "--out", str(tmp_path / "b.png")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: Version 2 of dataset 'situation' fails its contract")
    assert "Traceback" not in err and not (tmp_path / "b.png").exists()


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_read_only_postgresql_database_can_be_browsed_and_a_publish_is_refused(db_url, known):
    st = store_module.Store(db_url).create()
    st.publish("situation", _situation(), user="ann")
    name = sa.engine.make_url(db_url).database
    with st.engine.connect() as conn:
        conn.execute(sa.text(f"ALTER DATABASE {name} SET default_transaction_read_only = on"))
        conn.commit()
    st.engine.dispose()
    assert list(datasets.load_from(st, "situation")["iso3"])[:1] == ["UKR"]
    with pytest.raises(StoreUnavailable, match=UNAVAILABLE):
        st.publish("situation", _situation(codes=("UKR",)), user="ann")
    assert st.active("situation").version == 1
    st.dispose()
