"""The interactive map: a layer's categories painted on the map units, as a plotly figure.

Pure: takes frames, returns a figure. The geometry itself is not in the figure; the
browser fetches it once per level of detail from a static file (``static/geo/world.geojson``
for the world, ``countries.geojson`` for regions and countries) and keeps it, so a rerun or a
layer change sends only the unit ids, colours and hover text over the websocket.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
import shapely

from dashboard.domain import palette
from dashboard.domain.regions import Region

# Units smaller than this (square degrees) get a marker so they can be found at any zoom.
SMALL_UNIT_DEG2 = 1.5

WORLD_LON = (-180.0, 180.0)
WORLD_LAT = (-58.0, 84.0)

# Where the browser fetches the geometry (under static/): the finer file for regions and
# countries, a coarse one for the whole world (geo/build_world_view.py).
COUNTRIES_GEOJSON = "geo/countries.geojson"
WORLD_GEOJSON = "geo/world.geojson"

# Height of every interactive map in pixels, its legend included.
MAP_HEIGHT = 560
# Width over height of the view that fills a map as wide as the page (at 1440×900), in
# degrees of longitude (scaled by the cosine of the latitude) per degree of latitude; more
# than the drawing area's own 1.9 because the projection stretches latitudes.
WIDE = 2.15


@dataclass(frozen=True)
class LegendEntry:
    key: str
    label: str
    colour: str


@dataclass(frozen=True)
class Layer:
    """What one map layer paints: a category per unit, the legend, and hover facts.

    ``category`` and ``hover`` are indexed like the unit table. ``background`` names the
    category that is not highlighted (no marker for small units of that category).
    ``source`` and ``source_url`` (also indexed like the units) say where each unit's
    facts come from, for the table under the map.
    """

    title: str
    category: pd.Series
    legend: tuple[LegendEntry, ...]
    hover: pd.Series
    background: str
    source: pd.Series | None = None
    source_url: pd.Series | None = None


def unit_table(boundaries: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per map unit with a point inside it and its size, for markers and hover.

    Parameters
    ----------
    boundaries : GeoDataFrame
        Map units with ``unit_id``, ``iso3``, ``name_en``, ``name_nl`` and geometry in
        EPSG:4326.
    """
    missing = {"unit_id", "iso3", "name_en", "name_nl"} - set(boundaries.columns)
    if missing:
        raise ValueError(f"boundaries lack columns {sorted(missing)}")
    points = boundaries.geometry.representative_point()
    return pd.DataFrame(
        {
            "unit_id": boundaries["unit_id"].to_numpy(),
            "iso3": boundaries["iso3"].to_numpy(),
            "name_en": boundaries["name_en"].to_numpy(),
            "name_nl": boundaries["name_nl"].to_numpy(),
            "lon": points.x.to_numpy(),
            "lat": points.y.to_numpy(),
            # Square degrees on purpose: a screen-size measure for "too small to see".
            "area_deg2": shapely.area(boundaries.geometry.to_numpy()),
        }
    )


_HOVER = "<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>"


def map_figure(
    units: pd.DataFrame,
    layer: Layer,
    lang: str,
    geojson_url: str,
    region: Region | None = None,
    overlays: tuple[go.Scattergeo | dict, ...] = (),
    aspect: float = WIDE,
) -> go.Figure:
    """The world (or one region) with each unit coloured by the layer's category.

    Parameters
    ----------
    units : DataFrame
        From :func:`unit_table`.
    layer : Layer
        What to paint; its series are indexed like ``units``.
    lang : {"nl", "en"}
        Language of the unit names.
    geojson_url : str
        Where the browser fetches the boundaries (a static file of this app): the coarse
        world file for the world view, the finer one for regions and countries.
    region : Region, optional
        Zoom to this region's extent; the whole world when omitted.
    overlays : tuple of Scattergeo or dict
        Marker traces drawn on top (e.g. the posts).
    aspect : float
        Width over height of the space the map gets on the page; a region's view is widened
        to fill it (:func:`fit_view`).
    """
    names = units[f"name_{lang}"]
    hover = layer.hover.reindex(units.index).fillna("")
    data: list[dict] = []
    for entry in layer.legend:
        mask = layer.category == entry.key
        if not mask.any():
            continue
        data.append(
            dict(
                type="choropleth",
                geojson=geojson_url,
                featureidkey="id",
                locations=units.loc[mask, "unit_id"].tolist(),
                z=[1] * int(mask.sum()),
                colorscale=[[0, entry.colour], [1, entry.colour]],
                showscale=False,
                marker=dict(line=dict(color=palette.BORDER, width=0.5)),
                name=entry.label,
                legendgroup=entry.key,
                showlegend=True,
                customdata=list(zip(names[mask], hover[mask], strict=True)),
                hovertemplate=_HOVER,
            )
        )
    small = (units["area_deg2"] < SMALL_UNIT_DEG2) & (layer.category != layer.background)
    if small.any():
        colours = {e.key: e.colour for e in layer.legend}
        # Rings when overlays follow: a post in a small unit (Willemstad in Curaçao) sits
        # inside its unit's ring, both visible.
        data.append(
            _small_unit_markers(
                units[small],
                layer.category[small].map(colours),
                names[small],
                hover[small],
                zoomed=region is not None,
                ring=bool(overlays),
            )
        )
    data += [o if isinstance(o, dict) else o.to_plotly_json() for o in overlays]
    lon_range, lat_range = (
        fit_view(region.lon_range, region.lat_range, aspect) if region else (WORLD_LON, WORLD_LAT)
    )
    layout = dict(
        margin=dict(l=0, r=0, t=0, b=0),
        height=MAP_HEIGHT,
        paper_bgcolor="rgba(0,0,0,0)",
        # Under the map, never over it: plotly widens the bottom margin to fit it.
        legend=dict(
            orientation="h",
            yanchor="top",
            y=-0.01,
            xanchor="left",
            x=0.0,
            title=dict(text=layer.title),
        ),
        geo=dict(
            projection=dict(type="natural earth"),
            fitbounds=False,
            lonaxis=dict(range=list(lon_range)),
            lataxis=dict(range=list(lat_range)),
            resolution=50,
            showocean=True,
            oceancolor=palette.OCEAN,
            showland=False,
            showcountries=False,
            showcoastlines=False,
            showlakes=False,
            showrivers=False,
            showframe=False,
            bgcolor="rgba(0,0,0,0)",
        ),
        # Keeps the user's pan and zoom across reruns until the view itself changes.
        uirevision=region.region_id if region else "world",
    )
    # Built as plain data and wrapped without plotly's per-property validation (a tenth of
    # the time); tests/test_maps.py checks the result against plotly's own validation.
    return go.Figure(dict(data=data, layout=layout), _validate=False)


def fit_view(
    lon_range: tuple[float, float], lat_range: tuple[float, float], aspect: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """A view around the same centre, widened (never narrowed) to fill a drawing area
    ``aspect`` times as wide as high: a region taller than wide is otherwise drawn as a
    narrow strip with empty space beside it."""
    (x0, x1), (y0, y1) = lon_range, lat_range
    shrink = max(math.cos(math.radians((y0 + y1) / 2)), 0.2)  # a degree of longitude there
    width, height = (x1 - x0) * shrink, y1 - y0
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if width < aspect * height:
        half = aspect * height / shrink / 2
        return (max(cx - half, -180.0), min(cx + half, 180.0)), (y0, y1)
    half = width / aspect / 2
    return (x0, x1), (max(cy - half, -85.0), min(cy + half, 85.0))


def label_positions(lon: pd.Series, lat: pd.Series, near: float = 1.5) -> list[str]:
    """Where each small unit's name goes, so that neighbours' names do not overlap: away
    from the nearest other labelled unit within ``near`` degrees (Saba to the left of
    Sint Eustatius, Sint Maarten above both), above the marker otherwise."""
    points = list(zip(lon, lat, strict=True))
    positions = []
    for i, (x, y) in enumerate(points):
        others = [
            (abs(x - ox) + abs(y - oy), ox, oy) for j, (ox, oy) in enumerate(points) if j != i
        ]
        distance, ox, oy = min(others, default=(near, x, y))
        if distance >= near:
            positions.append("top center")
        elif abs(x - ox) >= abs(y - oy):
            positions.append("middle left" if x < ox else "middle right")
        else:
            positions.append("bottom center" if y < oy else "top center")
    return positions


def _small_unit_markers(units, colours, names, hover, zoomed: bool, ring: bool = False) -> dict:
    marker = (
        dict(size=18, color=list(colours), symbol="circle-open", line=dict(width=3))
        if ring
        else dict(size=9, color=list(colours), line=dict(color=palette.TEXT, width=1))
    )
    return dict(
        type="scattergeo",
        lon=units["lon"].tolist(),
        lat=units["lat"].tolist(),
        mode="markers+text" if zoomed else "markers",
        text=names.tolist() if zoomed else None,
        textposition=label_positions(units["lon"], units["lat"]) if zoomed else "top center",
        textfont=dict(size=11, color=palette.TEXT),
        marker=marker,
        customdata=list(zip(names, hover, units["unit_id"], strict=True)),
        hovertemplate=_HOVER,
        showlegend=False,
        name="small-units",
    )


def plotly_config(filename: str) -> dict:
    """Plot config: zoom with the mouse wheel, and a named PNG download at twice the size."""
    return {
        "scrollZoom": True,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }


def selected_unit(points: list[dict], units: pd.DataFrame) -> str | None:
    """The first clicked map unit in a plotly selection, if any: its unit id, which is the
    country's iso3, or the ISO 3166-2 code of a Caribbean Netherlands island (its profile).

    A choropleth point carries the unit id as ``location``; a small-unit marker carries
    the name and the unit id in its ``customdata``.
    """
    known = set(units["unit_id"])
    for point in points:
        if point.get("location") in known:
            return point["location"]
        data = point.get("customdata") or []
        for value in data if isinstance(data, list | tuple) else [data]:
            if value in known:
                return value
    return None


def extent_around(
    bounds: tuple[float, float, float, float], margin: float = 0.25, minimum: float = 12.0
) -> tuple[tuple[float, float], tuple[float, float]]:
    """A lon/lat view around ``bounds`` (minx, miny, maxx, maxy), padded, at least
    ``minimum`` degrees across so a small country is shown with its neighbours."""
    minx, miny, maxx, maxy = bounds
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    half_w = max((maxx - minx) * (1 + margin), minimum) / 2
    half_h = max((maxy - miny) * (1 + margin), minimum * 0.6) / 2
    lon = (max(cx - half_w, -180.0), min(cx + half_w, 180.0))
    lat = (max(cy - half_h, -85.0), min(cy + half_h, 85.0))
    return lon, lat


def unit_sources(units: pd.DataFrame, rows: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Per unit, where its facts come from: the newest source among its ``rows`` (``iso3``,
    ``source``, ``source_url``, ``source_date``), with "+n" when more sources hold facts."""
    if not {"iso3", "source", "source_date"} <= set(rows.columns):
        rows = rows.iloc[0:0]
    rows = rows[rows["iso3"].notna()]
    if rows.empty:
        blank = pd.Series("", index=units.index, dtype=object)
        return blank, blank.copy()
    ordered = rows.sort_values("source_date", ascending=False, na_position="last", kind="stable")
    newest = ordered.drop_duplicates("iso3").set_index("iso3")
    others = ordered.groupby("iso3")["source"].nunique() - 1
    text = newest["source"] + others.reindex(newest.index).map(lambda n: f" (+{n})" if n else "")
    source = units["iso3"].map(text).fillna("")
    url = units["iso3"].map(newest.get("source_url", pd.Series(dtype=object))).fillna("")
    return source, url
