"""The Streamlit side: cached loaders and the widgets every page shares.

Pages call these; nothing here computes what the map shows (that is ``maps``), and
nothing in the pure modules imports this.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import briefing, settings
from dashboard.domain import contracts, regions, views
from dashboard.maps import figure as maps
from dashboard.maps import indicators, layers
from dashboard.services import briefings
from dashboard.storage import boundaries as geo
from dashboard.storage import bundled, datasets
from dashboard.text import fmt
from dashboard.text.i18n import label, t
from dashboard.web import geomap, versions
from dashboard.web.context import indicator_title, public_context, readable
from dashboard.web.safety import page_guard, panel, plain, source_link, store_notice
from dashboard.web.url import language as language  # the pages' language switch
from dashboard.web.url import url_choice
from dashboard.web.url import url_multi as url_multi

# Shared with the pages.
__all__ = ["page_guard", "panel", "plain", "public_context", "source_link", "store_notice"]


@st.cache_resource(show_spinner=False)
def _unit_table() -> pd.DataFrame:
    return maps.unit_table(geo.load_boundaries("web"))


def unit_table() -> pd.DataFrame:
    """Map units with a point and size each; built once per process, each caller its copy."""
    return _unit_table().copy()


def layer(
    name: str,
    region: regions.Region | None,
    lang: str,
    commitments: pd.DataFrame | None = None,
    programme_id: str | None = None,
    aid: layers.AidChoice | None = None,
) -> maps.Layer:
    """The map layer ``name`` (one of ``layers.LAYERS``, ``layers.AID_EUR`` or an indicator
    key) of programme ``programme_id`` (today's when ``None``); ``commitments`` replaces its
    commitments when the page has filtered them; ``aid`` is the aid layer's year and theme
    (``web.aid.layer_controls``)."""
    if name.startswith(indicators.INDICATOR_PREFIX):
        dataset, column = name.removeprefix(indicators.INDICATOR_PREFIX).split(":", 1)
        return indicators.indicator_layer(
            unit_table(),
            datasets.load_indicator(dataset),
            column,
            indicator_title(column, lang),
            lang,
        )
    if commitments is None:
        commitments = bundled.rows_in_view(datasets.load("commitments"), programme_id)
    return layers.build(
        name,
        unit_table(),
        members=bundled.load_members(programme_id),
        region_names={r.region_id: r.name(lang) for r in bundled.load_regions(programme_id)},
        region_sources={r.region_id: r.source for r in bundled.load_regions(programme_id)},
        region_id=region.region_id if region else None,
        lang=lang,
        commitments=commitments,
        aid_themes=bundled.rows_in_view(datasets.load("aid_themes"), programme_id),
        situation=datasets.load("situation"),
        travel_advice=travel_advice(),
        neighbours=bundled.load_neighbours(programme_id),
        today=dt.date.today(),
        stale_months=settings.get_int("DASHBOARD_STALE_MONTHS"),
        aid=aid,
    )


def travel_advice() -> pd.DataFrame | None:
    """The active travel advice, or ``None`` while none was imported (or the store is away)."""
    try:
        return datasets.active_or_none(datasets.store(), "travel_advice")
    except datasets.StoreUnavailable:  # the page's notice already says the store is away
        return None


def indicator_choice_label(dataset: str, column: str, lang: str) -> str:
    """An indicator layer in the layer list: its name, and its dataset when that says more."""
    title = indicator_title(column, lang)
    if readable(dataset).casefold() in (title.casefold(), readable(column).casefold()):
        return title
    return f"{title} ({readable(dataset)})"


def indicator_layers() -> list[str]:
    """Keys of every numeric column of every published country indicator."""
    return list(_indicator_layers(versions.current()))


@st.cache_resource(show_spinner=False, max_entries=8)
def _indicator_layers(key: versions.Versions) -> tuple[str, ...]:
    del key  # the cache key only
    keys = []
    for dataset in datasets.indicator_names():
        try:
            frame = datasets.load_indicator(dataset)
        except datasets.DatasetError:  # reported where it is shown; not offered as a layer
            continue
        keys += [indicators.indicator_key(dataset, c) for c in indicators.indicator_columns(frame)]
    return tuple(keys)


def layer_choice(lang: str) -> str:
    def name(key: str) -> str:
        if key.startswith(indicators.INDICATOR_PREFIX):
            dataset, column = key.removeprefix(indicators.INDICATOR_PREFIX).split(":", 1)
            return indicator_choice_label(dataset, column, lang)
        return t(f"layer_{key}", lang)

    return url_choice(
        t("layer", lang), [*layers.SCREEN_LAYERS, *indicator_layers()], "layer", name, "priority"
    )


def region_choice(lang: str, programme_id: str | None = None) -> regions.Region | None:
    """The region picker (the regions of the programme shown); ``None`` is the whole world."""
    by_id = {r.region_id: r for r in bundled.load_regions(programme_id)}
    world = "world"
    choice = url_choice(
        t("region", lang),
        [world, *by_id],
        "region",
        lambda rid: t("world", lang) if rid == world else by_id[rid].name(lang),
        world,
    )
    return None if choice == world else by_id[choice]


def map_config(filename: str) -> dict:
    return maps.plotly_config(filename)


def geojson_url(world: bool) -> str:
    """The boundaries the browser draws: coarse for the whole world, finer when zoomed. No
    default: each map says which it shows (a world map on the finer file costs 694 KB)."""
    return settings.static_url(maps.WORLD_GEOJSON if world else maps.COUNTRIES_GEOJSON)


def draw_map(fig, filename: str, key: str, lang: str) -> list[dict]:
    """Draw a map (kept in place across reruns under ``key``; ``filename`` names its PNG
    download); the points of a click on it, if any."""
    texts = {"failed": t("map_failed", lang)}
    texts |= {button: t(key, lang) for button, key in geomap.BUTTONS.items()}
    return geomap.geomap(fig, map_config(filename), filename, key, texts)


def interactive_map(fig, filename: str, key: str, units: pd.DataFrame, lang: str) -> None:
    """Draw a map; a click on a country opens its profile."""
    points = draw_map(fig, filename, key, lang)
    unit = maps.selected_unit(points, units)
    if unit:  # the profile opens in the same language, of the same programme
        kept = {k: v for k, v in st.query_params.items() if k == "programme"}
        st.switch_page("pages/country.py", query_params={"iso3": unit, "lang": lang, **kept})


def headline(
    region_id: str | None, country: str | None, lang: str, programme_id: str | None = None
) -> None:
    """The view's key figures, its "as of" date and its old rows, as the briefing prints them."""
    today = dt.date.today().isoformat()
    figures, as_of, old, dated = key_figures(
        region_id, country, lang, versions.current(), programme_id, today
    )
    for column, figure in zip(st.columns(len(figures)), figures, strict=True):
        with column.container(border=True):
            st.markdown(
                f"### {plain(figure.value)}\n\n{plain(figure.label)}\n\n"
                f":small[:gray[{plain(figure.source)}]]"
            )
    months = settings.get_int("DASHBOARD_STALE_MONTHS")
    stale = t("brief_old_rows", lang, n=old, of=dated, months=months) if old else ""
    shown = t("brief_as_of", lang, date=fmt.date(as_of, lang)) if as_of else ""
    st.caption(" · ".join(filter(None, [shown, stale])))


@st.cache_resource(show_spinner=False, max_entries=256)
def key_figures(
    region_id: str | None,
    country: str | None,
    lang: str,
    key: versions.Versions,
    programme_id: str | None = None,
    today: str | None = None,
):
    """The key figures of a view (of programme ``programme_id``, today's when ``None``), its
    "as of" date and its old rows (of how many dated), once per view, day and versions."""
    del key  # the cache key only
    spec = briefing.BriefingSpec(region_id=region_id, country=country, lang=lang)
    day = dt.date.fromisoformat(today) if today else None
    data = briefings.load_data(programme_id=programme_id, today=day)
    rows = briefing.view_rows(spec, data)
    old, dated = briefing.old_rows(rows, data)
    return tuple(briefing.key_figures(spec, data)), briefing.as_of(rows), old, dated


def countries() -> pd.DataFrame:
    """The countries dataset, for search boxes and profiles."""
    return datasets.load("countries")


def commitment_filters(commitments: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Instrument, theme, status and year filters (kept in the URL); the matching rows."""
    years = sorted(
        {int(d[:4]) for d in commitments["source_date"].dropna()}
        | {int(p[:4]) for p in commitments["period"].dropna()}
    )
    columns = st.columns(4)
    with columns[0]:
        instruments = url_multi(
            t("instrument", lang),
            contracts.INSTRUMENTS,
            "instrument",
            lambda v: label("instrument", v, lang),
            lang,
        )
    with columns[1]:
        themes = url_multi(
            t("theme", lang),
            sorted(commitments["theme"].unique()),
            "theme",
            lambda v: label("commitment_theme", v, lang),
            lang,
        )
    with columns[2]:
        statuses = url_multi(
            t("status", lang),
            contracts.COMMITMENT_STATUSES,
            "cstatus",
            lambda v: label("commitment_status", v, lang),
            lang,
        )
    with columns[3]:
        year = url_choice(
            t("year", lang),
            ["all", *map(str, years)],
            "year",
            lambda v: t("all_years", lang) if v == "all" else v,
            "all",
        )
    return views.filter_commitments(
        commitments, instruments, themes, statuses, None if year == "all" else int(year)
    )
