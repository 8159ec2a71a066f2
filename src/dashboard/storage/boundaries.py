"""Load the map units built by ``geo/build_boundaries.py`` (the boundary-file adapter).

Two levels of detail of the same units:

- ``"print"``: ``geo/boundaries.parquet`` (1:10m simplified at 0.01 degrees), for briefing pictures;
- ``"web"``: ``static/geo/countries.geojson`` (coverage-simplified at about 0.1 degrees), the file
  the browser draws.

Both are read once per file path and kept per process. Paths are resolved from the project root
(the setting ``DASHBOARD_ROOT``).
"""

from __future__ import annotations

import functools
from pathlib import Path

import geopandas as gpd

from dashboard import settings

DETAIL_FILES = {
    "print": Path("geo") / "boundaries.parquet",
    "web": Path("static") / "geo" / "countries.geojson",
}


def boundary_path(detail: str = "print") -> Path:
    """Return the path of the boundary file of ``detail`` (``"print"`` or ``"web"``)."""
    if detail not in DETAIL_FILES:
        raise ValueError(f"detail must be one of {sorted(DETAIL_FILES)}, not {detail!r}")
    return settings.root() / DETAIL_FILES[detail]


@functools.lru_cache(maxsize=4)
def _read(path: Path) -> gpd.GeoDataFrame:
    if path.suffix == ".parquet":
        return gpd.read_parquet(path)
    frame = gpd.read_file(path, engine="pyogrio")
    return frame.set_crs("EPSG:4326", allow_override=True)


def load_boundaries(detail: str = "print") -> gpd.GeoDataFrame:
    """Load the map units at a level of detail.

    Parameters
    ----------
    detail : {"print", "web"}
        ``"print"`` reads ``geo/boundaries.parquet`` with columns ``unit_id``, ``iso3``,
        ``subdivision``, ``name_en``, ``name_nl``, ``status``, ``geometry``. ``"web"`` reads
        ``static/geo/countries.geojson`` with ``unit_id``, ``iso3``, ``name_en``, ``name_nl``,
        ``geometry``.

    Returns
    -------
    GeoDataFrame
        One row per map unit, sorted by ``unit_id``, in EPSG:4326. A copy: changing it does not
        change what the next call returns.

    Raises
    ------
    ValueError
        If ``detail`` is not ``"print"`` or ``"web"``.
    FileNotFoundError
        If the file is missing (build it with ``python geo/build_boundaries.py``).
    """
    path = boundary_path(detail)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; run `python geo/build_boundaries.py`")
    return _read(path).copy()
