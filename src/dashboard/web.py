"""The Streamlit side: cached loaders and the widgets every page shares.

Pages call these; nothing here computes what the map shows (that is ``maps``), and
nothing in the pure modules imports this.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from dashboard import datasets, geo, layers, maps, regions, settings
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, t


@st.cache_resource(show_spinner=False)
def unit_table() -> pd.DataFrame:
    """Map units with a point and size each; built once per process, shared by sessions."""
    return maps.unit_table(geo.load_boundaries("web"))


def layer(name: str, region: regions.Region | None, lang: str) -> maps.Layer:
    """The map layer ``name`` (one of ``layers.LAYERS``) for this view."""
    units = unit_table()
    members = regions.load_members()
    if name == "commitments":
        return layers.commitments_layer(units, datasets.load("commitments"), lang)
    if name == "aid":
        return layers.aid_layer(units, datasets.load("aid_themes"), members, lang)
    if name == "situation":
        return layers.situation_layer(units, datasets.load("situation"), lang)
    names = {r.region_id: r.name(lang) for r in regions.load_regions()}
    return layers.priority_layer(units, members, region.region_id if region else None,
                                 names, lang)


def layer_choice(lang: str) -> str:
    return url_choice(t("layer", lang), layers.LAYERS, "layer",
                      lambda key: t(f"layer_{key}", lang), "priority")


def language() -> str:
    """The language switch (sidebar), kept in the URL as ``?lang=``; Dutch by default."""
    with st.sidebar:
        return url_choice("Taal / Language", LANGUAGES, "lang", str.upper, DEFAULT_LANGUAGE,
                          widget=st.segmented_control)


def url_choice(
    label: str,
    options: Sequence[str],
    param: str,
    format_func: Callable[[str], str],
    default: str,
    widget: Callable = st.selectbox,
) -> str:
    """A choice whose value lives in the URL as ``?<param>=<option>``.

    The URL holds the option itself, not its label, so a link copied in one language
    opens the same view in the other. Unknown values in the URL fall back to ``default``.
    """
    options = list(options)
    current = st.query_params.get(param, default)
    if current not in options:
        current = default
    if widget is st.segmented_control:
        choice = widget(label, options, default=current, format_func=format_func,
                        required=True)
    else:
        choice = widget(label, options, index=options.index(current), format_func=format_func)
    if choice == default:
        st.query_params.pop(param, None)
    else:
        st.query_params[param] = choice
    return choice


def region_choice(lang: str) -> regions.Region | None:
    """The region picker; ``None`` is the whole world."""
    by_id = {r.region_id: r for r in regions.load_regions()}
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
    return maps.plotly_config(settings.static_url("topojson/"), filename)


def geojson_url() -> str:
    return settings.static_url(maps.COUNTRIES_GEOJSON)


@st.cache_resource(show_spinner=False)
def provenance_markdown() -> str:
    """The boundary provenance note (source, licence, rules), as a person reads it."""
    return (settings.root() / "geo" / "PROVENANCE.md").read_text(encoding="utf-8")


def layer_table(units: pd.DataFrame, layer: maps.Layer, lang: str) -> None:
    """The facts of the map as a table: every highlighted unit, its category and details."""
    shown = layer.category != layer.background
    labels = {e.key: e.label for e in layer.legend}
    table = pd.DataFrame({
        t("country", lang): units.loc[shown, f"name_{lang}"],
        "ISO": units.loc[shown, "iso3"],
        t("category", lang): layer.category[shown].map(labels),
        layer.title: layer.hover[shown].str.replace("<br>", " · ", regex=False)
        .str.replace(r"<[^>]+>", "", regex=True).map(html.unescape),
    }).sort_values(t("country", lang))
    with st.expander(f"{t('countries_in_view', lang)} ({len(table)})", expanded=False):
        st.dataframe(table, hide_index=True, width="stretch")
