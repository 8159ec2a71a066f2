"""Overview: the world with the programme's priority regions, one layer at a time."""

import streamlit as st

from dashboard import datasets, layers, maps, web
from dashboard.i18n import t

lang = web.language()
st.title(t("app_title", lang))
st.caption(t("overview_intro", lang))

left, right = st.columns(2)
with left:
    region = web.region_choice(lang)
with right:
    layer_name = web.layer_choice(lang)

units = web.unit_table()
layer = web.layer(layer_name, region, lang)
overlays = layers.post_markers(datasets.load("posts"), lang) if layer_name == "posts" else ()

fig = maps.map_figure(units, layer, lang, web.geojson_url(), region, overlays)
view = region.region_id if region else "world"
st.plotly_chart(fig, config=web.map_config(f"{layer_name}-{view}-{lang}"), key="overview_map")
web.layer_table(units, layer, lang)
