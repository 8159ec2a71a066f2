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
    """A setting of ./dev: ``NAME=value``, or ``NAME="value"`` over several lines."""
    (found,) = re.findall(rf'^{name}=(?:"([^"]*)"|(\S+)$)', (ROOT / "dev").read_text(), re.M)
    return " ".join("".join(found).split())


def test_dev_pins_each_module_of_the_drawing_library_by_its_exact_version():
    modules = _pinned("D3_MODULES").split()
    assert [m.split("@")[0] for m in modules][-2:] == ["d3-drag", "d3-zoom"]
    assert {"d3-geo", "d3-selection", "d3-interpolate"} <= {m.split("@")[0] for m in modules}
    assert all(re.fullmatch(r"d3-[a-z]+@\d+\.\d+\.\d+", m) for m in modules), modules
    assert geomap.bundle_path() == ROOT / "static" / "vendor" / "d3-map.min.js"


def test_the_installed_library_has_the_pinned_checksum_and_stays_out_of_git():
    path = geomap.bundle_path()
    assert path.is_file(), "./dev installs static/vendor/ (d3's modules from npm, joined)"
    code = path.read_bytes()
    assert hashlib.sha256(code).hexdigest() == _pinned("D3_SHA256")
    # The pinned modules, each with its version, in the order ./dev joins them.
    headers = re.findall(rb"^// https://d3js.org/(d3-[a-z]+)/ v(\S+) ", code, re.M)
    pinned = [tuple(m.split("@")) for m in _pinned("D3_MODULES").split()]
    assert [(n.decode(), v.decode()) for n, v in headers] == pinned
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
    # The library and the map's own code (a static file in git): URLs versioned by content.
    for name, url in ((geomap.D3_JS, data["library"]), (geomap.RENDERER_JS, data["renderer"])):
        version = hashlib.sha256((ROOT / "static" / name).read_bytes()).hexdigest()[:12]
        assert url == f"app/static/{name}?v={version}"
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
