"""Shared fixtures: a running app on loopback and a headless Chromium that records requests."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The tests never touch a real database: the app and AppTest runs use a throwaway SQLite
# file, seeded from data/ like a fresh installation.
os.environ["DASHBOARD_DB_URL"] = (
    f"sqlite:///{tempfile.mkdtemp(prefix='dashboard-tests-')}/dashboard.sqlite"
)
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited with status {proc.returncode} before it was up")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the app did not answer at {url} within {timeout} s")


@contextlib.contextmanager
def serve_app(log: Path, env: dict[str, str] | None = None):
    """Run `streamlit run app.py` on a free loopback port with ``env`` added; yield its URL.

    For tests that need an app of their own (e.g. on a temporary database).
    """
    port = _free_port()
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
            ],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> str:
    """Start the app as a user would (`streamlit run app.py`) on a free loopback port."""
    with serve_app(tmp_path_factory.mktemp("app") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright; never skipped in CI."""
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        message = f"Chromium not found at {CHROMIUM}; `./dev test` installs it (apt chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class RecordingPage:
    """A browser page that records every request and blocks any that leaves the app."""

    def __init__(self, context, origin: str):
        self.origin = origin
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.page = context.new_page()
        context.route("**/*", self._route)
        self.page.on("websocket", self._websocket)

    def _websocket(self, ws):
        local = self.origin.replace("http://", "ws://")
        self.requests.append(ws.url)
        if not ws.url.startswith(local):
            self.foreign.append(ws.url)

    def _route(self, route):
        url = route.request.url
        self.requests.append(url)
        if url.startswith(self.origin) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()


@contextlib.contextmanager
def recorded_page(browser, origin: str, width: int = 1400, height: int = 900):
    """A new browser context on ``origin`` with a :class:`RecordingPage`, closed afterwards."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        yield RecordingPage(context, origin)
    finally:
        context.close()


def add_account(env: dict[str, str], name: str, role: str, password: str) -> None:
    """Add an account as an administrator does, on the server (``dashboard users add``); this
    also seeds the store of ``env``'s ``DASHBOARD_DB_URL`` from data/."""
    subprocess.run(
        [sys.executable, "-m", "dashboard", "users", "add", name, "--role", role]
        + ["--password-stdin"],
        input=password + "\n",
        text=True,
        check=True,
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=120,
    )


@pytest.fixture
def recording_page(browser, app_url):
    with recorded_page(browser, app_url) as rec:
        yield rec
