"""The maps an AppTest page draws: each is the map component (``web.geomap``), whose data
holds the plotly figure the browser draws."""

from __future__ import annotations

import json

MAP_COMPONENT = "dashboard_map"
# One <path class="unit"> per map unit drawn (static/map/geomap.js), for the browser tests.
SHAPES = ".dashboard-map g.units path.unit"


def map_data(at) -> list[dict]:
    """What each map on the page sends the browser: figure, config, bundle URL, view."""
    found = []
    for element in at.get("bidi_component"):
        proto = element.proto
        if proto.component_name != MAP_COMPONENT:
            continue
        payload = proto.json if proto.WhichOneof("data") == "json" else proto.mixed.json
        found.append(json.loads(payload))
    return found


def map_figures(at) -> list[dict]:
    """The plotly figure (``data`` and ``layout``) of each map on the page, in page order."""
    return [data["figure"] for data in map_data(at)]
