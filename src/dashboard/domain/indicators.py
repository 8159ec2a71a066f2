"""The contract of a country indicator: ``iso3``, one or more columns of numbers, the sources.

An indicator is any figure per country an analyst adds (a map layer later). Its numeric
columns are named by the file; everything else follows ``contracts``.
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa

from dashboard.domain import contracts
from dashboard.domain.contracts import Problem

KEY_NAMES = ("iso3", "country", "land", "country_name", "landnaam", "iso")
TEXT_COLUMNS = ("name_en", "name_nl")
SOURCE_COLUMNS = ("source", "source_url", "source_date")
_COLUMN_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9 _.%()/-]{0,63}$")


def name_problems(name: str) -> list[Problem]:
    """An indicator's name: a short lower-case slug that is not one of the datasets."""
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,39}", name or ""):
        return [
            Problem(
                None,
                None,
                f"The indicator name '{name}' must be 2 to 40 lower-case "
                "letters, digits or _, starting with a letter",
            )
        ]
    if name in contracts.DATASETS:
        return [Problem(None, None, f"'{name}' is a dataset, not an indicator name")]
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


def schema(columns) -> pa.DataFrameSchema:
    text = {c: contracts._text(required=False) for c in TEXT_COLUMNS if c in columns}
    numbers = {c: pa.Column(float, nullable=True, coerce=True) for c in value_columns(columns)}
    return pa.DataFrameSchema(
        {
            "iso3": contracts._text(pattern=contracts._ISO3, unique=True),
            **text,
            **numbers,
            **contracts._SOURCE_COLUMNS,
        },
        name="indicator",
        strict=True,
        ordered=False,
    )


def validate(frame: pd.DataFrame, known_iso3=None) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check an indicator table; like ``contracts.validate``, never raises on bad data."""
    problems = [
        Problem(
            1,
            str(c),
            "column names may hold letters, digits, spaces and "
            "_ . % ( ) / - only, starting with a letter",
        )
        for c in frame.columns
        if not _COLUMN_NAME.match(str(c))
    ]
    if not value_columns(frame.columns):
        problems.append(
            Problem(
                None,
                None,
                "An indicator needs at least one column of numbers "
                "besides iso3 and the source columns",
            )
        )
    if problems:
        return None, problems
    data = frame.replace(r"^\s*$", pd.NA, regex=True)
    the_schema = schema(list(frame.columns))
    typed = None
    try:
        typed = the_schema.validate(data, lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems.extend(contracts._problems_from(exc.failure_cases, the_schema))
    if known_iso3 is not None:
        problems.extend(contracts._unknown_codes(data, set(known_iso3)))
    if problems:
        return None, sorted(set(problems), key=contracts._order)
    return typed.reset_index(drop=True), []
