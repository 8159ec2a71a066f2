"""Write the base-map topology that plotly's geo maps fetch, so they never ask a CDN.

plotly.js fetches ``<topojsonURL>world_<resolution>m.json`` for every geo map. The
countries themselves are drawn by our own choropleth (from ``static/geo/``), so the base
map holds only the ocean. d3-geo reads a counter-clockwise ring as "everything outside
this ring": one tiny counter-clockwise ring under the South Pole is the whole sphere, so
the ocean is painted on the globe only, not in the corners of the frame.

Run: ``python geo/build_basemap.py`` (no input; deterministic output).
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "static" / "topojson"

# Counter-clockwise (seen from above: west -> south -> east) around a point near the pole.
_POLE_RING = [[-1.0, -89.9], [0.0, -89.95], [1.0, -89.9], [0.0, -89.85], [-1.0, -89.9]]

_EMPTY = {"type": "GeometryCollection", "geometries": []}


def topology() -> dict:
    """The base-map topology: an ocean covering the sphere, every other layer empty."""
    return {
        "type": "Topology",
        "objects": {
            "ocean": {"type": "Polygon", "arcs": [[0]]},
            "land": _EMPTY,
            "lakes": _EMPTY,
            "rivers": _EMPTY,
            "coastlines": _EMPTY,
            "countries": _EMPTY,
            "subunits": _EMPTY,
        },
        "arcs": [_POLE_RING],
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    text = json.dumps(topology(), separators=(",", ":"))
    for resolution in ("110", "50"):
        (OUT / f"world_{resolution}m.json").write_text(text + "\n", encoding="utf-8")
    print(f"wrote {OUT}/world_110m.json and world_50m.json ({len(text)} bytes each)")


if __name__ == "__main__":
    main()
