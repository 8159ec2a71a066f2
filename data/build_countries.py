"""Build ``data/countries.csv``: every country on the map with its names, priority regions
per programme, EU and NATO membership and whether it is part of the Kingdom.

Inputs: ``geo/names.csv`` (the one names table), ``data/region_members.csv``,
``data/programmes.csv`` (for the order of the programmes) and the two membership lists
below, each with its public source. Rerun after any of them changes:
``python data/build_countries.py``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]

EU = {
    "codes": [
        "AUT",
        "BEL",
        "BGR",
        "HRV",
        "CYP",
        "CZE",
        "DNK",
        "EST",
        "FIN",
        "FRA",
        "DEU",
        "GRC",
        "HUN",
        "IRL",
        "ITA",
        "LVA",
        "LTU",
        "LUX",
        "MLT",
        "NLD",
        "POL",
        "PRT",
        "ROU",
        "SVK",
        "SVN",
        "ESP",
        "SWE",
    ],
    "source": 'European Union, "EU countries"',
    "url": "https://european-union.europa.eu/principles-countries-history/eu-countries_en",
    "date": "2020-02-01",  # 27 members since the United Kingdom left
}
NATO = {
    "codes": [
        "ALB",
        "BEL",
        "BGR",
        "CAN",
        "HRV",
        "CZE",
        "DNK",
        "EST",
        "FIN",
        "FRA",
        "DEU",
        "GRC",
        "HUN",
        "ISL",
        "ITA",
        "LVA",
        "LTU",
        "LUX",
        "MNE",
        "NLD",
        "MKD",
        "NOR",
        "POL",
        "PRT",
        "ROU",
        "SVK",
        "SVN",
        "ESP",
        "SWE",
        "TUR",
        "GBR",
        "USA",
    ],
    "source": 'NATO, "NATO member countries"',
    "url": "https://www.nato.int/cps/en/natohq/topics_52044.htm",
    "date": "2024-03-07",  # 32 Allies since Sweden joined
}
# The Netherlands, Aruba, Curaçao, Sint Maarten, and the Caribbean Netherlands (BES).
KINGDOM = {"NLD", "ABW", "CUW", "SXM", "BES"}
KINGDOM_SOURCE = (
    "Statuut voor het Koninkrijk der Nederlanden, art. 1",
    "https://wetten.overheid.nl/BWBR0002154/",
    "2010-10-10",
)


def _regions_per_programme() -> pd.Series:
    """Per iso3, ``programme:region`` for every priority region (not as a neighbour), oldest
    programme first: ``rp2024:eastern_europe;ca2026:eastern_europe``."""
    members = pd.read_csv(ROOT / "data" / "region_members.csv", dtype=str)
    members = members[members["role"].isin(["named", "member"])]
    programmes = pd.read_csv(ROOT / "data" / "programmes.csv", dtype=str)
    start = programmes.set_index("programme_id")["in_force_from"]
    unknown = set(members["programme_id"]) - set(start.index)
    if unknown:
        raise SystemExit(f"region_members.csv names unknown programmes: {sorted(unknown)}")
    members = members.assign(start=members["programme_id"].map(start))
    members = members.sort_values(["start", "programme_id", "region_id"])
    pairs = members["programme_id"] + ":" + members["region_id"]
    return pairs.groupby(members["iso3"]).agg(";".join)


def build() -> pd.DataFrame:
    names = pd.read_csv(ROOT / "geo" / "names.csv", dtype=str, keep_default_na=False)
    # One row per country: the three BES islands share one code, named after the whole.
    names = names.drop_duplicates("iso3").set_index("iso3")
    names.loc["BES", ["name_en", "name_nl"]] = ["Caribbean Netherlands", "Caribisch Nederland"]
    regions = _regions_per_programme()

    out = pd.DataFrame(index=names.index.sort_values())
    out["name_nl"] = names["name_nl"]
    out["name_en"] = names["name_en"]
    out["regions"] = regions.reindex(out.index).fillna("")
    out["eu"] = out.index.isin(EU["codes"])
    out["nato"] = out.index.isin(NATO["codes"])
    out["kingdom"] = out.index.isin(sorted(KINGDOM))
    out["source"] = (
        f"{EU['source']}; {NATO['source']}; {KINGDOM_SOURCE[0]}; regions: data/region_members.csv"
    )
    out["source_url"] = f"{EU['url']} ; {NATO['url']} ; {KINGDOM_SOURCE[1]}"
    out["source_date"] = NATO["date"]
    missing = (set(EU["codes"]) | set(NATO["codes"]) | KINGDOM) - set(out.index)
    if missing:
        raise SystemExit(f"members without a unit on the map: {sorted(missing)}")
    return out.reset_index(names="iso3")


if __name__ == "__main__":
    table = build()
    table.to_csv(ROOT / "data" / "countries.csv", index=False)
    print(
        f"wrote data/countries.csv: {len(table)} countries, {int(table.eu.sum())} EU, "
        f"{int(table.nato.sum())} NATO, {int(table.kingdom.sum())} in the Kingdom"
    )
