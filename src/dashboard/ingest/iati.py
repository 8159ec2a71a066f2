"""IATI activity XML (2.01-2.03) into two tables: activities and flows (issue #15).

Streams the file with lxml's iterparse (entities unresolved, no network, no DTD, no huge
trees), one <iati-activity> in memory at a time; flows accumulate as typed columns.

Arithmetic (details in /work/research/iati-notes.md): a transaction's own recipient and DAC
sector win over the activity's; otherwise the activity's percentages split the value, as
published (countries with OECD DAC regions sum to 100; so do the sectors of one DAC
vocabulary). Under 100 leaves the rest unallocated (a warning); over 100 refuses the activity.
Regions stay region codes. Transaction types 2, 3, 4 become commitment, disbursement,
expenditure; no currency is converted unless the caller gives a rate.

A problem refuses the smallest thing it concerns: a transaction (value, currency, date,
type), an activity (identifier, percentages, default currency), or the rest of the file
(malformed XML, root, version, DTD, limits: `complete` is then False).
"""

from __future__ import annotations

import functools
import re
import sys
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from os import PathLike
from typing import BinaryIO

import pandas as pd
import pycountry
from lxml import etree

SAFE_PARSING = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FLOW_TYPES = {"2": "commitment", "3": "disbursement", "4": "expenditure"}  # TransactionType
TRANSACTION_TYPES = frozenset(str(code) for code in range(1, 14))  # codes 1-13
DAC_SECTOR_VOCABULARIES = ("1", "2")  # SectorVocabulary: DAC 5-digit, DAC 3-digit
DAC_REGION_VOCABULARY = "1"  # RegionVocabulary: OECD DAC
WEB_PAGE = "A12"  # DocumentCategory: activity web page
OLDEST_VERSION, NEWEST_VERSION = (2, 1), (2, 3)
TOLERANCE = 0.01  # percentage points allowed for rounding (33.33 + 33.33 + 33.33)
SNIFF_BYTES = 1 << 20  # the root element must start within the first MiB
# ISO 4217 as pycountry has it, plus the withdrawn codes of IATI's Currency codelist.
CURRENCIES = frozenset(c.alpha_3 for c in pycountry.currencies) | {
    "BYR", "EEK", "LTL", "LVL", "MRO", "STD", "USS", "VEF", "ZMK"}
DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")  # xsd:decimal
ACTIVITY_COLUMNS = ["iati_identifier", "hierarchy", "title_nl", "title_en", "reporting_org",
                    "participating_orgs", "activity_status", "start_date", "end_date", "link"]
FLOW_COLUMNS = ["iati_identifier", "iso3", "region_code", "year", "dac_sector", "flow_type",
                "value", "currency", "value_eur"]


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 512 * 1024 * 1024
    max_activities: int = 500_000
    max_problems: int = 100  # problems and warnings each keep this many, and count them all


@dataclass
class IatiResult:
    activities: pd.DataFrame
    flows: pd.DataFrame
    problems: list[tuple[str, str, str]]  # (iati_identifier, element, message), the first N
    warnings: list[tuple[str, str, str]]
    problem_count: int  # all of them, also those past the first N
    warning_count: int
    complete: bool  # False: the import stopped before the end of the file
    version: str | None


def pycountry_alpha3(alpha2: str) -> str | None:
    """ISO 3166-1 alpha-2 to alpha-3 (pycountry); None for codes it does not know (XK)."""
    country = pycountry.countries.get(alpha_2=alpha2.upper())
    return country.alpha_3 if country else None


def parse(source: BinaryIO | str | PathLike, *, limits: Limits = Limits(),
          country_code: Callable[[str], str | None] = pycountry_alpha3,
          eur_rate: Callable[[str, str], float | None] | None = None) -> IatiResult:
    """Imports an IATI activity file. `eur_rate(currency, value_date)` gives EUR per unit."""
    if isinstance(source, str | PathLike):
        with open(source, "rb") as raw:
            return _Import(limits, country_code, eur_rate).run(raw)
    return _Import(limits, country_code, eur_rate).run(source)


def totals(flows: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Sums flows per `by` and currency (never across currencies); value_eur only if whole."""
    groups = flows.groupby([*by, "currency"], dropna=False)
    out = groups["value"].sum().to_frame()
    out["value_eur"] = groups["value_eur"].sum().where(groups["value_eur"].count()
                                                       == groups.size())
    return out.reset_index()


class _Stop(Exception):
    """Refuses the rest of the file."""


class _Refuse(Exception):
    """Refuses one activity or one transaction."""


class _Log:
    def __init__(self, keep: int):
        self.keep, self.items, self.count = keep, [], 0

    def add(self, ident: str, element: str, message: str) -> None:
        self.count += 1
        if len(self.items) < self.keep:
            self.items.append((ident, element, message))

    def other_vocabulary(self, ident: str, element: str, region) -> None:
        self.add(ident, element, f"region {region.get('code')!r} of vocabulary "
                 f"{region.get('vocabulary')!r} (not OECD DAC) is left out of the flows")


class _Reader:
    """A file-like object that counts bytes against a limit and can replay what it read."""

    def __init__(self, raw: BinaryIO, limit: int):
        self.raw, self.limit, self.total, self.kept, self.replay = raw, limit, 0, [], []

    def read(self, size: int = 65536) -> bytes:
        size = size if size and size > 0 else 65536
        if self.replay:
            data = self.replay.pop(0)
            if len(data) > size:
                self.replay.insert(0, data[size:])
            return data[:size]
        data = self.raw.read(size)
        self.total += len(data)
        if self.total > self.limit:
            raise _Stop(f"the file is larger than max_bytes ({self.limit} bytes); import stopped")
        return data


def _number(text: str | None) -> float | None:
    text = (text or "").strip()
    return float(text) if DECIMAL.fullmatch(text) else None


def _day(iso: str | None) -> date | None:
    try:
        return date.fromisoformat((iso or "")[:10])
    except ValueError:
        return None


def _text(el, lang: str | None) -> dict[str, str]:
    """Narratives of an element by two-letter language (the first of each)."""
    out: dict[str, str] = {}
    for narrative in el.iterfind("narrative") if el is not None else ():
        if text := (narrative.text or "").strip():
            out.setdefault((narrative.get(XML_LANG) or lang or "").lower()[:2], text)
    return out


class _Import:
    def __init__(self, limits, country_code, eur_rate):
        self.limits, self.eur_rate = limits, eur_rate
        self.country = functools.lru_cache(maxsize=None)(country_code)
        self.problems, self.warnings = _Log(limits.max_problems), _Log(limits.max_problems)
        self.activities: list[tuple] = []
        self.flows = {name: [] for name in FLOW_COLUMNS} | {
            "year": array("h"), "value": array("d"), "value_eur": array("d")}
        self.columns = [self.flows[name] for name in FLOW_COLUMNS]
        self.seen, self.lang, self.version = set(), None, None

    def run(self, raw: BinaryIO) -> IatiResult:
        reader, complete = _Reader(raw, self.limits.max_bytes), False
        try:
            self._root(reader)
            events = etree.iterparse(reader, events=("end",), tag="iati-activity", **SAFE_PARSING)
            for count, (_, el) in enumerate(events, 1):
                if count > self.limits.max_activities:
                    raise _Stop(f"more than max_activities ({count - 1}); import stopped")
                self._activity(el)
                el.clear(keep_tail=True)
                while el.getprevious() is not None:
                    del el.getparent()[0]
            complete = True
        except _Stop as stop:
            self.problems.add("", "iati-activities", str(stop))
        except etree.XMLSyntaxError as error:
            self.problems.add("", "xml", f"malformed XML at line {error.lineno}: {error.msg}")
        return self._result(complete)

    def _root(self, reader: _Reader) -> None:
        """Reads up to the root's start tag: refuses DTDs, other roots and old versions."""
        sniffer, root = etree.XMLPullParser(events=("start",), **SAFE_PARSING), None
        try:
            while root is None and reader.total < SNIFF_BYTES:
                chunk = reader.read(65536)
                if not chunk:
                    break
                reader.kept.append(chunk)
                sniffer.feed(chunk)
                root = next((el for _, el in sniffer.read_events()), None)
        except etree.XMLSyntaxError:
            if b"<!DOCTYPE" not in b"".join(reader.kept):
                raise
        if b"<!DOCTYPE" in b"".join(reader.kept).split(b"<iati-activities", 1)[0] or (
                root is not None and root.getroottree().docinfo.internalDTD is not None):
            raise _Stop("the file declares a DTD (<!DOCTYPE>): refused, no entity expanded")
        if root is None:
            raise _Stop("no root element (an empty file, or none in the first MiB)")
        if root.tag != "iati-activities":
            raise _Stop(f"the root element is <{root.tag}>, not <iati-activities>")
        self.version, self.lang = root.get("version"), root.get(XML_LANG)
        parts = re.fullmatch(r"(\d+)\.(\d+)", (self.version or "").strip())
        version = (int(parts[1]), int(parts[2])) if parts else (0, 0)
        if version < OLDEST_VERSION:
            raise _Stop(f"IATI version {self.version!r} is not supported; 2.01 to 2.03 are")
        if version > NEWEST_VERSION:
            self.warnings.add("", "iati-activities", f"version {self.version} read as 2.03")
        reader.replay, reader.kept = reader.kept, []

    def _activity(self, el) -> None:
        ident = (el.findtext("iati-identifier") or "").strip()
        try:
            if not ident or ident in self.seen:
                raise _Refuse("iati-identifier", "a second activity with this identifier; "
                              "refused" if ident else f"the activity at line {el.sourceline} "
                              "has no iati-identifier; refused")
            self.seen.add(ident)
            row, plan = self._describe(el, ident), self._plan(el, ident)
        except _Refuse as refusal:
            self.problems.add(ident, *refusal.args)
            return
        self.activities.append(row)
        unplaced = 0
        for transaction in el.iterfind("transaction"):
            try:
                unplaced += self._transaction(transaction, ident, plan)
            except _Refuse as refusal:
                self.problems.add(ident, f"transaction/{refusal.args[0]}", f"{refusal.args[1]} "
                                  f"(line {transaction.sourceline}); refused")
        if unplaced:
            self.problems.add(ident, "recipient-country", f"{unplaced} transaction(s) without "
                              "recipient-country or -region, nor has the activity; refused")

    def _describe(self, el, ident: str) -> tuple:
        lang = el.get(XML_LANG) or self.lang
        titles = _text(el.find("title"), lang)
        reporting = el.find("reporting-org")
        reporter = None if reporting is None else (
            reporting.get("ref") or next(iter(_text(reporting, lang).values()), None))
        orgs: dict[str, None] = {}  # an ordered set
        for org in el.iterfind("participating-org"):
            name = next(iter(_text(org, lang).values()), None) or org.get("ref")
            if name:
                orgs[name] = None
        dates = {d.get("type"): (d.get("iso-date") or "")[:10] or None
                 for d in el.iterfind("activity-date")}  # ActivityDateType 1-4
        link = next((doc.get("url") for doc in el.iterfind("document-link")
                     if any(c.get("code") == WEB_PAGE for c in doc.iterfind("category"))), None)
        status, hierarchy = el.find("activity-status"), el.get("hierarchy") or "1"
        return (ident, int(hierarchy) if hierarchy.isdigit() else None, titles.get("nl"),
                titles.get("en"), reporter, ";".join(orgs) or None,
                None if status is None else status.get("code"),
                dates.get("2") or dates.get("1"), dates.get("4") or dates.get("3"), link)

    def _plan(self, el, ident: str) -> dict:
        """The activity's default currency and its geography and sector splits."""
        currency = el.get("default-currency")
        if currency is not None and currency not in CURRENCIES:
            raise _Refuse("default-currency", f"{currency!r} is not an ISO 4217 code; refused")
        places = [("country", c.get("code"), c.get("percentage"))
                  for c in el.iterfind("recipient-country")]
        for region in el.iterfind("recipient-region"):
            if (region.get("vocabulary") or "1") == DAC_REGION_VOCABULARY:
                places.append(("region", region.get("code"), region.get("percentage")))
            else:
                self.warnings.other_vocabulary(ident, "recipient-region", region)
        declared = bool(places) or el.find("recipient-region") is not None
        split = self._split(ident, "recipient-country", places)
        geography = [(*place, share) for kind, code, share in split
                     if (place := self._place(ident, kind, code)) is not None]
        by_vocabulary: dict[str, list] = {}
        for sector in el.iterfind("sector"):
            by_vocabulary.setdefault(sector.get("vocabulary") or "1", []).append(
                ("sector", (sector.get("code") or "").strip(), sector.get("percentage")))
        vocabulary = next((v for v in DAC_SECTOR_VOCABULARIES if v in by_vocabulary), None)
        sectors = [(sys.intern(code), share) for _, code, share in
                   self._split(ident, "sector", by_vocabulary.get(vocabulary, []))]
        if not sectors and el.find("transaction/sector") is None:
            self.warnings.add(ident, "sector", "no OECD DAC sector (vocabulary 1 or 2); its "
                              "flows have no dac_sector")
        return {"currency": currency, "geography": geography, "declared": declared,
                "sectors": sectors or [(None, 1.0)]}

    def _split(self, ident: str, element: str, items: list) -> list[tuple[str, str, float]]:
        """Percentages to shares: a lone item without a percentage is 100%."""
        if len(items) <= 1 and all(raw is None for *_, raw in items):
            return [(kind, code, 1.0) for kind, code, _ in items]
        shares = []
        for kind, code, raw in items:
            percentage = _number(raw)
            if percentage is None or not 0 <= percentage <= 100:
                raise _Refuse(element, f"@percentage {raw!r} of {code!r} is not a number "
                              f"from 0 to 100 ({len(items)} {element} elements); refused")
            shares.append((kind, code, percentage / 100))
        total = round(sum(share for *_, share in shares) * 100, 6)
        if total > 100 + TOLERANCE:
            raise _Refuse(element, f"percentages add up to {total:g}, above 100; refused")
        if total < 100 - TOLERANCE:
            self.warnings.add(ident, element, f"percentages add up to {total:g}, not 100; "
                              f"{100 - total:g}% of each value stays unallocated")
        return shares

    def _place(self, ident: str, kind: str, code: str | None) -> tuple | None:
        """(iso3, region_code) of a recipient, or None (with a warning) if unknown."""
        code = (code or "").strip()
        if kind == "region":
            return (None, sys.intern(code)) if code else None
        iso3 = self.country(code) if code else None
        if iso3 is None:
            self.warnings.add(ident, "recipient-country", f"country code {code!r} is unknown "
                              "to the country map; its share is left out of the flows")
            return None
        return (sys.intern(iso3), None)

    def _transaction(self, t, ident: str, plan: dict) -> int:
        """Appends the transaction's flows; returns 1 if it has no recipient at all."""
        parts = {child.tag: child for child in reversed(t)}  # the first of each element
        own_sectors = [child for child in t if child.tag == "sector"]
        code = (parts.get("transaction-type", {}).get("code") or "").strip()
        if code not in TRANSACTION_TYPES:
            raise _Refuse("transaction-type", f"@code {code!r} is not in the TransactionType "
                          "codelist")
        if code not in FLOW_TYPES:
            return 0  # incoming funds, pledges, loan repayments...: not flows of this table
        day = parts.get("transaction-date")
        when = _day(None if day is None else day.get("iso-date"))
        if when is None:
            raise _Refuse("transaction-date", "missing or invalid @iso-date")
        value = parts.get("value")
        amount = _number(None if value is None else value.text)
        if amount is None or amount < 0:
            raise _Refuse("value", "missing, or not a decimal number" if amount is None
                          else f"negative value {amount:g}")
        currency = value.get("currency") or plan["currency"]
        if currency not in CURRENCIES:
            raise _Refuse("value", f"currency {currency!r} is not an ISO 4217 code" if currency
                          else "no @currency, and the activity has no @default-currency")
        rate = 1.0 if currency == "EUR" else self.eur_rate(
            currency, value.get("value-date") or when.isoformat()) if self.eur_rate else None
        geography = self._own_place(parts, ident)
        if geography is None:
            geography = plan["geography"]
            if not plan["declared"]:
                return 1
        sectors = plan["sectors"]
        own: dict[str, str] = {}
        for sector in own_sectors:
            vocabulary = sector.get("vocabulary") or "1"
            if vocabulary in own:
                raise _Refuse("sector", f"more than one sector of vocabulary {vocabulary!r}")
            own[vocabulary] = (sector.get("code") or "").strip()
        dac = next((own[v] for v in DAC_SECTOR_VOCABULARIES if own.get(v)), None)
        if dac:
            sectors = [(sys.intern(dac), 1.0)]
        flow_type, currency = FLOW_TYPES[code], sys.intern(currency)
        for iso3, region, place_share in geography:
            for sector, sector_share in sectors:
                part = amount * place_share * sector_share
                row = (ident, iso3, region, when.year, sector, flow_type, part, currency,
                       float("nan") if rate is None else part * rate)
                for column, item in zip(self.columns, row, strict=True):
                    column.append(item)
        return 0

    def _own_place(self, parts: dict, ident: str) -> list | None:
        """The transaction's own recipient: [(iso3, region, 1.0)], [] if unusable, or None."""
        country, region = parts.get("recipient-country"), parts.get("recipient-region")
        if country is not None and region is not None:
            raise _Refuse("recipient-region", "both recipient-country and recipient-region")
        if country is None and region is None:
            return None
        if country is None and (region.get("vocabulary") or "1") != DAC_REGION_VOCABULARY:
            self.warnings.other_vocabulary(ident, "transaction/recipient-region", region)
            return []
        kind, el = ("country", country) if country is not None else ("region", region)
        place = self._place(ident, kind, el.get("code"))
        return [] if place is None else [(*place, 1.0)]

    def _result(self, complete: bool) -> IatiResult:
        activities = pd.DataFrame(self.activities, columns=ACTIVITY_COLUMNS)
        activities["hierarchy"] = activities["hierarchy"].astype("Int64")
        for name in ("start_date", "end_date"):
            activities[name] = pd.to_datetime(activities[name], format="%Y-%m-%d", errors="coerce")
        numbers, self.columns = {"year": "int16", "value": "float64", "value_eur": "float64"}, []
        flows = pd.DataFrame({name: pd.Series(self.flows.pop(name), dtype=numbers.get(name))
                              for name in FLOW_COLUMNS}, columns=FLOW_COLUMNS)  # frees lists
        return IatiResult(activities, flows, self.problems.items, self.warnings.items,
                          self.problems.count, self.warnings.count, complete, self.version)
