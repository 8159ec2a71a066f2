"""Simplify a coverage of map units without gaps, slivers or vanished islands.

``shapely.coverage_simplify`` keeps shared borders shared, but with one tolerance for the world a
small island becomes a triangle. The coverage is therefore split into connected groups of polygons
(an island and the units on it, or a whole continent); each group gets the tolerance
``min(tolerance, relative * sqrt(group area))``. Groups share no edges, so the union of their
simplified coverages is still a valid coverage.
"""

from __future__ import annotations

import numpy as np
import shapely


def _groups(parts: np.ndarray) -> np.ndarray:
    """Label connected groups of touching polygons (union-find over an STRtree query)."""
    parent = np.arange(len(parts))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    left, right = shapely.STRtree(parts).query(parts, predicate="intersects")
    for i, j in zip(left, right, strict=True):
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    return np.array([find(i) for i in range(len(parts))])


def explode(units: dict[str, shapely.Geometry]) -> tuple[np.ndarray, np.ndarray]:
    """Return (unit_id per polygon, polygons) for every polygon of every unit."""
    owners, parts = [], []
    for unit_id, geom in units.items():
        for part in shapely.get_parts(geom):
            owners.append(unit_id)
            parts.append(part)
    return np.array(owners, dtype=object), np.array(parts, dtype=object)


def drop_small_parts(units: dict, min_area: float, keep_all: set[str]) -> dict:
    """Drop polygons smaller than ``min_area`` (square degrees), except each unit's largest one.

    Units in ``keep_all`` keep every polygon. Dropping a polygon from a coverage leaves a coverage.
    """
    out = {}
    for unit_id, geom in units.items():
        parts = shapely.get_parts(geom)
        if unit_id in keep_all:
            out[unit_id] = geom
            continue
        areas = shapely.area(parts)
        kept = [p for p, a in zip(parts, areas, strict=True) if a >= min_area or a == areas.max()]
        out[unit_id] = shapely.MultiPolygon(kept)
    return out


def simplify_coverage(units: dict, tolerance: float, relative: float) -> dict:
    """Coverage-simplify ``units`` group by group (see module docstring); return MultiPolygons."""
    owners, parts = explode(units)
    labels = _groups(parts)
    simplified = np.empty(len(parts), dtype=object)
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        area = shapely.area(parts[members]).sum()
        tol = min(tolerance, relative * float(np.sqrt(area)))
        simplified[members] = shapely.coverage_simplify(parts[members], tol)
    out = {}
    for unit_id in units:
        # Coverage simplification keeps shared edges matched but can fold a narrow inlet of a
        # ring onto itself; make_valid repairs that locally.
        valid = shapely.make_valid(
            shapely.MultiPolygon([p for p in simplified[owners == unit_id] if not p.is_empty])
        )
        polys = [p for p in shapely.get_parts(shapely.get_parts(valid)) if p.geom_type == "Polygon"]
        out[unit_id] = shapely.MultiPolygon(polys)
    return out


def protect_small_units(simplified: dict, detailed: dict, min_area: float) -> dict:
    """Give units smaller than ``min_area`` their ``detailed`` geometry back.

    Coverage simplification reduces an enclave like the Vatican or Monaco to a triangle (or less,
    once rounded). Such a unit gets its detailed geometry; its neighbours lose what now overlaps
    it, and what the simplified unit covered beyond its detailed shape goes to the neighbour with
    the longest shared border (or is left as sea if it has none).
    """
    small = sorted(k for k in simplified if shapely.area(detailed[k]) < min_area)
    if not small:
        return dict(simplified)
    out = dict(simplified)
    for k in small:
        out[k] = detailed[k]
    protected = shapely.union_all([detailed[k] for k in small])
    large = [k for k in simplified if k not in small]
    for k in large:
        if shapely.intersects(out[k], protected):
            out[k] = shapely.difference(out[k], protected)
    for k in small:
        leftover = shapely.difference(simplified[k], protected)
        for piece in shapely.get_parts(leftover):
            shared = {
                n: shapely.length(shapely.intersection(piece.boundary, out[n].boundary))
                for n in large
                if shapely.intersects(piece, out[n])
            }
            shared = {n: length for n, length in shared.items() if length > 0}
            if shared:
                best = max(sorted(shared), key=shared.get)
                out[best] = shapely.union(out[best], piece)
    return {
        k: shapely.MultiPolygon(
            [p for p in shapely.get_parts(shapely.get_parts(g)) if p.geom_type == "Polygon"]
        )
        for k, g in out.items()
    }


def clean_coverage(units: dict, snap: float) -> dict:
    """Node the coverage so every shared edge is identical on both sides (``coverage_clean``).

    ``snap`` is the node-snapping distance in degrees. Overlaps go to the neighbour with the
    longest shared border; gaps are left alone.
    """
    keys = list(units)
    cleaned = shapely.coverage_clean([units[k] for k in keys], snapping_distance=snap)
    out = {}
    for unit_id, geom in zip(keys, cleaned, strict=True):
        polys = [p for p in shapely.get_parts(shapely.get_parts(geom)) if p.geom_type == "Polygon"]
        out[unit_id] = shapely.MultiPolygon(sorted(polys, key=lambda p: -p.area))
    return out


def to_grid(units: dict, grid: float) -> dict:
    """Round coordinates to ``grid`` degrees, keeping geometries valid and polygonal."""
    out = {}
    for unit_id, geom in units.items():
        rounded = shapely.set_precision(geom, grid)
        polys = [p for p in shapely.get_parts(rounded) if p.geom_type == "Polygon"]
        if not polys:
            raise ValueError(f"unit {unit_id} vanished when rounded to {grid} degrees")
        out[unit_id] = shapely.MultiPolygon(polys)
    return out
