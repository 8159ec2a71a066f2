"""What the region view and the country profile show, as tables a page can render.

Pure: frames in, frames out, in the chosen language. Amounts are written with
``fmt.euro`` and stay blank when no public figure exists.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.domain import joins
from dashboard.text import fmt
from dashboard.text.i18n import label


def region_countries(
    region_id: str,
    members: pd.DataFrame,
    countries: pd.DataFrame,
    commitments: pd.DataFrame,
    situation: pd.DataFrame,
    posts: pd.DataFrame,
    lang: str,
) -> pd.DataFrame:
    """One row per member country: name, role, situation, commitments, open posts."""
    rows = members[members["region_id"] == region_id][["iso3", "role"]]
    names = countries.set_index("iso3")[f"name_{lang}"]
    per_country = (
        joins.commitments_by_country(commitments)["commitments"]
        if not commitments.empty
        else pd.Series(dtype=int)
    )
    level = situation.set_index("iso3")["level"]
    posts_open = joins.posts_per_country(posts)["open"] if not posts.empty else pd.Series(dtype=int)
    out = pd.DataFrame(
        {
            "iso3": rows["iso3"].to_numpy(),
            "name": rows["iso3"].map(names).to_numpy(),
            "role": rows["role"].to_numpy(),
            "level": rows["iso3"]
            .map(level)
            .fillna("not_assessed")
            .map(lambda v: label("level", v, lang))
            .to_numpy(),
            "commitments": rows["iso3"].map(per_country).fillna(0).astype(int).to_numpy(),
            "open_posts": rows["iso3"].map(posts_open).fillna(0).astype(int).to_numpy(),
        }
    )
    return out.sort_values(["role", "name"], ascending=[False, True], ignore_index=True)


def commitments_table(
    commitments: pd.DataFrame, iso3s: set[str], groups: set[str], names: pd.Series, lang: str
) -> pd.DataFrame:
    """Commitments to any of ``iso3s`` or aimed at any of ``groups`` (e.g. the region).

    ``names`` maps iso3 to the country name in ``lang``.
    """
    mask = commitments["iso3"].isin(iso3s) | (
        commitments["iso3"].isna() & commitments["group"].isin(groups)
    )
    rows = commitments[mask]
    return pd.DataFrame(
        {
            "country": rows["iso3"].map(names).fillna(rows["group"]).to_numpy(),
            "description": rows[f"description_{lang}"].to_numpy(),
            "instrument": rows["instrument"].map(lambda v: label("instrument", v, lang)).to_numpy(),
            "amount": rows["amount_eur"]
            .map(lambda v: fmt.euro(None if pd.isna(v) else v, lang))
            .to_numpy(),
            "period": rows["period"].fillna("").to_numpy(),
            "status": rows["status"].to_numpy(),
            "source": rows["source"].to_numpy(),
            "source_url": rows["source_url"].fillna("").to_numpy(),
            "source_date": rows["source_date"].to_numpy(),
        }
    )


def instrument_mix(commitments: pd.DataFrame, iso3s: set[str], lang: str) -> pd.DataFrame:
    """Number of commitments per instrument for the given countries (largest first)."""
    rows = commitments[commitments["iso3"].isin(iso3s)]
    counts = rows["instrument"].value_counts()
    return pd.DataFrame(
        {
            "instrument": [label("instrument", k, lang) for k in counts.index],
            "commitments": counts.to_numpy(),
        }
    )


@dataclass(frozen=True)
class PostCover:
    resident: pd.DataFrame
    elsewhere: pd.DataFrame


def posts_covering(
    iso3: str, posts: pd.DataFrame, coverage: pd.DataFrame | None = None
) -> PostCover:
    """The posts in a country, and the posts elsewhere covering it (with ``role`` and ``host``)."""
    cover = joins.covering_posts(posts, coverage)
    mine = cover[cover["iso3"] == iso3][["post_id", "role", "resident", "host"]]
    rows = posts.merge(mine, on="post_id", how="inner")
    resident = rows[rows["resident"]].drop(columns=["resident", "host"])
    elsewhere = rows[~rows["resident"]].drop(columns="resident")
    return PostCover(resident.reset_index(drop=True), elsewhere.reset_index(drop=True))


def _covers_year(period: object, source_date: object, year: int) -> bool:
    if isinstance(period, str) and period:
        start, _, end = period.partition("-")
        first = int(start)
        last = int(end) if end else (first if "-" not in period else 9999)
        return first <= year <= last
    return isinstance(source_date, str) and source_date[:4] == str(year)


def filter_commitments(
    commitments: pd.DataFrame,
    instruments: list[str] | None = None,
    themes: list[str] | None = None,
    statuses: list[str] | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """The commitments matching every given filter (``None`` or empty: no filter).

    A year matches a commitment whose period covers it (``2024-`` runs on), or, without a
    period, whose source is from that year.
    """
    mask = pd.Series(True, index=commitments.index)
    for column, chosen in (("instrument", instruments), ("theme", themes), ("status", statuses)):
        if chosen:
            mask &= commitments[column].isin(chosen)
    if year is not None:
        mask &= pd.Series(
            [
                _covers_year(p, d, year)
                for p, d in zip(commitments["period"], commitments["source_date"], strict=True)
            ],
            index=commitments.index,
            dtype=bool,
        )
    return commitments[mask]


def posts_table(
    posts: pd.DataFrame, coverage: pd.DataFrame | None, names: pd.Series, lang: str
) -> pd.DataFrame:
    """The posts as the post page lists them: type and status in words, the host country, the
    countries covered from there (role in brackets when not side-accredited), the sources."""
    cover = joins.covering_posts(posts, coverage)
    covers: dict[str, list[str]] = {}
    away = cover[~cover["resident"]]
    for post_id, iso3, role in zip(away["post_id"], away["iso3"], away["role"], strict=True):
        how = "" if role == "side_accredited" else f" ({label('coverage_role', role, lang)})"
        covers.setdefault(post_id, []).append(f"{names.get(iso3, iso3)}{how}")
    return pd.DataFrame(
        {
            "name": posts[f"name_{lang}"].to_numpy(),
            "type": posts["type"].map(lambda v: label("post_type", v, lang)).to_numpy(),
            "city": posts["city"].to_numpy(),
            "country": posts["iso3"].map(names).fillna(posts["iso3"]).to_numpy(),
            "covers": [", ".join(covers.get(p, [])) for p in posts["post_id"]],
            "status": posts["status"].map(lambda v: label("post_status", v, lang)).to_numpy(),
            "status_date": posts["status_date"].fillna("").map(lambda d: fmt.date(d, lang)),
            "on_map": (posts["lat"].notna() & posts["lon"].notna()).to_numpy(),
            "source": posts["source"].to_numpy(),
            "source_url": posts["source_url"].fillna("").to_numpy(),
            "source_date": posts["source_date"].fillna("").to_numpy(),
        }
    )
