"""What a map view shows, built once per view and per active dataset versions, shared by sessions.

A rerun asks the database one question (the active version of every dataset, one indexed
query: ``web.versions``) and finds the map figure and its layer in the process's cache under
(view, language, versions). A publish changes the versions, so every session, on every replica
sharing the database, gets the new facts at its next rerun; nothing needs to be invalidated.
Cached objects are shared between sessions and never changed after they are built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.domain import regions
from dashboard.maps import figure as maps
from dashboard.maps.aid_layer import AidChoice
from dashboard.storage import bundled
from dashboard.web import core, versions
from dashboard.web import network as web_network


@dataclass(frozen=True)
class MapView:
    """A layer painted on the map of one view: the layer (for the table) and the figure."""

    layer: maps.Layer
    figure: go.Figure


def map_view(
    layer_name: str,
    region: regions.Region | None,
    lang: str,
    commitments: pd.DataFrame | None = None,
    posts: pd.DataFrame | None = None,
    aspect: float = maps.WIDE,
    programme_id: str | None = None,
    aid: AidChoice | None = None,
) -> MapView:
    """The map of ``layer_name`` over ``region`` (the world when ``None``), with the layer's
    markers on top (``web.network.overlays``), for programme ``programme_id`` (today's when
    ``None``).

    ``commitments`` replaces the programme's commitments when the page has filtered them;
    ``posts`` the posts drawn (all when ``None``); ``aspect`` as in ``maps.map_figure``;
    ``aid`` the aid layer's year and theme (its summary belongs to the active versions, part of
    the key). The day is part of the key: what counts as an old source moves with it.
    """
    today = dt.date.today().isoformat()
    aid_view = None if aid is None else (aid.year, aid.theme)
    return _map_view(
        layer_name,
        region,
        lang,
        commitments,
        posts,
        aspect,
        programme_id,
        today,
        versions.current(),
        aid_view,
        aid,
    )


@st.cache_resource(show_spinner=False, max_entries=256)
def _map_view(
    layer_name: str,
    region: regions.Region | None,
    lang: str,
    commitments: pd.DataFrame | None,
    posts: pd.DataFrame | None,
    aspect: float,
    programme_id: str | None,
    today: str,
    key: versions.Versions,
    aid_view: tuple[int | None, str] | None,
    _aid: AidChoice | None,
) -> MapView:
    del key, today, aid_view  # the cache key only
    units = core.unit_table()
    layer = core.layer(layer_name, region, lang, commitments, programme_id, _aid)
    overlays = web_network.overlays(layer_name, lang, posts)
    url = core.geojson_url(world=region is None)
    figure = maps.map_figure(units, layer, lang, url, region, overlays, aspect=aspect)
    return MapView(layer, figure)


def warm(langs: tuple[str, ...] = ("nl", "en")) -> int:
    """Build what the first visitors ask for (the overview and every region of the programme
    in force today, priority layer, with their key figures) so that no visitor waits for it;
    returns the views built."""
    pid = bundled.in_force().programme_id
    today = dt.date.today().isoformat()
    built = 0
    for lang in langs:
        for region in (None, *bundled.load_regions(pid)):
            map_view("priority", region, lang, programme_id=pid)
            region_id = region.region_id if region else None
            core.key_figures(region_id, None, lang, versions.current(), pid, today)
            built += 1
    return built
