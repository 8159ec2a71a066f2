"""The map component: plotly.js's geo bundle, pinned in ./dev, served by the app itself, and
the data each map sends the browser."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import plotly.offline
from app_maps import map_data
from streamlit.testing.v1 import AppTest

from dashboard.web import geomap

ROOT = Path(__file__).resolve().parents[1]


def _pinned(name: str) -> str:
    (value,) = re.findall(rf"^{name}=(\S+)$", (ROOT / "dev").read_text(), flags=re.MULTILINE)
    return value


def test_the_bundle_is_the_plotly_js_that_plotly_py_ships_and_dev_pins_it():
    assert _pinned("PLOTLY_GEO_VERSION") == geomap.PLOTLY_GEO_VERSION
    assert geomap.PLOTLY_GEO_VERSION == plotly.offline.get_plotlyjs_version()
    assert geomap.bundle_path() == ROOT / "static" / "vendor" / "plotly-geo-4.1.1.min.js"


def test_the_installed_bundle_has_the_pinned_checksum_and_stays_out_of_git():
    path = geomap.bundle_path()
    assert path.is_file(), "./dev installs static/vendor/ (npm plotly.js-geo-dist-min)"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == _pinned("PLOTLY_GEO_SHA256")
    assert path.read_bytes().startswith(b"/**\n* plotly.js (geo - minified) v4.1.1\n")
    relative = str(path.relative_to(ROOT))
    ignored = subprocess.run(["git", "check-ignore", "-q", relative], cwd=ROOT, check=False)
    assert ignored.returncode == 0
    tracked = subprocess.run(
        ["git", "ls-files", "static/vendor"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert tracked.stdout == ""


def test_the_overview_map_sends_its_figure_the_apps_bundle_and_the_geometry_to_fetch():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    (data,) = map_data(at)
    assert data["plotly"] == "app/static/vendor/plotly-geo-4.1.1.min.js"
    assert data["prefetch"] == [
        {"url": "app/static/geo/world.geojson"},
        {"url": "app/static/topojson/world_50m.json", "topojson": "world_50m"},
    ]
    assert data["config"]["topojsonURL"] == "app/static/topojson/"
    assert data["config"]["displaylogo"] is False and data["config"]["scrollZoom"] is True
    assert data["config"]["toImageButtonOptions"]["filename"].startswith("priority-world-")
    assert data["view"] == data["config"]["toImageButtonOptions"]["filename"]
    assert data["texts"]["failed"].startswith("The map cannot be drawn")
    assert data["texts"]["fullscreen"] == "Fullscreen"
    assert data["config"]["modeBarButtonsToRemove"] == ["lasso2d", "select2d", "sendChartToCloud"]
    figure = data["figure"]
    # The page's font instead of plotly.py's own template.
    assert figure["layout"]["template"] == {"layout": geomap.THEME}
    assert figure["layout"]["legend"]["title"]["text"] == "Priorities"
    assert {tr["type"] for tr in figure["data"]} == {"choropleth", "scattergeo"}
    # No Streamlit plotly chart on the page: its 4.7 MB plotly.js is never loaded.
    assert not at.get("plotly_chart")
