"""Country names in Dutch or English, and ISO codes, mapped to ``iso3``.

The names table is ``geo/names.csv`` (the map's own units, Kosovo and the Caribbean parts of
the Kingdom included); pycountry adds alpha-2 codes and official names. A name that maps to
nothing is reported with the closest known names, never dropped.
"""

from __future__ import annotations

import difflib
import logging
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import pycountry

from dashboard import settings
from dashboard.domain.problems import LIMIT, Problem, finish

log = logging.getLogger(__name__)
_ISO3 = re.compile(r"[A-Z]{3}")
_HINTED = 20  # distinct unknown names that get suggestions (each costs a fuzzy search)


@dataclass(frozen=True)
class Lookup:
    codes: dict[str, str]  # casefolded name or code -> iso3
    labels: dict[str, str]  # casefolded name -> "Name (ISO3)", for suggestions

    def code(self, value: str) -> str | None:
        return self.codes.get(_key(value))

    def suggest(self, value: str, n: int = 3) -> list[str]:
        close = difflib.get_close_matches(_key(value), list(self.labels), n=n * 2, cutoff=0.75)
        return list(dict.fromkeys(self.labels[c] for c in close))[:n]


def _key(value: str) -> str:
    return " ".join(str(value).split()).casefold()


def _names_path() -> str:
    return str(settings.root() / "geo" / "names.csv")


def names_table() -> pd.DataFrame | None:
    """``geo/names.csv`` (iso3, subdivision, name_en, name_nl), or ``None`` when absent; a
    copy, so no caller can change what the next one reads."""
    table = _names_table(_names_path())
    return None if table is None else table.copy()


@lru_cache(maxsize=4)
def _names_table(path: str) -> pd.DataFrame | None:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        log.warning("%s not found: country names are matched with pycountry only", path)
        return None


def build_lookup(names: pd.DataFrame | None) -> Lookup:
    codes: dict[str, str] = {}
    labels: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                codes[_key(value)] = country.alpha_3
        labels[_key(country.name)] = f"{country.name} ({country.alpha_3})"
    # The map's own names win over pycountry's (XKX for Kosovo, BES for its three islands).
    if names is not None:
        for row in names.itertuples(index=False):
            for value in (row.iso3, row.name_en, row.name_nl):
                if value:
                    codes[_key(value)] = row.iso3
            for value in (row.name_en, row.name_nl):
                if value:
                    labels[_key(value)] = f"{value} ({row.iso3})"
    return Lookup(codes, labels)


@lru_cache(maxsize=4)
def _lookup_for(path: str) -> Lookup:
    # Keyed by the names file (so by DASHBOARD_ROOT); a Lookup is never changed after it is built.
    table = _names_table(path)
    return build_lookup(None if table is None else table)


def map_to_iso3(
    frame: pd.DataFrame, names: pd.DataFrame | None = None, limit: int = LIMIT
) -> tuple[pd.DataFrame, list[Problem]]:
    """Replace names and codes in column ``iso3`` by ISO alpha-3 codes; returns a new frame.

    Unknown names stay as they are; the first ``limit`` get a ``Problem`` with suggestions
    (the rest are counted, see :mod:`problems`). Codes that look like alpha-3 but are
    unknown are left for the contract's "not on the map" check.
    """
    if "iso3" not in frame.columns:
        return frame, []
    lookup = build_lookup(names) if names is not None else _lookup_for(_names_path())
    text = frame["iso3"].fillna("").astype("str").str.strip()
    distinct = pd.Series(text[text != ""].unique(), dtype="str")
    keys = distinct.str.split().str.join(" ").str.casefold()  # as _key, on the whole column
    codes = pd.Series(keys.map(lookup.codes).to_numpy(), index=distinct.to_numpy(), dtype="str")
    known = codes.dropna()
    out = frame.copy()
    out["iso3"] = text.mask(text.isin(known.index), text.map(known))
    unknown = ~text.isin(known.index) & (text != "") & ~text.str.fullmatch(_ISO3.pattern)
    unknown_rows = text[unknown.to_numpy(bool)]
    problems: list[Problem] = []
    hinted: dict[str, list[str]] = {}
    for index, value in zip(unknown_rows.index[:limit], unknown_rows.iloc[:limit], strict=True):
        if value not in hinted:  # suggestions cost; the first few names get them
            hinted[value] = (
                lookup.suggest(value) if len(hinted) < _HINTED and len(value) <= 100 else []
            )
        hints = hinted[value]
        shown = value if len(value) <= 60 else value[:59] + "…"
        if hints:
            problems.append(
                Problem.of(
                    int(index) + 2,
                    "iso3",
                    "p_unknown_name_hint",
                    value=shown,
                    hints=tuple(hints),
                )
            )
        else:
            problems.append(Problem.of(int(index) + 2, "iso3", "p_unknown_name", value=shown))
    return out, finish(problems, len(unknown_rows), limit) if problems else []
