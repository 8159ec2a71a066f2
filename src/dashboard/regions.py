"""The priority regions of the government programme (chapter 9a), read from ``data/``.

Regions are data, not code: ``data/regions.csv`` holds each region's names and map
extent with the programme paragraph it rests on, ``data/region_members.csv`` its
countries. A member is ``named`` when the programme names the country itself, and a
plain ``member`` when it belongs to a region the programme names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from dashboard import settings

ROLES = ("named", "member")


@dataclass(frozen=True)
class Region:
    region_id: str
    name_nl: str
    name_en: str
    lon_range: tuple[float, float]
    lat_range: tuple[float, float]
    source: str

    def name(self, lang: str) -> str:
        return self.name_nl if lang == "nl" else self.name_en


@lru_cache(maxsize=1)
def _read() -> tuple[pd.DataFrame, pd.DataFrame]:
    regions = pd.read_csv(settings.data_dir() / "regions.csv", dtype={"region_id": str})
    members = pd.read_csv(settings.data_dir() / "region_members.csv", dtype=str)
    unknown = set(members["region_id"]) - set(regions["region_id"])
    if unknown:
        raise ValueError(f"region_members.csv names unknown regions: {sorted(unknown)}")
    bad_roles = set(members["role"]) - set(ROLES)
    if bad_roles:
        raise ValueError(f"region_members.csv has roles {sorted(bad_roles)}; allowed: {ROLES}")
    return regions, members


def load_regions() -> list[Region]:
    """All priority regions, in the order of ``data/regions.csv``."""
    regions, _ = _read()
    return [
        Region(
            region_id=r.region_id,
            name_nl=r.name_nl,
            name_en=r.name_en,
            lon_range=(float(r.lon_min), float(r.lon_max)),
            lat_range=(float(r.lat_min), float(r.lat_max)),
            source=r.source,
        )
        for r in regions.itertuples()
    ]


def get_region(region_id: str) -> Region:
    for region in load_regions():
        if region.region_id == region_id:
            return region
    known = ", ".join(r.region_id for r in load_regions())
    raise KeyError(f"unknown region {region_id!r}; known: {known}")


def load_members() -> pd.DataFrame:
    """Region membership: columns ``region_id``, ``iso3``, ``role``."""
    return _read()[1].copy()
