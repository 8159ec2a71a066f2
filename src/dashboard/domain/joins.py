"""Joining the datasets to the map units, and the aggregations the map layers need.

Pure: frames in, frames out. A row whose ``iso3`` names no unit on the map is reported in
the result, never dropped silently. The three BES islands share ``iso3`` ``BES``, so a
row for the Caribbean Netherlands lands on Bonaire, Sint Eustatius and Saba alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from dashboard.domain import network


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


def covering_posts(posts: pd.DataFrame, coverage: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which post covers which country, and how.

    Columns ``iso3`` (the covered country), ``post_id``, ``role`` (resident, side_accredited,
    consular_only), ``resident`` (the post sits there), and the post's ``host`` country,
    ``type`` and ``status``. Coverage rows naming a post that ``posts`` lacks are left out
    (an upload reports them). Without ``coverage``, each bilateral post covers its host
    country only.
    """
    if coverage is None:
        bilateral = posts[~posts["type"].isin(network.MULTILATERAL_TYPES)]
        coverage = bilateral[["post_id", "iso3"]].assign(role="resident")
    facts = posts.set_index("post_id")[["iso3", "type", "status"]].rename(columns={"iso3": "host"})
    rows = coverage[["iso3", "post_id", "role"]].merge(
        facts, left_on="post_id", right_index=True, how="inner"
    )
    rows["resident"] = rows["role"].eq("resident") & rows["host"].eq(rows["iso3"])
    return rows.drop_duplicates(["iso3", "post_id"]).reset_index(drop=True)


# How well the network holds a country, from best to worst. ``kingdom``: a part of the
# Kingdom (never "without a Dutch post"); ``resident``: a post in service sits there;
# ``elsewhere``: covered by a post in service in another country; ``suspended``: only
# suspended posts cover it; ``none``: no post in service is known to cover it.
COVERAGE_LEVELS = ("kingdom", "resident", "elsewhere", "suspended", "none")


def country_coverage(
    iso3s: list[str], posts: pd.DataFrame, coverage: pd.DataFrame | None
) -> pd.DataFrame:
    """Per country in ``iso3s``: the posts covering it and how well, now and after the
    announced closures.

    Columns ``iso3``; ``resident`` and ``elsewhere`` (ids of posts in service covering it
    from inside and from other countries), ``suspended`` and ``closing`` (ids of covering posts
    suspended, or with closure announced); ``level`` and ``level_after_closures`` (one of
    :data:`COVERAGE_LEVELS`). A country whose only posts have a closure announced is held now
    and uncovered after: that is what ``level_after_closures`` shows.
    """
    cover = covering_posts(posts, coverage)
    rows = []
    for iso3 in iso3s:
        mine = cover[cover["iso3"] == iso3]
        serving = mine[mine["status"].isin(network.OPERATING)]
        closing = mine[mine["status"] == "closure_announced"]
        suspended = mine[mine["status"] == "suspended"]
        after = serving[serving["status"] != "closure_announced"]
        rows.append(
            {
                "iso3": iso3,
                "resident": list(serving.loc[serving["resident"], "post_id"]),
                "elsewhere": list(serving.loc[~serving["resident"], "post_id"]),
                "suspended": list(suspended["post_id"]),
                "closing": list(closing["post_id"]),
                "level": _level(iso3, serving, suspended),
                "level_after_closures": _level(iso3, after, suspended),
            }
        )
    return pd.DataFrame(rows, columns=COUNTRY_COVERAGE_COLUMNS)


COUNTRY_COVERAGE_COLUMNS = [
    "iso3",
    "resident",
    "elsewhere",
    "suspended",
    "closing",
    "level",
    "level_after_closures",
]


def _level(iso3: str, serving: pd.DataFrame, suspended: pd.DataFrame) -> str:
    if iso3 in network.KINGDOM_ISO3:
        return "kingdom"
    if serving["resident"].any():
        return "resident"
    if not serving.empty:
        return "elsewhere"
    return "suspended" if not suspended.empty else "none"


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
