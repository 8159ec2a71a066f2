"""Write the base-map topology that plotly's geo maps fetch, so they never ask a CDN.

plotly.js fetches ``<topojsonURL>world_<resolution>m.json`` for every geo map. The
countries themselves are drawn by our own choropleth (from ``static/geo/``), so the base
map holds only the ocean: four overlapping quarter-globes, each smaller than a hemisphere
so that d3-geo cannot mistake its inside for its outside (plotly rewinds rings to their
smaller side). Edges along parallels are densified, since d3 joins points by great circles.
The ocean is painted on the globe only, not in the corners of the frame.

Run: ``python geo/build_basemap.py`` (no input; deterministic output).
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "static" / "topojson"

_LAT = 89.0  # the polar caps beyond this are never in view
_QUARTERS = ((-180, -89), (-91, 1), (-1, 91), (89, 180))  # overlapping, so no seams show


def _quarter_ring(west: int, east: int) -> list[list[float]]:
    """Clockwise ring (as d3-geo wants exteriors): up the west edge, east along the top,
    down the east edge, west along the bottom."""
    top = [[float(lon), _LAT] for lon in range(west, east + 1)]
    bottom = [[float(lon), -_LAT] for lon in range(east, west - 1, -1)]
    return [[float(west), -_LAT], *top, *bottom]


_EMPTY = {"type": "GeometryCollection", "geometries": []}


def topology() -> dict:
    """The base-map topology: an ocean covering the globe, every other layer empty."""
    arcs = [_quarter_ring(w, e) for w, e in _QUARTERS]
    return {
        "type": "Topology",
        "objects": {
            "ocean": {"type": "MultiPolygon", "arcs": [[[i]] for i in range(len(arcs))]},
            "land": _EMPTY,
            "lakes": _EMPTY,
            "rivers": _EMPTY,
            "coastlines": _EMPTY,
            "countries": _EMPTY,
            "subunits": _EMPTY,
        },
        "arcs": arcs,
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    text = json.dumps(topology(), separators=(",", ":"))
    for resolution in ("110", "50"):
        (OUT / f"world_{resolution}m.json").write_text(text + "\n", encoding="utf-8")
    print(f"wrote {OUT}/world_110m.json and world_50m.json ({len(text)} bytes each)")


if __name__ == "__main__":
    main()
