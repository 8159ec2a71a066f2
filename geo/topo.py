"""Decode a TopoJSON topology into shapely geometries.

A small decoder of quantised, delta-encoded arcs (TopoJSON spec 1.0), written by hand instead of
reading the file through GDAL. world-atlas stitches Natural Earth's antimeridian cuts back together
for d3's spherical rendering, so rings of Russia and Fiji jump from +180 to -180; planar tools read
them as spanning the globe. ``cut_antimeridian`` cuts them again, and ``crosses_pole`` finds rings
that wind around a pole (Antarctica).
"""

from __future__ import annotations

import numpy as np
import shapely


def decode_arcs(topology: dict) -> list[np.ndarray]:
    """Return every arc of ``topology`` as an (n, 2) array of longitude/latitude."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        xy = np.asarray(arc, dtype="float64")
        if transform:
            xy = np.cumsum(xy, axis=0)
            xy = xy * np.asarray(transform["scale"]) + np.asarray(transform["translate"])
        arcs.append(xy)
    return arcs


def _ring(arc_ids: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    pieces = []
    for i, index in enumerate(arc_ids):
        xy = arcs[index] if index >= 0 else arcs[~index][::-1]
        pieces.append(xy if i == 0 else xy[1:])
    return np.concatenate(pieces)


def _polygon(rings: list[list[int]], arcs: list[np.ndarray]) -> shapely.Polygon | None:
    """Build one polygon; rings that quantisation collapsed (< 4 points) are left out."""
    coords = [_ring(r, arcs) for r in rings]
    coords = [c for c in coords if len(np.unique(c, axis=0)) >= 3]
    if not coords or len(coords[0]) < 4:
        return None
    return shapely.Polygon(coords[0], coords[1:])


def decode_object(topology: dict, name: str) -> list[tuple[dict, shapely.MultiPolygon]]:
    """Decode the polygonal object ``name`` of ``topology``.

    Returns
    -------
    list of (dict, MultiPolygon)
        One entry per geometry: ``{"id": ..., **properties}`` and its geometry as a MultiPolygon
        (polygons are promoted), in the order of the source file.
    """
    arcs = decode_arcs(topology)
    out = []
    for geom in topology["objects"][name]["geometries"]:
        if geom["type"] == "Polygon":
            parts = [_polygon(geom["arcs"], arcs)]
        elif geom["type"] == "MultiPolygon":
            parts = [_polygon(p, arcs) for p in geom["arcs"]]
        else:
            raise ValueError(f"geometry type {geom['type']!r} is not polygonal")
        parts = [p for p in parts if p is not None]
        attrs = {"id": geom.get("id"), **geom.get("properties", {})}
        out.append((attrs, shapely.MultiPolygon(parts)))
    return out


def _unwrap(ring: np.ndarray) -> np.ndarray:
    """Make a ring's longitudes continuous by adding +/-360 after each antimeridian jump."""
    x = ring[:, 0].copy()
    jumps = np.diff(x)
    offset = np.concatenate([[0.0], np.cumsum(-360.0 * np.round(jumps / 360.0))])
    # Leave the longest run of the ring unshifted: shifting by 360 and back is not exact in
    # floating point, and neighbours must keep bit-identical shared vertices.
    values, counts = np.unique(offset, return_counts=True)
    offset -= values[counts.argmax()]
    return np.column_stack([x + offset, ring[:, 1]])


def _shift_into(ring: np.ndarray, xmin: float, xmax: float) -> np.ndarray:
    """Shift a (hole) ring by a multiple of 360 so its centre lies in [xmin, xmax]."""
    centre = ring[:, 0].mean()
    k = np.round(((xmin + xmax) / 2 - centre) / 360.0)
    return ring + np.array([360.0 * k, 0.0])


def crosses_pole(polygon: shapely.Polygon) -> bool:
    """True if the exterior winds around a pole (its unwrapped longitudes do not close)."""
    ring = _unwrap(np.asarray(polygon.exterior.coords))
    return abs(ring[0, 0] - ring[-1, 0]) > 1e-9


def cut_antimeridian(polygon: shapely.Polygon) -> list[shapely.Polygon]:
    """Cut a polygon that crosses the antimeridian into parts within [-180, 180].

    world-atlas stitches Natural Earth's antimeridian cuts back together (for d3's spherical
    rendering), so a ring may jump from +179.9 to -180. Planar tools read such a ring as spanning
    the whole globe. The ring is unwrapped into one continuous planar ring, then clipped into the
    three 360-degree windows and shifted back.
    """
    exterior = np.asarray(polygon.exterior.coords)
    if np.abs(np.diff(exterior[:, 0])).max(initial=0) <= 180 and not any(
        np.abs(np.diff(np.asarray(h.coords)[:, 0])).max(initial=0) > 180 for h in polygon.interiors
    ):
        return [polygon]
    shell = _unwrap(exterior)
    xmin, xmax = shell[:, 0].min(), shell[:, 0].max()
    holes = [_shift_into(_unwrap(np.asarray(h.coords)), xmin, xmax) for h in polygon.interiors]
    unwrapped = shapely.make_valid(shapely.Polygon(shell, holes))
    parts = []
    for k in (-1, 0, 1):
        window = shapely.box(-180 + 360 * k, -90, 180 + 360 * k, 90)
        piece = shapely.affinity.translate(unwrapped.intersection(window), xoff=-360 * k)
        parts.extend(p for p in shapely.get_parts(piece) if isinstance(p, shapely.Polygon))
    return [p for p in parts if not p.is_empty and p.area > 0]
