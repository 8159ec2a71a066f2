"""Many overview sessions at once, without browsers: the websocket protocol a browser speaks
(bench/_protocol.py). Prints, per number of sessions, the errors, the time to the map element,
the server's CPU and memory per session, each with its target; not a test.

    python bench/bench_load.py                      # one process: watcher off and on, N = 1, 10
    python bench/bench_load.py --replicas 2 --sessions 1,10,50   # two replicas behind nginx

With ``--replicas``, the deployment of ``./dev serve`` (nginx, PostgreSQL) is started; only
loopback addresses are used. Every session is bounded in time (``--timeout``).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from _app import cpu_seconds, rss_mb, running_app, verdict
from _protocol import Session, Visit

from dashboard.cli import serve


def load(url: str, pids: list[int], sessions: int, timeout: float) -> dict:
    """Open ``sessions`` sessions at once, each runs the overview; all stay open until the
    last has finished, then the server's memory is read."""
    memory0 = sum(rss_mb(p) for p in pids)
    cpu0 = sum(cpu_seconds(p) for p in pids)
    opened: list[Session] = []

    def one(_) -> Visit:
        try:
            session = Session(url, timeout=timeout)
        except Exception as exc:  # counted, not raised: a load test reports every failure
            return Visit(error=f"{type(exc).__name__}: {exc}")
        opened.append(session)
        return session.run(query="lang=nl")

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=sessions) as pool:
        visits = list(pool.map(one, range(sessions)))
    wall = time.perf_counter() - t0
    cpu = sum(cpu_seconds(p) for p in pids) - cpu0
    memory = sum(rss_mb(p) for p in pids) - memory0
    for session in opened:
        session.close()
    maps = [v.first_map for v in visits if v.first_map is not None]
    return {
        "errors": [v.error or "; ".join(v.exceptions) or "no map" for v in visits if not v.ok],
        "first_map": statistics.median(maps) if maps else float("nan"),
        "first_map_max": max(maps) if maps else float("nan"),
        "wall": wall,
        "cpu": cpu / sessions,
        "memory": memory / sessions,
        "bytes": statistics.median(v.received for v in visits),
    }


def report(label: str, sessions: int, r: dict) -> None:
    print(
        f"{label} N={sessions:3d}: errors {len(r['errors'])} (target 0) | map element median "
        f"{r['first_map']:.2f} s, max {r['first_map_max']:.2f} s | all done {r['wall']:.1f} s | "
        f"server CPU {r['cpu']:.3f} s/session (target < 0.2: {verdict(r['cpu'] < 0.2)}) | "
        f"memory {r['memory']:+.1f} MB/session (target < 10: {verdict(r['memory'] < 10)}) | "
        f"{r['bytes'] / 1024:.0f} KB/session"
    )
    for error in sorted(set(r["errors"]))[:3]:
        print(f"    error: {error}")


def _replicas(dep, counts: list[int], args) -> None:
    pids = [p.pid for p in dep.replicas]
    load(dep.url, pids, 2, args.timeout)  # each replica has answered once
    for n in counts:
        report(f"{args.replicas} replicas via nginx", n, load(dep.url, pids, n, args.timeout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", default="1,10", help="comma-separated, e.g. 1,10,50")
    parser.add_argument("--replicas", type=int, default=0, help="0: one process, no proxy")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per session")
    args = parser.parse_args()
    counts = [int(n) for n in args.sessions.split(",")]
    if args.replicas:
        with tempfile.TemporaryDirectory(prefix="dashboard-load-") as folder:
            Path(folder).chmod(0o755)  # PostgreSQL runs as its own user, in a folder below
            with serve.deployment(args.replicas, serve.free_port(), folder=Path(folder)) as dep:
                _replicas(dep, counts, args)
        return
    for watcher in (False, True):
        with running_app(watcher=watcher) as (url, proc):
            load(url, [proc.pid], 1, args.timeout)
            for n in counts:
                label = f"one process, file watcher {'on ' if watcher else 'off'}"
                report(label, n, load(url, [proc.pid], n, args.timeout))


if __name__ == "__main__":
    main()
