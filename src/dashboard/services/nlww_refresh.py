"""The post network and the travel advice from the Nederland Wereldwijd open data, as new
versions: fetched, parsed, merged with the active version and checked; published by
:mod:`dashboard.services.refresh`.

Any answer that is not what the specification documents refuses the whole refresh
(``ResponseError`` naming the record); a country code that is not a unit on the map is a
warning, and its rows are left out of the new version.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple

import pandas as pd

from dashboard.domain import contracts, network_update
from dashboard.ingest import names
from dashboard.sources import http, nlww_index, nlww_parse
from dashboard.sources import nederlandwereldwijd as nlww
from dashboard.sources.answers import ResponseError
from dashboard.storage import datasets
from dashboard.storage.store import Store

# Codes of the open data that are not ISO 3166-1 alpha-3 (the three islands of the
# Caribbean Netherlands; one unit, BES, on the map).
NLWW_CODES = {"BQ-BO": "BES", "BQ-SA": "BES", "BQ-SE": "BES"}


class Harvest(NamedTuple):
    frames: dict[str, pd.DataFrame]
    provenance: dict
    bodies: list[bytes]
    warnings: tuple[str, ...]


def to_iso3(known: frozenset[str]) -> Callable[[str], str | None]:
    """The map's code for an open-data code: ISO3 in any case, a location key, or an alias."""

    def code(value: str) -> str | None:
        text = value.strip()
        found = NLWW_CODES.get(text.upper(), text.upper())
        if found not in known:
            found = names.code_of(text.replace("-", " ")) or ""
        return found if found in known else None

    return code


def posts(st: Store, fetched_at: datetime) -> Harvest:
    """The next ``posts`` and ``post_coverage`` from the ministry's lists of representations."""
    known = datasets.known_iso3()
    code = to_iso3(known)
    active_posts = datasets.load_from(st, "posts")
    active_coverage = datasets.load_from(st, "post_coverage")
    warnings: list[str] = []

    def work(dog: http.Watchdog) -> tuple[nlww.Fetched, pd.DataFrame, pd.DataFrame]:
        fetched = nlww.fetch_post_lists(http.session(), dog)
        listed, served = _lists(fetched, code, warnings)
        matched = network_update.match_posts(active_posts, listed)
        new = listed[~listed["post_id"].isin(matched)]
        outside = new[~new["dataurl"].str.startswith(nlww.base_url() + "/")]
        if not outside.empty:
            row = outside.iloc[0]
            raise ResponseError(
                f"post {row['post_id']!r}: its 'dataurl' {row['dataurl']!r} is outside the service"
            )
        nlww.fetch_documents(http.session(), dog, list(new["dataurl"]), fetched)
        return fetched, _with_details(listed, fetched, code, warnings), served

    fetched, listed, served = http.run(work, nlww.SOURCE)
    merged = network_update.merge_open_data(
        active_posts,
        active_coverage,
        listed,
        served,
        consulted_on=fetched_at.date().isoformat(),
    )
    warnings += merged.warnings
    frames = {"posts": merged.posts, "post_coverage": merged.coverage}
    _check(frames, known)
    problems = network_update.check_references(merged.posts, coverage=merged.coverage)
    if problems:
        raise ResponseError("; ".join(str(p) for p in problems[:5]))
    provenance = _provenance(nlww.overview_url(), fetched, fetched_at, listed["source_date"])
    provenance["countries"] = len(fetched.countries)
    return Harvest(frames, provenance, fetched.bodies, tuple(warnings))


def travel_advice(fetched_at: datetime) -> Harvest:
    """The next ``travel_advice``: per country its colour code, change date and link."""
    known = datasets.known_iso3()
    code = to_iso3(known)
    fetched = http.run(lambda dog: nlww.fetch_travel_advice(http.session(), dog), nlww.SOURCE)
    frames, warnings, problems = [], [], []
    for url, body in fetched.documents.items():
        frame, found, noted = nlww_parse.parse_travel_advice(body, code)
        problems += [f"{url}: {p}" for p in found]
        warnings += noted
        if frame is not None:
            frames.append(frame)
    if problems:
        raise ResponseError("; ".join(problems[:5]))
    advice = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if advice.empty:
        raise ResponseError("the travel-advice index holds no advice at all")
    advice = advice[advice["iso3"].notna()]
    advice, merged = _one_per_unit(advice)
    warnings += merged
    table = pd.DataFrame(
        {
            "iso3": advice["iso3"],
            "colour": advice["colour"],
            "parts_differ": advice["parts_differ"].astype(bool),
            "changed_on": advice["changed_on"].map(lambda d: d.isoformat()),
            "url": advice["url"],
            "fetched_at": fetched_at.isoformat(),
        }
    ).sort_values("iso3", ignore_index=True)
    _check({"travel_advice": table}, known)
    provenance = _provenance(nlww.advice_index_url(), fetched, fetched_at, table["changed_on"])
    return Harvest({"travel_advice": table}, provenance, fetched.bodies, tuple(warnings))


def _lists(fetched: nlww.Fetched, code, warnings: list[str]):
    """Every country's list parsed: the posts (once each) and the countries each serves."""
    posts, served, problems = [], [], []
    for country, pages in fetched.countries.items():
        frame, found, noted = nlww_parse.parse_representations(pages, code)
        pairs, found_too, noted_too = nlww_index.parse_served(
            pages, country, code, nlww_parse.post_id
        )
        problems += [f"list for {country!r}: {p}" for p in found + found_too]
        warnings += noted + noted_too
        if frame is not None and pairs is not None:
            url = f"{nlww.base_url()}/infotypes/countries/{country}/nl-representation"
            posts.append(frame)
            served.append(pairs.assign(source_url=url))
    if problems:
        raise ResponseError("; ".join(problems[:5]))
    if not posts:
        raise ResponseError("the lists of representations hold no post at all")
    listed = pd.concat(posts, ignore_index=True)
    clash = listed.drop_duplicates(["post_id", "iso3"])["post_id"].duplicated()
    if clash.any():
        name = listed.drop_duplicates(["post_id", "iso3"])["post_id"][clash].iloc[0]
        raise ResponseError(f"post {name!r} is listed as sitting in two countries")
    listed = listed.drop_duplicates("post_id", ignore_index=True)
    listed["title"] = listed["name_nl"]
    listed["source_date"] = listed["source_date"].map(
        lambda d: d.isoformat() if pd.notna(d) else None
    )
    return listed, pd.concat(served, ignore_index=True).drop_duplicates(ignore_index=True)


def _with_details(listed: pd.DataFrame, fetched: nlww.Fetched, code, warnings: list[str]):
    """``listed`` with the status of each post whose detail was fetched (``no_address`` when
    the ministry gives no address: a sign of a closed or suspended post)."""
    status = listed.set_index("post_id")["status"].copy()
    problems = []
    for url, body in fetched.documents.items():
        frame, found, noted = nlww_parse.parse_representations(body, code)
        problems += [f"{url}: {p}" for p in found]
        warnings += noted
        if frame is not None:
            for post_id, state in zip(frame["post_id"], frame["status"], strict=True):
                if post_id in status.index:
                    status[post_id] = state
    if problems:
        raise ResponseError("; ".join(problems[:5]))
    return listed.assign(status=listed["post_id"].map(status))


def _one_per_unit(advice: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """One advice per map unit: the islands of the Caribbean Netherlands share one (BES).

    Advices of one unit that agree on the colour become one row (parts differ when any says
    so); advices that disagree leave the colour blank and say that parts differ.
    """
    rows, warnings = [], []
    for iso3, group in advice.groupby("iso3", sort=True):
        first = group.iloc[0].to_dict()
        if len(group) > 1:
            colours = set(group["colour"].dropna())
            first["parts_differ"] = bool(group["parts_differ"].any() or len(colours) > 1)
            first["colour"] = colours.pop() if len(colours) == 1 else None
            first["changed_on"] = max(group["changed_on"])
            warnings.append(f"{iso3}: {len(group)} advices ({', '.join(group['id'])}) in one")
        rows.append(first)
    return pd.DataFrame(rows, columns=list(advice.columns)), warnings


def _check(frames: dict[str, pd.DataFrame], known: frozenset[str]) -> None:
    for name, frame in frames.items():
        _, problems = contracts.validate(name, frame, known_iso3=known)
        if problems:
            listed = "; ".join(str(p) for p in problems[:5])
            raise ResponseError(f"the new version of '{name}' fails its contract: {listed}")


def _provenance(url: str, fetched: nlww.Fetched, fetched_at: datetime, dates: pd.Series) -> dict:
    known = [d for d in dates if isinstance(d, str) and d]
    return {
        "source": nlww.SOURCE,
        "publisher": nlww.PUBLISHER,
        "url": url,
        "requests": len(fetched.urls),
        "urls": fetched.urls[:20],
        "fetched_at": fetched_at.isoformat(),
        "source_updated": max(known) if known else None,
    }
