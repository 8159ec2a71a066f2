"""The map of a briefing picture: the content's colours on the print boundaries, markers, names.

Pure drawing: a ``MapContent`` and the boundaries in, an axes on the sheet out. Regions and
countries are drawn in longitude/latitude stretched for their latitude (as the eye expects at
that scale); the whole world in the Natural Earth projection, like the screen.
"""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.path import Path

from dashboard.briefing.content import Extent, MapContent
from dashboard.briefing.map_labels import place_labels
from dashboard.briefing.sheet import MARKERS, Sheet
from dashboard.domain import palette

WORLD_CRS = "+proj=natearth +lon_0=0 +datum=WGS84"
WORLD_LAT = (-58.0, 84.0)


@cache
def _to_world() -> pyproj.Transformer:
    return pyproj.Transformer.from_crs("EPSG:4326", WORLD_CRS, always_xy=True)


@cache
def world_frame() -> tuple[float, float, float, float]:
    """``(xmin, ymin, xmax, ymax)`` of the world map in the projection."""
    frame = (
        gpd.GeoSeries(shapely.box(-180, WORLD_LAT[0], 180, WORLD_LAT[1]), crs="EPSG:4326")
        .segmentize(1)
        .to_crs(WORLD_CRS)
    )
    x0, y0, x1, y1 = frame.total_bounds
    return float(x0), float(y0), float(x1), float(y1)


def world_aspect() -> float:
    """Width over height of the world map: the page is laid out around it."""
    x0, y0, x1, y1 = world_frame()
    return (x1 - x0) / (y1 - y0)


def fill_box(extent: Extent, w_pt: float, h_pt: float) -> tuple[float, float, float, float]:
    """Widen the extent so that it fills the box at the right aspect for its latitude."""
    (x0, x1), (y0, y1) = extent
    stretch = 1 / np.cos(np.radians((y0 + y1) / 2))  # a degree of latitude, in lon degrees
    box_ratio = w_pt / h_pt
    if (x1 - x0) / ((y1 - y0) * stretch) < box_ratio:
        grow = (box_ratio * (y1 - y0) * stretch - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    else:
        grow = ((x1 - x0) / (box_ratio * stretch) - (y1 - y0)) / 2
        y0, y1 = y0 - grow, y1 + grow
    return x0, x1, y0, y1


def draw_map(
    sheet: Sheet, box: tuple[float, float, float, float], content: MapContent, boundaries
) -> Axes:
    """Draw the map into ``box`` (``x, y, width, height`` in reference points from the top
    left); returns its axes (labelled ``"map"``)."""
    x_pt, y_pt, w_pt, h_pt = box
    boundaries = boundaries.reset_index(drop=True)
    ids = boundaries["unit_id"].to_numpy()
    fill = np.array([content.fills.get(u, palette.OCEAN) for u in ids], dtype=object)
    geoms = boundaries.geometry
    world = content.extent is None
    if content.extent is None:
        geoms = geoms.to_crs(WORLD_CRS)
        xmin, ymin, xmax, ymax = world_frame()
    else:
        xmin, xmax, ymin, ymax = fill_box(content.extent, w_pt, h_pt)
        keep = geoms.intersects(shapely.box(xmin, ymin, xmax, ymax))
        geoms = gpd.GeoSeries(
            shapely.clip_by_rect(
                geoms.where(keep, None).to_numpy(), xmin - 1, ymin - 1, xmax + 1, ymax + 1
            ),
            crs=geoms.crs,
        )
    left, top = sheet.xy(x_pt, y_pt)
    ax = sheet.fig.add_axes(
        (left, top - h_pt / sheet.h_pt, w_pt / sheet.w_pt, h_pt / sheet.h_pt), label="map"
    )
    ax.set_facecolor(palette.OCEAN)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#B8C2CC")
        spine.set_linewidth(0.8 * sheet.scale)
    shapes = geoms.to_numpy()
    drawn = np.array([g is not None and not g.is_empty for g in shapes])
    ax.add_collection(
        PathCollection(
            _paths(shapes[drawn]),
            facecolors=list(fill[drawn]),
            edgecolors=palette.BORDER,
            linewidths=0.5 * sheet.scale,
        ),
        autolim=False,
    )
    focus = drawn & np.isin(ids, content.focus)
    if focus.any():
        ax.add_collection(
            PathCollection(
                _paths(shapes[focus]),
                facecolors="none",
                edgecolors=palette.TEXT,
                linewidths=2.2 * sheet.scale,
                zorder=3,
            ),
            autolim=False,
        )
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("auto")
    marker_xy = _markers(ax, sheet, content, world)
    post_xy = _posts(ax, sheet, content, world)
    place_labels(
        ax,
        sheet,
        content.labels,
        dict(zip(ids, shapes, strict=True)),
        content.fills,
        marker_xy,
        post_xy,
        beside_markers=not world,
    )
    return ax


def _project(lon, lat, world: bool) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if not world:
        return lon, lat
    x, y = _to_world().transform(lon, lat)
    return np.asarray(x), np.asarray(y)


def _markers(ax, sheet, content: MapContent, world: bool) -> dict[str, tuple[float, float]]:
    """Circle every small unit of the content that is in the frame; their positions by id."""
    xs, ys = _project([m.lon for m in content.markers], [m.lat for m in content.markers], world)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    placed = {}
    for m, x, y in zip(content.markers, xs, ys, strict=True):
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            continue
        ax.plot(
            x,
            y,
            gid=f"unit:{m.unit_id}",
            marker="o",
            markersize=(11 if m.focus else 8) * sheet.scale,
            markerfacecolor=m.colour,
            markeredgecolor=palette.TEXT,
            markeredgewidth=(2 if m.focus else 1) * sheet.scale,
            zorder=4,
        )
        placed[m.unit_id] = (float(x), float(y))
    return placed


def _posts(ax, sheet, content: MapContent, world: bool) -> list[tuple[float, float]]:
    xs, ys = _project([p.lon for p in content.posts], [p.lat for p in content.posts], world)
    placed = []
    for post, x, y in zip(content.posts, xs, ys, strict=True):
        marker, filled = MARKERS[post.symbol]
        ax.plot(
            x,
            y,
            marker=marker,
            markersize=9 * sheet.scale,
            linestyle="none",
            markerfacecolor=post.colour if filled else "none",
            markeredgecolor="#FFFFFF" if filled else post.colour,
            markeredgewidth=1.2 * sheet.scale,
            zorder=5,
        )
        placed.append((float(x), float(y)))
    return placed


def _paths(geoms: np.ndarray) -> list[Path]:
    """One compound path per (multi)polygon: each ring a closed sub-path, holes included."""
    paths = []
    for geom in geoms:
        verts, codes = [], []
        for polygon in shapely.get_parts(geom):
            if polygon.geom_type != "Polygon":
                continue
            for ring in (polygon.exterior, *polygon.interiors):
                xy = shapely.get_coordinates(ring)
                ring_codes = np.full(len(xy), Path.LINETO, dtype=Path.code_type)
                ring_codes[0], ring_codes[-1] = Path.MOVETO, Path.CLOSEPOLY
                verts.append(xy)
                codes.append(ring_codes)
        paths.append(
            Path(np.concatenate(verts), np.concatenate(codes)) if verts else Path(np.zeros((0, 2)))
        )
    return paths
