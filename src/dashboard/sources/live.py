"""Live context from public services, as frames: pure parsing and checking, no network.

The adapters in ``dashboard.connectors`` fetch the raw bytes; everything here reads them.
A response that is not what the service documents (not JSON, another shape, a missing or
short page) raises :class:`ResponseError` with a plain message, and the whole refresh is
refused, the way a bad upload is: nothing is published.

- World Bank Indicators API v2 (``[meta, rows]`` pages): :func:`read_worldbank_page` checks
  one page, :func:`worldbank_frame` turns every page of every indicator into ONE country
  indicator, ``worldbank_indicators``: ``iso3``, a column per indicator and its year, and the
  source columns.
- ReliefWeb API v2 (``{"totalCount", "count", "data": [{"fields": …}]}``):
  :func:`read_reliefweb_page` and :func:`reliefweb_frame` give ``reliefweb_reports``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from dashboard.domain import checks

WORLDBANK_DATASET = "worldbank_indicators"
RELIEFWEB_DATASET = "reliefweb_reports"
WORLDBANK_PUBLISHER = "World Bank, World Development Indicators"

# World Bank indicator code -> our column (its year goes into "<column>_year").
WORLDBANK_INDICATORS: dict[str, str] = {
    "SP.POP.TOTL": "population",
    "NY.GDP.MKTP.CD": "gdp_usd",
    "MS.MIL.XPND.GD.ZS": "military_expenditure_pct_gdp",
    "SM.POP.REFG.OR": "refugees_by_origin",
    "DT.ODA.ODAT.CD": "net_oda_received_usd",
}

# The World Bank's regional and income aggregates: not countries, so not on the map.
WORLDBANK_AGGREGATES = frozenset(
    {
        "AFE",
        "AFW",
        "ARB",
        "CEB",
        "CSS",
        "EAP",
        "EAR",
        "EAS",
        "ECA",
        "ECS",
        "EMU",
        "EUU",
        "FCS",
        "HIC",
        "HPC",
        "IBD",
        "IBT",
        "IDA",
        "IDB",
        "IDX",
        "INX",
        "LAC",
        "LCN",
        "LDC",
        "LIC",
        "LMC",
        "LMY",
        "LTE",
        "MEA",
        "MIC",
        "MNA",
        "NAC",
        "OED",
        "OSS",
        "PRE",
        "PSS",
        "PST",
        "SAS",
        "SSA",
        "SSF",
        "SST",
        "TEA",
        "TEC",
        "TLA",
        "TMN",
        "TSA",
        "TSS",
        "UMC",
        "WLD",
    }
)

# Where a World Bank code differs from the map's code. Kosovo is XKX in both; the World
# Bank's "CHI" (Channel Islands) is two units on our map (GGY, JEY) and stays unmapped.
WORLDBANK_TO_ISO3: dict[str, str] = {}

REPORT_COLUMNS = ("iso3", "title", "date", "source", "url", "source_url", "source_date")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"^\d{4}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


class ResponseError(ValueError):
    """A response is not what the service documents; the message says what and where."""


# -- World Bank ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class WorldBankPage:
    indicator: str
    page: int
    pages: int
    total: int
    last_updated: str | None
    rows: list[dict]


@dataclass(frozen=True)
class WorldBankResult:
    """The indicator as a frame, with what it could not place on the map."""

    frame: pd.DataFrame
    unmapped: dict[str, str]  # World Bank code -> its name, neither a map unit nor aggregate
    last_updated: dict[str, str]  # indicator -> the World Bank's "lastupdated"
    dropped_aggregates: int = 0


def _json(body: bytes | str, what: str):
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        start = body[:60] if isinstance(body, str) else body[:60].decode("utf-8", "replace")
        raise ResponseError(
            f"{what} is not JSON ({exc.msg if hasattr(exc, 'msg') else exc}); "
            f"it starts with {start!r}"
        ) from None


def _whole(value, name: str, what: str) -> int:
    # The API writes per_page as a string and the others as numbers; accept both.
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ResponseError(f"{what}: '{name}' should be a whole number, not {value!r}")
    try:
        return int(value)
    except ValueError:
        raise ResponseError(f"{what}: '{name}' should be a whole number, not {value!r}") from None


def read_worldbank_page(body: bytes | str, indicator: str, page: int) -> WorldBankPage:
    """Check one page of ``/v2/country/…/indicator/{indicator}?format=json`` and return it.

    The documented shape is ``[meta, rows]``; meta holds ``page``, ``pages``, ``per_page``,
    ``total`` and ``lastupdated``; rows is a list (``null`` when there is nothing). An error
    comes back as ``[{"message": [{"id", "key", "value"}]}]``.
    """
    what = f"World Bank page {page} of {indicator}"
    data = _json(body, what)
    if (
        isinstance(data, list)
        and len(data) == 1
        and isinstance(data[0], dict)
        and "message" in data[0]
    ):
        messages = data[0]["message"]
        text = (
            "; ".join(
                f"{m.get('key', '')}: {m.get('value', '')}".strip(": ")
                for m in messages
                if isinstance(m, dict)
            )
            if isinstance(messages, list)
            else str(messages)
        )
        raise ResponseError(f"{what}: the World Bank answered with an error: {text}")
    if not (isinstance(data, list) and len(data) == 2 and isinstance(data[0], dict)):
        raise ResponseError(f"{what} does not have the documented shape [meta, rows]")
    meta, rows = data
    for key in ("page", "pages", "total"):
        if key not in meta:
            raise ResponseError(f"{what}: the paging field '{key}' is missing")
    numbers = {k: _whole(meta[k], k, what) for k in ("page", "pages", "total")}
    if rows is None:
        rows = []
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ResponseError(f"{what}: the rows should be a list of objects")
    if numbers["total"] and numbers["page"] != page:
        raise ResponseError(f"{what}: the service sent page {numbers['page']} instead")
    updated = meta.get("lastupdated")
    if updated is not None and not (isinstance(updated, str) and _DAY.match(updated)):
        raise ResponseError(f"{what}: 'lastupdated' should be a date, not {updated!r}")
    return WorldBankPage(
        indicator,
        numbers["page"],
        numbers["pages"],
        numbers["total"],
        updated[:10] if updated else None,
        rows,
    )


def _check_pages(indicator: str, pages: list[WorldBankPage]) -> None:
    if not pages:
        raise ResponseError(f"World Bank {indicator}: no page was fetched")
    first = pages[0]
    if first.total == 0:
        raise ResponseError(f"World Bank {indicator}: the service returned no rows at all")
    numbers = [p.page for p in pages]
    if numbers != list(range(1, first.pages + 1)):
        raise ResponseError(
            f"World Bank {indicator}: expected pages 1 to {first.pages}, got {numbers}"
        )
    for p in pages:
        if (p.pages, p.total) != (first.pages, first.total):
            raise ResponseError(
                f"World Bank {indicator}: page {p.page} says {p.pages} pages "
                f"and {p.total} rows, page 1 said {first.pages} and "
                f"{first.total}; the data changed while it was read"
            )
        if not p.rows:
            raise ResponseError(f"World Bank {indicator}: page {p.page} of {p.pages} is empty")
    got = sum(len(p.rows) for p in pages)
    if got != first.total:
        raise ResponseError(
            f"World Bank {indicator}: {got} rows arrived of the {first.total} "
            "the service announced; the response is incomplete"
        )


def _value(row: Mapping, where: str) -> tuple[str, str, int | None, float | None]:
    indicator = row.get("indicator")
    country = row.get("country")
    code = row.get("countryiso3code")
    if not (isinstance(indicator, dict) and isinstance(country, dict) and isinstance(code, str)):
        raise ResponseError(f"{where}: a row lacks 'indicator', 'country' or 'countryiso3code'")
    value, date = row.get("value"), row.get("date")
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value)
    ):
        raise ResponseError(
            f"{where}: the value for {code or country.get('value')} "
            f"should be a number, not {value!r}"
        )
    if not (isinstance(date, str) and _YEAR.match(date)):
        raise ResponseError(
            f"{where}: the date for {code or country.get('value')} should be a year, not {date!r}"
        )
    name = str(country.get("value") or country.get("id") or "")
    return code.strip().upper(), name, int(date), None if value is None else float(value)


def worldbank_frame(
    pages: Mapping[str, list[WorldBankPage]], *, known_iso3: Iterable[str], source_url: str
) -> WorldBankResult:
    """All pages of every indicator as ONE country indicator: ``iso3``, per indicator a
    value column and its ``_year``, and ``source``, ``source_url``, ``source_date``.

    Per country and indicator the newest year with a value is kept. Aggregates (``EUU``,
    ``WLD``, …) are dropped; a code that is neither an aggregate nor a map unit is returned
    in ``unmapped``, so the caller can report it. ``source_date`` is the newest
    ``lastupdated`` of the indicators.
    """
    known = frozenset(known_iso3)
    missing = [i for i in WORLDBANK_INDICATORS if i not in pages]
    if missing:
        raise ResponseError(f"World Bank: no response for {', '.join(missing)}")
    best: dict[tuple[str, str], tuple[int, float]] = {}
    unmapped: dict[str, str] = {}
    updated: dict[str, str] = {}
    aggregates = 0
    for indicator, its_pages in pages.items():
        _check_pages(indicator, its_pages)
        if its_pages[0].last_updated:
            updated[indicator] = its_pages[0].last_updated
        for p in its_pages:
            where = f"World Bank page {p.page} of {indicator}"
            for row in p.rows:
                if row.get("indicator", {}).get("id") not in (indicator, None):
                    raise ResponseError(
                        f"{where}: a row is for indicator "
                        f"{row['indicator'].get('id')!r}, not {indicator}"
                    )
                code, name, year, value = _value(row, where)
                if code in WORLDBANK_AGGREGATES:
                    aggregates += 1
                    continue
                iso3 = WORLDBANK_TO_ISO3.get(code, code)
                if iso3 not in known:
                    unmapped[code or f"(no code) {name}"] = name
                    continue
                if value is None:
                    continue
                key = (iso3, indicator)
                if key not in best or year > best[key][0]:
                    best[key] = (year, value)
    if not updated:
        raise ResponseError("World Bank: no indicator says when it was last updated")
    frame = _indicator_table(best, source_url, max(updated.values()))
    if frame.empty:
        raise ResponseError("World Bank: no value for any country on the map")
    return WorldBankResult(frame, dict(sorted(unmapped.items())), updated, aggregates)


def _indicator_table(
    best: Mapping[tuple[str, str], tuple[int, float]], source_url: str, source_date: str
) -> pd.DataFrame:
    countries = sorted({iso3 for iso3, _ in best})
    columns: dict[str, list] = {"iso3": countries}
    for indicator, column in WORLDBANK_INDICATORS.items():
        found = [best.get((c, indicator)) for c in countries]
        columns[column] = [f[1] if f else float("nan") for f in found]
        columns[f"{column}_year"] = pd.array([f[0] if f else None for f in found], dtype="Int64")
    frame = pd.DataFrame(columns)
    frame["source"] = WORLDBANK_PUBLISHER
    frame["source_url"] = source_url
    frame["source_date"] = source_date
    return frame


# -- ReliefWeb ----------------------------------------------------------------------------------
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
    data = _json(body, what)
    if isinstance(data, dict) and "error" in data and "data" not in data:
        error = data["error"]
        text = error.get("message") if isinstance(error, dict) else error
        raise ResponseError(f"{what}: ReliefWeb answered with an error: {text}")
    if not (isinstance(data, dict) and isinstance(data.get("data"), list)):
        raise ResponseError(f"{what} does not have the documented shape (no 'data' list)")
    count = _whole(data.get("count"), "count", what)
    total = _whole(data.get("totalCount"), "totalCount", what)
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
            raise ResponseError(
                f"reliefweb_reports: row {int(empty.idxmax()) + 2} has no '{column}'"
            )
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
            raise ResponseError(f"reliefweb_reports: row {int(mask.idxmax()) + 2}: {message}")
    return text.astype({c: str for c in REPORT_COLUMNS if c != "source_url"})


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


# -- provenance ---------------------------------------------------------------------------------
_NOTE_PREFIX = "live refresh "


def provenance_note(provenance: Mapping) -> str:
    """The version note of a refresh: a readable prefix and the provenance as JSON."""
    return _NOTE_PREFIX + json.dumps(dict(provenance), ensure_ascii=False, sort_keys=False)


def read_provenance(note: str) -> dict | None:
    """The provenance stored by :func:`provenance_note`, or ``None`` for any other note."""
    if not note.startswith(_NOTE_PREFIX):
        return None
    try:
        found = json.loads(note[len(_NOTE_PREFIX) :])
    except json.JSONDecodeError:
        return None
    return found if isinstance(found, dict) else None
