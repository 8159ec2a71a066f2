"""A new version of the post network: references between its tables, and the ministry's open
data merged into the active version.

Pure: frames in, frames and plain-language warnings out. The rules of the merge
(:func:`merge_open_data`) are written so a refresh never invents a fact and never drops one
silently:

- A listed post is matched to an active post by id (a post added by an earlier refresh), else
  by host country and city (the Dutch city of the listing against the active ``name_nl`` and
  ``city``), else by host country and type when each side has exactly one such post.
- A matched post keeps its id, names, type, coordinates and status (the status has its own
  sourced history in ``post_status``); its source becomes the ministry's listing.
- A listed post that matches nothing is added, status ``open``, without coordinates (the open
  data has none), unless the ministry lists it without an address (a sign of a closed or
  suspended post): then it is reported and left out.
- An active post the listing does not hold is removed only when its source was the listing
  itself; any other is kept and, when it is a bilateral post in service, reported.
- Coverage: a listed pair (post, country) is ``resident`` where the post sits; elsewhere an
  existing row keeps its role and source, a new one is ``consular_only`` (the open data lists
  where a post serves consular matters, not where it is accredited). Rows of other sources
  stay; rows of the listing that it no longer holds go.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from dashboard.domain.contracts import Problem
from dashboard.domain.network import MULTILATERAL_TYPES, OPERATING
from dashboard.text.i18n import label

# The citation every row taken from the open data carries (``source`` starts with it).
OPEN_DATA_SOURCE = "Ministerie van Buitenlandse Zaken, Nederland Wereldwijd open data"
SOURCE_COLUMNS = ["source", "source_url", "source_date", "consulted_on"]


def check_references(
    posts: pd.DataFrame, *, status: pd.DataFrame | None = None, coverage: pd.DataFrame | None = None
) -> list[Problem]:
    """Rows of ``post_status`` or ``post_coverage`` naming a post that ``posts`` does not have.

    Rows are counted as in the file (the header is row 1).
    """
    known = set(posts["post_id"])
    problems = []
    for frame in (status, coverage):
        if frame is None:
            continue
        for row, post_id in enumerate(frame["post_id"], start=2):  # the header is row 1
            if post_id not in known:
                problems.append(Problem.of(row, "post_id", "p_unknown_post", post_id=post_id))
    return problems


def still_named(
    posts: pd.DataFrame, *, status: pd.DataFrame | None, coverage: pd.DataFrame | None
) -> list[Problem]:
    """Posts a new version of ``posts`` leaves out that the active history (``status``) or
    coverage still names: publishing it would leave those rows pointing at nothing. Each
    such post once, at the row of the table that names it first."""
    kept = set(posts["post_id"])
    problems, seen = [], set()
    for name, frame in (("post_status", status), ("post_coverage", coverage)):
        if frame is None:
            continue
        for post_id in frame["post_id"]:
            if post_id not in kept and post_id not in seen:
                seen.add(post_id)
                problems.append(
                    Problem.of(None, "post_id", "p_post_still_named", post_id=post_id, table=name)
                )
    return problems


def latest_status(status: pd.DataFrame) -> pd.DataFrame:
    """The newest row of each post's history, indexed by ``post_id`` (a later row wins a tie)."""
    order = status.assign(_row=range(len(status)))
    order = order.sort_values(["post_id", "status_date", "_row"], kind="stable")
    return order.groupby("post_id").tail(1).drop(columns="_row").set_index("post_id")


def history_disagreements(posts: pd.DataFrame, status: pd.DataFrame) -> list[str]:
    """Posts whose current status differs from the newest entry of their history."""
    current = dict(zip(posts["post_id"], posts["status"], strict=True))
    latest = latest_status(status)["status"]
    return [
        f"{post_id}: 'posts' says {current[post_id]}, its history ends with {last}"
        for post_id, last in zip(latest.index, latest, strict=True)
        if post_id in current and current[post_id] != last
    ]


@dataclass(frozen=True)
class NetworkUpdate:
    posts: pd.DataFrame
    coverage: pd.DataFrame
    warnings: tuple[str, ...]


def slug(text: object) -> str:
    """Lower-case ASCII words joined by ``-``: ``"Bèta"`` → ``"beta"``."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def match_posts(active: pd.DataFrame, listed: pd.DataFrame) -> dict[str, str]:
    """``{listed post_id: active post_id}`` by the rules in the module's docstring."""
    matched: dict[str, str] = {}
    taken: set[str] = set()
    ids = set(active["post_id"])
    rows = listed.to_dict("records")
    for row in rows:
        if row["post_id"] in ids:
            matched[row["post_id"]] = row["post_id"]
            taken.add(row["post_id"])
    for row in rows:
        if row["post_id"] in matched or not isinstance(row["city"], str):
            continue
        city = slug(row["city"])
        here = active[(active["iso3"] == row["iso3"]) & ~active["post_id"].isin(taken)]
        same_city = pd.Series(
            [
                city == slug(c) or f"-{city}" in f"-{slug(n)}"
                for c, n in zip(here["city"], here["name_nl"], strict=True)
            ],
            index=here.index,
            dtype=bool,
        )
        by_city = here[same_city]
        by_city = by_city[~by_city["type"].isin(MULTILATERAL_TYPES)]
        if len(by_city) > 1:
            by_city = by_city[by_city["type"] == row["type"]]
        if len(by_city) == 1:
            matched[row["post_id"]] = str(by_city["post_id"].iloc[0])
            taken.add(matched[row["post_id"]])
    for row in rows:
        if row["post_id"] in matched:
            continue
        same = active[
            (active["iso3"] == row["iso3"])
            & (active["type"] == row["type"])
            & ~active["post_id"].isin(taken)
        ]
        unmatched_listed = listed[
            (listed["iso3"] == row["iso3"])
            & (listed["type"] == row["type"])
            & ~listed["post_id"].isin(matched)
        ]
        if len(same) == 1 and len(unmatched_listed) == 1:
            matched[row["post_id"]] = str(same["post_id"].iloc[0])
            taken.add(matched[row["post_id"]])
    return matched


def merge_open_data(
    active_posts: pd.DataFrame,
    active_coverage: pd.DataFrame,
    listed: pd.DataFrame,
    served: pd.DataFrame,
    *,
    consulted_on: str,
) -> NetworkUpdate:
    """The next ``posts`` and ``post_coverage`` from the ministry's listing.

    Parameters
    ----------
    active_posts, active_coverage : DataFrame
        The active versions (not modified).
    listed : DataFrame
        One row per listed post: ``post_id`` (the listing's id), ``name_nl``, ``type``,
        ``city``, ``iso3`` (where it sits; ``None`` when not on the map), ``status``
        (``listed`` or ``no_address``), ``title``, ``source_url``, ``source_date``.
    served : DataFrame
        ``post_id`` (the listing's id), ``iso3`` (a country it serves), ``source_url`` (the
        country's list).
    consulted_on : str
        The day of the fetch, ``YYYY-MM-DD``.
    """
    warnings: list[str] = []
    listed = listed[listed["iso3"].notna()]
    matched = match_posts(active_posts, listed)
    by_listing = {str(r["post_id"]): r for r in listed.to_dict("records")}
    rows, unlisted = [], []
    for post in active_posts.to_dict("records"):
        found = [k for k, v in matched.items() if v == post["post_id"]]
        if found:
            rows.append({**post, **_listing_source(by_listing[found[0]], consulted_on)})
            _compare(post, by_listing[found[0]], warnings)
        elif str(post["source"]).startswith(OPEN_DATA_SOURCE):
            warnings.append(f"{post['post_id']}: no longer in the ministry's listing; removed")
        else:
            rows.append(post)
            if post["status"] in OPERATING and post["type"] not in MULTILATERAL_TYPES:
                unlisted.append(post["post_id"])
    if unlisted:
        warnings.append(f"kept, but not in the ministry's listing (check): {', '.join(unlisted)}")
    for item in by_listing.values():
        post_id = str(item["post_id"])
        if post_id in matched:
            continue
        if item["status"] == "no_address":
            warnings.append(f"{post_id}: listed without an address (closed?); not added")
            continue
        if not isinstance(item["city"], str):
            warnings.append(f"{post_id}: no city in its title; not added")
            continue
        rows.append(_new_post(item, consulted_on))
        matched[post_id] = post_id
        warnings.append(f"{post_id}: added without coordinates (the open data has none)")
    posts = pd.DataFrame(rows, columns=list(active_posts.columns))
    coverage = _coverage(posts, active_coverage, served, matched, consulted_on, warnings)
    return NetworkUpdate(posts.reset_index(drop=True), coverage, tuple(warnings))


def _listing_source(item: dict, consulted_on: str) -> dict:
    return {
        "source": f'{OPEN_DATA_SOURCE}, "{item["title"]}"',
        "source_url": item["source_url"],
        "source_date": item["source_date"],
        "consulted_on": consulted_on,
    }


def _compare(post: dict, item: dict, warnings: list[str]) -> None:
    if item["type"] != post["type"]:
        warnings.append(
            f"{post['post_id']}: the listing calls it {item['type']}, the active version "
            f"{post['type']}; kept as {post['type']}"
        )
    if item["status"] == "no_address" and post["status"] in OPERATING:
        warnings.append(f"{post['post_id']}: listed without an address; status kept, check")
    if item["status"] == "listed" and post["status"] == "closed":
        warnings.append(f"{post['post_id']}: closed here, yet listed with an address; check")


def _new_post(item: dict, consulted_on: str) -> dict:
    return {
        "post_id": item["post_id"],
        "name_nl": item["title"],
        "name_en": f"{label('post_type', item['type'], 'en').capitalize()} in {item['city']}",
        "type": item["type"],
        "city": item["city"],
        "iso3": item["iso3"],
        "lat": float("nan"),
        "lon": float("nan"),
        "status": "open",
        "status_date": None,
        **_listing_source(item, consulted_on),
    }


def _coverage(posts, active, served, matched, consulted_on, warnings) -> pd.DataFrame:
    host = posts.set_index("post_id")["iso3"]
    kept = active[active["post_id"].isin(host.index)]
    gone = active[~active["post_id"].isin(host.index)]
    for post_id, iso3 in zip(gone["post_id"], gone["iso3"], strict=True):
        warnings.append(f"coverage {post_id} → {iso3}: its post is gone; removed")
    listed_pairs = {
        (matched[p], c): url
        for p, c, url in zip(served["post_id"], served["iso3"], served["source_url"], strict=True)
        if p in matched and isinstance(c, str)
    }
    out = []
    for row in kept.to_dict("records"):
        pair = (row["post_id"], row["iso3"])
        if pair in listed_pairs or not str(row["source"]).startswith(OPEN_DATA_SOURCE):
            out.append(row)
        else:
            warnings.append(f"coverage {pair[0]} → {pair[1]}: no longer listed; removed")
    have = {(r["post_id"], r["iso3"]) for r in out}
    for (post_id, iso3), url in sorted(listed_pairs.items()):
        if (post_id, iso3) in have:
            continue
        out.append(
            {
                "post_id": post_id,
                "iso3": iso3,
                "role": "resident" if host[post_id] == iso3 else "consular_only",
                "source": f"{OPEN_DATA_SOURCE}, contact list for {iso3}",
                "source_url": url,
                "source_date": None,
                "consulted_on": consulted_on,
            }
        )
    return pd.DataFrame(out, columns=list(active.columns)).reset_index(drop=True)
