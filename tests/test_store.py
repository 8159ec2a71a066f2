"""The store on SQLite and PostgreSQL: versions, the active pointer, concurrency, crashes."""

from __future__ import annotations

import logging
import threading
import time

import pandas as pd
import pytest

from dashboard.services import updates
from dashboard.services.auth import Account
from dashboard.storage import datasets
from dashboard.storage import store as store_module

pytest_plugins = ["db_fixtures"]


def _known_codes() -> frozenset[str]:
    names = datasets.settings.root() / "geo" / "names.csv"
    return frozenset(pd.read_csv(names, dtype=str)["iso3"])


def _frame(level: str = "war") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "iso3": ["UKR", "MDA"],
            "level": [level, "tense"],
            "amount": pd.array([1500, None], dtype="Int64"),
            "share": [0.25, float("nan")],
            "eu": [False, True],
        }
    )


def test_publish_makes_the_new_version_active_and_keeps_the_old_one(store):
    first = store.publish(
        "situation", _frame("war"), user="ann", note="first", file_name="a.csv", sha256="a" * 64
    )
    second = store.publish(
        "situation", _frame("crisis"), user="bob", note="second", file_name="b.csv", sha256="b" * 64
    )
    assert (first.version, second.version) == (1, 2)
    assert store.active_version_id("situation") == second.id
    history = store.history("situation")
    assert [(v.version, v.user, v.note, v.file_name, v.row_count, v.active) for v in history] == [
        (2, "bob", "second", "b.csv", 2, True),
        (1, "ann", "first", "a.csv", 2, False),
    ]
    assert list(store.rows(first.id)["level"]) == ["war", "tense"]


def test_stored_rows_come_back_with_their_values_and_the_input_is_not_mutated(store):
    frame = _frame()
    before = frame.copy()
    version = store.publish("situation", frame, user="ann")
    rows = store.rows(version.id)
    pd.testing.assert_frame_equal(frame, before)
    assert rows.to_dict("list") == {
        "iso3": ["UKR", "MDA"],
        "level": ["war", "tense"],
        "amount": [1500, None],
        "share": [0.25, None],
        "eu": [False, True],
    }


def test_rollback_makes_an_earlier_version_active_and_is_audited(store):
    store.publish("situation", _frame("war"), user="ann")
    store.publish("situation", _frame("crisis"), user="ann")
    store.activate("situation", 1, user="root")
    active = store.active("situation")
    assert (active.version, list(store.rows(active.id)["level"])) == (1, ["war", "tense"])
    assert store.version_count("situation") == 2
    entry = store.audit_entries(action="rollback")[0]
    assert (entry.user, entry.dataset, entry.details) == (
        "root",
        "situation",
        {"from_version": 2, "to_version": 1},
    )


def test_rollback_to_a_version_that_does_not_exist_changes_nothing(store):
    first = store.publish("situation", _frame(), user="ann")
    with pytest.raises(LookupError, match="'situation' has no version 7"):
        store.activate("situation", 7, user="root")
    assert store.active_version_id("situation") == first.id


def test_concurrent_publishes_each_get_their_own_version(store, monkeypatch):
    store.publish("situation", _frame(), user="seed")
    real_next = store_module._next_version

    def slow_next(conn, dataset):
        number = real_next(conn, dataset)
        time.sleep(0.15)  # every publisher reads the same latest number before inserting
        return number

    monkeypatch.setattr(store_module, "_next_version", slow_next)
    start = threading.Barrier(4)
    results, errors = [], []

    def publish(i):
        start.wait()
        try:
            results.append(store.publish("situation", _frame(f"level{i}"), user=f"user{i}"))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=publish, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(v.version for v in results) == [2, 3, 4, 5]
    history = store.history("situation")
    assert sorted(v.user for v in history) == ["seed", "user0", "user1", "user2", "user3"]
    assert [v.version for v in history if v.active] == [5]
    by_user = {v.user: v for v in results}
    for user, version in by_user.items():  # nothing mixed: each version holds its own rows
        assert store.rows(version.id)["level"][0] == f"level{user[-1]}"


def test_a_crash_in_the_middle_of_a_publish_leaves_the_previous_version_active(store, monkeypatch):
    first = store.publish("situation", _frame("war"), user="ann")

    def crash(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(store_module, "_set_active", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        store.publish("situation", _frame("crisis"), user="ann")
    assert store.active_version_id("situation") == first.id
    assert [v.version for v in store.history("situation")] == [1]
    assert [e.action for e in store.audit_entries()] == ["publish"]


def test_datasets_published_together_change_together_or_not_at_all(store, monkeypatch):
    store.publish("posts", _frame("war"), user="ann")
    store.publish("post_coverage", _frame("war"), user="ann")
    drafts = [
        store_module.Draft("posts", _frame("crisis"), note="refresh"),
        store_module.Draft("post_coverage", _frame("crisis"), note="refresh"),
    ]
    real = store_module._set_active

    def crash_on_the_second(conn, dataset, version_id, user):
        if dataset == "post_coverage":
            raise RuntimeError("power cut")
        real(conn, dataset, version_id, user)

    monkeypatch.setattr(store_module, "_set_active", crash_on_the_second)
    with pytest.raises(RuntimeError, match="power cut"):
        store.publish_together(drafts, user="bot")
    for name in ("posts", "post_coverage"):  # the first was not left half-published
        assert [v.version for v in store.history(name)] == [1]
        assert store.rows(store.active_version_id(name))["level"][0] == "war"
    monkeypatch.setattr(store_module, "_set_active", real)
    posts, coverage = store.publish_together(drafts, user="bot")
    assert (posts.version, coverage.version) == (2, 2)
    assert [e.action for e in store.audit_entries()] == ["publish"] * 4


def test_seeding_publishes_each_bundled_csv_once_and_skips_missing_ones(
    store, tmp_path, monkeypatch, caplog
):
    monkeypatch.setattr(datasets, "known_iso3", _known_codes)
    data = tmp_path / "data"
    data.mkdir()
    source = datasets.settings.data_dir()
    (data / "situation.csv").write_bytes((source / "situation.csv").read_bytes())
    (data / "posts.csv").write_bytes((source / "posts.csv").read_bytes())
    with caplog.at_level(logging.INFO, logger="dashboard.storage.datasets"):
        assert datasets.seed(store, data) == ["posts", "situation"]
    assert "dataset 'countries' starts without a version" in caplog.text
    assert datasets.seed(store, data) == []
    assert [v.version for v in store.history("situation")] == [1]
    assert store.history("situation")[0].user == "system"


def _round_one_posts(source) -> pd.DataFrame:
    """The bundled posts in the form the first release stored them: a ``covers`` column and
    no ``consulted_on`` (the current contract refuses that form)."""
    posts = pd.read_csv(source / "posts.csv", dtype=str, keep_default_na=False)
    return posts.drop(columns=["consulted_on"]).assign(covers=posts["iso3"])


@pytest.mark.parametrize(("publisher", "replaced"), [("system", True), ("anna", False)])
def test_an_upgrade_replaces_bundled_data_of_an_earlier_form_but_never_an_analysts(
    store, tmp_path, monkeypatch, publisher, replaced
):
    monkeypatch.setattr(datasets, "known_iso3", _known_codes)
    data = tmp_path / "data"
    data.mkdir()
    source = datasets.settings.data_dir()
    (data / "posts.csv").write_bytes((source / "posts.csv").read_bytes())
    store.publish("posts", _round_one_posts(source), user=publisher, note="bundled data")
    assert datasets.seed(store, data) == (["posts"] if replaced else [])
    history = store.history("posts")
    assert [v.version for v in history] == ([2, 1] if replaced else [1])
    active = store.version_by_id(store.active_version_id("posts"))
    assert active is not None and active.version == (2 if replaced else 1)
    typed, problems = datasets.contracts.validate("posts", store.rows(active.id))
    assert (typed is not None and not problems) is replaced
    assert datasets.seed(store, data) == []  # once upgraded, a restart changes nothing


def test_an_upload_of_posts_without_a_post_the_coverage_names_is_refused_and_nothing_changes(
    store, tmp_path, monkeypatch
):
    monkeypatch.setattr(datasets, "known_iso3", _known_codes)
    data = tmp_path / "data"
    data.mkdir()
    source = datasets.settings.data_dir()
    for name in ("posts", "post_status", "post_coverage"):
        (data / f"{name}.csv").write_bytes((source / f"{name}.csv").read_bytes())
    datasets.seed(store, data)
    posts = pd.read_csv(source / "posts.csv", dtype=str, keep_default_na=False)
    covered = set(pd.read_csv(source / "post_coverage.csv", dtype=str)["post_id"])
    in_history = set(pd.read_csv(source / "post_status.csv", dtype=str)["post_id"])
    gone = sorted(covered - in_history)[0]
    upload = posts[posts["post_id"] != gone].to_csv(index=False).encode("utf-8")
    checked = updates.check("posts", "posten.csv", upload, st=store)
    assert not checked.ok and checked.frame is None
    assert f"post '{gone}' ontbreekt, maar 'post_coverage' noemt hem nog" in checked.problems[
        0
    ].located("nl")
    assert [v.version for v in store.history("posts")] == [1]


def test_load_reads_the_active_version_and_sees_a_publish_at_once(app_store):
    before = datasets.load("situation")
    changed = before.copy()
    changed.loc[0, "level"] = "stable"
    app_store.publish("situation", changed, user="ann")
    after = datasets.load("situation")
    assert (before.loc[0, "level"], after.loc[0, "level"]) == ("war", "stable")
    after.loc[0, "level"] = "mutated"
    assert datasets.load("situation").loc[0, "level"] == "stable"


def test_a_published_indicator_is_listed_and_loads_typed(app_store):
    data = "land;bbp_per_inwoner;source;source_url;source_date\nOekraïne;5.181,5;CBS;;2025\n"
    checked = updates.check("gdp_pc", "bbp.csv", data.encode("utf-8"))
    updates.publish(Account("ann", "analyst"), checked, "new indicator", st=app_store)
    assert datasets.indicator_names() == ["gdp_pc"]
    frame = datasets.load_indicator("gdp_pc")
    assert list(frame.columns) == ["iso3", "bbp_per_inwoner", "source", "source_url", "source_date"]
    assert (frame.loc[0, "iso3"], frame.loc[0, "bbp_per_inwoner"]) == ("UKR", 5181.5)
    assert frame["bbp_per_inwoner"].dtype == "float64" and pd.isna(frame.loc[0, "source_url"])
