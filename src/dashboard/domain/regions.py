"""The priority regions of each programme: names, extent, members, and the rows they rest on.

Regions are data, not code (read by ``storage.bundled``): ``data/regions.csv`` holds one row
per programme (or policy letter) and region, with the passage the region rests on;
``data/region_members.csv`` one row per programme, region and country. A member is ``named``
when the programme names the country itself, a plain ``member`` when it belongs to a region
the programme names, and a ``neighbour`` when it is no part of the region and not a priority,
but shown beside it on a source of its own (Venezuela beside the Caribbean parts of the
Kingdom). A view of one programme shows the rows of that programme and its policy letters
(``programmes.view_ids``); a region named by several of them is one region with each source.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

ROLES = ("named", "member", "neighbour")
# Priority membership; a neighbour is shown beside a region, never counted in it.
PRIORITY_ROLES = ("named", "member")


@dataclass(frozen=True)
class Region:
    region_id: str
    name_nl: str
    name_en: str
    lon_range: tuple[float, float]
    lat_range: tuple[float, float]
    source: str
    # (programme_id, citation) of every programme in the view that names the region.
    sources: tuple[tuple[str, str], ...] = ()
    # The newest publication date among those sources (None: undated or unknown).
    source_date: str | None = None

    def name(self, lang: str) -> str:
        return self.name_nl if lang == "nl" else self.name_en

    @property
    def programme_ids(self) -> tuple[str, ...]:
        return tuple(p for p, _ in self.sources)


def check(regions: pd.DataFrame, members: pd.DataFrame) -> None:
    """Raise a ``ValueError`` naming the rows when the two tables do not fit together."""
    known = set(zip(regions["region_id"], regions["programme_id"], strict=True))
    listed = set(zip(members["region_id"], members["programme_id"], strict=True))
    unknown = sorted(listed - known)
    if unknown:
        raise ValueError(
            f"region_members.csv names regions that regions.csv does not list for that "
            f"programme (region, programme): {unknown}"
        )
    bad_roles = set(members["role"]) - set(ROLES)
    if bad_roles:
        raise ValueError(f"region_members.csv has roles {sorted(bad_roles)}; allowed: {ROLES}")
    neighbours = members[members["role"] == "neighbour"]
    unsourced = neighbours.loc[neighbours["source"].fillna("").str.strip() == "", "iso3"]
    if not unsourced.empty:
        raise ValueError(f"region_members.csv: neighbour rows without a source: {list(unsourced)}")


def from_tables(
    regions: pd.DataFrame, members: pd.DataFrame, programme_ids: Iterable[str] | None = None
) -> tuple[tuple[Region, ...], pd.DataFrame, pd.DataFrame]:
    """The regions of a view, its priority members and its neighbours.

    Parameters
    ----------
    regions, members : DataFrame
        ``data/regions.csv`` and ``data/region_members.csv``.
    programme_ids : iterable of str, optional
        The programmes (and letters) in view; every programme when omitted.

    Returns
    -------
    (tuple of Region, DataFrame, DataFrame)
        The regions in the order of the file; the members (``region_id``, ``iso3``,
        ``role``: one row per region and country, the strongest role of the view); the
        neighbours (``region_id``, ``iso3``, ``role``, ``source``, ``source_url``,
        ``source_date``).
    """
    check(regions, members)
    if programme_ids is not None:
        ids = set(programme_ids)
        regions = regions[regions["programme_id"].isin(ids)]
        members = members[members["programme_id"].isin(ids)]
    found: dict[str, Region] = {}
    for r in regions.itertuples():
        region_id = str(r.region_id)
        entry = (str(r.programme_id), str(r.source))
        if region_id in found:
            old = found[region_id]
            sources = (*old.sources, entry)
        else:
            old = None
            sources = (entry,)
        found[region_id] = Region(
            region_id=region_id,
            name_nl=str(r.name_nl) if old is None else old.name_nl,
            name_en=str(r.name_en) if old is None else old.name_en,
            lon_range=(float(r.lon_min), float(r.lon_max)) if old is None else old.lon_range,
            lat_range=(float(r.lat_min), float(r.lat_max)) if old is None else old.lat_range,
            source="; ".join(s for _, s in sources),
            sources=sources,
            source_date=_newest(old.source_date if old else None, r.source_date),
        )
    priority = members[members["role"].isin(PRIORITY_ROLES)]
    strongest = (
        priority.assign(rank=priority["role"].map({r: i for i, r in enumerate(ROLES)}))
        .sort_values(["region_id", "iso3", "rank"])
        .drop_duplicates(["region_id", "iso3"])
    )
    in_priority = set(zip(strongest["region_id"], strongest["iso3"], strict=True))
    neighbours = members[members["role"] == "neighbour"]
    pairs = pd.Series(list(zip(neighbours["region_id"], neighbours["iso3"], strict=True)))
    beside = pairs.map(lambda pair: pair not in in_priority).to_numpy(dtype=bool)
    neighbours = neighbours[beside].drop_duplicates(["region_id", "iso3"])
    columns = ["region_id", "iso3", "role"]
    return (
        tuple(found.values()),
        strongest[columns].reset_index(drop=True),
        neighbours[[*columns, "source", "source_url", "source_date"]].reset_index(drop=True),
    )


def _newest(a: object, b: object) -> str | None:
    dated = [str(d) for d in (a, b) if isinstance(d, str) and d[:1].isdigit()]
    return max(dated) if dated else None


def find(regions: list[Region], region_id: str) -> Region:
    """The region ``region_id`` among ``regions``; a ``KeyError`` naming the known ones."""
    for region in regions:
        if region.region_id == region_id:
            return region
    known = ", ".join(r.region_id for r in regions)
    raise KeyError(f"unknown region {region_id!r}; known: {known}")
