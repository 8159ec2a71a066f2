"""The post network's vocabulary, and the row rules its contracts use.

``posts`` lists the posts (one row each, with its current status), ``post_status`` the
history of each post's status, ``post_coverage`` which post covers which country and how;
``travel_advice`` the official colour code per country. Pure; imports no other module of
the dashboard, so the contracts can use it.
"""

from __future__ import annotations

import pandas as pd

POST_TYPES = (
    "embassy",
    "consulate_general",
    "consulate",
    "embassy_office",
    "permanent_representation",
    "representative_office",
    "liaison_office",
    "honorary_consulate",
)
# Multilateral posts represent the Kingdom to an organisation, not to the country they sit in.
MULTILATERAL_TYPES = frozenset({"permanent_representation"})
# How a post covers a country: it sits there; it is accredited there from elsewhere; or the
# source names it only for consular services there (no diplomatic accreditation stated).
COVERAGE_ROLES = ("resident", "side_accredited", "consular_only")
# A post in these states serves its countries; a suspended or closed one does not.
OPERATING = frozenset({"open", "closure_announced"})
# The four colour codes of the official travel advice, from least to most severe.
ADVICE_COLOURS = ("green", "yellow", "orange", "red")
# The Netherlands, Aruba, Curaçao, Sint Maarten and the Caribbean Netherlands (BES): parts of
# the Kingdom, never "a country without a Dutch post".
KINGDOM_ISO3 = frozenset({"NLD", "ABW", "CUW", "SXM", "BES"})


def lat_lon_together(df: pd.DataFrame) -> pd.Series:
    """A post has both coordinates or neither (then it is listed but not drawn)."""
    return df["lat"].isna() == df["lon"].isna()


def dated_unless_open(df: pd.DataFrame) -> pd.Series:
    """A status other than ``open`` carries the date of the change or announcement."""
    return (df["status"] == "open") | df["status_date"].notna()


def one_row_per_pair(df: pd.DataFrame) -> pd.Series:
    """A post covers a country once (in one role)."""
    return ~df.duplicated(["post_id", "iso3"], keep=False)


# Which colour codes of the travel advice fit each level of the situation layer (the team's
# own reading of the news); any other colour is shown as differing from the travel advice.
ADVICE_FITS: dict[str, tuple[str, ...]] = {
    "war": ("red",),
    "armed_conflict": ("orange", "red"),
    "crisis": ("orange", "red"),
    "tense": ("yellow", "orange"),
    "stable": ("green", "yellow"),
}


def advice_differs(level: object, colour: object) -> bool:
    """True when a situation ``level`` and a travel-advice ``colour`` (both known) disagree."""
    return level in ADVICE_FITS and colour in ADVICE_COLOURS and colour not in ADVICE_FITS[level]
