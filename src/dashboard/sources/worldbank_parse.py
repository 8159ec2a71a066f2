"""World Bank Indicators API v2 answers as a country indicator: pure parsing, no network.

``[meta, rows]`` pages: :func:`read_worldbank_page` checks one page, :func:`worldbank_frame`
turns every page of every indicator into ONE country indicator, ``worldbank_indicators``:
``iso3``, a column per indicator and its year, and the source columns.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.sources.answers import ResponseError, read_json, whole_number

WORLDBANK_DATASET = "worldbank_indicators"
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

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"^\d{4}$")


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


def read_worldbank_page(body: bytes | str, indicator: str, page: int) -> WorldBankPage:
    """Check one page of ``/v2/country/…/indicator/{indicator}?format=json`` and return it.

    The documented shape is ``[meta, rows]``; meta holds ``page``, ``pages``, ``per_page``,
    ``total`` and ``lastupdated``; rows is a list (``null`` when there is nothing). An error
    comes back as ``[{"message": [{"id", "key", "value"}]}]``.
    """
    what = f"World Bank page {page} of {indicator}"
    data = read_json(body, what)
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
    numbers = {k: whole_number(meta[k], k, what) for k in ("page", "pages", "total")}
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


def _value(row: Mapping, where: str) -> tuple[str, str, int, float | None]:
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
    columns: dict[str, object] = {"iso3": countries}
    for indicator, column in WORLDBANK_INDICATORS.items():
        found = [best.get((c, indicator)) for c in countries]
        columns[column] = [f[1] if f else float("nan") for f in found]
        columns[f"{column}_year"] = pd.array([f[0] if f else None for f in found], dtype="Int64")
    frame = pd.DataFrame(columns)
    frame["source"] = WORLDBANK_PUBLISHER
    frame["source_url"] = source_url
    frame["source_date"] = source_date
    return frame
