"""Start the app on a loopback port for a benchmark, and a Chromium to measure it with.

Every wait is for a condition, with a generous limit (``LONG``): on a busy machine the first
map can take longer than Playwright's default 30 s.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dashboard.cli.serve import free_port, wait_until_up  # noqa: E402

LONG = 180_000  # ms
# A map unit drawn: the map component's, or plotly's (a checkout from before d3, --against).
SHAPES = ".dashboard-map g.units path.unit, g.choroplethlayer path.choroplethlocation"
ALL_SHAPES = f"document.querySelectorAll('{SHAPES}').length > 150"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@contextlib.contextmanager
def _serving(command: list[str], options: list[str], cwd: Path | str, env: dict | None = None):
    """``command`` serving on a free loopback port (``options`` added); yields (url, process)
    once it answers, and stops it afterwards."""
    port = free_port()
    options = [*options, "--server.port", str(port), "--server.address", "127.0.0.1"]
    proc = subprocess.Popen(
        [*command, *options],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc, timeout=LONG / 1000)
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@contextlib.contextmanager
def running_app(
    watcher: bool = False, warm: bool = True, db_url: str | None = None, root: Path = ROOT
):
    """The app as production starts it (``python -m dashboard.web.serve``: warm, no file
    watcher) on a fresh SQLite store unless ``db_url``; yields (url, process). ``root`` is the
    checkout to run (another one, e.g. of main, to compare in the same run)."""
    folder = tempfile.mkdtemp(prefix="dashboard-bench-")
    env = {**os.environ, "DASHBOARD_DB_URL": db_url or f"sqlite:///{folder}/bench.sqlite"}
    if root != ROOT:  # its own package, not the one installed from this checkout
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(root / "src"), env.get("PYTHONPATH")])
        )
    start = [sys.executable, "-m", "dashboard.web.serve"] if warm else [
        sys.executable, "-m", "streamlit", "run", str(root / "app.py"),
    ]  # fmt: skip
    with _serving(
        start, ["--server.fileWatcherType", "auto" if watcher else "none"], root, env
    ) as served:
        yield served


@contextlib.contextmanager
def running_empty_page():
    """An empty Streamlit page (``_empty_page.py``) in a server of its own, with Streamlit's
    defaults and nothing sent to another host; yields its URL."""
    folder = tempfile.mkdtemp(prefix="dashboard-bench-empty-")  # no .streamlit of the app
    script = str(Path(__file__).with_name("_empty_page.py"))
    options = ["--server.headless", "true", "--server.fileWatcherType", "none"]
    options += ["--browser.gatherUsageStats", "false", "--browser.serverAddress", "localhost"]
    with _serving([sys.executable, "-m", "streamlit", "run", script], options, folder) as served:
        yield served[0]


@contextlib.contextmanager
def chromium(playwright=None):
    """A headless Debian Chromium (a new browser process: nothing cached)."""
    from playwright.sync_api import sync_playwright

    with contextlib.ExitStack() as stack:
        p = playwright or stack.enter_context(sync_playwright())
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int, with_children: bool = False) -> float:
    """User + system CPU of a process (and of its children it has waited for)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    used = int(fields[11]) + int(fields[12])
    if with_children:
        used += int(fields[13]) + int(fields[14])
    return used / TICK


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def browser_cpu() -> float:
    """CPU seconds of every Chromium process under this one (Playwright's driver starts them)."""
    children: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError):
            stat = (entry / "stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
            names[int(entry.name)] = stat[stat.index("(") + 1 : stat.rindex(")")]
    total, stack = 0.0, [os.getpid()]
    while stack:
        for child in children.get(stack.pop(), []):
            stack.append(child)
            if "chrom" in names.get(child, ""):
                with contextlib.suppress(OSError):
                    total += cpu_seconds(child, with_children=True)
    return total


def verdict(ok: bool) -> str:
    return "meets the target" if ok else "MISSES the target"
