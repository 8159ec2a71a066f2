"""IATI activity XML (2.01-2.03) into two tables: activities and flows (issue #15).

Streams the file with lxml's iterparse (entities unresolved, no network, no DTD, no huge
trees), one <iati-activity> in memory at a time. The root is read first, on its own, so that
a DTD, another root or an old version is refused before anything else is parsed. The codes
and the arithmetic are in iati_rules.py.

A flow is one activity's money per recipient (country or DAC region), year, DAC sector, flow
type and currency: the transactions' shares are summed per activity as it is read, so memory
grows with what the map and the profile show, not with the number of transactions. A
negative value (a correction, which the schema allows) is kept, so totals are net as the
publisher's, and reported as a warning.

A problem refuses the smallest thing it concerns: a transaction (value, currency, date,
type), an activity (identifier, percentages, default currency), or the rest of the file
(malformed XML, root, version, DTD, limits: `complete` is then False, and what came before
the stop is kept for the caller to look at, not to publish). Problems and warnings are
:class:`Note`s: a catalogue key and its values, said in the user's language by the caller.
"""

from __future__ import annotations

import functools
import sys
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from os import PathLike
from typing import BinaryIO

import pandas as pd
from lxml import etree

from dashboard.ingest.iati_rules import (
    ACTIVITY_COLUMNS,
    CHUNK,
    DAC_REGION_VOCABULARY,
    DAC_SECTOR_VOCABULARIES,
    FLOW_COLUMNS,
    FLOW_TYPES,
    NEWEST_VERSION,
    OLDEST_VERSION,
    REGION_CODE,
    TOLERANCE,
    TRANSACTION_TYPES,
    WEB_PAGE,
    XML_LANG,
    Limits,
    Log,
    Note,
    Reader,
    Refused,
    Stopped,
    check_sector,
    currency_problem,
    day,
    day_text,
    narratives,
    number,
    pycountry_alpha3,
    shares,
    totals,
    version,
)

__all__ = ["ACTIVITY_COLUMNS", "FLOW_COLUMNS", "IatiResult", "Limits", "Note", "parse"]
__all__ += ["pycountry_alpha3", "totals"]

SAFE_PARSING = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
SNIFF_BYTES = 1 << 20  # the root element must start within the first MiB
DEFAULT_LIMITS = Limits()
NAN = float("nan")


@dataclass
class IatiResult:
    activities: pd.DataFrame  # ACTIVITY_COLUMNS
    flows: pd.DataFrame  # FLOW_COLUMNS, one row per activity, place, year, sector, type, currency
    problems: list[Note]  # the first N
    warnings: list[Note]
    problem_count: int  # all of them, also those past the first N
    warning_count: int
    complete: bool  # False: the import stopped before the end of the file
    version: str | None  # iati-activities/@version
    generated: str | None  # iati-activities/@generated-datetime, as YYYY-MM-DD
    read: int = 0  # <iati-activity> elements read, refused ones included


def parse(
    source: BinaryIO | str | PathLike,
    *,
    limits: Limits = DEFAULT_LIMITS,
    country_code: Callable[[str], str | None] = pycountry_alpha3,
    eur_rate: Callable[[str, str], float | None] | None = None,
) -> IatiResult:
    """Imports an IATI activity file or binary stream.

    `country_code` maps a recipient's ISO 3166-1 alpha-2 code to the map's alpha-3 code (or
    None: the share is left out, with a warning); `eur_rate(currency, value_date)` gives
    euros per unit of a currency on a date, or None.
    """
    if isinstance(source, str | PathLike):
        with open(source, "rb") as raw:
            return _Import(limits, country_code, eur_rate).run(raw)
    return _Import(limits, country_code, eur_rate).run(source)


class _Import:
    def __init__(self, limits: Limits, country_code, eur_rate):
        self.limits, self.eur_rate = limits, eur_rate
        self.country = functools.lru_cache(maxsize=None)(country_code)
        self.problems, self.warnings = Log(limits.max_problems), Log(limits.max_problems)
        self.activities: list[tuple] = []
        self.flows: dict[str, list | array] = {name: [] for name in FLOW_COLUMNS}
        self.flows.update(year=array("h"), value=array("d"), value_eur=array("d"))
        self.columns: list[list | array] = [self.flows[name] for name in FLOW_COLUMNS]
        self.seen: set[str] = set()
        self.lang: str | None = None
        self.version: str | None = None
        self.generated: str | None = None
        self.read = 0

    def run(self, raw: BinaryIO) -> IatiResult:
        reader, complete = Reader(raw, self.limits.max_bytes), False
        try:
            self._root(reader)
            events = etree.iterparse(reader, events=("end",), tag="iati-activity", **SAFE_PARSING)
            for count, (_, el) in enumerate(events, 1):
                if count > self.limits.max_activities:
                    raise Stopped("iati_p_too_many", limit=count - 1)
                self.read = count
                self._activity(el)
                el.clear(keep_tail=True)
                while el.getprevious() is not None:
                    del el.getparent()[0]
            complete = True
        except Stopped as stop:
            self.problems.add("", "iati-activities", stop.code, **stop.params)
        except etree.XMLSyntaxError as error:
            self.problems.add("", "xml", "iati_p_malformed", line=error.lineno, reason=error.msg)
        return self._result(complete)

    def _root(self, reader: Reader) -> None:
        """Reads up to the root's start tag: refuses DTDs, other roots and old versions."""
        sniffer, root = etree.XMLPullParser(events=("start",), **SAFE_PARSING), None
        try:
            while root is None and reader.total < SNIFF_BYTES:
                chunk = reader.read(CHUNK)
                if not chunk:
                    break
                reader.kept.append(chunk)
                sniffer.feed(chunk)
                root = next((el for _, el in sniffer.read_events()), None)
        except etree.XMLSyntaxError:
            if b"<!DOCTYPE" not in b"".join(reader.kept):
                raise
        prolog = b"".join(reader.kept).split(b"<iati-activities", 1)[0]
        if b"<!DOCTYPE" in prolog or (
            root is not None and root.getroottree().docinfo.internalDTD is not None
        ):
            raise Stopped("iati_p_dtd")
        if root is None:
            raise Stopped("iati_p_no_root")
        if root.tag != "iati-activities":
            raise Stopped("iati_p_root", tag=str(root.tag))
        self.version, self.lang = root.get("version"), root.get(XML_LANG)
        self.generated = day_text(root.get("generated-datetime"))
        if version(self.version) < OLDEST_VERSION:
            raise Stopped("iati_p_version", version=self.version or "")
        if version(self.version) > NEWEST_VERSION:
            self.warnings.add("", "iati-activities", "iati_w_newer_version", version=self.version)
        reader.replay, reader.kept = reader.kept, []

    def _activity(self, el) -> None:
        ident = (el.findtext("iati-identifier") or "").strip()
        try:
            if not ident:
                raise Refused("iati-identifier", "iati_p_no_identifier", line=el.sourceline)
            if ident in self.seen:
                raise Refused("iati-identifier", "iati_p_duplicate")
            self.seen.add(ident)
            row, plan = self._describe(el, ident), self._plan(el, ident)
        except Refused as refusal:
            self.problems.add(ident, refusal.element, refusal.code, **refusal.params)
            return
        self.activities.append(row)
        sums: dict[tuple, list[float]] = {}  # (place, year, sector, type, currency) -> value, eur
        unplaced = 0
        for transaction in el.iterfind("transaction"):
            try:
                unplaced += self._transaction(transaction, ident, plan, sums)
            except Refused as refusal:
                element = f"transaction/{refusal.element}"
                line = transaction.sourceline
                self.problems.add(ident, element, refusal.code, line=line, **refusal.params)
        if unplaced:
            self.problems.add(ident, "recipient-country", "iati_p_no_recipient", count=unplaced)
        for (*place_year_sector_type, currency), (value, eur) in sums.items():
            row = (ident, *place_year_sector_type, value, currency, eur)
            for column, item in zip(self.columns, row, strict=True):
                column.append(item)

    def _describe(self, el, ident: str) -> tuple:
        lang = el.get(XML_LANG) or self.lang
        titles = narratives(el.find("title"), lang)
        reporting = el.find("reporting-org")
        reporter = None
        if reporting is not None:
            reporter = reporting.get("ref") or next(
                iter(narratives(reporting, lang).values()), None
            )
        orgs: dict[str, None] = {}  # an ordered set
        for org in el.iterfind("participating-org"):
            if name := next(iter(narratives(org, lang).values()), None) or org.get("ref"):
                orgs[name] = None
        dates = {}  # ActivityDateType: 1 planned start, 2 actual start, 3 planned end, 4 actual end
        for activity_date in el.iterfind("activity-date"):
            dates[activity_date.get("type")] = (activity_date.get("iso-date") or "")[:10] or None
        link = None
        for document in el.iterfind("document-link"):
            if any(c.get("code") == WEB_PAGE for c in document.iterfind("category")):
                link = document.get("url")
                break
        status, hierarchy = el.find("activity-status"), el.get("hierarchy") or "1"
        return (
            ident,
            int(hierarchy) if hierarchy.isdigit() else None,
            titles.get("nl"),
            titles.get("en"),
            reporter,
            ";".join(orgs) or None,
            None if status is None else status.get("code"),
            dates.get("2") or dates.get("1"),
            dates.get("4") or dates.get("3"),
            link,
            day_text(el.get("last-updated-datetime")),
        )

    def _plan(self, el, ident: str) -> dict:
        """The activity's default currency and its geography and sector splits."""
        currency = el.get("default-currency")
        if currency is not None and currency_problem(currency):
            raise Refused("default-currency", "iati_p_default_currency", currency=currency)
        places = [
            ("country", c.get("code"), c.get("percentage"))
            for c in el.iterfind("recipient-country")
        ]
        for region in el.iterfind("recipient-region"):
            if (region.get("vocabulary") or "1") == DAC_REGION_VOCABULARY:
                places.append(("region", region.get("code"), region.get("percentage")))
            else:
                self._other_vocabulary(ident, "recipient-region", region)
        declared = bool(places) or el.find("recipient-region") is not None
        geography = []
        for kind, code, share in self._split(ident, "recipient-country", places):
            if (place := self._place(ident, kind, code)) is not None:
                geography.append((*place, share))
        by_vocabulary: dict[str, list] = {}
        for sector in el.iterfind("sector"):
            item = ("sector", (sector.get("code") or "").strip(), sector.get("percentage"))
            by_vocabulary.setdefault(sector.get("vocabulary") or "1", []).append(item)
        vocabulary = next((v for v in DAC_SECTOR_VOCABULARIES if v in by_vocabulary), None)
        chosen = [
            (k, check_sector(c, vocabulary or "1"), p)
            for k, c, p in by_vocabulary.get(vocabulary or "", [])
        ]
        split = self._split(ident, "sector", chosen)
        sectors: list[tuple[str | None, float]] = [(sys.intern(c), s) for _, c, s in split]
        if not sectors and el.find("transaction/sector") is None:
            self.warnings.add(ident, "sector", "iati_w_no_sector")
        return {
            "currency": currency,
            "geography": geography,
            "declared": declared,
            "sectors": sectors or [(None, 1.0)],
        }

    def _split(self, ident: str, element: str, items: list) -> list[tuple]:
        split, total = shares(element, items)
        if items and total < 100 - TOLERANCE:
            rest = f"{100 - total:g}"
            self.warnings.add(ident, element, "iati_w_under_100", total=f"{total:g}", rest=rest)
        return split

    def _place(self, ident: str, kind: str, code: str | None) -> tuple | None:
        """(iso3, region_code) of a recipient, or None (with a warning) if unknown."""
        code = (code or "").strip()
        if kind == "region":
            if not REGION_CODE.fullmatch(code):
                raise Refused("recipient-region", "iati_p_region_code", code=code)
            return (None, sys.intern(code))
        iso3 = self.country(code) if code else None
        if iso3 is None:
            self.warnings.add(ident, "recipient-country", "iati_w_unknown_country", code=code)
            return None
        return (sys.intern(iso3), None)

    def _other_vocabulary(self, ident: str, element: str, region) -> None:
        code, vocabulary = region.get("code") or "", region.get("vocabulary") or ""
        self.warnings.add(
            ident, element, "iati_w_region_vocabulary", code=code, vocabulary=vocabulary
        )

    def _transaction(self, t, ident: str, plan: dict, sums: dict) -> int:
        """Adds the transaction's shares to `sums`; returns 1 if it has no recipient at all."""
        parts = {child.tag: child for child in reversed(t)}  # the first of each element
        code = (parts.get("transaction-type", {}).get("code") or "").strip()
        if code not in TRANSACTION_TYPES:
            raise Refused("transaction-type", "iati_p_transaction_type", code=code)
        if code not in FLOW_TYPES:
            return 0  # incoming funds, pledges, loan repayments...: not flows of this table
        date_element = parts.get("transaction-date")
        when = day(None if date_element is None else date_element.get("iso-date"))
        if when is None:
            raise Refused("transaction-date", "iati_p_transaction_date")
        value = parts.get("value")
        amount = number(None if value is None else value.text)
        if value is None or amount is None:
            given = "" if value is None else (value.text or "").strip()
            raise Refused("value", "iati_p_value", value=given)
        currency = value.get("currency") or plan["currency"]
        if problem := currency_problem(currency):
            raise Refused("value", problem[0], **problem[1])
        if amount < 0:
            line = t.sourceline
            self.warnings.add(
                ident, "transaction/value", "iati_w_negative", value=f"{amount:g}", line=line
            )
        rate = 1.0 if currency == "EUR" else None
        if rate is None and self.eur_rate is not None:
            rate = self.eur_rate(currency, value.get("value-date") or when.isoformat())
        geography = self._own_place(parts, ident)
        if geography is None:
            geography = plan["geography"]
            if not plan["declared"]:
                return 1
        sectors = plan["sectors"]
        if dac := self._own_sector(t):
            sectors = [(sys.intern(dac), 1.0)]
        flow_type, currency = FLOW_TYPES[code], sys.intern(currency)
        for iso3, region, place_share in geography:
            for sector, sector_share in sectors:
                part = amount * place_share * sector_share
                key = (iso3, region, when.year, sector, flow_type, currency)
                total = sums.setdefault(key, [0.0, 0.0])
                total[0] += part
                total[1] += NAN if rate is None else part * rate  # NaN stays NaN: never partial
        return 0

    def _own_place(self, parts: dict, ident: str) -> list | None:
        """The transaction's own recipient: [(iso3, region, 1.0)], [] if unusable, or None."""
        country, region = parts.get("recipient-country"), parts.get("recipient-region")
        if country is not None and region is not None:
            raise Refused("recipient-region", "iati_p_two_recipients")
        if country is not None:
            place = self._place(ident, "country", country.get("code"))
        elif region is None:
            return None
        elif (region.get("vocabulary") or "1") != DAC_REGION_VOCABULARY:
            self._other_vocabulary(ident, "transaction/recipient-region", region)
            return []
        else:
            place = self._place(ident, "region", region.get("code"))
        return [] if place is None else [(*place, 1.0)]

    @staticmethod
    def _own_sector(t) -> str | None:
        """The transaction's own DAC sector code (one per vocabulary), or None."""
        own: dict[str, str] = {}
        for sector in t.iterfind("sector"):
            vocabulary = sector.get("vocabulary") or "1"
            if vocabulary in own:
                raise Refused("sector", "iati_p_two_sectors", vocabulary=vocabulary)
            own[vocabulary] = (sector.get("code") or "").strip()
        found = next((v for v in DAC_SECTOR_VOCABULARIES if own.get(v)), None)
        return None if found is None else check_sector(own[found], found)

    def _result(self, complete: bool) -> IatiResult:
        activities = pd.DataFrame(self.activities, columns=ACTIVITY_COLUMNS)
        activities["hierarchy"] = activities["hierarchy"].astype("Int64")
        for name in ("start_date", "end_date"):
            activities[name] = pd.to_datetime(activities[name], format="%Y-%m-%d", errors="coerce")
        types, self.columns = {"year": "int16", "value": "float64", "value_eur": "float64"}, []
        columns = {}
        for name in FLOW_COLUMNS:  # popping each list frees it once its column is built
            columns[name] = pd.Series(self.flows.pop(name), dtype=types.get(name))
        flows = pd.DataFrame(columns, columns=FLOW_COLUMNS)
        return IatiResult(
            activities,
            flows,
            self.problems.items,
            self.warnings.items,
            self.problems.count,
            self.warnings.count,
            complete,
            self.version,
            self.generated,
            self.read,
        )
