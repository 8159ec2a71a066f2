"""What the region view and the country profile show, as tables a page can render.

Pure: frames in, frames out, in the chosen language. Amounts are written with
``fmt.euro`` and stay blank when no public figure exists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.domain import contracts, joins
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


def group_names(region_names: Mapping[str, str], lang: str) -> dict[str, str]:
    """The name of every group a row can be aimed at: the regions, and world-wide or
    multilateral (``contracts.GROUPS``)."""
    return {
        **{g: label("group", g, lang) for g in contracts.GROUPS if g not in region_names},
        **region_names,
    }


def aimed_at(rows: pd.DataFrame, names: pd.Series, groups: Mapping[str, str]) -> pd.Series:
    """Per row, the name of the country it is aimed at, else of its group (a region)."""
    country = rows["iso3"].map(names)
    group = rows["group"].map(lambda g: groups.get(g, g) if isinstance(g, str) else None)
    return country.fillna(group).fillna("")


def commitments_table(
    rows: pd.DataFrame, names: pd.Series, groups: Mapping[str, str], lang: str
) -> pd.DataFrame:
    """Commitment rows (from ``joins.commitments_for``) as a page shows them, in ``lang``.

    ``names`` maps iso3 to the country name, ``groups`` a group id to its name
    (:func:`group_names`). Amounts stay blank when no public figure exists.
    """
    return pd.DataFrame(
        {
            "aimed_at": aimed_at(rows, names, groups).to_numpy(),
            "description": rows[f"description_{lang}"].to_numpy(),
            "instrument": rows["instrument"].map(lambda v: label("instrument", v, lang)).to_numpy(),
            "amount": rows["amount_eur"]
            .map(lambda v: fmt.euro(None if pd.isna(v) else v, lang))
            .to_numpy(),
            "period": rows["period"].fillna("").to_numpy(),
            "status": rows["status"].map(lambda v: label("commitment_status", v, lang)).to_numpy(),
            "source": rows["source"].to_numpy(),
            "source_url": rows["source_url"].fillna("").to_numpy(),
            "source_date": rows["source_date"].to_numpy(),
        }
    )


def instrument_mix(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Number of commitment rows per instrument (largest first)."""
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


@dataclass(frozen=True)
class SourceOverview:
    """What a dataset rests on, as the Sources page lists it."""

    rows: int
    newest: str | None  # the newest ``source_date`` (``YYYY-MM-DD`` or shorter), if any
    publishers: tuple[tuple[str, int], ...]  # (publisher, rows), most rows first


def source_overview(frame: pd.DataFrame, publisher: Callable[[str], str]) -> SourceOverview:
    """Rows, the newest source date and the publishers of a dataset with ``source`` columns.

    ``publisher`` turns a citation into its publisher (``domain.citations.short_source``).
    """
    dates = frame["source_date"].dropna().astype(str) if "source_date" in frame else pd.Series()
    dates = dates[dates.str.strip() != ""]
    sources = frame["source"].dropna().astype(str) if "source" in frame else pd.Series()
    counts = sources.map(publisher).value_counts()
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return SourceOverview(
        rows=len(frame),
        newest=max(dates) if len(dates) else None,
        publishers=tuple((str(k), int(v)) for k, v in ranked),
    )


def goal_progress(value: float | None, target: float | None) -> float | None:
    """How far a figure has come towards its goal: 1.0 is the goal reached; ``None`` when the
    figure or the goal is unknown."""
    if value is None or target is None or pd.isna(value) or pd.isna(target) or target == 0:
        return None
    return float(value) / float(target)


def with_names(text: str, names: Mapping[str, str]) -> str:
    """``text`` with every id of ``names`` that it mentions (``zie post_network_cut_10pct``)
    replaced by that row's name, in quotes."""
    if not names:
        return text
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(names, key=len)[::-1])) + r")\b")
    return pattern.sub(lambda m: f"“{names[m.group(1)]}”", text)


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
