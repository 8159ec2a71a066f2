"""Two replicas behind nginx on one PostgreSQL, in headless Chromium: a publish is shown by
every replica at its next rerun, and a replica that dies leaves its users on the other one,
in the view their URL holds."""

from __future__ import annotations

import contextlib
import re
import time
import uuid

import pytest
import sqlalchemy as sa
from app_maps import SHAPES
from conftest import RecordingPage
from db_fixtures import _postgres_admin_url
from playwright.sync_api import Error as PlaywrightError

from dashboard.cli import serve
from dashboard.storage import store as store_module

pytestmark = pytest.mark.browser

LONG = 90_000  # ms: a loaded machine; every wait is for a condition


@pytest.fixture
def two_replicas(request, tmp_path):
    admin_url = _postgres_admin_url(request.config)
    name = f"r_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    try:
        with (
            open(tmp_path / "replicas.log", "w") as log,
            serve.deployment(2, serve.free_port(), db_url=url, folder=tmp_path, log=log) as dep,
        ):
            yield dep
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


def _open_on_each_replica(browser, dep, path: str) -> dict[str, RecordingPage]:
    """A browser (context) per replica: new ones until nginx has sent one to each."""
    found: dict[str, RecordingPage] = {}
    for _ in range(24):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        rec = RecordingPage(context, dep.url)
        answer = rec.page.goto(f"{dep.url}{path}", wait_until="domcontentloaded")
        replica = _answered_by(answer)
        if replica in found:
            context.close()
            continue
        found[replica] = rec
        if len(found) == len(dep.replica_urls):
            return found
    raise AssertionError(f"nginx sent 24 new browsers to {sorted(found)} only")


def _answered_by(response) -> str:
    """The replica that answered: nginx lists every one it tried, the one that answered last."""
    return response.headers["x-dashboard-replica"].split(", ")[-1]


def _countries_in_view(page, label: str) -> int:
    text = page.get_by_text(re.compile(rf"{label} \(\d+\)")).first
    text.wait_for(timeout=LONG)
    return int(re.search(r"\((\d+)\)", text.inner_text()).group(1))


def test_a_publish_shows_on_every_replica_and_a_dead_replicas_users_continue_on_another(
    browser, two_replicas
):
    dep = two_replicas
    pages = _open_on_each_replica(browser, dep, "/?layer=situation&region=middle_east")
    assert sorted(pages) == sorted(u.removeprefix("http://") for u in dep.replica_urls)
    before = {r: _countries_in_view(p.page, "Landen in deze weergave") for r, p in pages.items()}
    assert len(set(before.values())) == 1

    # A publish (here straight into the shared database) ...
    store = store_module.Store(dep.db_url)
    situation = store.rows(store.active_version_id("situation"))
    middle_east = situation[situation["iso3"].isin(["ISR", "IRN", "SYR", "LBN", "JOR", "IRQ"])]
    assert not middle_east.empty
    store.publish("situation", situation.drop(index=middle_east.index[0]), user="anna")
    store.dispose()

    # ... is what each replica shows at its next rerun (here: the language switch).
    for rec in pages.values():
        rec.page.get_by_role("radio", name="EN", exact=True).click()
    after = {r: _countries_in_view(p.page, "Countries in this view") for r, p in pages.items()}
    assert after == {r: n - 1 for r, n in before.items()}

    # The replica of the first browser dies mid-session.
    (first, rec), (other, _) = pages.items()
    (dead,) = [p for p, u in zip(dep.replicas, dep.replica_urls, strict=True) if u.endswith(first)]
    dead.kill()
    dead.wait(timeout=30)
    page = rec.page
    # Streamlit reconnects; nginx sends it to the other replica, where a new session runs the
    # URL's view: a rerun there (back to Dutch) answers with the same region and layer.
    deadline = time.monotonic() + LONG / 1000
    dutch = page.get_by_role("heading", name="Buitenlandbeleid in beeld")
    while not dutch.is_visible():
        assert time.monotonic() < deadline, "the page did not come back on the other replica"
        with contextlib.suppress(PlaywrightError):
            page.get_by_role("radio", name="NL", exact=True).click(timeout=5_000)
            dutch.wait_for(timeout=10_000)
    page.wait_for_function(
        f"document.querySelectorAll('{SHAPES}').length > 150", timeout=LONG, polling=250
    )
    assert "layer=situation" in page.url and "region=middle_east" in page.url
    assert "lang=en" not in page.url
    assert _countries_in_view(page, "Landen in deze weergave") == after[first]
    # The region's key figures: the region came back from the URL, not from the dead session.
    page.get_by_text(re.compile(r"^landen in de regio")).first.wait_for(timeout=LONG)
    health = page.request.get(f"{dep.url}/_stcore/health")
    assert health.ok and _answered_by(health) == other
    assert all(not r.foreign for r in pages.values())
