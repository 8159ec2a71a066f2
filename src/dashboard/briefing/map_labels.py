"""Names on the briefing map: placed in the content's order while they fit and overlap nothing.

A unit large enough on the page carries its name inside, at the point farthest from its
border (split over two lines when that fits better). In a zoomed view a marked small unit is
named beside its marker, at the first of eight positions that is free, and any other unit too
small for its name is named beside its shape. A name that fits nowhere is left out rather
than drawn over another.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import shapely
from matplotlib import patheffects
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from dashboard.briefing.content import MapLabel
from dashboard.briefing.sheet import FONT, Sheet
from dashboard.domain import palette

NAME_SIZE = 9.5  # reference points: country names inside their country
FOCUS_SIZE = 12.5  # the focus country's name, bold
MARKED_SIZE = 10.5  # names beside a marker
SMALL_SIZE = 8.5  # names beside a small unit's shape
SMALL_GAP = 3.0
MARKER_RADIUS = 5.0
POST_RADIUS = 4.5
# Beside a marker: (dx, dy) in reference points, and the alignment of the name.
OFFSETS = (
    (9, 0, "left", "center"),
    (-9, 0, "right", "center"),
    (0, 8, "center", "bottom"),
    (0, -8, "center", "top"),
    (8, 7, "left", "bottom"),
    (-8, -7, "right", "top"),
    (8, -7, "left", "top"),
    (-8, 7, "right", "bottom"),
)

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _dark(colour: str) -> bool:
    """Whether white type reads better than dark type on ``colour`` (``#RRGGBB``)."""
    if not colour.startswith("#") or len(colour) < 7:
        return False
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.45


def _variants(sheet: Sheet, text: str, size: float, weight: str) -> list[tuple[str, float]]:
    """The name on one line, and split over two at the most even space: (text, width pt)."""
    found = [(text, sheet.width_pt(text, size, weight))]
    words = text.split(" ")
    if len(words) > 1:
        splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
        widths = [
            max(sheet.width_pt(a, size, weight), sheet.width_pt(b, size, weight)) for a, b in splits
        ]
        best = min(range(len(splits)), key=widths.__getitem__)
        found.append(("\n".join(splits[best]), widths[best]))
    return found


class _Frame:
    """Pixel geometry of the map axes: data ↔ pixels, and the free space."""

    def __init__(self, ax, sheet: Sheet):
        box = ax.get_window_extent(sheet.renderer)
        self.box: Box = (box.x0, box.y0, box.x1, box.y1)
        (self.x0, self.x1), (self.y0, self.y1) = ax.get_xlim(), ax.get_ylim()
        self.limits = (self.x0, self.y0, self.x1, self.y1)
        self.sx = (box.x1 - box.x0) / (self.x1 - self.x0)
        self.sy = (box.y1 - box.y0) / (self.y1 - self.y0)
        self.taken: list[Box] = []

    def to_px(self, x: float, y: float) -> tuple[float, float]:
        return self.box[0] + (x - self.x0) * self.sx, self.box[1] + (y - self.y0) * self.sy

    def free(self, b: Box) -> bool:
        inside = (
            self.box[0] <= b[0]
            and b[2] <= self.box[2]
            and self.box[1] <= b[1]
            and b[3] <= self.box[3]
        )
        return inside and not any(_overlap(b, o) for o in self.taken)


def place_labels(
    ax,
    sheet: Sheet,
    labels: Sequence[MapLabel],
    shapes: Mapping[str, BaseGeometry | None],
    fills: Mapping[str, str],
    marker_xy: Mapping[str, tuple[float, float]],
    post_xy: Sequence[tuple[float, float]],
    beside_markers: bool,
) -> None:
    """Name the units of ``labels`` in order; each drawn name is a text with gid ``label:<id>``."""
    frame = _Frame(ax, sheet)
    for points, radius in ((marker_xy.values(), MARKER_RADIUS), (post_xy, POST_RADIUS)):
        r = sheet.px(radius)
        for x, y in points:
            cx, cy = frame.to_px(x, y)
            frame.taken.append((cx - r, cy - r, cx + r, cy + r))
    for item in labels:
        if item.unit_id in marker_xy:
            if beside_markers:
                _beside(ax, sheet, frame, item, marker_xy[item.unit_id])
            continue
        shape = shapes.get(item.unit_id)
        if shape is None or shape.is_empty:
            continue
        x0, y0, x1, y1 = shapely.bounds(shape)
        if x1 < frame.x0 or x0 > frame.x1 or y1 < frame.y0 or y0 > frame.y1:
            continue
        whole = frame.x0 <= x0 and x1 <= frame.x1 and frame.y0 <= y0 and y1 <= frame.y1
        visible = shape if whole else shapely.clip_by_rect(shape, *frame.limits)
        if visible.is_empty:
            continue
        fill = fills.get(item.unit_id, palette.OCEAN)
        if not _inside(ax, sheet, frame, item, visible, fill) and beside_markers and whole:
            _beside_shape(ax, sheet, frame, item, visible)


def _inside(ax, sheet: Sheet, frame: _Frame, item: MapLabel, visible, fill: str) -> bool:
    """Name the unit inside its largest visible part, if the name fits there."""
    size, weight = (FOCUS_SIZE, "bold") if item.emphasis else (NAME_SIZE, "normal")
    x0, y0, x1, y1 = shapely.bounds(visible)
    width_px, height_px = (x1 - x0) * frame.sx, (y1 - y0) * frame.sy
    line_px = sheet.px(size * 1.2)
    # Too small even for the longest word (no glyph of DejaVu Sans is narrower than 0.27 em):
    # skip before measuring.
    longest = max(len(word) for word in item.text.split(" "))
    if height_px < line_px or width_px < sheet.px(0.27 * size * longest):
        return False
    variants = [
        (text, sheet.px(w), line_px * (text.count("\n") + 1))
        for text, w in _variants(sheet, item.text, size, weight)
    ]
    variants = [v for v in variants if v[1] <= width_px and v[2] <= height_px]
    if not variants:
        return False
    parts = [p for p in shapely.get_parts(visible) if p.geom_type == "Polygon"]
    if not parts:
        return False
    part = max(parts, key=lambda p: p.area)
    pixel = 1 / min(frame.sx, frame.sy)
    part = shapely.make_valid(shapely.simplify(part, pixel, preserve_topology=False))
    if part.is_empty or part.area == 0:
        return False
    if part.geom_type != "Polygon":
        polygons = [p for p in shapely.get_parts(part) if p.geom_type == "Polygon"]
        if not polygons:
            return False
        part = max(polygons, key=lambda p: p.area)
    centre = polylabel(part, tolerance=2 * pixel)
    cx, cy = frame.to_px(centre.x, centre.y)
    for text, w, h in variants:
        box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
        rect = shapely.box(
            centre.x - w / 2 / frame.sx,
            centre.y - h / 2 / frame.sy,
            centre.x + w / 2 / frame.sx,
            centre.y + h / 2 / frame.sy,
        )
        if not frame.free(box) or part.intersection(rect).area < 0.9 * rect.area:
            continue
        dark = _dark(fill)
        ax.text(
            centre.x,
            centre.y,
            text,
            ha="center",
            va="center",
            family=FONT,
            fontsize=size * sheet.scale,
            fontweight=weight,
            linespacing=1.0,
            color="#FFFFFF" if dark else palette.TEXT,
            path_effects=[]
            if dark
            else [patheffects.withStroke(linewidth=2.2 * sheet.scale, foreground=fill)],
            gid=f"label:{item.unit_id}",
            zorder=6,
        )
        frame.taken.append(box)
        return True
    return False


def _beside_shape(ax, sheet: Sheet, frame: _Frame, item: MapLabel, visible) -> None:
    """Name a unit too small for its name just beside it: right, left, above or below."""
    x0, y0, x1, y1 = shapely.bounds(visible)
    (px0, py0), (px1, py1) = frame.to_px(x0, y0), frame.to_px(x1, y1)
    if px1 - px0 < 2 and py1 - py0 < 2:
        return  # not visible at this scale
    w = sheet.px(sheet.width_pt(item.text, SMALL_SIZE))
    h = sheet.px(SMALL_SIZE * 1.2)
    gap = sheet.px(SMALL_GAP)
    cx, cy = (px0 + px1) / 2, (py0 + py1) / 2
    for left, bottom in (
        (px1 + gap, cy - h / 2),
        (px0 - gap - w, cy - h / 2),
        (cx - w / 2, py1 + gap),
        (cx - w / 2, py0 - gap - h),
    ):
        box = (left, bottom, left + w, bottom + h)
        if frame.free(box):
            break
    else:
        return
    x = frame.x0 + (left + w / 2 - frame.box[0]) / frame.sx
    y = frame.y0 + (bottom + h / 2 - frame.box[1]) / frame.sy
    ax.text(
        x,
        y,
        item.text,
        ha="center",
        va="center",
        family=FONT,
        fontsize=SMALL_SIZE * sheet.scale,
        color=palette.TEXT,
        path_effects=[patheffects.withStroke(linewidth=2 * sheet.scale, foreground="#FFFFFF")],
        gid=f"label:{item.unit_id}",
        zorder=6,
    )
    frame.taken.append(box)


def _beside(ax, sheet: Sheet, frame: _Frame, item: MapLabel, xy) -> None:
    cx, cy = frame.to_px(*xy)
    w = sheet.px(sheet.width_pt(item.text, MARKED_SIZE))
    h = sheet.px(MARKED_SIZE * 1.25)
    pad = sheet.px(MARKED_SIZE * 0.15)
    for dx, dy, ha, va in OFFSETS:
        ox, oy = cx + sheet.px(dx), cy + sheet.px(dy)
        left = {"left": ox, "right": ox - w, "center": ox - w / 2}[ha]
        bottom = {"bottom": oy, "top": oy - h, "center": oy - h / 2}[va]
        box = (left - pad, bottom - pad, left + w + pad, bottom + h + pad)
        if frame.free(box):
            break
    else:
        return  # no free place: left out rather than drawn over another name
    ax.annotate(
        item.text,
        xy,
        xytext=(dx * sheet.scale, dy * sheet.scale),
        textcoords="offset points",
        ha=ha,
        va=va,
        family=FONT,
        fontsize=MARKED_SIZE * sheet.scale,
        color=palette.TEXT,
        zorder=6,
        gid=f"label:{item.unit_id}",
        bbox=dict(boxstyle="round,pad=0.15", fc="#FFFFFFCC", ec="none"),
    )
    frame.taken.append(box)
