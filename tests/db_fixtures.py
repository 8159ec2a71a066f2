"""Fixtures for the store tests: a SQLite file and a throwaway PostgreSQL server.

PostgreSQL: ``DASHBOARD_TEST_PG_URL`` when set; otherwise a server started here on
127.0.0.1 from Debian's binaries (``/usr/lib/postgresql/*/bin``), as the ``postgres`` user
when running as root, in a temporary folder removed at the end. Each test gets a new
database. In CI (``CI`` set) the tests fail, never skip, when the server cannot start.
Test modules import the fixtures they use (``from db_fixtures import …``).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from dashboard import settings
from dashboard.services import auth
from dashboard.storage import datasets
from dashboard.storage import store as store_module

ROOT = Path(__file__).resolve().parents[1]
_SERVER_KEY = pytest.StashKey[object]()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_postgres() -> tuple[str, callable]:
    initdbs = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not initdbs:
        raise RuntimeError(
            "PostgreSQL is not installed: `./dev test` installs it (apt-get install postgresql)"
        )
    bindir = Path(initdbs[-1]).parent
    base = Path(tempfile.mkdtemp(prefix="dashboard-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")  # created by Debian's package
        os.chown(base, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", _free_port()
    run = dict(check=True, capture_output=True, text=True, timeout=120)
    subprocess.run(
        [
            *prefix,
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ],
        **run,
    )
    subprocess.run(
        [
            *prefix,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(base / "log"),
            "-w",
            "-t",
            "60",
            "-o",
            f"-h 127.0.0.1 -p {port} -k {base} -F",
            "start",
        ],
        **run,
    )

    def stop():
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(base, ignore_errors=True)

    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", stop


def _postgres_admin_url(config: pytest.Config) -> str:
    """The server for this run, started once (a module-level fixture would start it per module)."""
    if _SERVER_KEY not in config.stash:
        url = os.environ.get("DASHBOARD_TEST_PG_URL")
        try:
            if url:
                url = store_module.normalise_url(url)
            else:
                url, stop = _start_postgres()
                config.add_cleanup(stop)
            config.stash[_SERVER_KEY] = url
        except (RuntimeError, OSError, KeyError, subprocess.SubprocessError) as exc:
            detail = getattr(exc, "stderr", "") or ""
            config.stash[_SERVER_KEY] = RuntimeError(f"PostgreSQL could not start: {exc} {detail}")
    found = config.stash[_SERVER_KEY]
    if isinstance(found, Exception):
        if os.environ.get("CI"):
            pytest.fail(str(found))
        pytest.skip(str(found))
    return found


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/store.sqlite"
        return
    admin_url = _postgres_admin_url(request.config)
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield admin_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


@pytest.fixture
def store(db_url):
    st = store_module.Store(db_url).create()
    yield st
    st.dispose()


@pytest.fixture
def fast_hashes(monkeypatch):
    """Cheap scrypt parameters: the tests check behaviour, not the cost."""
    monkeypatch.setattr(auth, "SCRYPT_N", 2**10)


def known_codes() -> frozenset[str]:
    return frozenset(pd.read_csv(ROOT / "geo" / "names.csv", dtype=str)["iso3"])


_TEMPLATE_KEY = pytest.StashKey[Path]()


@pytest.fixture
def app_store(request, tmp_path, monkeypatch, fast_hashes):
    """The process-wide store on a new SQLite file, seeded from the bundled data.

    Seeding validates every bundled file, so it is done once per run into a template file
    that each test copies.
    """
    monkeypatch.setattr(datasets, "known_iso3", known_codes)
    config = request.config
    if _TEMPLATE_KEY not in config.stash:
        template = Path(tempfile.mkdtemp(prefix="dashboard-store-")) / "template.sqlite"
        seeded = store_module.Store(f"sqlite:///{template}").create()
        datasets.seed(seeded)
        seeded.dispose()
        config.stash[_TEMPLATE_KEY] = template
        config.add_cleanup(lambda: shutil.rmtree(template.parent, ignore_errors=True))
    shutil.copyfile(config.stash[_TEMPLATE_KEY], tmp_path / "app.sqlite")
    monkeypatch.setenv("DASHBOARD_DB_URL", f"sqlite:///{tmp_path}/app.sqlite")
    _reset()
    st = datasets.store()
    assert st.url.endswith(f"{tmp_path}/app.sqlite") and settings.db_url() == st.url
    yield st
    _reset()


def _reset() -> None:
    store_module.forget_stores()
    datasets.forget()
