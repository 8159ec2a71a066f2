"""Joining the datasets to the map units, and the aggregations the map layers need.

Pure: frames in, frames out. A row whose ``iso3`` names no unit on the map is reported in
the result, never dropped silently. The three BES islands share ``iso3`` ``BES``, so a
row for the Caribbean Netherlands lands on Bonaire, Sint Eustatius and Saba alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd


@dataclass(frozen=True)
class JoinResult:
    joined: gpd.GeoDataFrame
    unmatched: pd.DataFrame


def join_to_map(boundaries: gpd.GeoDataFrame, data: pd.DataFrame) -> JoinResult:
    """Attach each country row of ``data`` to its map unit(s) by ``iso3``.

    Rows without an ``iso3`` (group rows, e.g. a whole region) are not country rows and
    are neither joined nor reported; rows whose ``iso3`` no unit has are ``unmatched``.
    """
    if "iso3" not in data.columns:
        raise ValueError("data has no 'iso3' column to join on")
    country_rows = data[data["iso3"].notna()]
    known = set(boundaries["iso3"])
    unmatched = country_rows[~country_rows["iso3"].isin(known)].copy()
    joined = boundaries.merge(country_rows, on="iso3", how="inner", suffixes=("", "_data"))
    return JoinResult(joined=joined, unmatched=unmatched)


def expand_groups(data: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Country rows plus one row per member country for each row aimed at a region.

    Adds ``via_group``: the region the row came through, or ``NA`` for a country's own row.
    Groups that are not regions (``global``, ``multilateral``) are left out.
    """
    own = data[data["iso3"].notna()].assign(via_group=pd.NA)
    grouped = data[data["iso3"].isna() & data["group"].notna()].drop(columns="iso3")
    via = grouped.merge(members[["region_id", "iso3"]], left_on="group", right_on="region_id")
    via = via.drop(columns="region_id").assign(via_group=via["group"])
    return pd.concat([own, via[own.columns]], ignore_index=True)


@dataclass(frozen=True)
class ViewCommitments:
    """The commitments one view shows, split as every card, table and briefing counts them."""

    own: pd.DataFrame  # aimed at one of the view's countries
    regional: pd.DataFrame  # aimed at one of the view's regions as a whole (no country)

    @property
    def rows(self) -> pd.DataFrame:
        return pd.concat([self.own, self.regional])


def commitments_for(
    commitments: pd.DataFrame, iso3s: set[str] | frozenset[str], groups: set[str] | frozenset[str]
) -> ViewCommitments:
    """The one rule for which commitments a view counts.

    ``own``: the rows whose ``iso3`` is one of ``iso3s`` (whatever their ``group``);
    ``regional``: the rows without a country whose ``group`` is one of ``groups`` (e.g. the
    regions a country belongs to). A row with a country outside ``iso3s`` is not counted,
    even when its group is one of ``groups``.
    """
    own = commitments[commitments["iso3"].isin(iso3s)]
    regional = commitments[commitments["iso3"].isna() & commitments["group"].isin(groups)]
    return ViewCommitments(own, regional)


def commitments_by_country(commitments: pd.DataFrame) -> pd.DataFrame:
    """Per country: the number of commitments and how many of them per instrument.

    Amounts are deliberately not summed: the public figures overlap (a yearly budget, a
    package within it), so a total would be a number no source states.
    """
    rows = commitments[commitments["iso3"].notna()]
    mix = pd.crosstab(rows["iso3"], rows["instrument"])
    mix.insert(0, "commitments", mix.sum(axis=1))
    return mix


def posts_per_country(posts: pd.DataFrame) -> pd.DataFrame:
    """Per host country: number of posts, and how many are open."""
    grouped = posts.groupby("iso3")
    return pd.DataFrame(
        {
            "posts": grouped.size(),
            "open": grouped["status"].apply(lambda s: int((s == "open").sum())),
        }
    )


def covering_posts(posts: pd.DataFrame) -> pd.DataFrame:
    """Which post covers which country: its host country and each country it is accredited to.

    Columns ``iso3`` (the covered country), ``post_id``, ``resident`` (the post sits there).
    """
    resident = posts[["iso3", "post_id"]].assign(resident=True)
    extra = posts[["post_id", "covers"]].dropna()
    extra = extra.assign(iso3=extra["covers"].str.split(";")).explode("iso3")
    extra["iso3"] = extra["iso3"].str.strip()
    extra = extra[extra["iso3"] != ""][["iso3", "post_id"]].assign(resident=False)
    return pd.concat([resident, extra], ignore_index=True).drop_duplicates(["iso3", "post_id"])


def themes_by_country(aid_themes: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Per country: the aid themes aimed at it, directly or through its region.

    Columns ``iso3``, ``theme``, ``direct`` (a row names the country itself).
    """
    expanded = expand_groups(aid_themes, members)
    expanded["direct"] = expanded["via_group"].isna()
    return (
        expanded.groupby(["iso3", "theme"], as_index=False)["direct"]
        .any()
        .sort_values(["iso3", "theme"], ignore_index=True)
    )
