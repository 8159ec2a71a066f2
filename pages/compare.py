"""What changed between programmes: regions that gained or lost priority, on the map and in a
table, and per region and theme the goals of both programmes side by side, each cited."""

import streamlit as st

from dashboard.maps import change_layer
from dashboard.maps import figure as maps
from dashboard.storage import bundled, datasets
from dashboard.text.i18n import t
from dashboard.web import compare as web_compare
from dashboard.web import core as web
from dashboard.web import programmes as web_programmes
from dashboard.web import router, tables

router.through_navigation()

lang = web.language()
st.header(t("compare", lang))
st.caption(t("compare_intro", lang))
earlier, later = web_compare.pair(lang)
for shown in (earlier, later):
    st.caption(f"{web_programmes.plain(shown.title(lang))} · {web_programmes.period(shown, lang)}")
web_compare.caveat(later, lang)

st.subheader(t("compare_regions", lang))
map_column, table_column = st.columns([3, 2])
with map_column:
    units = web.unit_table()
    layer = change_layer.change_layer(
        units,
        bundled.load_members(earlier.programme_id),
        bundled.load_members(later.programme_id),
        later.full_text,
        (
            {r.region_id: r.name(lang) for r in bundled.load_regions(earlier.programme_id)},
            {r.region_id: r.name(lang) for r in bundled.load_regions(later.programme_id)},
        ),
        (earlier.cabinet, later.cabinet),
        lang,
    )
    fig = maps.map_figure(units, layer, lang, web.geojson_url(world=True))
    key = f"change-{earlier.programme_id}-{later.programme_id}-{lang}"
    web.interactive_map(fig, key, "compare_map", units, lang)
with table_column:
    web_compare.regions_table(earlier, later, lang)
tables.layer_table(units, layer, lang)

st.subheader(t("compare_goals", lang))
st.caption(t("compare_goals_intro", lang))
web_compare.goals(datasets.load("commitments"), earlier, later, lang)
