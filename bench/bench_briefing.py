"""What a briefing picture costs: one picture once the process is warm, and the batch of all
priority regions. Prints figures; not a test. Targets (issue 5): < 3 s and < 20 s.

    python bench/bench_briefing.py [--runs 3] [--size screen|a4]

Uses the store named by DASHBOARD_DB_URL (default: var/dashboard.sqlite, seeded from data/).
"""

from __future__ import annotations

import argparse
import statistics
import time

from dashboard.briefing import spec as briefing
from dashboard.services import briefings
from dashboard.storage import boundaries as geo
from dashboard.storage import bundled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", choices=tuple(briefing.SIZES), default="screen")
    args = parser.parse_args()

    start = time.perf_counter()
    boundaries = geo.load_boundaries("print")
    data = briefings.load_data()
    print(f"cold start (boundaries + datasets): {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    briefing.briefing(
        briefing.BriefingSpec(region_id="caribbean", size=args.size), boundaries, data
    )
    print(f"first picture (fonts, caches):      {time.perf_counter() - start:.2f} s")

    views = [
        ("world", briefing.BriefingSpec(size=args.size)),
        ("eastern_europe", briefing.BriefingSpec(region_id="eastern_europe", size=args.size)),
        (
            "UKR commitments",
            briefing.BriefingSpec(country="UKR", layer="commitments", size=args.size),
        ),
    ]
    for name, spec in views:
        times, size = [], 0
        for _ in range(args.runs):
            start = time.perf_counter()
            size = len(briefing.briefing(spec, boundaries, data))
            times.append(time.perf_counter() - start)
        print(
            f"one picture warm, {name:<16} median {statistics.median(times):.2f} s, "
            f"max {max(times):.2f} s, {size / 1024:.0f} KB  (target < 3 s)"
        )

    start = time.perf_counter()
    total = 0
    for region in bundled.load_regions():
        total += len(
            briefing.briefing(
                briefing.BriefingSpec(region_id=region.region_id, size=args.size), boundaries, data
            )
        )
    n = len(bundled.load_regions())
    print(
        f"batch of all {n} regions:            {time.perf_counter() - start:.2f} s, "
        f"{total / 1024:.0f} KB  (target < 20 s)"
    )


if __name__ == "__main__":
    main()
