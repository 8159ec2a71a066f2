"""The command line starts fast: only the running command's module is imported, and light
commands import neither pandas nor pandera, matplotlib or Streamlit."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import cli
from dashboard.cli import serve

pytest_plugins = ["db_fixtures"]

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pandas", "pandera", "matplotlib", "geopandas", "streamlit", "plotly")


def _imported_after(argv: list[str], env: dict[str, str] | None = None) -> tuple[list, str]:
    """Run the command line in a fresh interpreter: the heavy libraries imported, the output."""
    code = (
        "import sys, json\n"
        "from dashboard.cli import main\n"
        "try:\n"
        f"    status = main({argv!r})\n"
        "except SystemExit as exit:\n"
        "    status = exit.code\n"
        f"heavy = sorted(m for m in {HEAVY!r} if m in sys.modules)\n"
        "print('\\n' + json.dumps([status, heavy]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
    )
    *output, last = done.stdout.rstrip("\n").split("\n")
    status, heavy = json.loads(last)
    assert status == 0, done.stderr
    return heavy, "\n".join(output)


def test_help_lists_every_command_without_importing_any_heavy_library():
    heavy, output = _imported_after(["--help"])
    assert heavy == []
    for name, (_module, help_text) in cli.COMMANDS.items():
        assert name in output and help_text.split()[0] in output


def test_history_answers_without_pandas_on_a_seeded_store(app_store):
    heavy, output = _imported_after(
        ["history", "--dataset", "posts"], env={"DASHBOARD_DB_URL": app_store.url}
    )
    assert heavy == []
    assert output.startswith("* v1 ") and "bundled data" in output


def test_each_commands_help_line_is_the_one_its_module_registers():
    full = cli.parser("*")
    (subparsers,) = [a for a in full._actions if isinstance(a, argparse._SubParsersAction)]
    registered = {a.dest: a.help for a in subparsers._choices_actions}
    assert registered == {name: help_text for name, (_m, help_text) in cli.COMMANDS.items()}


def test_the_proxy_config_is_sticky_passes_websockets_and_limits_uploads_to_the_apps(tmp_path):
    conf = serve.nginx_config("127.0.0.1:8500", [8601, 8602], 20, tmp_path)
    assert "hash $replica_key consistent;" in conf
    assert "server 127.0.0.1:8601 " in conf and "server 127.0.0.1:8602 " in conf
    assert "client_max_body_size 20m;" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("nginx is not installed (./dev test installs it)")
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / sub).mkdir()
    (tmp_path / "nginx.conf").write_text(conf)
    checked = subprocess.run(
        [nginx, "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stderr
