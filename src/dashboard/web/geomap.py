"""The interactive map as a Streamlit component: plotly.js's geo bundle, served by the app.

``st.plotly_chart`` makes the browser load Streamlit's full plotly.js (4.7 MB) before any
shape is drawn, and gives a changed figure a new element that plotly draws anew. This
component draws the same figure (``maps.figure``) with plotly.js's geo bundle (1.4 MB, the
same plotly.js version), which the app serves from ``static/`` (``./dev`` installs it, pinned
and checked), and keeps one map across reruns: ``Plotly.react`` updates it in place.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from dashboard import settings
from dashboard.domain import palette

# The geo bundle under static/ (./dev installs it: npm package plotly.js-geo-dist-min, checked
# against its SHA-256). The version is plotly.js's, the one plotly.py (requirements.txt) ships.
PLOTLY_GEO_VERSION = "4.1.1"
PLOTLY_GEO_JS = f"vendor/plotly-geo-{PLOTLY_GEO_VERSION}.min.js"

# What Streamlit's own plotly theme gives a map: the page's font and colours.
FONT = '"Source Sans", sans-serif'
THEME = {
    "font": {"family": FONT, "size": 12, "color": palette.TEXT},
    "legend": {"font": {"size": 12}, "title": {"font": {"size": 12}, "side": "top"}},
    "hoverlabel": {
        "bgcolor": "#FFFFFF",
        "bordercolor": "#D5DAE5",
        "font": {"family": FONT, "size": 12, "color": palette.TEXT},
    },
}

# The modebar as Streamlit's plotly chart had it: no box or lasso selection (a click opens a
# profile), no chart-studio link; a full-screen button of our own (``geomap.js``).
MODEBAR_REMOVED = ["lasso2d", "select2d", "sendChartToCloud"]

_draw = st.components.v2.component(
    "dashboard_map",
    js=(Path(__file__).with_name("geomap.js")).read_text(encoding="utf-8"),
    css=".dashboard-map:fullscreen { background: #FFFFFF; }",
    isolate_styles=False,  # the map in the page's own DOM, styled and found like any element
)


def bundle_path() -> Path:
    """Where the geo bundle must be for the browser to draw any map."""
    return settings.static_dir() / PLOTLY_GEO_JS


def figure_data(fig) -> dict:
    """The figure as plotly.js takes it, with the page's font instead of plotly.py's template."""
    spec = json.loads(fig.to_json())
    layout = spec.setdefault("layout", {})
    layout["template"] = {"layout": THEME}
    return {"data": spec.get("data", []), "layout": layout}


def geometry(figure: dict, config: dict) -> list[dict]:
    """The files plotly fetches to draw ``figure``: each trace's GeoJSON, and the base map's
    topojson (named as plotly names it: scope and resolution)."""
    urls = {t["geojson"] for t in figure["data"] if isinstance(t.get("geojson"), str)}
    files = [{"url": url} for url in sorted(urls)]
    geo = figure["layout"].get("geo", {})
    name = f"{geo.get('scope', 'world')}_{geo.get('resolution', 110)}m"
    return [*files, {"url": f"{config['topojsonURL']}{name}.json", "topojson": name}]


def geomap(fig, config: dict, view: str, key: str, texts: dict[str, str]) -> list[dict]:
    """Draw the map ``fig`` (kept across reruns under ``key``); the points of a click, if any.

    ``view`` names what is drawn (page, layer, region, language): the map element carries it
    as ``data-view`` and, once drawn, ``data-drawn``. ``texts``: ``failed``, shown in the map's
    place when the drawing library cannot be loaded, and ``fullscreen``, the button's name.
    """
    figure = figure_data(fig)
    result = _draw(
        key=key,
        data={
            "figure": figure,
            "config": {**config, "responsive": True, "modeBarButtonsToRemove": MODEBAR_REMOVED},
            "plotly": settings.static_url(PLOTLY_GEO_JS),
            "prefetch": geometry(figure, config),
            "view": view,
            "texts": texts,
        },
        on_select_change=lambda: None,  # a click is a trigger: read once, in this rerun
    )
    return list(result.get("select") or [])
