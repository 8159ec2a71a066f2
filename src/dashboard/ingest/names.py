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
from dashboard.domain.contracts import Problem

log = logging.getLogger(__name__)
_ISO3 = re.compile(r"^[A-Z]{3}$")


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


def names_table() -> pd.DataFrame | None:
    """``geo/names.csv`` (iso3, subdivision, name_en, name_nl), or ``None`` when absent."""
    return _names_table(str(settings.root() / "geo" / "names.csv"))


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


@lru_cache(maxsize=1)
def _default_lookup() -> Lookup:
    return build_lookup(names_table())


def map_to_iso3(
    frame: pd.DataFrame, names: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """Replace names and codes in column ``iso3`` by ISO alpha-3 codes; returns a new frame.

    Unknown names stay as they are and each gets a ``Problem`` with suggestions; codes that
    look like alpha-3 but are unknown are left for the contract's "not on the map" check.
    """
    if "iso3" not in frame.columns:
        return frame, []
    lookup = build_lookup(names) if names is not None else _default_lookup()
    text = frame["iso3"].fillna("").astype(str).str.strip()
    mapping, unknown = {}, set()
    for value in text[text != ""].unique():
        code = lookup.code(value)
        mapping[value] = code or value
        if code is None and not _ISO3.match(value):
            unknown.add(value)
    out = frame.copy()
    out["iso3"] = text.map(lambda v: mapping.get(v, v))
    problems = []
    for index, value in text[text.isin(unknown)].items():
        hints = lookup.suggest(value)
        hint = f"; did you mean {' or '.join(hints)}?" if hints else ""
        problems.append(
            Problem(
                int(index) + 2, "iso3", f"'{value}' is not a country name or code we know{hint}"
            )
        )
    return out, problems


def code_of(value: str) -> str | None:
    """The ISO alpha-3 code of a country name (Dutch or English) or code, or ``None``."""
    return _default_lookup().code(value)
