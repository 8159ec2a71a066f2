"""Overview: the world with the programme's priority regions, one layer at a time."""

import streamlit as st

from dashboard.maps import layers
from dashboard.storage import datasets
from dashboard.text.i18n import t
from dashboard.web import aid as web_aid
from dashboard.web import briefing as web_briefing
from dashboard.web import core as web
from dashboard.web import mapview, router, tables
from dashboard.web import network as web_network
from dashboard.web import programmes as web_programmes

router.through_navigation()

lang = web.language()
programme = web_programmes.programme_choice(lang)
pid = programme.programme_id
st.title(t("app_title", lang))
st.caption(t("overview_intro", lang))
web_programmes.banner(programme, lang)

left, right = st.columns(2)
with left:
    region = web.region_choice(lang, pid)
with right:
    layer_name = web.layer_choice(lang)
region_id = region.region_id if region else None
aid = web_aid.layer_controls(lang) if layer_name == layers.AID_EUR else None

commitments = None
if layer_name == "commitments":
    with st.expander(t("filter_commitments", lang)):
        in_view = web_programmes.in_view(datasets.load("commitments"), programme)
        commitments = web.commitment_filters(in_view, lang)

# The map first: it is the point of the page, and starts above the fold at 1440×900.
units = web.unit_table()
shown = mapview.map_view(layer_name, region, lang, commitments, programme_id=pid, aid=aid)
layer, fig = shown.layer, shown.figure
web_network.advice_notice(layer_name, lang)
view = region_id or "world"
web.interactive_map(fig, f"{layer_name}-{view}-{pid}-{lang}", "overview_map", units, lang)

web.headline(region_id, None, lang, pid)
tables.layer_table(units, layer, lang)
if aid is not None:
    web_aid.regional_table(aid, lang)
brief = web_aid.briefing_layer(layers.briefing_layer(layer_name), aid)
web_briefing.download_button(region_id, None, brief, lang, pid)
