"""Benchmark: how long the boundary files take to load, and how big they are.

Run with ``python bench/bench_boundaries.py``. Each level is loaded in a fresh interpreter, so the
time is a cold read (what the first page view of a new server process pays); the budget is well
under 1 s per level.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = [
    "geo/boundaries.parquet",
    "static/geo/countries.geojson",
    "static/geo/world.geojson",
    "geo/names.csv",
]
COLD_LOAD = """
import time
t0 = time.perf_counter()
from dashboard.storage import boundaries as geo
t1 = time.perf_counter()
units = geo.load_boundaries({detail!r})
t2 = time.perf_counter()
geo.load_boundaries({detail!r})
t3 = time.perf_counter()
print(f"{{t1 - t0:.3f}} {{t2 - t1:.3f}} {{t3 - t2:.4f}} {{len(units)}}")
"""


def main() -> None:
    print(f"{'file':<32} {'raw':>12} {'gzip -9':>12}")
    for name in FILES:
        data = (ROOT / name).read_bytes()
        print(f"{name:<32} {len(data):>12,} {len(gzip.compress(data, 9)):>12,}")
    print(f"\n{'detail':<8} {'import s':>9} {'first load s':>13} {'cached s':>9} {'units':>6}")
    for detail in ("print", "web"):
        env_path = str(ROOT / "src")
        out = subprocess.run(
            [sys.executable, "-c", COLD_LOAD.format(detail=detail)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
        ).stdout.split()
        print(f"{detail:<8} {out[0]:>9} {out[1]:>13} {out[2]:>9} {out[3]:>6}")


if __name__ == "__main__":
    main()
