"""The map of a briefing picture: the layer's colours on the print boundaries, markers, labels.

Pure: draws into a matplotlib figure laid out by ``briefing_draw``. Regions and countries are
drawn in longitude/latitude stretched for their latitude (as the eye expects at that scale);
the whole world in the Natural Earth projection, like the screen.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.collections import PathCollection
from matplotlib.path import Path

from dashboard.domain import palette
from dashboard.maps import figure as maps

FONT = "DejaVu Sans"

# The Kingdom's Caribbean units: always marked, since at most scales they are specks.
CARIBBEAN_UNITS = ("ABW", "CUW", "SXM", "BQ-BO", "BQ-SE", "BQ-SA")
WORLD_CRS = "+proj=natearth +lon_0=0 +datum=WGS84"
WORLD_LAT = (-58.0, 84.0)

# plotly's post symbols (palette.POST_TYPE_SYMBOLS) as matplotlib markers: (marker, filled).
MARKERS = {
    "circle": ("o", True),
    "diamond": ("D", True),
    "diamond-open": ("D", False),
    "star": ("*", True),
    "square": ("s", True),
    "triangle-up": ("^", True),
}


def draw_map(sheet, box, boundaries, units, layer, region, country, posts, lang):
    """Draw the view's map into ``box`` of the sheet.

    Parameters
    ----------
    sheet : briefing_draw._Sheet
        The figure, its renderer and its reference-point scale.
    box : tuple of float
        ``(x, y, width, height)`` in reference points from the top left.
    boundaries, units : GeoDataFrame, DataFrame
        The print boundaries and their ``maps.unit_table`` (same order as ``layer``).
    layer : maps.Layer
        The categories and colours, as on screen.
    region : Region or None
    country : str or None
        The focus country, outlined (and its extent framed when given).
    posts : DataFrame or None
        Posts to mark (the ``posts`` layer).
    lang : {"nl", "en"}

    Returns
    -------
    (int, DataFrame or None)
        How many small units were marked, and the posts inside the map.
    """
    x_pt, y_pt, w_pt, h_pt = box
    colours = {e.key: e.colour for e in layer.legend}
    fill = layer.category.reset_index(drop=True).map(colours).fillna(palette.OCEAN)
    geoms = boundaries.geometry.reset_index(drop=True)
    if region is None and country is None:
        geoms = geoms.to_crs(WORLD_CRS)
        frame = (
            gpd.GeoSeries(shapely.box(-180, WORLD_LAT[0], 180, WORLD_LAT[1]), crs="EPSG:4326")
            .segmentize(1)
            .to_crs(WORLD_CRS)
        )
        xmin, ymin, xmax, ymax = frame.total_bounds
        # The world is wider than the box: keep its shape, top aligned with the legend.
        h_pt = min(h_pt, w_pt * (ymax - ymin) / (xmax - xmin))
        points = gpd.GeoSeries(
            gpd.points_from_xy(units["lon"], units["lat"]), crs="EPSG:4326"
        ).to_crs(WORLD_CRS)
        px, py = points.x.to_numpy(), points.y.to_numpy()
        zoomed = False
    else:
        if country is not None:
            lon, lat = _country_extent(boundaries, country)
        else:
            lon, lat = region.lon_range, region.lat_range
        xmin, xmax, ymin, ymax = _fill_box(lon, lat, w_pt, h_pt)
        keep = geoms.intersects(shapely.box(xmin, ymin, xmax, ymax))
        geoms = geoms.where(keep, None)
        geoms = gpd.GeoSeries(
            shapely.clip_by_rect(geoms.to_numpy(), xmin - 1, ymin - 1, xmax + 1, ymax + 1),
            crs=geoms.crs,
        )
        px, py = units["lon"].to_numpy(), units["lat"].to_numpy()
        zoomed = True
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
    drawn = (geoms.notna() & ~geoms.is_empty).to_numpy()
    ax.add_collection(
        PathCollection(
            _paths(geoms.to_numpy()[drawn]),
            facecolors=list(fill[drawn]),
            edgecolors=palette.BORDER,
            linewidths=0.5 * sheet.scale,
        ),
        autolim=False,
    )
    if country is not None:
        focus = drawn & (boundaries["iso3"] == country).to_numpy()
        ax.add_collection(
            PathCollection(
                _paths(geoms.to_numpy()[focus]),
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
    inside = (px >= xmin) & (px <= xmax) & (py >= ymin) & (py <= ymax)
    small = (
        (units["area_deg2"] < maps.SMALL_UNIT_DEG2)
        & (layer.category.reset_index(drop=True) != layer.background)
    ) | units["unit_id"].isin(CARIBBEAN_UNITS)
    marked = np.flatnonzero(small.to_numpy() & inside)
    focus_units = set(np.flatnonzero((units["iso3"] == country).to_numpy()))
    unit_ids = units["unit_id"].to_numpy()
    for i in marked:
        focus_ = i in focus_units
        ax.plot(
            px[i],
            py[i],
            gid=f"unit:{unit_ids[i]}",
            marker="o",
            markersize=(11 if focus_ else 8) * sheet.scale,
            markerfacecolor=fill[i],
            markeredgecolor=palette.TEXT,
            markeredgewidth=(2 if focus_ else 1) * sheet.scale,
            zorder=4,
        )
    if posts is not None:
        posts = _posts(ax, sheet, posts, zoomed, xmin, xmax, ymin, ymax)
    if zoomed:
        names = units[f"name_{lang}"].to_numpy()
        _labels(ax, sheet, [(px[i], py[i], names[i]) for i in marked])
    return len(marked), posts


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


def _country_extent(boundaries, country):
    parts = boundaries.loc[boundaries["iso3"] == country].geometry.explode()
    if parts.empty:
        raise KeyError(f"country {country!r} is not a unit on the map")
    x0, y0, x1, y1 = parts.total_bounds
    if x1 - x0 > 180:  # across the antimeridian: frame the largest part
        x0, y0, x1, y1 = parts.iloc[int(np.argmax(parts.area.to_numpy()))].bounds
    pad_x, pad_y = max((x1 - x0) * 0.35, 2.0), max((y1 - y0) * 0.35, 1.5)
    return (x0 - pad_x, x1 + pad_x), (max(y0 - pad_y, -85), min(y1 + pad_y, 85))


def _fill_box(lon, lat, w_pt, h_pt):
    """Widen the extent so that it fills the box at the right aspect for its latitude."""
    (x0, x1), (y0, y1) = lon, lat
    stretch = 1 / np.cos(np.radians((y0 + y1) / 2))  # a degree of latitude, in lon degrees
    box_ratio = w_pt / h_pt
    if (x1 - x0) / ((y1 - y0) * stretch) < box_ratio:
        grow = (box_ratio * (y1 - y0) * stretch - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    else:
        grow = ((x1 - x0) / (box_ratio * stretch) - (y1 - y0)) / 2
        y0, y1 = y0 - grow, y1 + grow
    return x0, x1, y0, y1


def _posts(ax, sheet, posts, zoomed, xmin, xmax, ymin, ymax):
    lon, lat = posts["lon"].to_numpy(), posts["lat"].to_numpy()
    if not zoomed:
        pts = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs="EPSG:4326").to_crs(WORLD_CRS)
        lon, lat = pts.x.to_numpy(), pts.y.to_numpy()
    shown = (lon >= xmin) & (lon <= xmax) & (lat >= ymin) & (lat <= ymax)
    for i, (status, kind) in enumerate(zip(posts["status"], posts["type"], strict=True)):
        if not shown[i]:
            continue
        marker, filled = MARKERS[palette.POST_TYPE_SYMBOLS[kind]]
        colour = palette.POST_STATUS_COLOURS[status]
        ax.plot(
            lon[i],
            lat[i],
            marker=marker,
            markersize=9 * sheet.scale,
            linestyle="none",
            markerfacecolor=colour if filled else "none",
            markeredgecolor="#FFFFFF" if filled else colour,
            markeredgewidth=1.2 * sheet.scale,
            zorder=5,
        )
    return posts[shown]


_OFFSETS = (
    (9, 0, "left", "center"),
    (-9, 0, "right", "center"),
    (0, 8, "center", "bottom"),
    (0, -8, "center", "top"),
    (8, 7, "left", "bottom"),
    (-8, -7, "right", "top"),
    (8, -7, "left", "top"),
    (-8, 7, "right", "bottom"),
)


def _labels(ax, sheet, items):
    """Name each marked unit, moving a label round its marker until it overlaps nothing."""
    ax_box = ax.get_window_extent(sheet.renderer)
    taken = []
    for x, y, _ in items:
        cx, cy = ax.transData.transform((x, y))
        r = 5 * sheet.scale * sheet.fig.dpi / 72
        taken.append((cx - r, cy - r, cx + r, cy + r))
    for x, y, name in items:
        label_ = None
        for dx, dy, ha, va in _OFFSETS:
            if label_ is not None:
                label_.remove()
            label_ = ax.annotate(
                name,
                (x, y),
                xytext=(dx * sheet.scale, dy * sheet.scale),
                textcoords="offset points",
                ha=ha,
                va=va,
                family=FONT,
                fontsize=11 * sheet.scale,
                color=palette.TEXT,
                zorder=6,
                bbox=dict(boxstyle="round,pad=0.15", fc="#FFFFFFCC", ec="none"),
            )
            b = label_.get_window_extent(sheet.renderer)
            box = (b.x0, b.y0, b.x1, b.y1)
            inside = (
                ax_box.x0 <= b.x0 and b.x1 <= ax_box.x1 and ax_box.y0 <= b.y0 and b.y1 <= ax_box.y1
            )
            if inside and not any(_overlap(box, o) for o in taken):
                break
        taken.append(box)


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
