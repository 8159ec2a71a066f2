"""ReliefWeb API v2 answers as ``reliefweb_reports``: pure parsing, no network.

``{"totalCount", "count", "data": [{"fields": …}]}``: :func:`read_reliefweb_page` checks one
answer, :func:`reliefweb_frame` gives the reports of every priority country.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from dashboard.domain import checks
from dashboard.sources.answers import ResponseError, read_json, whole_number

RELIEFWEB_DATASET = "reliefweb_reports"
REPORT_COLUMNS = ("iso3", "title", "date", "source", "url", "source_url", "source_date")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class ReliefWebPage:
    iso3: str
    total: int
    reports: list[dict] = field(default_factory=list)  # title, date, source, url


def read_reliefweb_page(body: bytes | str, iso3: str, limit: int) -> ReliefWebPage:
    """Check the answer to one ``/v2/reports`` query for country ``iso3``.

    Documented shape: ``{"totalCount", "count", "data": [{"id", "fields": {"title",
    "date": {"created"}, "source": [{"name"}], "url"}}]}``; ``count`` must match ``data``.
    """
    what = f"ReliefWeb reports for {iso3}"
    data = read_json(body, what)
    if isinstance(data, dict) and "error" in data and "data" not in data:
        error = data["error"]
        text = error.get("message") if isinstance(error, dict) else error
        raise ResponseError(f"{what}: ReliefWeb answered with an error: {text}")
    if not (isinstance(data, dict) and isinstance(data.get("data"), list)):
        raise ResponseError(f"{what} does not have the documented shape (no 'data' list)")
    count = whole_number(data.get("count"), "count", what)
    total = whole_number(data.get("totalCount"), "totalCount", what)
    items = data["data"]
    if count != len(items) or count > total:
        raise ResponseError(
            f"{what}: {len(items)} reports arrived, the answer announced "
            f"{count} of {total}; the response is incomplete"
        )
    if count < min(limit, total):
        raise ResponseError(
            f"{what}: only {count} of the {min(limit, total)} reports asked "
            "for arrived; the response is incomplete"
        )
    reports = [_report(item, what) for item in items]
    return ReliefWebPage(iso3, total, reports)


def _report(item, what: str) -> dict:
    fields = item.get("fields") if isinstance(item, dict) else None
    if not isinstance(fields, dict):
        raise ResponseError(f"{what}: a report has no 'fields'")
    ident = item.get("id", "?")
    title, url = fields.get("title"), fields.get("url")
    dates = fields.get("date")
    created = dates.get("created") if isinstance(dates, dict) else None
    sources = fields.get("source")
    if not (isinstance(title, str) and title.strip()):
        raise ResponseError(f"{what}: report {ident} has no title")
    if not (isinstance(created, str) and _DAY.match(created)):
        raise ResponseError(f"{what}: report {ident} has no 'date.created' date")
    if not (isinstance(url, str) and url.startswith(("https://", "http://"))):
        raise ResponseError(f"{what}: report {ident} has no link ('url')")
    if not (
        isinstance(sources, list)
        and sources
        and all(isinstance(s, dict) and isinstance(s.get("name"), str) for s in sources)
    ):
        raise ResponseError(f"{what}: report {ident} has no 'source.name'")
    return {
        "title": " ".join(title.split()),
        "date": created[:10],
        "source": "; ".join(s["name"].strip() for s in sources),
        "url": url,
    }


def reliefweb_frame(
    pages: Iterable[ReliefWebPage], *, source_url: str, fetched_on: str
) -> pd.DataFrame:
    """The reports of every country as ``reliefweb_reports``, newest first per country.

    ``source`` is the report's own publisher (OCHA, WFP, …), ``url`` its page on ReliefWeb;
    ``source_url`` is where the list came from and ``source_date`` the day it was fetched.
    """
    rows = [{"iso3": p.iso3, **r} for p in pages for r in p.reports]
    frame = pd.DataFrame(rows, columns=list(REPORT_COLUMNS[:5]))
    frame["source_url"] = source_url
    frame["source_date"] = fetched_on
    frame = frame.sort_values(
        ["iso3", "date", "title"], ascending=[True, False, True], kind="stable"
    ).reset_index(drop=True)
    return check_reports(frame)


def check_reports(frame: pd.DataFrame, known_iso3: Iterable[str] | None = None) -> pd.DataFrame:
    """``frame`` as a valid ``reliefweb_reports`` table (text columns), or ``ResponseError``."""
    if list(frame.columns) != list(REPORT_COLUMNS):
        raise ResponseError(
            f"reliefweb_reports needs the columns {', '.join(REPORT_COLUMNS)}, "
            f"not {', '.join(map(str, frame.columns))}"
        )
    text = frame.astype(object).where(frame.notna(), None)
    for column in ("iso3", "title", "date", "source", "url", "source_date"):
        empty = text[column].map(lambda v: v is None or not str(v).strip())
        if empty.any():
            raise ResponseError(f"reliefweb_reports: row {_file_row(empty)} has no '{column}'")
    bad_code = ~text["iso3"].astype(str).str.match(_ISO3)
    if known_iso3 is not None:
        bad_code |= ~text["iso3"].isin(frozenset(known_iso3))
    bad_date = ~text["date"].astype(str).map(
        lambda d: len(d) == 10 and checks.calendar_date(d)
    ).astype(bool)
    bad_url = ~text["url"].astype(str).map(checks.web_address).astype(bool)
    for mask, message in (
        (bad_code, "'iso3' is not a code on the map"),
        (bad_date, "'date' is not a calendar date written YYYY-MM-DD"),
        (bad_url, "'url' is not an http(s) address"),
    ):
        if mask.any():
            raise ResponseError(f"reliefweb_reports: row {_file_row(mask)}: {message}")
    return text.astype({c: str for c in REPORT_COLUMNS if c != "source_url"})


def _file_row(mask: pd.Series) -> int:
    """The first row where ``mask`` holds, as a person counts it in the file (header: 1)."""
    return int(mask.to_numpy().argmax()) + 2


def latest_reports(frame: pd.DataFrame, iso3: str, n: int = 5) -> pd.DataFrame:
    """The ``n`` newest reports on country ``iso3`` in a ``reliefweb_reports`` frame.

    Newest first (then by title); a new frame with a fresh index; empty when there are none.
    """
    if not (isinstance(n, int) and n >= 0):
        raise ValueError(f"n must be a whole number of reports, 0 or more, not {n!r}")
    if not (isinstance(iso3, str) and _ISO3.match(iso3)):
        raise ValueError(f"iso3 must be a three-letter code in capitals, not {iso3!r}")
    missing = {"iso3", "date", "title"} - set(frame.columns)
    if missing:
        raise ValueError(f"frame lacks the column(s) {', '.join(sorted(missing))}")
    rows = frame[frame["iso3"] == iso3]
    rows = rows.sort_values(["date", "title"], ascending=[False, True], kind="stable")
    return rows.head(n).reset_index(drop=True)
