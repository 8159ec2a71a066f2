"""Build the dashboard's boundary files from world-atlas 2.0.2 (Natural Earth 4.1, 1:10m).

Usage::

    python geo/build_boundaries.py                 # fetches world-atlas@2.0.2 with `npm pack`
    python geo/build_boundaries.py --source DIR    # an unpacked world-atlas package directory

Writes ``geo/names.csv``, ``geo/boundaries.parquet`` (print detail) and
``static/geo/countries.geojson`` (web detail). Reruns give byte-identical files. See
geo/PROVENANCE.md for the rules and tolerances.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import naming
import numpy as np
import pycountry
import rules
import shapely
import simplify_units
import topo

PACKAGE = "world-atlas@2.0.2"
SOURCE_FILE = "countries-10m.json"
ROOT = Path(__file__).resolve().parents[1]
CLEAN_SNAP = 1e-7  # degrees (~1 cm): node snapping when the coverage is cleaned after the rules
PRINT_TOLERANCE = 0.01  # degrees, geo/boundaries.parquet
WEB_TOLERANCE = 0.1  # degrees, static/geo/countries.geojson
PRINT_RELATIVE = 0.1  # an island group's tolerance is at most this times sqrt(its area)
WEB_RELATIVE = 0.35
WEB_MIN_PART_AREA = 0.01  # square degrees; smaller islands are left out of the web file ...
WEB_KEEP_ALL_PARTS = {"NLD", "ABW", "CUW", "SXM", "BQ-BO", "BQ-SE", "BQ-SA"}  # ... except here
WEB_GRID = 0.001  # degrees: coordinates rounded to 3 decimals


def fetch_world_atlas(workdir: Path) -> Path:
    """Download the pinned world-atlas package with ``npm pack`` and unpack it into ``workdir``."""
    subprocess.run(
        ["npm", "pack", PACKAGE, "--pack-destination", str(workdir), "--silent"],
        check=True,
        capture_output=True,
        text=True,
    )
    (tarball,) = workdir.glob("world-atlas-*.tgz")
    with tarfile.open(tarball) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package"


def _iso3_of(attrs: dict) -> str:
    country = pycountry.countries.get(numeric=attrs["id"])
    if country is None:
        raise KeyError(f"world-atlas id {attrs['id']!r} ({attrs.get('name')}) is not ISO 3166-1")
    return country.alpha_3


def _polygons(geom: shapely.Geometry) -> list[shapely.Polygon]:
    """Polygons of a geometry after cutting at the antimeridian and repairing it."""
    parts = []
    for polygon in shapely.get_parts(geom):
        if topo.crosses_pole(polygon):
            raise ValueError("a polygon winds around a pole; drop it with a rule")
        parts.extend(topo.cut_antimeridian(polygon))
    valid = shapely.make_valid(shapely.MultiPolygon(parts))
    return [p for p in shapely.get_parts(shapely.get_parts(valid)) if p.geom_type == "Polygon"]


def assemble_units(topology: dict) -> dict[str, shapely.MultiPolygon]:
    """Turn world-atlas features into map units (unit_id -> MultiPolygon), by FEATURE_DECISIONS."""
    collected: dict[str, list] = {}
    for attrs, geom in topo.decode_object(topology, "countries"):
        decision = rules.FEATURE_DECISIONS.get(attrs.get("name"))
        if decision is None and attrs["id"] is None:
            raise KeyError(f"feature {attrs.get('name')!r} has no id and no decision in rules.py")
        if decision is not None and decision.action == "drop":
            continue
        if decision is not None and decision.action == "split":
            pieces = rules.split_indian_ocean_territories(geom)
        elif decision is not None:
            pieces = {decision.target: geom}
        else:
            pieces = {_iso3_of(attrs): geom}
        for unit_id, piece in pieces.items():
            polygons = _polygons(piece)
            if polygons:  # the Vatican has no area in world-atlas: see rules.py
                collected.setdefault(unit_id, []).extend(polygons)
    return {k: _dissolve(v) for k, v in sorted(collected.items())}


def _dissolve(geom) -> shapely.MultiPolygon:
    """Union into one valid MultiPolygon (dissolving borders between merged features)."""
    merged = shapely.union_all(geom) if isinstance(geom, list) else shapely.make_valid(geom)
    polys = [p for p in shapely.get_parts(shapely.get_parts(merged)) if p.geom_type == "Polygon"]
    return shapely.MultiPolygon(sorted(polys, key=lambda p: -p.area))


def apply_rules(units: dict) -> dict:
    """Apply the geometry rules, dissolve, and run the point checks."""
    for rule in rules.GEOMETRY_RULES:
        units = rule(units)
    units = {k: _dissolve(v) for k, v in sorted(units.items())}
    # Cuts by rules add vertices to one side of a border only (e.g. where 27 deg 40' N crosses the
    # Morocco-Algeria border), and the source's own self-intersections were repaired per country:
    # node the coverage again so that every shared edge is identical on both sides.
    units = simplify_units.clean_coverage(units, CLEAN_SNAP)
    rules.check_points(units)
    return units


def unit_table(units: dict) -> gpd.GeoDataFrame:
    """The attribute table (and geometry) of all units, sorted by unit_id."""
    rows = []
    for unit_id in sorted(units):
        iso3 = "BES" if unit_id.startswith("BQ-") else unit_id
        subdivision = unit_id if unit_id.startswith("BQ-") else ""
        rows.append((unit_id, iso3, subdivision))
    names = naming.write_names_csv(rows, ROOT / "geo" / "names.csv")
    return gpd.GeoDataFrame(
        {
            "unit_id": [r[0] for r in rows],
            "iso3": [r[1] for r in rows],
            "subdivision": [r[2] for r in rows],
            "name_en": [names[r[0]][0] for r in rows],
            "name_nl": [names[r[0]][1] for r in rows],
            "status": [rules.status_of(r[0]) for r in rows],
        },
        geometry=[units[r[0]] for r in rows],
        crs="EPSG:4326",
    )


def _check_coverage(units: dict, what: str) -> None:
    geoms = list(units.values())
    if not all(shapely.is_valid(geoms)):
        bad = [k for k, g in units.items() if not g.is_valid]
        raise ValueError(f"{what}: invalid geometries {bad}")
    if not shapely.coverage_is_valid(geoms):
        raise ValueError(f"{what}: not a valid coverage (overlaps or unmatched shared edges)")


def _rings(polygon: shapely.Polygon) -> list:
    rings = [polygon.exterior, *polygon.interiors]
    return [[[round(x, 3), round(y, 3)] for x, y in ring.coords] for ring in rings]


def write_web_geojson(table: gpd.GeoDataFrame, path: Path) -> None:
    """Write the web file: compact, 3 decimals, exteriors clockwise (d3-geo), ``id`` = unit_id."""
    features = []
    for row in table.itertuples():
        polys = list(shapely.get_parts(row.geometry))
        geometry = (
            {"type": "Polygon", "coordinates": _rings(polys[0])}
            if len(polys) == 1
            else {"type": "MultiPolygon", "coordinates": [_rings(p) for p in polys]}
        )
        props = {
            "unit_id": row.unit_id,
            "iso3": row.iso3,
            "name_en": row.name_en,
            "name_nl": row.name_nl,
        }
        features.append(
            {"type": "Feature", "id": row.unit_id, "properties": props, "geometry": geometry}
        )
    collection = {"type": "FeatureCollection", "features": features}
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def build(source: Path) -> None:
    """Build every artefact from an unpacked world-atlas package directory ``source``."""
    version = json.loads((source / "package.json").read_text())["version"]
    if version != PACKAGE.split("@")[1]:
        raise ValueError(f"--source holds world-atlas {version}, expected {PACKAGE}")
    topology = json.loads((source / SOURCE_FILE).read_text())
    units = apply_rules(assemble_units(topology))
    _check_coverage(units, "full detail")

    printed = simplify_units.simplify_coverage(units, PRINT_TOLERANCE, PRINT_RELATIVE)
    printed = simplify_units.protect_small_units(printed, units, PRINT_TOLERANCE**2)
    printed = simplify_units.clean_coverage(printed, CLEAN_SNAP)
    printed = {k: shapely.orient_polygons(v) for k, v in printed.items()}
    _check_coverage(printed, "print detail")
    rules.check_points(printed)
    table = unit_table(printed)
    table.to_parquet(ROOT / "geo" / "boundaries.parquet", index=False, compression="zstd")

    web = simplify_units.drop_small_parts(units, WEB_MIN_PART_AREA, WEB_KEEP_ALL_PARTS)
    web = simplify_units.simplify_coverage(web, WEB_TOLERANCE, WEB_RELATIVE)
    web = simplify_units.protect_small_units(web, printed, WEB_TOLERANCE**2)
    web = simplify_units.to_grid(web, WEB_GRID)
    web = simplify_units.clean_coverage(web, CLEAN_SNAP)
    web = {k: shapely.orient_polygons(v, exterior_cw=True) for k, v in web.items()}
    _check_coverage(web, "web detail")
    rules.check_points(web, tolerance=WEB_TOLERANCE)
    web_table = table.set_geometry(gpd.GeoSeries([web[u] for u in table.unit_id], crs=table.crs))
    write_web_geojson(web_table, ROOT / "static" / "geo" / "countries.geojson")
    sizes = {
        p: (ROOT / p).stat().st_size
        for p in ("geo/boundaries.parquet", "static/geo/countries.geojson", "geo/names.csv")
    }
    print(f"{len(table)} units; " + ", ".join(f"{p}: {s:,} B" for p, s in sizes.items()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--source",
        type=Path,
        help="unpacked world-atlas 2.0.2 package directory "
        "(default: fetch it with `npm pack world-atlas@2.0.2`)",
    )
    args = parser.parse_args(argv)
    if args.source:
        build(args.source)
        return
    with tempfile.TemporaryDirectory() as tmp:
        build(fetch_world_atlas(Path(tmp)))


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
