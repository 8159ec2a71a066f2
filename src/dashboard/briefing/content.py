"""The content of one briefing picture, composed before anything is drawn.

Plain values only: every text is written out in the picture's language, every number
formatted, every colour chosen. :func:`dashboard.briefing.compose.compose` makes one;
:func:`dashboard.briefing.draw.draw` draws it and looks nothing up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

Extent = tuple[tuple[float, float], tuple[float, float]]  # (lon_min, lon_max), (lat_min, lat_max)


class KeyFigure(NamedTuple):
    """One key figure: the value in large type, what it counts, and where it comes from."""

    value: str
    label: str
    source: str


@dataclass(frozen=True)
class Swatch:
    """One line of the legend: a filled box, a small-unit marker, or the focus outline."""

    label: str
    colour: str
    kind: str = "fill"  # "fill" | "marker" | "outline"


@dataclass(frozen=True)
class PostKey:
    """One post status (a colour) or post type (a symbol) in the legend."""

    label: str
    symbol: str  # a plotly symbol name, as in palette.POST_TYPE_SYMBOLS
    colour: str


@dataclass(frozen=True)
class Legend:
    title: str
    entries: tuple[Swatch, ...]
    posts_title: str = ""
    post_statuses: tuple[PostKey, ...] = ()
    post_types: tuple[PostKey, ...] = ()


@dataclass(frozen=True)
class UnitMarker:
    """A circle on a unit too small to see (or one of the Kingdom's Caribbean units)."""

    unit_id: str
    lon: float
    lat: float
    colour: str
    focus: bool = False


@dataclass(frozen=True)
class PostMark:
    lon: float
    lat: float
    symbol: str
    colour: str


@dataclass(frozen=True)
class MapLabel:
    """A unit's name; labels are placed in the order given while they fit and do not overlap."""

    unit_id: str
    text: str
    emphasis: bool = False  # the focus country: set larger and bold


@dataclass(frozen=True)
class MapContent:
    """What the map shows.

    ``fills`` colours every unit by id; ``extent`` is the area to frame (widened to the
    page's box when drawn), ``None`` for the whole world; ``focus`` lists the units outlined.
    """

    fills: Mapping[str, str]
    extent: Extent | None
    focus: tuple[str, ...] = ()
    markers: tuple[UnitMarker, ...] = ()
    posts: tuple[PostMark, ...] = ()
    labels: tuple[MapLabel, ...] = ()


@dataclass(frozen=True)
class RegionLine:
    """A priority region and its countries (drawn where the page has room: a note page)."""

    name: str
    countries: str


@dataclass(frozen=True)
class BriefingContent:
    """Everything one briefing picture says, ready to draw.

    ``size`` is ``(width_px, height_px, dpi)``; ``layer`` the layer key shown (resolved when
    the spec left it open).
    """

    size: tuple[int, int, int]
    layer: str
    marking: str
    app_title: str
    title: str
    subtitle: str
    as_of: str
    legend: Legend
    key_figures_title: str
    key_figures: tuple[KeyFigure, ...]
    sources: str
    disclaimer: str
    map: MapContent
    regions_title: str = ""
    regions: tuple[RegionLine, ...] = ()

    def texts(self) -> list[str]:
        """Every text of the picture outside the map, in reading order (for checks)."""
        legend = self.legend
        return [
            self.marking,
            self.app_title,
            self.as_of,
            self.title,
            self.subtitle,
            legend.title,
            *(s.label for s in legend.entries),
            *([legend.posts_title] if legend.posts_title else []),
            *(k.label for k in legend.post_statuses + legend.post_types),
            self.key_figures_title,
            *(part for figure in self.key_figures for part in figure),
            *([self.regions_title] if self.regions else []),
            *(part for line in self.regions for part in (line.name, line.countries)),
            self.sources,
            self.disclaimer,
            self.marking,
        ]
