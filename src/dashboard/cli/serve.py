"""``serve``: several app processes (replicas) behind nginx, on one PostgreSQL.

Each replica is ``python -m dashboard.web.serve`` (a warm ``streamlit run app.py``) on its own
loopback port. nginx (Debian's package) listens on one port and keeps each browser on one
replica: the first answer sets a random cookie, and the replica is chosen by a consistent hash
of it, so the page, its websocket and its uploads reach the same process (Streamlit keeps a
session in the process behind its websocket). When that replica stops, nginx sends the
reconnecting browser to another; the session starts again there from the URL, which holds
every choice. The replicas share one ``server.cookieSecret`` so their cookies stay valid.

The database is ``DASHBOARD_DB_URL`` when it names PostgreSQL; otherwise a PostgreSQL server is
started from Debian's binaries with its files in ``var/postgres`` (kept between runs).
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dashboard import settings


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "serve",
        help="run N app processes behind nginx on one PostgreSQL",
        description="Start N replicas of the app behind nginx (sticky sessions) on one "
        "PostgreSQL: DASHBOARD_DB_URL, or a server started in var/postgres.",
    )
    p.add_argument("--replicas", type=int, default=2, metavar="N")
    p.add_argument("--port", type=int, default=8500, help="the port nginx listens on")
    p.add_argument("--address", default="127.0.0.1", help="the address nginx listens on")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.replicas < 1:
        print(f"error: --replicas must be 1 or more, not {args.replicas}", file=sys.stderr)
        return 2
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    with deployment(args.replicas, args.port, args.address, log=sys.stdout) as dep:
        print(f"serving {dep.url} — {args.replicas} replicas on {', '.join(dep.replica_urls)}")
        print(f"database: {dep.db_url.split('@')[-1]}; Ctrl+C stops everything", flush=True)
        try:
            while not stop and all(p.poll() is None for p in dep.processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
    return 0


def free_port(address: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((address, 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen | None = None, timeout: float = 180) -> None:
    """Wait for ``url``/_stcore/health to answer 200 (the app is warm by then)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the process for {url} exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


# -- PostgreSQL ------------------------------------------------------------------------------
def _pg_bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql")
    return Path(found[-1]).parent


@contextlib.contextmanager
def local_postgres(folder: Path, port: int) -> Iterator[str]:
    """A PostgreSQL server on 127.0.0.1:``port`` with its files in ``folder``; yields its URL."""
    bindir = _pg_bindir()
    prefix: list[str] = []
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: Debian's postgres user runs it
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    if not (data / "PG_VERSION").exists():
        initdb = [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]
        _quietly([*prefix, *initdb, "-E", "UTF8", "--locale=C"])
    options = f"-h 127.0.0.1 -p {port} -k {folder} -c max_connections=200"
    ctl = [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-w", "-t", "60"]
    _quietly([*ctl, "-l", str(folder / "log"), "-o", options, "start"])
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*ctl, "-m", "fast", "stop"], capture_output=True, timeout=60)


def _quietly(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if done.returncode:
        raise RuntimeError(f"{command[-1]} failed: {done.stderr.strip() or done.stdout.strip()}")


# -- nginx -----------------------------------------------------------------------------------
def nginx_config(
    listen: str, replica_ports: list[int], upload_mb: int, prefix: Path, user: str = ""
) -> str:
    """The proxy: sticky by a random cookie, websockets passed through, uploads limited."""
    servers = "\n".join(
        f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in replica_ports
    )
    return f"""{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    # A browser keeps the replica it was first sent to: a random id in a cookie, hashed.
    map $cookie_dashboard_replica $replica_key {{
        "" $request_id;
        default $cookie_dashboard_replica;
    }}
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        "" close;
    }}
    upstream replicas {{
        hash $replica_key consistent;
{servers}
    }}
    server {{
        listen {listen};
        # The app refuses uploads over DASHBOARD_UPLOAD_MAX_MB; the proxy lets exactly those in.
        client_max_body_size {upload_mb}m;
        location / {{
            add_header Set-Cookie "dashboard_replica=$replica_key; Path=/; HttpOnly; SameSite=Lax"
                always;
            add_header X-Dashboard-Replica $upstream_addr always;
            proxy_pass http://replicas;
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 1d;
            proxy_send_timeout 1d;
            proxy_buffering off;
            proxy_next_upstream error timeout http_502 http_503;
            proxy_connect_timeout 5s;
        }}
    }}
}}
"""


@dataclass
class Deployment:
    url: str
    db_url: str
    replica_urls: list[str]
    processes: list[subprocess.Popen] = field(default_factory=list)
    replicas: list[subprocess.Popen] = field(default_factory=list)


@contextlib.contextmanager
def deployment(
    replicas: int,
    port: int,
    address: str = "127.0.0.1",
    db_url: str | None = None,
    folder: Path | None = None,
    log=None,
    extra_env: dict[str, str] | None = None,
) -> Iterator[Deployment]:
    """Start PostgreSQL (unless ``db_url`` or DASHBOARD_DB_URL names one), ``replicas`` app
    processes and nginx on ``address:port``; stop them all on exit."""
    folder = folder or settings.root() / "var"
    db_url = db_url or settings.db_url()
    with contextlib.ExitStack() as stack:
        if not db_url.startswith("postgres"):
            db_url = stack.enter_context(local_postgres(folder / "postgres", free_port()))
        upload_mb = settings.get_int("DASHBOARD_UPLOAD_MAX_MB")
        env = {
            **os.environ,
            **(extra_env or {}),
            "DASHBOARD_DB_URL": db_url,
            "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
        }
        ports = [free_port() for _ in range(replicas)]
        dep = Deployment(
            f"http://{address}:{port}", db_url, [f"http://127.0.0.1:{p}" for p in ports]
        )
        out = log if log is not None else subprocess.DEVNULL
        # The first replica seeds an empty store; the others start once it has.
        for i, p in enumerate(ports):
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "dashboard.web.serve",
                    "--server.port",
                    str(p),
                    "--server.address",
                    "127.0.0.1",
                    "--server.maxUploadSize",
                    str(upload_mb),
                ],
                cwd=settings.root(),
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            stack.callback(_stop, proc)
            dep.processes.append(proc)
            dep.replicas.append(proc)
            if i == 0:
                wait_until_up(dep.replica_urls[0], proc)
        for url, proc in zip(dep.replica_urls, dep.replicas, strict=True):
            wait_until_up(url, proc)
        nginx_dir = folder / f"nginx-{port}"
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (nginx_dir / sub).mkdir(parents=True, exist_ok=True)
        user = ""
        if os.geteuid() == 0:  # nginx's workers drop to nobody; they write uploads to body/
            nobody = pwd.getpwnam("nobody")
            for sub in ("body", "proxy"):
                os.chown(nginx_dir / sub, nobody.pw_uid, nobody.pw_gid)
            user = "user nobody nogroup;\n"
        conf = nginx_dir / "nginx.conf"
        conf.write_text(nginx_config(f"{address}:{port}", ports, upload_mb, nginx_dir, user))
        nginx = subprocess.Popen(
            [
                shutil.which("nginx") or "/usr/sbin/nginx",
                "-c",
                str(conf),
                "-p",
                str(nginx_dir),
                "-g",
                "daemon off;",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        stack.callback(_stop, nginx)
        dep.processes.append(nginx)
        wait_until_up(dep.url, nginx, timeout=30)
        yield dep


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
