"""One contract per dataset: its columns, types, allowed values and required fields.

The same contracts serve the loader (every stored version is checked when it is read), the
upload validator, the connectors and the tests. ``validate`` never raises on bad data: it
returns the problems (the first hundred, and how many in all), each with the row (as a
person counts it in the file: the header is row 1), the column and the cell as written.
How a column is checked is :mod:`checks`; this module says what each dataset holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from dashboard.domain import checks
from dashboard.domain.checks import Column, Contract, RowRule, calendar_date
from dashboard.domain.problems import LIMIT, Problem

__all__ = ["Problem", "calendar_date", "validate", "DATASETS", "RESERVED", "CONTRACTS"]

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
# A goal states what a programme or letter itself says; an action is taken under it.
COMMITMENT_KINDS = ("goal", "action")
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

# The datasets the dashboard itself defines, and those its connectors publish. Together
# they are a closed namespace: an analyst's country indicator can never take one of them.
DATASETS: tuple[str, ...] = ("countries", "commitments", "aid_themes", "posts", "situation")
# The post network and the travel advice (data/post_*.csv; travel_advice only by refresh).
DATASETS += ("post_status", "post_coverage", "travel_advice")
CONNECTOR_DATASETS = ("worldbank_indicators", "reliefweb_reports")
# Development aid from the ministry's IATI publication (python -m dashboard import-iati).
AID_DATASETS = ("aid_activities", "aid_flows")
AID_FLOW_TYPES = ("commitment", "disbursement", "expenditure")
RESERVED = frozenset(DATASETS) | frozenset(CONNECTOR_DATASETS) | frozenset(AID_DATASETS)


def _text(required: bool = True, **rules) -> Column:
    return Column("text", required=required, **rules)


SOURCE_COLUMNS: dict[str, Column] = {
    "source": _text(),
    "source_url": _text(required=False, form="url"),
    "source_date": _text(form="date"),
}
# The programme or policy letter a row comes from (data/programmes.csv). A file may leave it
# out, or a cell blank: the row then belongs to the programme in force on its source_date.
PROGRAMME = {"programme_id": _text(required=False, optional=True)}


# The post network may cite an undated page: source_date may be empty, consulted_on never.
CONSULTED_COLUMNS: dict[str, Column] = {
    **SOURCE_COLUMNS,
    "source_date": _text(required=False, form="date"),
    "consulted_on": _text(form="date"),
}


def _target_given(rows: pd.DataFrame) -> pd.Series:
    return rows["iso3"].notna() | rows["group"].notna()


_TARGET = RowRule("p_no_target", ("iso3", "group"), _target_given)


def _dated_or_consulted(rows: pd.DataFrame) -> pd.Series:
    consulted = rows["consulted_on"].notna() if "consulted_on" in rows.columns else False
    return rows["source_date"].notna() | consulted


# As in the post network, a source that shows no date leaves source_date empty (never the
# reading date) and says in consulted_on when it was read; a file may leave consulted_on out.
DATED_OR_CONSULTED: dict[str, Column] = {
    **SOURCE_COLUMNS,
    "source_date": _text(required=False, form="date"),
    "consulted_on": _text(required=False, form="date", optional=True),
}
_DATED = RowRule("p_undated_unread", ("source_date",), _dated_or_consulted)


def _contract(
    name: str, columns: Mapping[str, Column], rules=(), sources: Mapping[str, Column] | None = None
) -> Contract:
    return Contract(
        name, {**columns, **(SOURCE_COLUMNS if sources is None else sources)}, tuple(rules)
    )


CONTRACTS: dict[str, Contract] = {
    "countries": _contract(
        "countries",
        {
            "iso3": _text(form="iso3", unique=True, codes=True),
            "name_nl": _text(),
            "name_en": _text(),
            "regions": _text(required=False),
            "eu": Column("bool"),
            "nato": Column("bool"),
            "kingdom": Column("bool"),
        },
    ),
    "commitments": _contract(
        "commitments",
        {
            "commitment_id": _text(unique=True),
            "iso3": _text(required=False, form="iso3", codes=True),
            "group": _text(required=False, allowed=GROUPS),
            "theme": _text(),
            "instrument": _text(allowed=INSTRUMENTS),
            "description_nl": _text(),
            "description_en": _text(),
            "amount_eur": Column("int", required=False, low=0, range_key="p_negative_amount"),
            "period": _text(required=False, form="period"),
            "status": _text(allowed=COMMITMENT_STATUSES),
            # Blank or left out: an action under the programme in force on its date.
            "kind": _text(required=False, allowed=COMMITMENT_KINDS, optional=True),
            **PROGRAMME,
        },
        [_TARGET, _DATED],
        DATED_OR_CONSULTED,
    ),
    "aid_themes": _contract(
        "aid_themes",
        {
            "iso3": _text(required=False, form="iso3", codes=True),
            "group": _text(required=False, allowed=GROUPS),
            "theme": _text(allowed=AID_THEMES),
            "description_nl": _text(),
            "description_en": _text(),
            **PROGRAMME,
        },
        [_TARGET, _DATED],
        DATED_OR_CONSULTED,
    ),
    "posts": _contract(
        "posts",
        {
            "post_id": _text(unique=True),
            "name_nl": _text(),
            "name_en": _text(),
            "type": _text(allowed=POST_TYPES),
            "city": _text(),
            "iso3": _text(form="iso3", codes=True),
            "lat": Column("float", required=False, low=-90, high=90, range_key="p_latitude"),
            "lon": Column("float", required=False, low=-180, high=180, range_key="p_longitude"),
            "status": _text(allowed=POST_STATUSES),
            "status_date": _text(required=False, form="date"),
        },
        [
            RowRule("p_lat_lon_together", ("lat", "lon"), network.lat_lon_together),
            RowRule("p_status_date_needed", ("status", "status_date"), network.dated_unless_open),
        ],
        sources=CONSULTED_COLUMNS,
    ),
    "post_status": _contract(
        "post_status",
        {
            "post_id": _text(),
            "status": _text(allowed=POST_STATUSES),
            "status_date": _text(form="date"),
        },
        sources=CONSULTED_COLUMNS,
    ),
    "post_coverage": _contract(
        "post_coverage",
        {
            "post_id": _text(),
            "iso3": _text(form="iso3", codes=True),
            "role": _text(allowed=COVERAGE_ROLES),
        },
        [RowRule("p_pair_twice", ("post_id", "iso3"), network.one_row_per_pair)],
        sources=CONSULTED_COLUMNS,
    ),
    "travel_advice": _contract(
        "travel_advice",
        {
            "iso3": _text(form="iso3", unique=True, codes=True),
            "colour": _text(required=False, allowed=ADVICE_COLOURS),
            "parts_differ": Column("bool"),
            "changed_on": _text(form="date"),
            "url": _text(form="url"),
            "fetched_at": _text(form="timestamp"),
        },
        sources={},
    ),
    "situation": _contract(
        "situation",
        {
            "iso3": _text(form="iso3", unique=True, codes=True),
            "level": _text(allowed=SITUATION_LEVELS),
            "summary_nl": _text(),
            "summary_en": _text(),
            "assessed_on": _text(form="date"),
        },
        [_DATED],
        DATED_OR_CONSULTED,
    ),
}


def _one_place(rows: pd.DataFrame) -> pd.Series:
    return rows["iso3"].isna() ^ rows["region_code"].isna()


def _dac_codes(rows: pd.DataFrame) -> pd.Series:
    ok = pd.Series(True, index=rows.index)
    for name in ("region_code", "dac_sector"):
        ok &= rows[name].isna() | rows[name].fillna("").str.fullmatch("[0-9]{2,5}")
    return ok


def _currency(rows: pd.DataFrame) -> pd.Series:
    return rows["currency"].fillna("").str.fullmatch("[A-Z]{3}")


CONTRACTS["aid_activities"] = _contract(
    "aid_activities",
    {
        "iati_identifier": _text(unique=True),
        "hierarchy": Column("int", required=False),
        **{c: _text(required=False) for c in ("title_nl", "title_en", "reporting_org")},
        **{c: _text(required=False) for c in ("participating_orgs", "activity_status")},
        **{c: _text(required=False, form="date") for c in ("start_date", "end_date")},
        "link": _text(required=False, form="url"),
    },
)
# About a million rows; a flow's source is its activity's (aid_activities).
CONTRACTS["aid_flows"] = Contract(
    "aid_flows",
    {
        "iati_identifier": _text(),
        "iso3": _text(required=False, form="iso3", codes=True),
        "region_code": _text(required=False),
        "year": Column("int", low=1900, high=2100),
        "dac_sector": _text(required=False),
        "theme": _text(required=False, allowed=AID_THEMES),
        "flow_type": _text(allowed=AID_FLOW_TYPES),
        "value": Column("float"),
        "currency": _text(),
        "value_eur": Column("float", required=False),
    },
    (
        RowRule("p_aid_place", ("iso3", "region_code"), _one_place),
        RowRule("p_dac_code", ("region_code", "dac_sector"), _dac_codes),
        RowRule("p_currency", ("currency",), _currency),
    ),
)


def validate(
    name: str,
    frame: pd.DataFrame,
    known_iso3: Iterable[str] | None = None,
    *,
    quoted: pd.DataFrame | None = None,
    skip: Mapping[str, pd.Series] | None = None,
    limit: int = LIMIT,
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
    quoted, skip, limit
        See :func:`checks.check`: the cells as the file had them (for messages), cells
        already reported, and how many problems to describe.

    Returns
    -------
    (DataFrame or None, list of Problem)
        The typed frame and no problems, or ``None`` and the problems found (at most
        ``limit``, then one saying how many there were in all).
    """
    if name not in CONTRACTS:
        raise KeyError(f"unknown dataset {name!r}; known: {', '.join(DATASETS)}")
    return checks.check(
        CONTRACTS[name], frame, known_iso3=known_iso3, quoted=quoted, skip=skip, limit=limit
    )
