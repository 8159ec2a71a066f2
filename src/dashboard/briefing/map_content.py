"""What the briefing's map shows: the layer, its colours per unit, the frame, markers, names.

Pure: frames and boundaries in, a plain ``MapContent`` out. Where each name goes on the page
is the drawing's business; which names, in which order, is decided here: the focus country
first, then the Kingdom, then the units the layer highlights, then the rest, each group by
area, so the most relevant and the largest are named before the page runs out of room.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from dashboard.briefing.content import Extent, MapContent, MapLabel, PostMark, UnitMarker
from dashboard.briefing.figures import BriefingData, indicator_frame, indicator_title
from dashboard.briefing.spec import BriefingSpec, indicator_parts
from dashboard.domain import palette, regions
from dashboard.maps import figure as maps
from dashboard.maps import indicators, layers
from dashboard.text import fmt

# The Kingdom's Caribbean units: always marked, since at most scales they are specks.
CARIBBEAN_UNITS = ("ABW", "CUW", "SXM", "BQ-BO", "BQ-SE", "BQ-SA")
# A country briefing without a chosen layer shows the first of these on which the country's
# colour differs from each neighbour's (else the one where it differs from the most).
COUNTRY_LAYERS = ("priority", "commitments", "situation", "aid")
# Neighbours: units within this many degrees of the country, the nearest band that has any.
NEIGHBOUR_DEGREES = (0.1, 1.0, 3.0)


def build_layer(
    name: str, spec: BriefingSpec, units: pd.DataFrame, data: BriefingData
) -> maps.Layer:
    """The map layer ``name`` for the view, built as the screen builds it."""
    parts = indicator_parts(name)
    if parts is not None:
        column = parts[1]
        frame = indicator_frame(name, data)
        assert frame is not None
        title = fmt.capital(indicator_title(column, spec.lang))
        return indicators.indicator_layer(units, frame, column, title, spec.lang)
    return layers.build(
        name,
        units,
        members=data.members,
        region_names={r.region_id: r.name(spec.lang) for r in data.regions},
        region_id=spec.region_id,
        lang=spec.lang,
        commitments=data.commitments,
        aid_themes=data.aid_themes,
        situation=data.situation,
        neighbours=data.neighbours,
        aid=data.aid,
        travel_advice=data.travel_advice,
    )


def colours(layer: maps.Layer) -> pd.Series:
    """The fill colour of each unit on ``layer`` (indexed like the unit table)."""
    by_key = {e.key: e.colour for e in layer.legend}
    return layer.category.map(by_key).fillna(palette.OCEAN)


def neighbours(boundaries: gpd.GeoDataFrame, iso3: str) -> list[str]:
    """The ISO3 codes of the units nearest ``iso3``: those touching it, else those within
    one, else three degrees (islands)."""
    geoms = boundaries.geometry.to_numpy()
    own = (boundaries["iso3"] == iso3).to_numpy()
    if not own.any():
        raise KeyError(f"country {iso3!r} is not a unit on the map")
    focus = shapely.union_all(geoms[own])
    x0, y0, x1, y1 = focus.bounds
    bounds = shapely.bounds(geoms)
    for distance in NEIGHBOUR_DEGREES:
        near = (
            ~own
            & (bounds[:, 0] <= x1 + distance)
            & (bounds[:, 2] >= x0 - distance)
            & (bounds[:, 1] <= y1 + distance)
            & (bounds[:, 3] >= y0 - distance)
        )
        near[near] = shapely.dwithin(geoms[near], focus, distance)
        found = list(dict.fromkeys(boundaries["iso3"].to_numpy()[near]))
        if found:
            return found
    return []


def country_layer(
    spec: BriefingSpec, units: pd.DataFrame, boundaries: gpd.GeoDataFrame, data: BriefingData
) -> tuple[str, maps.Layer]:
    """The layer on which the spec's country stands out from its neighbours."""
    if spec.country is None:
        raise ValueError("a country layer needs a country")
    iso3 = units["iso3"]
    near = iso3.isin(neighbours(boundaries, spec.country)).to_numpy()
    own = (iso3 == spec.country).to_numpy()
    best: tuple[int, str, maps.Layer] | None = None
    for name in COUNTRY_LAYERS:
        layer = build_layer(name, spec, units, data)
        fill = colours(layer).to_numpy()
        alike = len(set(iso3[near & np.isin(fill, fill[own])]))
        if alike == 0:
            return name, layer
        if best is None or alike < best[0]:
            best = (alike, name, layer)
    assert best is not None
    return best[1], best[2]


def wanted_extent(
    spec: BriefingSpec, boundaries: gpd.GeoDataFrame, region: regions.Region | None
) -> Extent | None:
    """The area the map must show: the country with a margin, the region, or the world."""
    if spec.country is not None:
        parts = boundaries.loc[boundaries["iso3"] == spec.country].geometry.explode()
        if parts.empty:
            raise KeyError(f"country {spec.country!r} is not a unit on the map")
        x0, y0, x1, y1 = parts.total_bounds
        if x1 - x0 > 180:  # across the antimeridian: frame the largest part
            x0, y0, x1, y1 = parts.iloc[int(np.argmax(parts.area.to_numpy()))].bounds
        pad_x, pad_y = max((x1 - x0) * 0.35, 2.0), max((y1 - y0) * 0.35, 1.5)
        return (x0 - pad_x, x1 + pad_x), (max(y0 - pad_y, -85), min(y1 + pad_y, 85))
    if region is not None:
        return region.lon_range, region.lat_range
    return None


def _inside(lon, lat, extent: Extent | None) -> np.ndarray:
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if extent is None:
        return np.ones(len(lon), dtype=bool)
    (x0, x1), (y0, y1) = extent
    return (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)


def _markers(units, layer, fill, extent, focus_iso3) -> tuple[UnitMarker, ...]:
    small = (
        (units["area_deg2"] < maps.SMALL_UNIT_DEG2) & (layer.category != layer.background)
    ) | units["unit_id"].isin(CARIBBEAN_UNITS)
    chosen = units[small.to_numpy() & _inside(units["lon"], units["lat"], extent)]
    return tuple(
        UnitMarker(u.unit_id, float(u.lon), float(u.lat), fill[i], u.iso3 == focus_iso3)
        for i, u in zip(chosen.index, chosen.itertuples(), strict=True)
    )


def _posts(posts: pd.DataFrame, extent: Extent | None) -> pd.DataFrame:
    return posts[_inside(posts["lon"], posts["lat"], extent)]


def _labels(units, layer, boundaries, extent, spec) -> tuple[MapLabel, ...]:
    """Every unit in view, most relevant first (focus, Kingdom, highlighted), then largest."""
    bounds = shapely.bounds(boundaries.geometry.to_numpy())
    if extent is None:
        seen = np.ones(len(units), dtype=bool)
    else:
        (x0, x1), (y0, y1) = extent
        seen = (
            (bounds[:, 0] <= x1)
            & (bounds[:, 2] >= x0)
            & (bounds[:, 1] <= y1)
            & (bounds[:, 3] >= y0)
        )
    rank = np.where(
        (units["iso3"] == spec.country).to_numpy(),
        0,
        np.where(
            units["iso3"].isin(layers.KINGDOM_ISO3).to_numpy(),
            1,
            np.where((layer.category != layer.background).to_numpy(), 2, 3),
        ),
    )
    order = np.lexsort((-units["area_deg2"].to_numpy(), rank))
    names = units[f"name_{spec.lang}"].to_numpy()
    ids = units["unit_id"].to_numpy()
    return tuple(MapLabel(ids[i], names[i], bool(rank[i] == 0)) for i in order if seen[i])


def map_content(
    spec: BriefingSpec,
    units: pd.DataFrame,
    boundaries: gpd.GeoDataFrame,
    layer_name: str,
    layer: maps.Layer,
    region: regions.Region | None,
    data: BriefingData,
) -> tuple[MapContent, pd.DataFrame]:
    """The map of the view, and the posts on it (the ``posts`` layer; else none)."""
    fill = colours(layer).reset_index(drop=True)
    extent = wanted_extent(spec, boundaries, region)
    posts = _posts(data.posts, extent) if layer_name == "posts" else data.posts.iloc[0:0]
    content = MapContent(
        fills=dict(zip(units["unit_id"], fill, strict=True)),
        extent=extent,
        focus=tuple(units.loc[units["iso3"] == spec.country, "unit_id"]),
        markers=_markers(units, layer, fill, extent, spec.country),
        posts=tuple(
            PostMark(
                float(lon),
                float(lat),
                palette.POST_TYPE_SYMBOLS[kind],
                palette.POST_STATUS_COLOURS[status],
            )
            for lon, lat, kind, status in zip(
                posts["lon"].tolist(),
                posts["lat"].tolist(),
                posts["type"].tolist(),
                posts["status"].tolist(),
                strict=True,
            )
        ),
        labels=_labels(units, layer, boundaries, extent, spec),
    )
    return content, posts
