"""What a briefing picture costs: one picture once the process is warm (composing and
drawing apart), and the batch of all priority regions. Prints figures; not a test.
Targets: one picture warm < 3 s, all regions < 20 s. The CPU time the process spent is
printed beside the wall time: on a shared machine the wall time also counts the waiting.

    python bench/bench_briefing.py [--runs 3] [--size screen|a4|a4-portrait]

Uses the store named by DASHBOARD_DB_URL (default: var/dashboard.sqlite, seeded from data/).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from dashboard import briefing
from dashboard.services import briefings
from dashboard.storage import boundaries as geo
from dashboard.storage import bundled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", choices=tuple(briefing.SIZES), default="screen")
    args = parser.parse_args()
    print(f"load average before: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")

    start = time.perf_counter()
    boundaries = geo.load_boundaries("print")
    data = briefings.load_data()
    print(f"cold start (boundaries + datasets): {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    briefing.render(briefings.spec(region_id="caribbean", size=args.size), boundaries, data)
    print(f"first picture (fonts, caches):      {time.perf_counter() - start:.2f} s")

    views = [
        ("world", briefings.spec(size=args.size)),
        ("eastern_europe", briefings.spec(region_id="eastern_europe", size=args.size)),
        ("UKR (default)", briefings.spec(country="UKR", size=args.size)),
    ]
    for name, spec in views:
        composing, drawing, cpu, size = [], [], [], 0
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            content = briefing.compose(spec, data, boundaries)
            middle = time.perf_counter()
            size = len(briefing.render_png(content, boundaries))
            composing.append(middle - start)
            drawing.append(time.perf_counter() - middle)
            cpu.append(time.process_time() - start_cpu)
        total = [c + d for c, d in zip(composing, drawing, strict=True)]
        print(
            f"one picture warm, {name:<15} median {statistics.median(total):.2f} s "
            f"(compose {statistics.median(composing):.2f}, draw {statistics.median(drawing):.2f}; "
            f"CPU {statistics.median(cpu):.2f} s), max {max(total):.2f} s, "
            f"{size / 1024:.0f} KB  (target < 3 s)"
        )

    start, start_cpu = time.perf_counter(), time.process_time()
    total_bytes = 0
    regions = bundled.load_regions()
    for region in regions:
        spec = briefings.spec(region_id=region.region_id, size=args.size)
        total_bytes += len(briefing.render(spec, boundaries, data))
    print(
        f"batch of all {len(regions)} regions:            {time.perf_counter() - start:.2f} s "
        f"(CPU {time.process_time() - start_cpu:.2f} s), {total_bytes / 1024:.0f} KB  "
        "(target < 20 s)"
    )
    print(f"load average after:  {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
