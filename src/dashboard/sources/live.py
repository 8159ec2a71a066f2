"""Live context from public services, as frames: the names the app and the tests use.

Each source's parsing lives in its own module (pure: no network); this module gathers them:

- :mod:`dashboard.sources.answers`: :class:`ResponseError` (an answer refused whole) and the
  provenance note of a refreshed version;
- :mod:`dashboard.sources.worldbank_parse`: World Bank Indicators API v2 pages →
  ``worldbank_indicators``;
- :mod:`dashboard.sources.reliefweb_parse`: ReliefWeb API v2 answers → ``reliefweb_reports``;
- :mod:`dashboard.sources.nlww_parse`: Nederland Wereldwijd open data → posts and travel advice.
"""

from __future__ import annotations

from dashboard.sources.answers import ResponseError, provenance_note, read_provenance
from dashboard.sources.reliefweb_parse import (
    RELIEFWEB_DATASET,
    REPORT_COLUMNS,
    ReliefWebPage,
    check_reports,
    latest_reports,
    read_reliefweb_page,
    reliefweb_frame,
)
from dashboard.sources.worldbank_parse import (
    WORLDBANK_AGGREGATES,
    WORLDBANK_DATASET,
    WORLDBANK_INDICATORS,
    WORLDBANK_PUBLISHER,
    WORLDBANK_TO_ISO3,
    WorldBankPage,
    WorldBankResult,
    read_worldbank_page,
    worldbank_frame,
)

__all__ = [
    "RELIEFWEB_DATASET",
    "REPORT_COLUMNS",
    "WORLDBANK_AGGREGATES",
    "WORLDBANK_DATASET",
    "WORLDBANK_INDICATORS",
    "WORLDBANK_PUBLISHER",
    "WORLDBANK_TO_ISO3",
    "ReliefWebPage",
    "ResponseError",
    "WorldBankPage",
    "WorldBankResult",
    "check_reports",
    "latest_reports",
    "provenance_note",
    "read_provenance",
    "read_reliefweb_page",
    "read_worldbank_page",
    "reliefweb_frame",
    "worldbank_frame",
]
