"""Browsing cost: the server's rerun after a filter change, the map's redraw in the browser,
and what each extra browser session adds to the server's memory.

Prints figures; not a test.

    python bench/bench_browse.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from _app import ROOT, chromium, running_app

SHAPES = "g.choroplethlayer path.choroplethlocation"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def server_reruns(runs: int) -> list[float]:
    """Seconds per rerun of the overview after the region changes (AppTest, warm caches)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    regions = ["middle_east", "caribbean", "eastern_europe", "horn_of_africa", "south_china_sea"]
    times = []
    for i in range(runs):
        at.selectbox[0].set_value(regions[i % len(regions)])
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
    return times


def browser_redraws(browser, url: str, runs: int) -> list[float]:
    """Seconds from choosing another layer to the map drawn with the new layer's legend."""
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.goto(f"{url}/", wait_until="domcontentloaded")
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length > 150")
    layers = [
        ("Situatie", "oorlog"),
        ("Toezeggingen", "Geen toezeggingen per land"),
        ("Prioriteiten", "Overig"),
    ]
    times = []
    for i in range(runs):
        layer, legend_text = layers[i % len(layers)]
        page.get_by_role("combobox", name="Kaartlaag").click()
        t0 = time.perf_counter()
        page.get_by_role("option", name=layer, exact=True).click()
        page.locator("g.legend text", has_text=legend_text).first.wait_for()
        page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length > 150")
        times.append(time.perf_counter() - t0)
    page.context.close()
    return times


def session_memory(browser, url: str, pid: int) -> list[float]:
    """Server RSS after 1, 2 and 3 browser sessions have each opened the overview."""
    contexts, rss = [], []
    for _ in range(3):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.goto(f"{url}/", wait_until="domcontentloaded")
        page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length > 150")
        page.wait_for_timeout(1000)
        contexts.append(context)
        rss.append(rss_mb(pid))
    for context in contexts:
        context.close()
    return rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    reruns = server_reruns(args.runs)
    with running_app() as (url, proc), chromium() as browser:
        memory = session_memory(browser, url, proc.pid)
        redraws = browser_redraws(browser, url, args.runs)
    print(
        f"server rerun after a region change (AppTest, warm): median "
        f"{statistics.median(reruns) * 1000:.0f} ms, max {max(reruns) * 1000:.0f} ms"
    )
    print(
        f"browser: layer change to redrawn map: median {statistics.median(redraws) * 1000:.0f}"
        f" ms, max {max(redraws) * 1000:.0f} ms"
    )
    print(
        f"server memory after 1/2/3 sessions: {memory[0]:.0f} / {memory[1]:.0f} / "
        f"{memory[2]:.0f} MB (2nd and 3rd add {memory[2] - memory[0]:+.0f} MB)"
    )


if __name__ == "__main__":
    main()
