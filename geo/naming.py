"""The names table (geo/names.csv): English and Dutch names of every map unit.

The base comes from the iso-codes catalogues shipped with pycountry (English short name, and its
Dutch gettext translation). ``OVERRIDES`` replaces the forms that are not the everyday names used in
Dutch government texts (rijksoverheid.nl, nederlandwereldwijd.nl): iso-codes writes inverted or
formal names ("Moldavië, Republiek", "Korea, Democratische Volksrepubliek") and a few dated ones
("Wit-Rusland", where the government writes "Belarus").
"""

from __future__ import annotations

import csv
import gettext
from pathlib import Path

import pycountry

# iso3 or unit_id -> (English, Dutch). None keeps the catalogue's form for that language.
OVERRIDES: dict[str, tuple[str | None, str | None]] = {
    "BLR": (None, "Belarus"),
    "BOL": (None, "Bolivia"),
    "BRN": ("Brunei", None),
    "COD": ("Democratic Republic of the Congo", "Democratische Republiek Congo"),
    "COG": ("Republic of the Congo", "Republiek Congo"),
    "FLK": ("Falkland Islands", "Falklandeilanden"),
    "FSM": ("Micronesia", None),
    "GEO": (None, "Georgië"),
    "KOR": ("South Korea", "Zuid-Korea"),
    "LAO": ("Laos", "Laos"),
    "MAF": ("Saint Martin", "Saint-Martin"),
    "MDA": ("Moldova", "Moldavië"),
    "NFK": (None, "Norfolkeiland"),
    "PCN": ("Pitcairn Islands", None),
    "PRK": ("North Korea", "Noord-Korea"),
    "PSE": ("Palestinian Territories", "Palestijnse Gebieden"),
    "RUS": ("Russia", "Rusland"),
    "SHN": ("Saint Helena, Ascension and Tristan da Cunha", None),
    "SXM": ("Sint Maarten", "Sint Maarten"),
    "TWN": ("Taiwan", "Taiwan"),
    "VAT": ("Vatican City", "Vaticaanstad"),
    "VEN": ("Venezuela", "Venezuela"),
    "VGB": ("British Virgin Islands", "Britse Maagdeneilanden"),
    "VIR": ("United States Virgin Islands", "Amerikaanse Maagdeneilanden"),
    "VNM": ("Vietnam", "Vietnam"),
    # Not in ISO 3166-1: Kosovo uses the user-assigned code XKX (as the EU and the IMF do).
    "XKX": ("Kosovo", "Kosovo"),
    # The three public bodies of the Caribbean Netherlands, keyed by their ISO 3166-2 code.
    "BQ-BO": ("Bonaire", "Bonaire"),
    "BQ-SE": ("Sint Eustatius", "Sint Eustatius"),
    "BQ-SA": ("Saba", "Saba"),
}

_DUTCH = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"])


def names_for(unit_id: str, iso3: str) -> tuple[str, str]:
    """Return ``(name_en, name_nl)`` for a map unit.

    Parameters
    ----------
    unit_id : str
        The unit's id (iso3, or the ISO 3166-2 code of a BES island).
    iso3 : str
        The unit's ISO 3166-1 alpha-3 code.
    """
    en, nl = OVERRIDES.get(unit_id, (None, None))
    if en is None or nl is None:
        country = pycountry.countries.get(alpha_3=iso3)
        if country is None:
            raise KeyError(f"unit_id {unit_id!r}: no ISO name for {iso3!r} and no override")
        en = en or getattr(country, "common_name", None) or country.name
        nl = nl or _DUTCH.gettext(country.name)
    return en, nl


def write_names_csv(units: list[tuple[str, str, str]], path: Path) -> dict[str, tuple[str, str]]:
    """Write ``iso3,subdivision,name_en,name_nl`` for ``units`` (unit_id, iso3, subdivision).

    Returns the names by unit_id. Rows are sorted by iso3, then subdivision, so reruns give the
    same file.
    """
    rows, names = [], {}
    for unit_id, iso3, subdivision in sorted(units, key=lambda u: (u[1], u[2])):
        names[unit_id] = names_for(unit_id, iso3)
        rows.append([iso3, subdivision, *names[unit_id]])
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["iso3", "subdivision", "name_en", "name_nl"])
        writer.writerows(rows)
    return names
