"""The Streamlit side of the briefing picture: a cached render and its download button.

The picture itself is composed and drawn by ``dashboard.briefing`` (pure); this adapter
caches it per view and per active dataset versions, so a publish shows in the next download
and a repeat costs nothing.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import briefing
from dashboard.services import briefings
from dashboard.storage import boundaries as geo


@st.cache_resource(show_spinner=False)
def _boundaries():
    return geo.load_boundaries("print")


@st.cache_data(show_spinner=False, max_entries=64)
def _png(
    region_id: str | None,
    country_iso3: str | None,
    layer_name: str | None,
    lang: str,
    programme_id: str,
    today: str,
    marking: str,
    versions: tuple[int | None, ...],
) -> bytes:
    del versions, marking  # part of the cache key only
    spec = briefings.spec(
        region_id=region_id,
        country=country_iso3,
        layer=layer_name,
        lang=lang,
        programme_id=programme_id,
    )
    data = briefings.load_data(layer_name, programme_id, dt.date.fromisoformat(today))
    return briefing.render(spec, _boundaries(), data)


def download_button(
    region_id: str | None,
    country_iso3: str | None,
    layer_name: str | None,
    lang: str,
    programme_id: str,
) -> None:
    """The "Briefing (PNG)" download of the view on screen (rendered on the first click).

    ``layer_name`` is the layer on screen (an ``indicator:<dataset>:<column>`` key too);
    ``None`` briefs a country on the layer where it stands out from its neighbours. The
    picture names programme ``programme_id`` and marks the rows that are old today.
    """
    spec = briefings.spec(
        region_id=region_id,
        country=country_iso3,
        layer=layer_name,
        lang=lang,
        programme_id=programme_id,
    )
    today = dt.date.today().isoformat()
    st.download_button(
        "Briefing (PNG)",
        data=lambda: _png(
            region_id,
            country_iso3,
            layer_name,
            lang,
            programme_id,
            today,
            spec.classification,
            briefings.active_versions(layer_name),
        ),
        file_name=spec.file_name(),
        mime="image/png",
        key=f"briefing-{spec.view}-{programme_id}-{layer_name}-{lang}",
        on_click="ignore",
        icon=":material/download:",
    )
