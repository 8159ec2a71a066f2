"""The priority regions of the government programme (chapter 9a): names, extent, members.

Regions are data, not code (read by ``storage.bundled``): ``data/regions.csv`` holds each
region's names and map extent with the programme paragraph it rests on,
``data/region_members.csv`` its countries. A member is ``named`` when the programme names the
country itself, and a plain ``member`` when it belongs to a region the programme names.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

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


def from_tables(
    regions: pd.DataFrame, members: pd.DataFrame
) -> tuple[tuple[Region, ...], pd.DataFrame]:
    """The regions and their members from the two tables, checked against each other."""
    unknown = set(members["region_id"]) - set(regions["region_id"])
    if unknown:
        raise ValueError(f"region_members.csv names unknown regions: {sorted(unknown)}")
    bad_roles = set(members["role"]) - set(ROLES)
    if bad_roles:
        raise ValueError(f"region_members.csv has roles {sorted(bad_roles)}; allowed: {ROLES}")
    found = tuple(
        Region(
            region_id=r.region_id,
            name_nl=r.name_nl,
            name_en=r.name_en,
            lon_range=(float(r.lon_min), float(r.lon_max)),
            lat_range=(float(r.lat_min), float(r.lat_max)),
            source=r.source,
        )
        for r in regions.itertuples()
    )
    return found, members


def find(regions: list[Region], region_id: str) -> Region:
    """The region ``region_id`` among ``regions``; a ``KeyError`` naming the known ones."""
    for region in regions:
        if region.region_id == region_id:
            return region
    known = ", ".join(r.region_id for r in regions)
    raise KeyError(f"unknown region {region_id!r}; known: {known}")
