"""The map component: d3, pinned in ./dev, served by the app itself, and the data each map
sends the browser."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

from app_maps import map_data
from streamlit.testing.v1 import AppTest

from dashboard.web import geomap

ROOT = Path(__file__).resolve().parents[1]


def _pinned(name: str) -> str:
    (value,) = re.findall(rf"^{name}=(\S+)$", (ROOT / "dev").read_text(), flags=re.MULTILINE)
    return value


def test_dev_pins_the_drawing_library_the_app_serves():
    assert _pinned("D3_VERSION") == geomap.D3_VERSION
    assert geomap.bundle_path() == ROOT / "static" / "vendor" / f"d3-{geomap.D3_VERSION}.min.js"


def test_the_installed_library_has_the_pinned_checksum_and_stays_out_of_git():
    path = geomap.bundle_path()
    assert path.is_file(), "./dev installs static/vendor/ (npm d3, dist/d3.min.js)"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == _pinned("D3_SHA256")
    assert path.read_bytes().startswith(f"// https://d3js.org v{geomap.D3_VERSION} ".encode())
    relative = str(path.relative_to(ROOT))
    ignored = subprocess.run(["git", "check-ignore", "-q", relative], cwd=ROOT, check=False)
    assert ignored.returncode == 0
    tracked = subprocess.run(
        ["git", "ls-files", "static/vendor"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert tracked.stdout == ""


def test_the_overview_map_sends_its_figure_the_library_and_the_toolbars_words():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    (data,) = map_data(at)
    assert data["library"] == f"app/static/vendor/d3-{geomap.D3_VERSION}.min.js"
    # The map's own code: a static file in git, its URL versioned by its content.
    code = (ROOT / "static" / geomap.RENDERER_JS).read_bytes()
    version = hashlib.sha256(code).hexdigest()[:12]
    assert data["renderer"] == f"app/static/map/geomap.js?v={version}"
    assert data["config"]["scrollZoom"] is True
    assert data["config"]["toImageButtonOptions"]["filename"].startswith("priority-world-")
    assert data["config"]["toImageButtonOptions"]["scale"] == 2
    assert data["view"] == data["config"]["toImageButtonOptions"]["filename"]
    assert data["texts"]["failed"].startswith("The map cannot be drawn")
    assert data["texts"]["fullscreen"] == "Fullscreen"
    assert set(data["texts"]) == {"failed", *geomap.BUTTONS}
    figure = data["figure"]
    # No plotly.py template: the map takes the page's font from its style sheet.
    assert "template" not in figure["layout"]
    assert figure["layout"]["legend"]["title"]["text"] == "Priorities"
    assert {tr["type"] for tr in figure["data"]} == {"choropleth", "scattergeo"}
    # Every choropleth draws from the app's own coarse world file.
    assert {tr["geojson"] for tr in figure["data"] if tr["type"] == "choropleth"} == {
        "app/static/geo/world.geojson"
    }
    # No Streamlit plotly chart on the page: its 4.7 MB plotly.js is never loaded.
    assert not at.get("plotly_chart")
