"""What the overview costs a browser, next to pages without a map, measured in the same run.

Prints figures with the target beside each; not a test. Each visit is a new Chromium (empty
cache, nothing compiled) on the same warm server; the runs alternate between the pages so that
the machine's load falls on all alike. Two floors: an empty Streamlit page (one title, in a
server of its own with Streamlit's defaults) and a page of this app without a map (its sidebar,
text and tables).

- first content: the page's title shown; first shape: the first country drawn on the map;
- browser CPU: user + system time of every Chromium process from the visit's start until the
  page is complete (all shapes drawn) and one more second has passed;
- bytes over the websocket and geometry fetched from static/.

    python bench/bench_overview.py [--runs 3] [--against DIR]

``--against DIR`` measures the overview of another checkout (e.g. ``git archive main``) in the
same run, its server beside this one's, each visit alternating with the others.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time
from pathlib import Path

from _app import (
    ALL_SHAPES,
    LONG,
    SHAPES,
    browser_cpu,
    chromium,
    running_app,
    running_empty_page,
    verdict,
)
from playwright.sync_api import sync_playwright

EMPTY = ("/", "Leeg")  # the empty Streamlit page (_empty_page.py)
NO_MAP = ("/sources", "Bronnen")  # a page of this app: text and tables, no map
OVERVIEW = ("/", "Buitenlandbeleid in beeld")
# The page's title (or header) shown: its first content.
SHOWN = "h => [...document.querySelectorAll('h1, h2')].some(e => e.textContent.includes(h))"


def visit(p, url: str, path: str, heading: str, has_map: bool) -> dict:
    with chromium(p) as browser:
        page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
        ws_bytes = [0]
        page.on(
            "websocket",
            lambda ws: ws.on(
                "framereceived", lambda f: ws_bytes.__setitem__(0, ws_bytes[0] + len(f))
            ),
        )
        static = []
        page.on("response", lambda r: static.append(r) if "/app/static/" in r.url else None)
        cpu0, t0 = browser_cpu(), time.perf_counter()
        page.goto(url + path, wait_until="commit")
        # The waits are cheap checks of the page, alike on every page (Playwright's role
        # queries would walk the whole page, the map's shapes included, at each try).
        page.wait_for_function(SHOWN, arg=heading, timeout=LONG, polling=50)
        result = {"content": time.perf_counter() - t0}
        if has_map:
            page.wait_for_function(f"document.querySelector('{SHAPES}')", timeout=LONG, polling=50)
            result["shape"] = time.perf_counter() - t0
            page.wait_for_function(ALL_SHAPES, timeout=LONG, polling=50)
        page.wait_for_timeout(1000)  # what the page does right after: part of its cost
        result["cpu"] = browser_cpu() - cpu0
        result["ws"] = ws_bytes[0]
        # Read after the CPU figure: fetching a body through the browser costs it CPU.
        result["static"] = {r.url.rsplit("/", 1)[-1]: len(r.body()) for r in static}
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--against", type=Path, help="another checkout, measured alike")
    parser.add_argument(
        "--page",
        nargs=2,
        metavar=("PATH", "HEADING"),
        default=OVERVIEW,
        help="measure this page instead of the overview (its path and its heading)",
    )
    args = parser.parse_args()
    page = tuple(args.page)
    empty, no_map, overview, other = [], [], [], []
    with contextlib.ExitStack() as stack:
        empty_url = stack.enter_context(running_empty_page())
        url, _ = stack.enter_context(running_app())
        other_url = stack.enter_context(running_app(root=args.against))[0] if args.against else ""
        p = stack.enter_context(sync_playwright())
        visit(p, empty_url, *EMPTY, has_map=False)  # each server's first visitor: not measured
        for first in filter(None, (url, other_url)):
            visit(p, first, *page, has_map=True)
        for _ in range(args.runs):
            empty.append(visit(p, empty_url, *EMPTY, has_map=False))
            no_map.append(visit(p, url, *NO_MAP, has_map=False))
            overview.append(visit(p, url, *page, has_map=True))
            if other_url:
                other.append(visit(p, other_url, *page, has_map=True))
    floors = {
        "the empty Streamlit page": empty,
        f"this app's page without a map ({NO_MAP[0]})": no_map,
    }
    report(args.runs, floors, overview, f"this checkout, {page[0]}")
    if other:
        report(args.runs, floors, other, f"{args.against}, {page[0]}")


def report(runs: int, floors: dict[str, list[dict]], overview: list[dict], which: str) -> None:

    def med(rows, key):
        return statistics.median(r[key] for r in rows)

    print(f"\n{which}: {runs} runs each, medians; new headless Chromium per visit; warm server")
    for name, rows in floors.items():
        content, cpu = med(rows, "content"), med(rows, "cpu")
        print(f"{name}: first content {content:.2f} s, browser CPU {cpu:.2f} s")
    content, shape, cpu = med(overview, "content"), med(overview, "shape"), med(overview, "cpu")
    print(f"map page: first content {content:.2f} s, first shape {shape:.2f} s, CPU {cpu:.2f} s")
    for name, rows in floors.items():
        gap = statistics.median(
            o["shape"] - e["content"] for o, e in zip(overview, rows, strict=True)
        )
        ratio = statistics.median(o["cpu"] / e["cpu"] for o, e in zip(overview, rows, strict=True))
        print(
            f"against {name}: first map shape {gap:+.2f} s after its first content "
            f"(target: at most +1.00 s; {verdict(gap <= 1.0)}); browser CPU {ratio:.2f}x "
            f"(median of the visits' ratios; target: at most 1.5x; {verdict(ratio <= 1.5)}); "
            f"ratio of the medians {med(overview, 'cpu') / med(rows, 'cpu'):.2f}x"
        )
    for name, rows in [*floors.items(), ("the map page", overview)]:
        visits = " ".join(f"{r['cpu']:.2f}" for r in rows)
        print(f"browser CPU per visit, {name}: {visits} s")
    print(f"websocket bytes: {med(overview, 'ws') / 1024:.1f} KB")
    for name, size in sorted(overview[-1]["static"].items()):
        print(f"static fetched: {name:24s} {size / 1024:7.1f} KB (decoded; served gzipped)")


if __name__ == "__main__":
    main()
