"""Paths and settings, each declared once with its default and a line of help.

Every setting can be overridden by an environment variable of the same name, so a
deployment (or a test) changes behaviour without touching code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def value(self) -> str:
        return os.environ.get(self.name, self.default)


_REPO_ROOT = Path(__file__).resolve().parents[2]

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DASHBOARD_ROOT",
        str(_REPO_ROOT),
        "Project folder holding data/, geo/ and static/ (defaults to this checkout).",
    ),
    Setting(
        "DASHBOARD_STATIC_URL",
        "app/static",
        "URL prefix under which the browser fetches static/ (relative, so a base URL path works).",
    ),
    Setting(
        "DASHBOARD_DB_URL",
        "sqlite:///{DASHBOARD_ROOT}/var/dashboard.sqlite",
        "SQLAlchemy URL of the store holding dataset versions, accounts and the audit log "
        "(postgresql+psycopg://... for PostgreSQL).",
    ),
    Setting(
        "DASHBOARD_UPLOAD_MAX_MB",
        "20",
        "Largest upload accepted, in megabytes (also the most an .xlsx may unpack to, times 10).",
    ),
    Setting(
        "DASHBOARD_UPLOAD_MAX_ROWS",
        "100000",
        "Most data rows an uploaded file may have.",
    ),
    Setting(
        "DASHBOARD_SESSION_MINUTES",
        "480",
        "Minutes after which a login on the upload page expires.",
    ),
    Setting(
        "DASHBOARD_LOGIN_ATTEMPTS",
        "5",
        "Failed logins allowed per account within DASHBOARD_LOGIN_WINDOW_MINUTES.",
    ),
    Setting(
        "DASHBOARD_LOGIN_WINDOW_MINUTES",
        "15",
        "Window in which failed logins are counted (an account stays locked until its failures "
        "are older than this).",
    ),
    Setting(
        "DASHBOARD_LOGIN_CLIENT_ATTEMPTS",
        "20",
        "Failed logins allowed from one client address (over all accounts) within "
        "DASHBOARD_LOGIN_WINDOW_MINUTES.",
    ),
    Setting(
        "DASHBOARD_TRUSTED_PROXIES",
        "127.0.0.1,::1",
        "Addresses of reverse proxies whose X-Forwarded-For names the client (comma-separated): "
        "behind one, the login limit counts the browser's address, not the proxy's.",
    ),
    Setting(
        "DASHBOARD_MASS_REMOVAL_PERCENT",
        "20",
        "A publish that removes more than this percentage of the active rows must be "
        "confirmed (--allow-mass-removal on the command line, a second confirmation on the page).",
    ),
    Setting(
        "DASHBOARD_HTTP_MAX_MB",
        "50",
        "Largest answer, in megabytes, a live connector reads from a public service.",
    ),
    Setting(
        "DASHBOARD_CLASSIFICATION",
        "Ongerubriceerd|Unclassified",
        "Classification marking printed top and bottom of every briefing picture, as "
        "'Dutch|English' (one text without '|' is used in both languages).",
    ),
    Setting(
        "DASHBOARD_STALE_MONTHS",
        "12",
        "Months after its source date from which a row is marked as old on maps, tables and "
        "briefings.",
    ),
    Setting(
        "DASHBOARD_HTTP_CONTACT",
        "",
        "Contact (a URL or e-mail address) sent in the User-Agent of the live connectors, "
        "so a public service can reach whoever runs this dashboard.",
    ),
    Setting(
        "DASHBOARD_HTTP_CONNECT_TIMEOUT",
        "5",
        "Seconds the live connectors wait for a connection before giving up.",
    ),
    Setting(
        "DASHBOARD_HTTP_READ_TIMEOUT",
        "15",
        "Seconds the live connectors wait for an answer on an open connection.",
    ),
    Setting(
        "DASHBOARD_HTTP_RETRIES",
        "3",
        "Retries (with exponential backoff, honouring Retry-After) of a request answered "
        "with HTTP 429 or 5xx.",
    ),
    Setting(
        "DASHBOARD_REFRESH_STALL_SECONDS",
        "20",
        "A refresh that receives no answer for this many seconds stops (offline).",
    ),
    Setting(
        "DASHBOARD_REFRESH_DEADLINE_SECONDS",
        "300",
        "Longest a whole refresh may take, answers or not.",
    ),
    Setting(
        "DASHBOARD_WORLDBANK_URL",
        "https://api.worldbank.org/v2",
        "Base URL of the World Bank Indicators API (v2).",
    ),
    Setting(
        "DASHBOARD_RELIEFWEB_URL",
        "https://api.reliefweb.int/v2",
        "Base URL of the ReliefWeb API (v2).",
    ),
    Setting(
        "DASHBOARD_NLWW_URL",
        "https://opendata.nederlandwereldwijd.nl/v2/sources/nederlandwereldwijd",
        "Base URL of the Nederland Wereldwijd open data API (v2): posts abroad, travel advice.",
    ),
    Setting(
        "DASHBOARD_RELIEFWEB_APPNAME",
        "",
        "The pre-approved appname ReliefWeb requires on every request (ask ReliefWeb for one).",
    ),
    Setting(
        "DASHBOARD_RELIEFWEB_REPORTS_PER_COUNTRY",
        "10",
        "Latest ReliefWeb reports kept per priority country.",
    ),
    Setting(
        "DASHBOARD_IATI_DATASTORE_URL",
        "https://api.iatistandard.org/datastore",
        "Base URL of the IATI Datastore API (version 3).",
    ),
    Setting(
        "DASHBOARD_IATI_KEY",
        "",
        "Subscription key of the IATI Datastore API (free at developer.iatistandard.org); "
        "sent as the Ocp-Apim-Subscription-Key header, never stored with the data.",
    ),
    Setting(
        "DASHBOARD_IATI_REPORTING_ORG",
        "XM-DAC-7",
        "IATI organisation identifier whose activities `refresh iati` fetches (XM-DAC-7: the "
        "Ministry of Foreign Affairs of the Netherlands).",
    ),
    Setting(
        "DASHBOARD_IATI_MAX_MB",
        "1024",
        "Largest IATI activity file imported or downloaded, in megabytes.",
    ),
)


def get(name: str) -> str:
    """Return the current value of the setting ``name``."""
    for setting in SETTINGS:
        if setting.name == name:
            return setting.value()
    raise KeyError(f"unknown setting {name!r}; known: {', '.join(s.name for s in SETTINGS)}")


def root() -> Path:
    return Path(get("DASHBOARD_ROOT"))


def data_dir() -> Path:
    return root() / "data"


def static_dir() -> Path:
    return root() / "static"


def static_url(relative: str) -> str:
    """URL the browser uses for ``static/<relative>``."""
    return f"{get('DASHBOARD_STATIC_URL').rstrip('/')}/{relative.lstrip('/')}"


def db_url() -> str:
    """SQLAlchemy URL of the store; ``{DASHBOARD_ROOT}`` in it is replaced by :func:`root`."""
    return get("DASHBOARD_DB_URL").replace("{DASHBOARD_ROOT}", str(root()))


def get_int(name: str) -> int:
    """The setting ``name`` as a whole number, with a message naming it when it is not one."""
    text = get(name)
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"setting {name} must be a whole number, not {text!r}") from None
