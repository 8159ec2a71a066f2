"""The IATI standard's codes and arithmetic, as the importer (iati.py) applies them.

A transaction's own recipient and DAC sector win over the activity's; otherwise the activity's
percentages split the value as published: the recipient countries together with the regions
of the OECD DAC vocabulary (1) sum to 100, and so do the sectors of one DAC vocabulary (1:
5-digit purpose codes, else 2: 3-digit categories). A lone recipient or sector without a
percentage counts as 100. A sum under 100 leaves the rest unallocated (a warning); a sum above
100, a missing percentage among several, or one outside 0-100 refuses the activity. Regions
stay region codes. Transaction types 2, 3 and 4 become commitment, disbursement and
expenditure; other types are not flows. No currency is converted unless the caller gives a
rate, and totals never add up different currencies.

Every problem and warning is a :class:`Note`: the activity, the element, a catalogue key of
``text/locales`` (``iati_p_…`` refuses, ``iati_w_…`` warns) and the values for its
placeholders, so that the page and the command line say it in the user's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO, NamedTuple

import pandas as pd
import pycountry

FLOW_TYPES = {"2": "commitment", "3": "disbursement", "4": "expenditure"}  # TransactionType
TRANSACTION_TYPES = frozenset(str(code) for code in range(1, 14))  # 1-13 in IATI 2.03
DAC_SECTOR_VOCABULARIES = ("1", "2")  # SectorVocabulary: DAC 5-digit, DAC 3-digit
DAC_REGION_VOCABULARY = "1"  # RegionVocabulary: OECD DAC; also the default when omitted
WEB_PAGE = "A12"  # DocumentCategory: activity web page
OLDEST_VERSION, NEWEST_VERSION = (2, 1), (2, 3)
TOLERANCE = 0.01  # percentage points allowed for rounding (33.33 + 33.33 + 33.33)
# ISO 4217 as pycountry has it, plus the withdrawn codes of IATI's Currency codelist.
CURRENCIES = frozenset(c.alpha_3 for c in pycountry.currencies) | {
    "BYR",
    "EEK",
    "LTL",
    "LVL",
    "MRO",
    "STD",
    "USS",
    "VEF",
    "ZMK",
}
# OECD DAC codes: purpose codes (vocabulary 1) have 5 digits, categories (2) 3, regions 2-4.
DAC_CODES = {"1": re.compile(r"[0-9]{5}"), "2": re.compile(r"[0-9]{3}")}
REGION_CODE = re.compile(r"[0-9]{2,4}")
DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")  # xsd:decimal: no exponent, no separators
VERSION = re.compile(r"(\d+)\.(\d+)")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CHUNK = 65536
ACTIVITY_COLUMNS = [
    "iati_identifier",
    "hierarchy",
    "title_nl",
    "title_en",
    "reporting_org",
    "participating_orgs",
    "activity_status",
    "start_date",
    "end_date",
    "link",
    "last_updated",
]
FLOW_COLUMNS = [
    "iati_identifier",
    "iso3",
    "region_code",
    "year",
    "dac_sector",
    "flow_type",
    "value",
    "currency",
    "value_eur",
]


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 512 * 1024 * 1024
    max_activities: int = 500_000
    max_problems: int = 100  # problems and warnings each keep this many, and count them all


class Note(NamedTuple):
    """A problem or a warning: where (activity, element) and what (catalogue key, values)."""

    ident: str
    element: str
    code: str
    params: dict


class Stopped(Exception):
    """Refuses the rest of the file: a catalogue key and its values."""

    def __init__(self, code: str, /, **params):
        super().__init__(code, params)
        self.code, self.params = code, params


class Refused(Exception):
    """Refuses one activity or one transaction: the element, a catalogue key, its values."""

    def __init__(self, element: str, code: str, /, **params):
        super().__init__(element, code, params)
        self.element, self.code, self.params = element, code, params


class Log:
    """The first `keep` notes, and how many there were."""

    def __init__(self, keep: int):
        self.keep, self.count = keep, 0
        self.items: list[Note] = []

    def add(self, ident: str, element: str, code: str, /, **params) -> None:
        self.count += 1
        if len(self.items) < self.keep:
            self.items.append(Note(ident, element, code, params))


def pycountry_alpha3(alpha2: str) -> str | None:
    """ISO 3166-1 alpha-2 to alpha-3 (pycountry); None for codes it does not know (XK)."""
    country = pycountry.countries.get(alpha_2=alpha2.upper())
    return country.alpha_3 if country else None


def number(text: str | None) -> float | None:
    """An xsd:decimal as a float, or None ("1.000,50", "1e3", "nan" are not decimals)."""
    text = (text or "").strip()
    return float(text) if DECIMAL.fullmatch(text) else None


def check_sector(code: str, vocabulary: str) -> str:
    """``code`` if it is an OECD DAC code of ``vocabulary`` (1 or 2); else ``Refused``."""
    if not DAC_CODES[vocabulary].fullmatch(code):
        raise Refused("sector", "iati_p_sector_code", code=code, vocabulary=vocabulary)
    return code


def day(iso: str | None) -> date | None:
    """The date of an xsd:date (a time zone suffix is ignored), or None."""
    try:
        return date.fromisoformat((iso or "")[:10])
    except ValueError:
        return None


def day_text(iso: str | None) -> str | None:
    """The date of an xsd:date or xsd:dateTime as YYYY-MM-DD, or None."""
    found = day(iso)
    return None if found is None else found.isoformat()


def version(text: str | None) -> tuple[int, int]:
    """'2.03' -> (2, 3); anything else -> (0, 0), which is older than every supported one."""
    parts = VERSION.fullmatch((text or "").strip())
    return (int(parts[1]), int(parts[2])) if parts else (0, 0)


def currency_problem(currency: str | None) -> tuple[str, dict] | None:
    """Why a value's currency (its own, else the activity's default) is refused, or None."""
    if not currency:
        return "iati_p_no_currency", {}
    return None if currency in CURRENCIES else ("iati_p_currency", {"currency": currency})


def shares(element: str, items: list[tuple]) -> tuple[list[tuple], float]:
    """(kind, code, percentage text) items to (kind, code, share) and the percentage total.

    Raises Refused for a missing percentage among several, one outside 0-100, or a total
    above 100; a total under 100 is returned for the caller to report.
    """
    if len(items) <= 1 and all(raw is None for *_, raw in items):
        return [(kind, code, 1.0) for kind, code, _ in items], 100.0 if items else 0.0
    out = []
    for kind, code, raw in items:
        percentage = number(raw)
        if percentage is None or not 0 <= percentage <= 100:
            given = {"percentage": raw or "", "code": code or "", "count": len(items)}
            raise Refused(element, "iati_p_percentage", **given)
        out.append((kind, code, percentage / 100))
    total = round(sum(share for *_, share in out) * 100, 6)
    if total > 100 + TOLERANCE:
        raise Refused(element, "iati_p_percentages_above", total=f"{total:g}")
    return out, total


def totals(flows: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Sums flows per `by` and currency (never across currencies); value_eur only if whole."""
    groups = flows.groupby([*by, "currency"], dropna=False)
    out = groups["value"].sum().to_frame()
    whole = groups["value_eur"].count() == groups.size()
    out["value_eur"] = groups["value_eur"].sum().where(whole)
    return out.reset_index()


class Reader:
    """A file-like object that counts bytes against a limit and can replay what it read."""

    def __init__(self, raw: BinaryIO, limit: int):
        self.raw, self.limit, self.total = raw, limit, 0
        self.kept: list[bytes] = []  # read while looking for the root, to be read again
        self.replay: list[bytes] = []

    def read(self, size: int = CHUNK) -> bytes:
        size = size if size and size > 0 else CHUNK
        if self.replay:
            data = self.replay.pop(0)
            if len(data) > size:
                self.replay.insert(0, data[size:])
            return data[:size]
        data = self.raw.read(size)
        self.total += len(data)
        if self.total > self.limit:
            raise Stopped("iati_p_too_large", megabytes=f"{self.limit / 1e6:g}")
        return data


def narratives(el, lang: str | None) -> dict[str, str]:
    """Narratives of an element by two-letter language (the first of each)."""
    out: dict[str, str] = {}
    for narrative in el.iterfind("narrative") if el is not None else ():
        if text := (narrative.text or "").strip():
            out.setdefault((narrative.get(XML_LANG) or lang or "").lower()[:2], text)
    return out
