"""Nederland Wereldwijd open data: the indexes a harvest walks, and whom each post serves.

- :func:`parse_index`: the overview of consular data (``GET /infotypes/nl-representation``, the
  spec's ``getOverview``: one item per country, fields ``type``, ``dataurl``, ``location``,
  ``locationkey``, ``link``) or the index of the travel advice (``GET
  /infotypes/traveladvice``). Each item's ``dataurl`` must point into the service at the
  per-country document (``…/countries/{country}/nl-representation`` or ``…/traveladvice``);
  it is the next request, so a link anywhere else refuses the answer.
- :func:`parse_served`: a per-country list of representations names the posts serving that
  country (``isocode`` of each record is the country asked about; observed, not in the spec).

Same conventions as :mod:`dashboard.sources.nlww_parse`: ``(frame, problems, warnings)``,
any problem refuses the whole answer (``frame`` None). Pure: no network.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import pandas as pd

from dashboard.sources.nlww_pages import DEFAULT_MAX_BYTES, Page, check_types, read_records

Result = tuple[pd.DataFrame | None, list[str], list[str]]
INDEX_KINDS = ("nl-representation", "traveladvice")
INDEX_COLUMNS = ["country", "location", "dataurl"]
SERVED_COLUMNS = ["post_id", "iso3"]
# Field types of the spec's ``getOverview`` response sample (all strings).
_INDEX_TYPES = dict.fromkeys(("type", "dataurl", "location", "locationkey", "link"), str)
_SERVED_TYPES = dict.fromkeys(("id", "isocode", "dataurl"), str)


def parse_index(
    payload: bytes | str | Sequence[Page],
    base_url: str,
    kind: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Result:
    """The per-country documents an index points to: ``country`` (the ``{country}`` path
    segment), ``location`` (the country's name, may be empty) and ``dataurl``; each once."""
    if kind not in INDEX_KINDS:
        raise ValueError(f"kind must be one of {INDEX_KINDS}, not {kind!r}")
    problems: list[str] = []
    warnings: list[str] = []
    found = read_records(payload, max_bytes, problems)
    if found is None:
        return None, problems, warnings
    form = re.compile(
        re.escape(base_url.rstrip("/")) + rf"/infotypes/countries/([^/?#]+)/{kind}/?(?:\?[^#]*)?$"
    )
    rows: dict[str, dict] = {}
    for label, rec in found:
        if not check_types(rec, label, _INDEX_TYPES, ("dataurl",), problems):
            continue
        url = rec["dataurl"].strip()
        match = form.match(url)
        if match is None:
            problems.append(
                f"{label}: field 'dataurl' {url!r} is not "
                f"{base_url.rstrip('/')}/infotypes/countries/{{country}}/{kind}"
            )
            continue
        country = match.group(1).lower()
        location = rec.get("location") or rec.get("locationkey") or ""
        rows.setdefault(country, {"country": country, "location": location, "dataurl": url})
    if problems:
        return None, problems, warnings
    if not rows:
        problems.append(f"the {kind} index lists no country at all")
        return None, problems, warnings
    return pd.DataFrame(list(rows.values()), columns=INDEX_COLUMNS), problems, warnings


def parse_served(
    payload: bytes | str | Sequence[Page],
    asked: str,
    to_iso3: Callable[[str], str | None],
    post_id: Callable[[str], str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Result:
    """``post_id`` (from each record's ``id`` by ``post_id``) and ``iso3`` of the country served.

    The country is the record's ``isocode``, else ``asked`` (the ``{country}`` of the list's
    URL). A country not on the map is a warning; its rows are left out.
    """
    problems: list[str] = []
    warnings: list[str] = []
    found = read_records(payload, max_bytes, problems)
    if found is None:
        return None, problems, warnings
    rows = []
    for label, rec in found:
        if not check_types(rec, label, _SERVED_TYPES, ("id",), problems):
            continue
        code = (rec.get("isocode") or asked).strip()
        iso3 = to_iso3(code)
        if iso3 is None:
            warnings.append(
                f"list for {asked!r}, {label}: country {code!r} is not on the map; "
                "left out of the coverage"
            )
            continue
        rows.append({"post_id": post_id(rec["id"]), "iso3": iso3})
    if problems:
        return None, problems, warnings
    frame = pd.DataFrame(rows, columns=SERVED_COLUMNS).drop_duplicates(ignore_index=True)
    return frame, problems, warnings
