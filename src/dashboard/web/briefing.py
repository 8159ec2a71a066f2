"""The Streamlit side of the briefing picture: a cached render and its download button.

The picture itself is drawn by ``briefing`` (pure); this adapter caches it per view and per
active dataset versions, so a publish shows in the next download and a repeat costs nothing.
"""

from __future__ import annotations

import streamlit as st

from dashboard.briefing import spec as briefing
from dashboard.services import briefings
from dashboard.storage import boundaries as geo
from dashboard.storage import datasets

# The datasets a briefing reads; their active versions are part of the cache key.
_DATASETS = ("commitments", "aid_themes", "posts", "situation")


def _active_versions() -> tuple[int | None, ...]:
    store = datasets.store()
    return tuple(store.active_version_id(name) for name in _DATASETS)


@st.cache_resource(show_spinner=False)
def _boundaries():
    return geo.load_boundaries("print")


@st.cache_data(show_spinner=False, max_entries=64)
def _png(
    region_id: str | None,
    country_iso3: str | None,
    layer_name: str,
    lang: str,
    versions: tuple[int | None, ...],
) -> bytes:
    del versions  # part of the cache key only
    spec = briefing.BriefingSpec(
        region_id=region_id, country=country_iso3, layer=layer_name, lang=lang
    )
    return briefing.briefing(spec, _boundaries(), briefings.load_data())


def download_button(
    region_id: str | None, country_iso3: str | None, layer_name: str, lang: str
) -> None:
    """The "Briefing (PNG)" download of the view on screen (rendered on the first click)."""
    spec = briefing.BriefingSpec(
        region_id=region_id, country=country_iso3, layer=layer_name, lang=lang
    )
    st.download_button(
        "Briefing (PNG)",
        data=lambda: _png(region_id, country_iso3, layer_name, lang, _active_versions()),
        file_name=spec.file_name(),
        mime="image/png",
        key=f"briefing-{spec.view}-{layer_name}-{lang}",
        on_click="ignore",
        icon=":material/download:",
    )
