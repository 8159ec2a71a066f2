"""What the overview page costs a user: websocket bytes, static bytes, time to the first shape.

Prints figures; not a test. Compares, in one run, the time until a page without a map shows its
content with the time until the overview draws its first country shape.

    python bench/bench_overview.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

from _app import chromium, running_app

SHAPES = "g.choroplethlayer path.choroplethlocation"


def measure(browser, url: str, warm: bool) -> dict:
    """One measurement in a fresh browser context; ``warm``: after one earlier visit, so the
    browser has the app's scripts and the boundaries in its cache (a returning user)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    if warm:
        page.goto(f"{url}/", wait_until="domcontentloaded")
        page.wait_for_function(
            f"document.querySelectorAll('{SHAPES}').length > 150", timeout=60_000
        )
    ws_bytes = [0]
    static_bytes: dict[str, int] = {}

    def on_ws(ws):
        ws.on("framereceived", lambda payload: ws_bytes.__setitem__(0, ws_bytes[0] + len(payload)))

    def on_response(response):
        if "/app/static/" in response.url:
            body = response.body()
            static_bytes[response.url.rsplit("/", 1)[-1]] = len(body)

    page.on("websocket", on_ws)
    page.on("response", on_response)

    t0 = time.perf_counter()
    page.goto(f"{url}/sources", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Bronnen").wait_for(timeout=60_000)
    no_map = time.perf_counter() - t0

    ws_bytes[0] = 0
    t0 = time.perf_counter()
    page.goto(f"{url}/", wait_until="domcontentloaded")
    page.wait_for_selector(SHAPES, timeout=60_000)
    first_shape = time.perf_counter() - t0
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length > 150")
    all_shapes = time.perf_counter() - t0
    page.wait_for_timeout(1500)  # let the websocket settle
    context.close()
    return {
        "no_map": no_map,
        "first_shape": first_shape,
        "all_shapes": all_shapes,
        "ws_bytes": ws_bytes[0],
        "static": static_bytes,
    }


def in_app(browser, url: str) -> dict:
    """From a page without a map, a click on "Overview" in the sidebar (no page reload):
    the first time in a tab, and again after the map has been shown once in that tab."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    times = {}
    for kind in ("first", "again"):
        page.goto(f"{url}/sources", wait_until="domcontentloaded")
        page.get_by_role("heading", name="Bronnen").wait_for(timeout=60_000)
        if kind == "again":
            page.get_by_role("link", name="Overzicht / Overview").click()
            page.wait_for_selector(SHAPES, state="attached", timeout=60_000)
            page.get_by_role("link", name="Bronnen / Sources").click()
            page.get_by_role("heading", name="Bronnen").wait_for(timeout=60_000)
        t0 = time.perf_counter()
        page.get_by_role("link", name="Overzicht / Overview").click()
        page.wait_for_selector(SHAPES, state="attached", timeout=60_000)
        times[kind] = time.perf_counter() - t0
    context.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with running_app() as (url, _), chromium() as browser:
        measure(browser, url, warm=False)  # warm the server's caches once, as a running app is
        results = {
            kind: [measure(browser, url, warm=kind == "warm") for _ in range(args.runs)]
            for kind in ("cold", "warm")
        }
        clicks = [in_app(browser, url) for _ in range(args.runs)]
    print(f"runs: {args.runs} each (median); warm server; headless Chromium")
    for kind, runs in results.items():
        med = {
            k: statistics.median(r[k] for r in runs)
            for k in ("no_map", "first_shape", "all_shapes", "ws_bytes")
        }
        label = (
            "first visit (empty browser cache)"
            if kind == "cold"
            else "returning visit (browser cache filled)"
        )
        print(f"-- {label}")
        print(f"   page without a map shown:      {med['no_map'] * 1000:7.0f} ms")
        print(f"   overview first shape drawn:    {med['first_shape'] * 1000:7.0f} ms")
        print(f"   overview all shapes drawn:     {med['all_shapes'] * 1000:7.0f} ms")
        extra = (med["first_shape"] - med["no_map"]) * 1000
        print(f"   first shape after no-map page: {extra:+7.0f} ms")
        print(f"   websocket bytes, overview:     {med['ws_bytes'] / 1024:7.1f} KB")
    for kind, label in (("first", "first time in the tab"), ("again", "map shown before")):
        ms = statistics.median(c[kind] for c in clicks) * 1000
        print(
            f"-- sidebar click from a page without a map to the first shape ({label}): {ms:.0f} ms"
        )
    for name, size in sorted(results["cold"][-1]["static"].items()):
        print(f"static fetched: {name:24s} {size / 1024:7.1f} KB (decoded; served gzipped)")


if __name__ == "__main__":
    main()
