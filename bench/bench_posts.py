"""What the posts layer costs over the websocket: the overview with and without it.

Prints figures; not a test. Loads the overview in a fresh browser context (a first visit)
with the priority layer and with the posts layer (the whole bundled network as markers, with a
legend entry per colour and shape), and the travel-advice layer, and reports the websocket bytes
of each and what the posts add. Then, without a browser, the size of the posts' marker traces
for a network of 500 posts (every post abroad and the honorary consulates, about the size the
ministry reports), built from the bundled posts repeated: the headroom of the 50 KB budget.

    python bench/bench_posts.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from _app import chromium, running_app

from dashboard.maps import layers
from dashboard.storage import datasets

SHAPES = ".dashboard-map g.units path.unit"
BUDGET_KB = 50


def websocket_bytes(browser, url: str, query: str) -> int:
    """Bytes received over the websocket while ``/?{query}`` loads and draws its map."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    received = [0]

    def on_ws(ws):
        ws.on("framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload)))

    page.on("websocket", on_ws)
    page.goto(f"{url}/?{query}", wait_until="domcontentloaded")
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length > 150", timeout=90_000)
    page.wait_for_timeout(1500)  # let the websocket settle
    context.close()
    return received[0]


def markers_json_bytes(posts: pd.DataFrame) -> int:
    """Size of the posts' marker traces as plotly JSON (what the websocket carries for them)."""
    traces = layers.post_markers(posts, "nl")
    return len(pio.to_json(go.Figure(data=list(traces)), validate=False).encode())


def synthetic_network(posts: pd.DataFrame, size: int) -> pd.DataFrame:
    """``size`` posts: the bundled ones repeated, a third of the copies honorary consulates."""
    copies = []
    for i in range(-(-size // len(posts))):
        copy = posts.assign(post_id=posts["post_id"] + f"_{i}")
        if i % 3 == 2:
            copy = copy.assign(type="honorary_consulate")
        copies.append(copy)
    return pd.concat(copies, ignore_index=True).head(size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with running_app() as (url, _), chromium() as browser:
        websocket_bytes(browser, url, "layer=priority")  # warm the server's caches once
        figures = {
            query: statistics.median(websocket_bytes(browser, url, query) for _ in range(args.runs))
            for query in ("layer=priority", "layer=posts", "layer=traveladvice")
        }
    posts = datasets.load("posts")
    print(f"runs: {args.runs} each (median); warm server; headless Chromium; first visits")
    for query, size in figures.items():
        print(f"   websocket bytes, overview ?{query:22s} {size / 1024:7.1f} KB")
    added = (figures["layer=posts"] - figures["layer=priority"]) / 1024
    verdict = "within" if added < BUDGET_KB else "OVER"
    print(
        f"-- the posts layer adds {added:.1f} KB per load for {len(posts)} posts "
        f"({verdict} the {BUDGET_KB} KB budget)"
    )
    for size in (len(posts), 500):
        network = posts if size == len(posts) else synthetic_network(posts, size)
        print(
            f"-- marker traces as JSON, {size:4d} posts: "
            f"{markers_json_bytes(network) / 1024:6.1f} KB (no browser)"
        )


if __name__ == "__main__":
    main()
