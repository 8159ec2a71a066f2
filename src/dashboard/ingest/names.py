"""Country names as people type them, mapped to the map's units and their ``iso3``.

Three tables feed the lookup:

- ``geo/names.csv``: the Dutch and English name of every map unit, Kosovo and the Caribbean
  parts of the Kingdom included, and Bonaire, Sint Eustatius and Saba each under its own name;
- ``data/country_aliases.csv``: older, colloquial and part names, each with its source
  (Wit-Rusland, Birma, Statia, Gaza, …);
- the ISO 3166-1 names pycountry ships (English, and the iso-codes Dutch translation) and the
  ISO codes themselves.

Matching ignores case, accents and punctuation: "Curacao" is Curaçao, "wit rusland" is
Wit-Rusland. A profile is keyed by its map unit: the iso3 code, or for a BES island its
ISO 3166-2 code (``BQ-SA``); the data rows of the three islands share ``iso3`` ``BES``.
Search ranks exact names first, then names that start with what was typed, then names with a
word that does; only when none match does it offer names spelled alike, and never a name that
is the typed one with a word more or less ("Wit-Rusland" is not "Rusland"). A name that maps
to nothing on upload is reported with those suggestions, never dropped or replaced.
"""

from __future__ import annotations

import difflib
import gettext
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import pycountry

from dashboard import settings
from dashboard.domain.problems import LIMIT, Problem, finish

log = logging.getLogger(__name__)
_ISO3 = re.compile(r"[A-Z]{3}")
_HINTED = 20  # distinct unknown names that get suggestions (each costs a fuzzy search)

_NAME_COLUMNS = ("iso3", "subdivision", "name_nl", "name_en")
# How a name is known, best first; ranks hits within one tier of a search.
NAME, ALIAS, ISO_NAME, CODE = 0, 1, 2, 3


def fold(text: object) -> str:
    """``text`` without case, accents or punctuation: ``"Côte d'Ivoire"`` → ``"cote d ivoire"``."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", bare).split())


def fold_column(values: pd.Series) -> pd.Series:
    """:func:`fold` of a column of text: plain ASCII on the whole column at once (where the
    fold is lower case with every run of other characters one space), the rest one by one."""
    text = values.astype("str")
    ascii_only = text.str.fullmatch(r"[ -~]*").fillna(False).to_numpy(bool)
    folded = text.str.lower().str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip().astype(object)
    others = ~ascii_only & text.notna().to_numpy(bool)
    folded[others] = [fold(v) for v in text[others]]
    return folded


@dataclass(frozen=True)
class Entry:
    folded: str
    key: str  # the profile: iso3, or the ISO 3166-2 code of a BES island
    iso3: str
    name: str  # as written in its table
    kind: int  # NAME, ALIAS, ISO_NAME or CODE


@dataclass(frozen=True)
class Hit:
    key: str
    iso3: str
    matched: str  # the name or code that matched
    tier: int  # 0 exact, 1 starts with, 2 a word starts with, 3 spelled alike


class Lookup:
    """Every known name and code of every place; see the module docstring."""

    def __init__(self, entries: list[Entry], display: dict[str, tuple[str, str]]):
        self.entries = tuple(entries)
        self.display = display  # profile key -> (name_nl, name_en)
        self._by_folded: dict[str, list[Entry]] = {}
        for entry in self.entries:
            self._by_folded.setdefault(entry.folded, []).append(entry)

    def _exact(self, value: object) -> list[Entry]:
        found = self._by_folded.get(fold(value), [])
        best = min((e.kind for e in found), default=None)
        return [e for e in found if e.kind == best]

    def code(self, value: object) -> str | None:
        """The ``iso3`` of a name or code, when it names exactly one country."""
        iso3s = {e.iso3 for e in self._exact(value)}
        return iso3s.pop() if len(iso3s) == 1 else None

    def codes(self) -> dict[str, str]:
        """Folded name or code -> ``iso3``, for every name that names exactly one country."""
        if not hasattr(self, "_codes"):
            found = {}
            for folded, entries in self._by_folded.items():
                best = min(e.kind for e in entries)
                iso3s = {e.iso3 for e in entries if e.kind == best}
                if len(iso3s) == 1:
                    found[folded] = iso3s.pop()
            self._codes = found
        return self._codes

    def ambiguous(self, value: object) -> list[str]:
        """The countries a name names when it names more than one (else empty)."""
        iso3s = sorted({e.iso3 for e in self._exact(value)})
        return iso3s if len(iso3s) > 1 else []

    def name(self, key: str, lang: str) -> str:
        nl, en = self.display.get(key, (key, key))
        return en if lang == "en" else nl

    def iso3(self, key: str) -> str | None:
        """The ``iso3`` of a profile key (``BQ-SA`` → ``BES``); ``None`` for an unknown key."""
        for entry in self._by_folded.get(fold(key), []):
            if entry.kind == CODE and entry.key == key:
                return entry.iso3
        return None

    def search(self, query: object, limit: int = 8) -> list[Hit]:
        """The places a person typing ``query`` means, best first (see the module docstring)."""
        q = fold(query)
        if not q:
            return []
        best: dict[str, tuple[tuple, Hit]] = {}
        for entry in self.entries:
            if entry.key not in self.display:
                continue
            tier = _tier(q, entry)
            if tier is None:
                continue
            rank = (tier, entry.kind, len(entry.folded), entry.folded)
            if entry.key not in best or rank < best[entry.key][0]:
                best[entry.key] = (rank, Hit(entry.key, entry.iso3, entry.name, tier))
        if not best:
            return self._alike(q, limit)
        hits = sorted(best.values(), key=lambda rh: (rh[0][:3], fold(self.name(rh[1].key, "nl"))))
        return [hit for _, hit in hits[:limit]]

    def _alike(self, q: str, limit: int) -> list[Hit]:
        names = {e.folded for e in self.entries if e.kind in (NAME, ALIAS)}
        close = difflib.get_close_matches(q, names, n=limit * 2, cutoff=0.75)
        hits: dict[str, Hit] = {}
        for folded in close:
            if _one_more_word(q, folded):
                continue
            for entry in self._by_folded[folded]:
                if entry.kind in (NAME, ALIAS) and entry.key in self.display:
                    hits.setdefault(entry.key, Hit(entry.key, entry.iso3, entry.name, 3))
        return list(hits.values())[:limit]

    def suggest(self, value: object, n: int = 3) -> list[str]:
        """Up to ``n`` places ``value`` may mean, as ``"Name (ISO3)"``, one per country."""
        labels: dict[str, str] = {}
        for hit in self.search(value, limit=n * 3):
            labels.setdefault(hit.iso3, f"{hit.matched} ({hit.iso3})")
        return list(labels.values())[:n]


def _tier(q: str, entry: Entry) -> int | None:
    if entry.folded == q:
        return 0
    if entry.kind == CODE:
        return None
    if entry.folded.startswith(q):
        return 1
    if entry.kind == NAME and f" {q}" in f" {entry.folded}":
        return 2
    return None


def _one_more_word(a: str, b: str) -> bool:
    """One name is the other with words added ("rusland" / "wit rusland", "soedan" /
    "zuid soedan"): in country names such a word makes another country."""
    wa, wb = a.split(), b.split()
    if len(wa) == len(wb):
        return False
    short, long = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


# --- the tables -----------------------------------------------------------------------------


def _names_path() -> str:
    return str(settings.root() / "geo" / "names.csv")


def names_table() -> pd.DataFrame | None:
    """``geo/names.csv`` (iso3, subdivision, name_en, name_nl), or ``None`` when absent; a
    copy, so no caller can change what the next one reads."""
    table = _read(_names_path())
    return None if table is None else table.copy()


def aliases_table() -> pd.DataFrame | None:
    """``data/country_aliases.csv`` (name, key, lang, kind, source, …), or ``None``."""
    table = _read(_aliases_path())
    return None if table is None else table.copy()


@lru_cache(maxsize=8)
def _read(path: str) -> pd.DataFrame | None:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        log.warning("%s not found: country names are matched without it", path)
        return None


_DUTCH = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"], fallback=True)


def _iso_entries() -> list[Entry]:
    entries = []
    for country in pycountry.countries:
        iso3 = country.alpha_3
        for attr in ("alpha_2", "alpha_3"):
            entries.append(Entry(fold(getattr(country, attr)), iso3, iso3, iso3, CODE))
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                for text in {value, _DUTCH.gettext(value)}:
                    entries.append(Entry(fold(text), iso3, iso3, text, ISO_NAME))
    return entries


def build_lookup(
    names: pd.DataFrame | None,
    aliases: pd.DataFrame | None = None,
    countries: pd.DataFrame | None = None,
) -> Lookup:
    """The lookup over the names table, the aliases and pycountry.

    ``countries`` (the countries dataset: ``iso3``, ``name_nl``, ``name_en``) adds its names
    and gives each country its displayed name; the map units' own names are used otherwise.
    """
    entries = _iso_entries()
    display: dict[str, tuple[str, str]] = {}
    iso3_of: dict[str, str] = {}
    table = names if names is not None else pd.DataFrame(columns=_NAME_COLUMNS)
    for iso3, subdivision, nl, en in table[list(_NAME_COLUMNS)].astype(str).itertuples(index=False):
        key = subdivision or iso3
        iso3_of[key] = iso3
        display[key] = (nl, en)
        entries.append(Entry(fold(key), key, iso3, key, CODE))
        entries += [Entry(fold(n), key, iso3, n, NAME) for n in (nl, en) if n]
    if countries is not None:
        for iso3, nl, en in zip(
            countries["iso3"], countries["name_nl"], countries["name_en"], strict=True
        ):
            iso3 = str(iso3)
            iso3_of.setdefault(iso3, iso3)
            display[iso3] = (str(nl), str(en))
            entries.append(Entry(fold(iso3), iso3, iso3, iso3, CODE))
            entries += [
                Entry(fold(n), iso3, iso3, n, NAME) for n in (nl, en) if isinstance(n, str) and n
            ]
    for row in (aliases if aliases is not None else pd.DataFrame()).itertuples(index=False):
        key, name = str(row.key), str(row.name)
        iso3 = iso3_of.get(key) or (key if _ISO3.fullmatch(key) else None)
        if iso3 is None:
            log.warning("country_aliases.csv: %r names %r, not a place on the map", name, key)
            continue
        entries.append(Entry(fold(name), key, iso3, name, ALIAS))
    return Lookup(entries, display)


def _aliases_path() -> str:
    return str(settings.data_dir() / "country_aliases.csv")


@lru_cache(maxsize=4)
def _lookup_for(names_path: str, aliases_path: str) -> Lookup:
    # Keyed by the files (so by DASHBOARD_ROOT); a Lookup is never changed after it is built.
    return build_lookup(_read(names_path), _read(aliases_path))


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
    if names is not None:
        lookup = build_lookup(names, aliases_table())
    else:
        lookup = _lookup_for(_names_path(), _aliases_path())
    text = frame["iso3"].fillna("").astype("str").str.strip()
    # Each distinct value is folded and looked up once, on whole columns.
    distinct = pd.Series(text[text != ""].unique(), dtype="str")
    codes = fold_column(distinct).map(lookup.codes())
    found = codes.notna().to_numpy(bool)
    mapped = text.map(dict(zip(distinct[found], codes[found], strict=True)))
    out = frame.copy()
    out["iso3"] = text.mask(mapped.notna(), mapped)
    unknown = mapped.isna() & (text != "") & ~text.str.fullmatch(_ISO3.pattern).fillna(False)
    unknown_rows = text[unknown.to_numpy(bool)]
    problems: list[Problem] = []
    hinted: dict[str, list[str]] = {}
    for index, value in zip(unknown_rows.index[:limit], unknown_rows.iloc[:limit], strict=True):
        shown = value if len(value) <= 60 else value[:59] + "…"
        both = lookup.ambiguous(value)
        if both:
            problems.append(
                Problem.of(
                    int(index) + 2, "iso3", "p_ambiguous_name", value=shown, codes=tuple(both)
                )
            )
            continue
        if value not in hinted:  # suggestions cost; the first few names get them
            hinted[value] = (
                lookup.suggest(value) if len(hinted) < _HINTED and len(value) <= 100 else []
            )
        hints = hinted[value]
        if hints:
            problems.append(
                Problem.of(
                    int(index) + 2, "iso3", "p_unknown_name_hint", value=shown, hints=tuple(hints)
                )
            )
        else:
            problems.append(Problem.of(int(index) + 2, "iso3", "p_unknown_name", value=shown))
    return out, finish(problems, len(unknown_rows), limit) if problems else []


def code_of(value: str) -> str | None:
    """The ISO alpha-3 code of a country name (Dutch or English) or code, or ``None``."""
    return _lookup_for(_names_path(), _aliases_path()).code(value)
