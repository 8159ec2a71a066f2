"""Finding a place and showing where it is: the country search of the profile page.

A profile is a map unit: a country by its iso3 code, or one of the Caribbean Netherlands'
islands by its ISO 3166-2 code (``BQ-BO``, ``BQ-SE``, ``BQ-SA``), kept in the URL as
``?iso3=``. The names people type are matched by ``ingest.names`` (the same matching as on
upload).
"""

from __future__ import annotations

from typing import cast

import pandas as pd
import streamlit as st

from dashboard.domain import regions
from dashboard.ingest import names
from dashboard.maps import figure as maps
from dashboard.storage import boundaries as geo
from dashboard.storage import datasets
from dashboard.text.i18n import label, t
from dashboard.web import url

_QUERY = "country_query"


def lookup() -> names.Lookup:
    """Every name of every place, with the countries dataset's names as shown names."""
    return _lookup(datasets.store().active_version_id("countries"))


@st.cache_resource(show_spinner=False, max_entries=4)
def _lookup(_version: int | None) -> names.Lookup:
    return names.build_lookup(
        names.names_table(), names.aliases_table(), datasets.load("countries")
    )


def _hit_label(found: names.Lookup, hit: names.Hit, lang: str) -> str:
    shown = found.name(hit.key, lang)
    known = {names.fold(found.name(hit.key, "nl")), names.fold(found.name(hit.key, "en"))}
    extra = "" if names.fold(hit.matched) in known | {names.fold(hit.key)} else f" · {hit.matched}"
    return f"{shown} ({hit.key}){extra}"


def _choose(widget_key: str) -> None:
    key = st.session_state.get(widget_key)
    if key:
        url.set_url_value("iso3", key)
        st.session_state[_QUERY] = ""


def country_choice(lang: str) -> str | None:
    """The country search: any Dutch, English, older or local name, or a code; the place
    chosen (a profile key) is kept in the URL as ``?iso3=``."""
    found = lookup()
    chosen = url.url_value("iso3", lambda v: v in found.display)
    query = st.text_input(
        t("search_country", lang),
        key=_QUERY,
        type="search",
        live=True,
        placeholder=t("search_country_hint", lang),
    )
    if query:
        hits = found.search(query)
        if not hits:
            st.caption(t("no_country_found", lang))
        else:
            widget_key = f"hits_{names.fold(query)}"
            labels = {hit.key: _hit_label(found, hit, lang) for hit in hits}
            st.pills(
                t("search_results", lang),
                list(labels),
                format_func=lambda key: labels[key],
                key=widget_key,
                on_change=_choose,
                args=(widget_key,),
                label_visibility="collapsed",
            )
    return chosen


def iso3_of(key: str) -> str:
    """The iso3 under which the datasets hold a place (``BQ-SA`` → ``BES``)."""
    return lookup().iso3(key) or key


def place_name(key: str, lang: str) -> str:
    return lookup().name(key, lang)


@st.cache_resource(show_spinner=False)
def unit_ids(key: str) -> tuple[str, ...]:
    """The map units of a place: itself, or the three islands of the Caribbean Netherlands."""
    units = geo.load_boundaries("web")
    mine = units[(units["unit_id"] == key) | (units["iso3"] == key)]
    return tuple(mine["unit_id"])


@st.cache_resource(show_spinner=False)
def unit_status(lang: str) -> dict[str, str]:
    """Per unit id and per iso3, the status of the unit (state, kingdom country, …)."""
    boundaries = geo.load_boundaries("print")
    out: dict[str, str] = {}
    for unit, iso3, status in zip(
        boundaries["unit_id"], boundaries["iso3"], boundaries["status"], strict=True
    ):
        text = label("unit_status", status, lang)
        out[unit] = text
        out.setdefault(iso3, text)
    return out


@st.cache_resource(show_spinner=False)
def place_view(key: str) -> regions.Region:
    """A map view around one place, wide enough to show its neighbours."""
    units = geo.load_boundaries("web")
    mine = units[units["unit_id"].isin(unit_ids(key))]
    minx, miny, maxx, maxy = mine.total_bounds
    # An island of a few kilometres is shown with its neighbours, not lost in a wide sea.
    minimum = 12.0 if max(maxx - minx, maxy - miny) >= 0.5 else 4.0
    lon, lat = maps.extent_around((minx, miny, maxx, maxy), minimum=minimum)
    return regions.Region(key, key, key, lon, lat, "")


def country_row(key: str) -> pd.Series:
    """The countries dataset's row of a place (an island: the Caribbean Netherlands' row)."""
    countries = datasets.load("countries").set_index("iso3")
    return cast(pd.Series, countries.loc[iso3_of(key)])
