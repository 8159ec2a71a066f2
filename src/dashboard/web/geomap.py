"""The interactive map as a Streamlit component: the figure drawn as SVG with d3, served by the
app.

``maps.figure`` builds each map as a plotly figure (plotly's schema, checked by plotly.py in the
tests); plotly.js would need 1.4 MB of code in the browser (Streamlit's own plotly chart 4.7 MB)
before the first shape. ``static/map/geomap.js`` draws the part of that schema the app uses
(choropleth and scattergeo traces, a geo layout, a horizontal legend) with d3's modules (118 KB:
d3-geo projects, d3-zoom pans and zooms), which ``./dev`` installs under ``static/vendor/``,
pinned and checked. Both are static files the browser fetches once and keeps; the component
itself is a loader of a few lines, so a rerun sends the figure and not the code. One map stays
across reruns: a layer change recolours it in place.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import streamlit as st

from dashboard import settings

# The drawing library under static/ (./dev installs it: the d3 modules the map uses, from npm,
# joined into one file and checked against its SHA-256).
D3_JS = "vendor/d3-map.min.js"
# The map's own code under static/ (in git), an ES module.
RENDERER_JS = "map/geomap.js"

# Loads the renderer once per page (its URL carries its content's hash, so a new release is
# fetched anew) and hands it each run's data; says so in the map's place if it cannot.
_LOADER = """
const renderers = (window.__dashboardMapRenderers ||= {});
export default function (component) {
  const { data, parentElement } = component;
  renderers[data.renderer] ||= import(new URL(data.renderer, document.baseURI).href);
  renderers[data.renderer]
    .then((renderer) => renderer.draw(component))
    .catch((error) => {
      console.error(error);
      delete renderers[data.renderer];
      parentElement.textContent = data.texts.failed;
    });
}
"""

_draw = st.components.v2.component(
    "dashboard_map",
    js=_LOADER,
    css=Path(__file__).with_name("geomap.css").read_text(encoding="utf-8"),
    isolate_styles=False,  # the map in the page's own DOM, styled and found like any element
)

# The toolbar's buttons (geomap.js), by the text that names each.
BUTTONS = {
    "zoomIn": "map_zoom_in",
    "zoomOut": "map_zoom_out",
    "reset": "map_reset",
    "picture": "map_picture",
    "fullscreen": "map_fullscreen",
}


def bundle_path() -> Path:
    """Where the drawing library must be for the browser to draw any map."""
    return settings.static_dir() / D3_JS


def versioned_url(name: str) -> str:
    """The URL of static file ``name`` with its content's hash as the version: the browser
    keeps what it fetched, and fetches a new release's file anew. (A missing file gets no
    version; the map then says in its place that it cannot be drawn.)"""
    path = settings.static_dir() / name
    try:
        changed = path.stat().st_mtime_ns
    except FileNotFoundError:
        return settings.static_url(name)
    return f"{settings.static_url(name)}?v={_content_hash(path, changed)}"


@cache
def _content_hash(path: Path, changed: int) -> str:
    del changed  # the cache key only: a file replaced is read again
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def renderer_url() -> str:
    """The map's code as the browser fetches it."""
    return versioned_url(RENDERER_JS)


def figure_data(fig) -> dict:
    """The figure's traces and layout as plain JSON (plotly.py's template left out: the map
    takes the page's font and colours from its style sheet)."""
    spec = json.loads(fig.to_json())
    layout = spec.get("layout", {})
    layout.pop("template", None)
    return {"data": spec.get("data", []), "layout": layout}


def geomap(fig, config: dict, view: str, key: str, texts: dict[str, str]) -> list[dict]:
    """Draw the map ``fig`` (kept across reruns under ``key``); the points of a click, if any.

    ``view`` names what is drawn (page, layer, region, language): the map element carries it
    as ``data-view`` and, once drawn, ``data-drawn``. ``texts``: ``failed``, shown in the map's
    place when the library or the boundaries cannot be loaded, and the toolbar's button names
    (the keys of :data:`BUTTONS`).
    """
    result = _draw(
        key=key,
        data={
            "figure": figure_data(fig),
            "config": config,
            "library": versioned_url(D3_JS),
            "renderer": renderer_url(),
            "view": view,
            "texts": texts,
        },
        on_select_change=lambda: None,  # a click is a trigger: read once, in this rerun
    )
    return list(result.get("select") or [])
