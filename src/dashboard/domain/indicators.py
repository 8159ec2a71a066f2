"""The contract of a country indicator: ``iso3``, one or more columns of numbers, the sources.

An indicator is any figure per country an analyst adds (a map layer later). Its numeric
columns are named by the file; everything else follows ``contracts``. Indicators live in
their own namespace: a name the dashboard or its connectors use (``contracts.RESERVED``)
is never an indicator's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from dashboard.domain import checks, contracts
from dashboard.domain.checks import Column, Contract
from dashboard.domain.problems import LIMIT, Problem

KEY_NAMES = ("iso3", "country", "land", "country_name", "landnaam", "iso")
TEXT_COLUMNS = ("name_en", "name_nl")
SOURCE_COLUMNS = ("source", "source_url", "source_date")
NAME = re.compile(r"[a-z][a-z0-9_]{1,39}")
_COLUMN_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9 _.%()/-]{0,63}$")


def name_problems(name: str) -> list[Problem]:
    """An indicator's name: a short lower-case slug that the dashboard does not use itself."""
    if not NAME.fullmatch(name or ""):
        return [Problem.of(None, None, "p_indicator_name", name=(name or "")[:60])]
    if name in contracts.RESERVED:
        return [Problem.of(None, None, "p_indicator_reserved", name=name)]
    return []


def key_column_to_iso3(frame: pd.DataFrame) -> pd.DataFrame:
    """Rename the country column (``country``, ``land``, …) to ``iso3``; a new frame."""
    if "iso3" in frame.columns:
        return frame
    for column in frame.columns:
        if str(column).casefold() in KEY_NAMES:
            return frame.rename(columns={column: "iso3"})
    return frame


def value_columns(columns) -> list[str]:
    return [c for c in columns if c not in ("iso3", *TEXT_COLUMNS, *SOURCE_COLUMNS)]


def contract(columns) -> Contract:
    """The contract of an indicator with these columns."""
    return Contract(
        "indicator",
        {
            "iso3": Column("text", form="iso3", unique=True, codes=True),
            **{c: Column("text", required=False) for c in TEXT_COLUMNS if c in columns},
            **{c: Column("float", required=False) for c in value_columns(columns)},
            **contracts.SOURCE_COLUMNS,
        },
    )


def validate(
    frame: pd.DataFrame,
    known_iso3: Iterable[str] | None = None,
    *,
    quoted: pd.DataFrame | None = None,
    skip=None,
    limit: int = LIMIT,
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check an indicator table; like ``contracts.validate``, never raises on bad data."""
    problems = [
        Problem.of(1, str(c), "p_indicator_column_name")
        for c in frame.columns
        if not _COLUMN_NAME.match(str(c))
    ]
    if not value_columns(frame.columns):
        problems.append(Problem.of(None, None, "p_indicator_no_values"))
    if problems:
        return None, problems
    return checks.check(
        contract(list(frame.columns)),
        frame,
        known_iso3=known_iso3,
        quoted=quoted,
        skip=skip,
        limit=limit,
    )
