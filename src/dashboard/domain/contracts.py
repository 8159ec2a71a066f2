"""One contract per dataset: its columns, types, allowed values and required fields.

The same contracts serve the loader, the upload validator and the tests. ``validate``
never raises on bad data: it returns every problem in plain language, with the row (as a
person counts it in the file: the header is row 1) and the column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from dashboard.domain import network
from dashboard.domain.network import ADVICE_COLOURS, COVERAGE_ROLES, POST_TYPES

INSTRUMENTS = (
    "military",
    "financial",
    "humanitarian",
    "reconstruction",
    "sanctions",
    "accountability",
    "diplomatic",
    "trade",
    "development",
)
COMMITMENT_STATUSES = ("announced", "committed", "ongoing", "delivered", "completed")
GROUPS = (
    "eastern_europe",
    "middle_east",
    "north_africa",
    "sahel_west_africa",
    "horn_of_africa",
    "caribbean",
    "south_china_sea",
    "global",
    "multilateral",
)
AID_THEMES = (
    "water",
    "food_security",
    "health",
    "srhr",
    "education_employment",
    "migration",
    "stability_rule_of_law",
    "climate",
    "private_sector",
    "humanitarian",
)
POST_STATUSES = ("open", "closure_announced", "closed", "suspended")
SITUATION_LEVELS = ("war", "armed_conflict", "crisis", "tense", "stable")

DATASETS: tuple[str, ...] = ("countries", "commitments", "aid_themes", "posts", "situation")
# The post network and the travel advice (data/post_*.csv; travel_advice only by refresh).
DATASETS += ("post_status", "post_coverage", "travel_advice")

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_PERIOD = re.compile(r"^\d{4}(-(\d{4})?)?$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")
# A cell a spreadsheet would run as a formula, or markup a browser would render.
_FORMULA = re.compile(r"^[=+\-@\t\r]")
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dataset, located as a person finds it in the file."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


def _safe_text(series: pd.Series) -> pd.Series:
    text = series.dropna().astype(str)
    ok = ~(text.str.match(_FORMULA) | text.str.contains(_MARKUP))
    return ok.reindex(series.index, fill_value=True)


def _text(
    required: bool = True,
    isin: Iterable[str] | None = None,
    pattern: re.Pattern | None = None,
    unique: bool = False,
) -> pa.Column:
    checks = [
        pa.Check(
            _safe_text,
            element_wise=False,
            error="must not start with = + - @ or contain HTML markup",
        )
    ]
    if isin is not None:
        allowed = tuple(isin)
        checks.append(pa.Check.isin(allowed, error=f"must be one of: {', '.join(allowed)}"))
    if pattern is not None:
        checks.append(pa.Check.str_matches(pattern.pattern, error=_PATTERN_HELP[pattern.pattern]))
    if required:
        checks.append(
            pa.Check(
                lambda s: s.astype(str).str.strip() != "",
                element_wise=False,
                error="must not be empty",
            )
        )
    return pa.Column(
        str, checks=checks, nullable=not required, required=True, unique=unique, coerce=True
    )


_PATTERN_HELP = {
    _DATE.pattern: "must be a date written YYYY-MM-DD (or YYYY-MM, YYYY)",
    _PERIOD.pattern: "must be a year or a span of years, e.g. 2024, 2024-2027 or 2024- "
    "(from 2024 on)",
    _ISO3.pattern: "must be a three-letter ISO 3166-1 code in capitals, e.g. UKR",
    _TIMESTAMP.pattern: "must be a date and time written YYYY-MM-DDTHH:MM:SS+00:00",
}

_SOURCE_COLUMNS = {
    "source": _text(),
    "source_url": _text(required=False),
    "source_date": _text(pattern=_DATE),
}


# The post network may cite an undated page: source_date may be empty, consulted_on never.
_CONSULTED = {
    **_SOURCE_COLUMNS,
    "source_date": _text(required=False, pattern=_DATE),
    "consulted_on": _text(pattern=_DATE),
}


def _schema(
    name: str, columns: dict[str, pa.Column], checks=(), sources=_SOURCE_COLUMNS
) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {**columns, **sources}, name=name, strict=True, checks=list(checks), ordered=False
    )


def _degrees(limit: int, what: str) -> pa.Column:
    check = pa.Check.in_range(-limit, limit, error=f"must be a {what}, -{limit} to {limit}")
    return pa.Column(float, check, nullable=True, coerce=True)


def _target_given(df: pd.DataFrame) -> pd.Series:
    return df["iso3"].notna() | df["group"].notna()


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "countries": _schema(
        "countries",
        {
            "iso3": _text(pattern=_ISO3, unique=True),
            "name_nl": _text(),
            "name_en": _text(),
            "regions": _text(required=False),
            "eu": pa.Column(bool, coerce=True),
            "nato": pa.Column(bool, coerce=True),
            "kingdom": pa.Column(bool, coerce=True),
        },
    ),
    "commitments": _schema(
        "commitments",
        {
            "commitment_id": _text(unique=True),
            "iso3": _text(required=False, pattern=_ISO3),
            "group": _text(required=False, isin=GROUPS),
            "theme": _text(),
            "instrument": _text(isin=INSTRUMENTS),
            "description_nl": _text(),
            "description_en": _text(),
            "amount_eur": pa.Column(
                "Int64",
                pa.Check.ge(0, error="must be zero or more euros"),
                nullable=True,
                coerce=True,
            ),
            "period": _text(required=False, pattern=_PERIOD),
            "status": _text(isin=COMMITMENT_STATUSES),
        },
        checks=[pa.Check(_target_given, error="needs a country (iso3) or a group")],
    ),
    "aid_themes": _schema(
        "aid_themes",
        {
            "iso3": _text(required=False, pattern=_ISO3),
            "group": _text(required=False, isin=GROUPS),
            "theme": _text(isin=AID_THEMES),
            "description_nl": _text(),
            "description_en": _text(),
        },
        checks=[pa.Check(_target_given, error="needs a country (iso3) or a group")],
    ),
    "posts": _schema(
        "posts",
        {
            "post_id": _text(unique=True),
            "name_nl": _text(),
            "name_en": _text(),
            "type": _text(isin=POST_TYPES),
            "city": _text(),
            "iso3": _text(pattern=_ISO3),
            "lat": _degrees(90, "latitude"),
            "lon": _degrees(180, "longitude"),
            "status": _text(isin=POST_STATUSES),
            "status_date": _text(required=False, pattern=_DATE),
        },
        checks=[
            pa.Check(network.lat_lon_together, error="lat and lon are both given or both empty"),
            pa.Check(
                network.dated_unless_open, error="a status other than open needs a status_date"
            ),
        ],
        sources=_CONSULTED,
    ),
    "post_status": _schema(
        "post_status",
        {
            "post_id": _text(),
            "status": _text(isin=POST_STATUSES),
            "status_date": _text(pattern=_DATE),
        },
        sources=_CONSULTED,
    ),
    "post_coverage": _schema(
        "post_coverage",
        {
            "post_id": _text(),
            "iso3": _text(pattern=_ISO3),
            "role": _text(isin=COVERAGE_ROLES),
        },
        checks=[pa.Check(network.one_row_per_pair, error="names this post and country twice")],
        sources=_CONSULTED,
    ),
    "travel_advice": _schema(
        "travel_advice",
        {
            "iso3": _text(pattern=_ISO3, unique=True),
            "colour": _text(required=False, isin=ADVICE_COLOURS),
            "parts_differ": pa.Column(bool, coerce=True),
            "changed_on": _text(pattern=_DATE),
            "url": _text(),
            "fetched_at": _text(pattern=_TIMESTAMP),
        },
        sources={},
    ),
    "situation": _schema(
        "situation",
        {
            "iso3": _text(pattern=_ISO3, unique=True),
            "level": _text(isin=SITUATION_LEVELS),
            "summary_nl": _text(),
            "summary_en": _text(),
            "assessed_on": _text(pattern=_DATE),
        },
    ),
}

# Columns holding ISO codes that must name a unit on the map.
_CODE_COLUMNS = {"iso3"}


def validate(
    name: str, frame: pd.DataFrame, known_iso3: Iterable[str] | None = None
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check ``frame`` against the contract of dataset ``name``.

    Parameters
    ----------
    name : str
        One of :data:`DATASETS`.
    frame : DataFrame
        The rows as read from a file (all columns may still be text); not modified.
    known_iso3 : iterable of str, optional
        Codes of the units on the map; codes outside it are problems.

    Returns
    -------
    (DataFrame or None, list of Problem)
        The typed frame and no problems, or ``None`` and every problem found.
    """
    if name not in SCHEMAS:
        raise KeyError(f"unknown dataset {name!r}; known: {', '.join(DATASETS)}")
    data = _normalise(frame, SCHEMAS[name])
    problems: list[Problem] = _not_yes_no(data, SCHEMAS[name])
    try:
        typed = SCHEMAS[name].validate(data, lazy=True)
    except pa.errors.SchemaErrors as exc:
        typed = None
        problems.extend(_problems_from(exc.failure_cases, SCHEMAS[name]))
    if known_iso3 is not None:
        problems.extend(_unknown_codes(data, set(known_iso3)))
    if problems:
        return None, sorted(set(problems), key=_order)
    return typed.reset_index(drop=True), []


_YES = {"true", "yes", "ja", "waar", "1"}
_NO = {"false", "no", "nee", "onwaar", "0"}


def _normalise(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Blank cells become missing; yes/no text in yes/no columns becomes True/False.

    (Coercing the text "False" to bool would give True, so it is not left to the schema.)
    """
    data = frame.copy()
    for column in data.columns:
        values = data[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            text = values.astype("string")
            data[column] = values.mask(text.str.strip().eq("").fillna(False))
    for column, spec in schema.columns.items():
        if column in data.columns and str(spec.dtype) == "bool":
            text = data[column].astype("string").str.strip().str.lower()
            data[column] = data[column].mask(text.isin(_YES).fillna(False), True)
            data[column] = data[column].mask(text.isin(_NO).fillna(False), False)
    return data


def _not_yes_no(data: pd.DataFrame, schema: pa.DataFrameSchema) -> list[Problem]:
    problems = []
    for column, spec in schema.columns.items():
        if column in data.columns and str(spec.dtype) == "bool":
            for idx, value in data[column].dropna().items():
                if not isinstance(value, bool):
                    problems.append(
                        Problem(
                            _file_row(idx),
                            column,
                            f"'{value}' is not a yes/no value (true or false)",
                        )
                    )
    return problems


def _order(p: Problem) -> tuple:
    return (p.row or 0, p.column or "", p.message)


def _unknown_codes(data: pd.DataFrame, known: set[str]) -> list[Problem]:
    problems = []
    for column in _CODE_COLUMNS & set(data.columns):
        for idx, code in data[column].dropna().items():
            if _ISO3.match(str(code)) and code not in known:
                problems.append(
                    Problem(
                        _file_row(idx), column, f"'{code}' is not a country or territory on the map"
                    )
                )
    return problems


def _file_row(index) -> int | None:
    try:
        return int(index) + 2  # row 1 is the header
    except (TypeError, ValueError):
        return None


def _problems_from(cases: pd.DataFrame, schema: pa.DataFrameSchema) -> list[Problem]:
    problems = []
    frame_checks = {c.error for c in schema.checks}
    typed_rows = {
        (c.column, c.index)
        for c in cases.itertuples()
        if str(c.check).startswith("coerce_dtype") and pd.notna(c.index)
    }
    for case in cases.itertuples():
        column = case.column if isinstance(case.column, str) else None
        check = str(case.check)
        value = case.failure_case
        row = _file_row(case.index) if pd.notna(case.index) else None
        if check in frame_checks:
            # A check on the whole row: one problem per row, not one per cell.
            problems.append(Problem(row, None, check))
        elif check == "column_in_schema":
            problems.append(Problem(None, str(value), "is not a column of this dataset"))
        elif check == "column_in_dataframe":
            problems.append(Problem(None, str(value), "is missing"))
        elif check == "not_nullable":
            problems.append(Problem(row, column, "must not be empty"))
        elif check == "field_uniqueness":
            problems.append(Problem(row, column, f"'{value}' appears more than once"))
        elif row is None and any(col == column for col, _ in typed_rows):
            continue  # values that are not of the column's type are listed row by row
        elif check.startswith("coerce_dtype") or check.startswith("dtype"):
            expected = schema.columns[column].dtype if column in schema.columns else "?"
            shown = f"'{value}'" if row is not None else "the values"
            problems.append(Problem(row, column, f"{shown} is not a valid {_kind(expected)}"))
        else:
            message = _check_message(check, schema, column)
            shown = f"'{value}' " if value is not None and pd.notna(value) else ""
            problems.append(Problem(row, column, f"{shown}{message}".strip()))
    return problems


def _kind(dtype) -> str:
    text = str(dtype).lower()
    if "int" in text:
        return "whole number"
    if "float" in text:
        return "number"
    if "bool" in text:
        return "yes/no value (true or false)"
    return "text"


def _check_message(check: str, schema: pa.DataFrameSchema, column: str | None) -> str:
    checks = schema.columns[column].checks if column in schema.columns else schema.checks
    for c in checks:
        if c.error and (c.error == check or c.name == check):
            return c.error
    return check
