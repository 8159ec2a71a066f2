"""Build the coarse boundaries the browser draws for the whole-world view.

At world zoom a degree is three to four pixels wide, so the web detail
(``static/geo/countries.geojson``, 0.1 degrees, drawn for regions and countries) carries
vertices nobody can see. This file is coverage-simplified from the print detail
(``geo/boundaries.parquet``) at 0.3 degrees with coordinates on a 0.01 degree grid: about a
third of the size, shared borders still shared. Islands under 0.1 square degrees are left out,
except every part of the Kingdom's units (Aruba, Curaçao, Sint Maarten, Bonaire, Sint Eustatius,
Saba and the Netherlands), and units smaller than the tolerance keep their print geometry, so no
unit disappears; the map marks small units with a marker besides.

Run after ``geo/build_boundaries.py``: ``python geo/build_world_view.py`` (deterministic).
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
import simplify_units

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "geo" / "boundaries.parquet"
OUT = ROOT / "static" / "geo" / "world.geojson"
TOLERANCE = 0.3  # degrees
RELATIVE = 0.35  # an island group's tolerance is at most this times sqrt(its area)
MIN_PART_AREA = 0.1  # square degrees
KEEP_ALL_PARTS = {"NLD", "ABW", "CUW", "SXM", "BQ-BO", "BQ-SE", "BQ-SA"}
GRID = 0.01  # degrees
CLEAN_SNAP = 1e-7


def coarse_units(units: dict[str, shapely.Geometry]) -> dict[str, shapely.MultiPolygon]:
    """The world-view geometry of every unit: simplified, gridded, exteriors clockwise (d3)."""
    coarse = simplify_units.drop_small_parts(units, MIN_PART_AREA, KEEP_ALL_PARTS)
    coarse = simplify_units.simplify_coverage(coarse, TOLERANCE, RELATIVE)
    coarse = simplify_units.protect_small_units(coarse, units, TOLERANCE**2)
    coarse = simplify_units.to_grid(coarse, GRID)
    coarse = simplify_units.clean_coverage(coarse, CLEAN_SNAP)
    coarse = {k: shapely.orient_polygons(v, exterior_cw=True) for k, v in coarse.items()}
    geoms = list(coarse.values())
    if not all(shapely.is_valid(geoms)) or not shapely.coverage_is_valid(geoms):
        raise ValueError("the world view is not a valid coverage")
    missing = sorted(k for k, g in coarse.items() if g.is_empty)
    if missing:
        raise ValueError(f"units vanished from the world view: {missing}")
    return coarse


def _rings(polygon: shapely.Polygon) -> list:
    return [
        [[round(x, 2), round(y, 2)] for x, y in ring.coords]
        for ring in (polygon.exterior, *polygon.interiors)
    ]


def main() -> None:
    table = gpd.read_parquet(SOURCE)
    coarse = coarse_units(dict(zip(table["unit_id"], table.geometry, strict=True)))
    features = [
        {
            "type": "Feature",
            "id": unit_id,
            "properties": {},
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": [_rings(p) for p in shapely.get_parts(coarse[unit_id])],
            },
        }
        for unit_id in table["unit_id"]
    ]
    text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    OUT.write_text(text + "\n", encoding="utf-8")
    vertices = sum(shapely.get_num_coordinates(g) for g in coarse.values())
    name = OUT.relative_to(ROOT)
    print(f"wrote {name}: {len(features)} units, {vertices} vertices, {len(text):,} B")


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
