"""Browsing cost: the server's rerun, the map's redraw after a layer or region change, and the
first visitor after a start next to the second. Prints each figure with its target; not a test.

    python bench/bench_browse.py [--runs 5] [--only-changes] [--against DIR]

``--against DIR`` measures the layer and region changes of another checkout (e.g. ``git archive
main``) in the same run; ``--only-changes`` measures only those changes.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from _app import ALL_SHAPES, LONG, ROOT, SHAPES, chromium, running_app, verdict
from _protocol import Session
from playwright.sync_api import sync_playwright


def server_reruns(runs: int) -> tuple[list[float], list[float]]:
    """Seconds per rerun of the overview after the region changes, wall and CPU (AppTest: the
    script alone; each region seen once before, as on a server that has been up a while). The
    CPU time does not grow with the machine's load, the wall time does."""
    from streamlit.testing.v1 import AppTest

    from dashboard.storage import bundled

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=LONG / 1000).run()
    today = bundled.load_regions(bundled.in_force().programme_id)
    regions = ["world", *(r.region_id for r in today)][:5]  # the programme in force's regions
    for region in regions:
        at.selectbox[0].set_value(region)
        at.run()
    times, cpu = [], []
    for i in range(runs):
        at.selectbox[0].set_value(regions[i % len(regions)])
        t0, c0 = time.perf_counter(), time.process_time()
        at.run()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return times, cpu


# The western edge of the map's view: changes when the region does.
LON0 = "document.querySelector('.dashboard-map').figure.layout.geo.lonaxis.range[0]"


def _legend_text(page, text: str):
    return page.locator(".dashboard-map .legend text", has_text=text).first


def _choose_region(page, region: str) -> float:
    """Choose ``region``; seconds until the map shows its extent with every shape drawn."""
    page.get_by_role("combobox", name="Regio").click()
    old = page.evaluate(LON0)
    t0 = time.perf_counter()
    page.get_by_role("option", name=region, exact=True).click()
    page.wait_for_function(f"{LON0} !== {old} && {ALL_SHAPES}", timeout=LONG, polling=50)
    return time.perf_counter() - t0


def browser_changes(browser, url: str, runs: int) -> tuple[list[float], list[float], int]:
    """Seconds from choosing another layer (then region) to the map drawn anew; and the
    geometry files fetched after the first map (none: the browser keeps them)."""
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.set_default_timeout(LONG)
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if r.url.endswith(".geojson") else None)
    page.goto(f"{url}/", wait_until="domcontentloaded")
    page.wait_for_function(ALL_SHAPES, timeout=LONG, polling=50)
    # Every region once, so that each later change redraws from geometry already fetched.
    for region in ("Midden-Oosten", "Hele wereld"):
        _choose_region(page, region)
    first_fetches = len(fetched)
    layers = [
        ("Situatie", "oorlog"),
        ("Toezeggingen", "Geen toezeggingen"),
        ("Prioriteiten", "Overig"),
    ]
    layer_times = []
    for i in range(runs):
        layer, legend = layers[i % len(layers)]
        page.get_by_role("combobox", name="Kaartlaag").click()
        t0 = time.perf_counter()
        page.get_by_role("option", name=layer, exact=True).click()
        _legend_text(page, legend).wait_for(timeout=LONG)
        page.wait_for_function(ALL_SHAPES, timeout=LONG, polling=50)
        layer_times.append(time.perf_counter() - t0)
    region_times = []
    for i in range(runs):
        region_times.append(_choose_region(page, ("Midden-Oosten", "Hele wereld")[i % 2]))
    page.context.close()
    return layer_times, region_times, len(fetched) - first_fetches


def first_and_second_visitor(p, starts: int) -> tuple[list[tuple[float, float]], list]:
    """Per start of the server: seconds to the first map shape for the first visitor and for
    the second (each in a new Chromium), and the same at the protocol level (the server's
    share: seconds to the map element, no browser)."""
    with chromium(p) as browser:  # Chromium itself read from disk once, before any start
        browser.new_page().goto("about:blank")
    browsers, servers = [], []
    for _ in range(starts):
        with running_app() as (url, _):
            visits = []
            for _ in range(2):
                with chromium(p) as browser:
                    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
                    t0 = time.perf_counter()
                    page.goto(f"{url}/", wait_until="commit")
                    page.wait_for_selector(SHAPES, timeout=LONG)
                    visits.append(time.perf_counter() - t0)
            browsers.append(tuple(visits))
        with running_app() as (url, _):
            sessions = [Session(url) for _ in range(2)]
            servers.append(tuple(s.run().first_map for s in sessions))
            for s in sessions:
                s.close()
    return browsers, servers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--starts", type=int, default=3, help="server starts for first/second")
    parser.add_argument("--only-changes", action="store_true", help="only layer/region changes")
    parser.add_argument("--against", type=Path, help="another checkout: its changes too")
    args = parser.parse_args()
    with sync_playwright() as p:
        checkouts = [None, args.against] if args.against else [None]
        changes = {}
        for _ in range(2 if args.against else 1):  # alternating, when comparing
            for root in checkouts:
                app = running_app(**({"root": root} if root else {}))
                with app as (url, _), chromium(p) as browser:
                    found = browser_changes(browser, url, args.runs)
                layer, region, refetched = changes.get(root, ([], [], 0))
                changes[root] = (layer + found[0], region + found[1], refetched + found[2])
        if not args.only_changes:
            visits, servers = first_and_second_visitor(p, args.starts)
    for root, (layer_times, region_times, refetched) in changes.items():
        print(f"{root or 'this checkout'}:")
        print_changes(layer_times, region_times, refetched)
    if args.only_changes:
        return
    reruns, rerun_cpu = server_reruns(args.runs)
    rerun, cpu = statistics.median(reruns), statistics.median(rerun_cpu)
    print(
        f"server rerun after a region change (AppTest, warm): CPU median {cpu * 1000:.0f} ms "
        f"(target: under 150 ms; {verdict(cpu < 0.15)}); wall median {rerun * 1000:.0f} ms, "
        f"max {max(reruns) * 1000:.0f} ms"
    )
    ratios = [a / b for a, b in visits]
    ratio = statistics.median(ratios)
    print(
        "first visitor after a start, to the first shape, next to the second visitor (s): "
        + ", ".join(f"{a:.1f} / {b:.1f}" for a, b in visits)
        + f"; median ratio {ratio:.2f}x (target: at most 1.20x; {verdict(ratio <= 1.2)})"
    )
    extra = statistics.median(a - b for a, b in servers)
    share = extra / statistics.median(b for _, b in visits)
    print(
        "the server's share (protocol level, no browser), first / second session to the map "
        "element (s): "
        + ", ".join(f"{a:.2f} / {b:.2f}" for a, b in servers)
        + f"; the first visitor's extra wait on the server is {share:.0%} of a second visit "
        f"(target: at most 20%; {verdict(share <= 0.2)})"
    )


def print_changes(layer_times: list[float], region_times: list[float], refetched: int) -> None:
    for what, times in (("layer", layer_times), ("region", region_times)):
        med = statistics.median(times)
        print(
            f"browser: {what} change to redrawn map: median {med * 1000:.0f} ms, max "
            f"{max(times) * 1000:.0f} ms (target: under 1000 ms; {verdict(med < 1.0)})"
        )
    print(f"geometry fetched again by those changes: {refetched} (target: 0)")


if __name__ == "__main__":
    main()
