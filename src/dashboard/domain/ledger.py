"""The Ukraine support ledger: Dutch pledges, allocations and deliveries, and honest totals.

One row per announcement (``data/ukraine_ledger.csv``, read by ``storage.bundled``). How a
row counts is data, in ``count_as``:

- ``new``: an amount of its own; counted in the totals of its stage, year and category;
- ``part``: a slice of the row named in ``part_of`` (e.g. €45m of a €94.5m package); never
  counted again;
- ``overlap``: the source does not say how it relates to other rows, and it may sit inside
  one of them (a drone package out of a yearly budget); shown, not counted;
- ``cumulative``: a running total as of its date (delivered since 2022); shown as a level,
  never added to other rows.

Totals are sums over ``new`` rows with a public amount, per stage: pledged, allocated and
delivered are never added to one another, and a year is the year of the announcement.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

CATEGORIES = ("military", "financial", "humanitarian", "reconstruction", "energy", "other")
STAGES = ("pledged", "allocated", "delivered")
COUNT_AS = ("new", "part", "overlap", "cumulative")
COLUMNS = (
    "entry_id",
    "date",
    "amount_eur",
    "category",
    "stage",
    "item_nl",
    "item_en",
    "part_of",
    "count_as",
    "description_nl",
    "description_en",
    "programme_id",
    "source",
    "source_url",
    "source_date",
    "consulted_on",
)
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def problems(frame: pd.DataFrame) -> list[str]:
    """Everything wrong with a ledger, each naming the entry and the column; empty if none."""
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        return [f"missing columns: {', '.join(missing)}"]
    found = []
    ids = frame["entry_id"]
    for entry in sorted(set(ids[ids.duplicated()])):
        found.append(f"{entry}: entry_id appears more than once")
    known = set(ids)
    for row in frame.itertuples():
        where = row.entry_id
        for column, allowed in (
            ("category", CATEGORIES),
            ("stage", STAGES),
            ("count_as", COUNT_AS),
        ):
            if getattr(row, column) not in allowed:
                found.append(f"{where}: {column} {getattr(row, column)!r} is not one of {allowed}")
        if not isinstance(row.date, str) or not _DATE.match(row.date):
            found.append(f"{where}: date {row.date!r} is not YYYY-MM-DD (or YYYY-MM, YYYY)")
        has_parent = isinstance(row.part_of, str) and row.part_of != ""
        if has_parent and row.part_of not in known:
            found.append(f"{where}: part_of {row.part_of!r} is no entry of the ledger")
        if has_parent != (row.count_as == "part"):
            found.append(f"{where}: count_as is 'part' exactly when part_of names an entry")
        amount: Any = row.amount_eur
        if pd.notna(amount) and float(amount) < 0:
            found.append(f"{where}: amount_eur must be zero or more")
        if not isinstance(row.source, str) or not row.source.strip():
            found.append(f"{where}: source must not be empty")
    found += _cycles(frame)
    return found


def _cycles(frame: pd.DataFrame) -> list[str]:
    parent = dict(zip(frame["entry_id"], frame["part_of"], strict=True))
    found = []
    for start in parent:
        seen, step = {start}, parent.get(start)
        while isinstance(step, str) and step:
            if step in seen:
                found.append(f"{start}: part_of leads back to itself")
                break
            seen.add(step)
            step = parent.get(step)
    return found


def counted(frame: pd.DataFrame) -> pd.Series:
    """Per row, whether it counts in the totals: a ``new`` row with a public amount."""
    return (frame["count_as"] == "new") & frame["amount_eur"].notna()


def totals(frame: pd.DataFrame) -> pd.DataFrame:
    """Sums per year of announcement, stage and category over the rows that count.

    Columns ``year``, ``stage``, ``category``, ``amount_eur``, ``rows``; ordered by year,
    stage (pledged, allocated, delivered) and category.
    """
    rows = frame[counted(frame)].assign(year=lambda f: f["date"].str[:4])
    grouped = (
        rows.groupby(["year", "stage", "category"], as_index=False)
        .agg(amount_eur=("amount_eur", "sum"), rows=("entry_id", "count"))
        .astype({"amount_eur": "int64", "rows": "int64"})
    )
    order = {s: i for i, s in enumerate(STAGES)}
    return grouped.sort_values(
        ["year", "stage", "category"], key=lambda c: c.map(order) if c.name == "stage" else c
    ).reset_index(drop=True)


def stands(frame: pd.DataFrame) -> pd.DataFrame:
    """The running totals (``cumulative`` rows) per date and stage: columns ``date``,
    ``stage``, ``category``, ``amount_eur``, ``rows`` (the rows of one date are the parts of
    one running total, e.g. from own stocks, bought from industry, through NATO funds)."""
    rows = frame[(frame["count_as"] == "cumulative") & frame["amount_eur"].notna()]
    return (
        rows.groupby(["date", "stage", "category"], as_index=False)
        .agg(amount_eur=("amount_eur", "sum"), rows=("entry_id", "count"))
        .astype({"amount_eur": "int64", "rows": "int64"})
        .sort_values(["date", "stage", "category"])
        .reset_index(drop=True)
    )


def stage_totals(frame: pd.DataFrame) -> dict[str, int]:
    """Per stage, the sum over every year and category of the rows that count."""
    sums = totals(frame).groupby("stage")["amount_eur"].sum()
    return {s: int(sums[s]) for s in STAGES if s in sums.index}
