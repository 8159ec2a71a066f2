"""Region view: one priority region's map, key figures, countries, commitments and posts."""

import streamlit as st

from dashboard.domain import joins, views
from dashboard.maps import charts, layers
from dashboard.storage import bundled, datasets
from dashboard.text.i18n import t
from dashboard.web import aid as web_aid
from dashboard.web import briefing as web_briefing
from dashboard.web import core as web
from dashboard.web import mapview, router, tables
from dashboard.web import network as web_network

router.through_navigation()

lang = web.language()
by_id = {r.region_id: r for r in bundled.load_regions()}
left, right = st.columns(2)
with left:
    region_id = web.url_choice(
        t("region", lang),
        list(by_id),
        "region",
        lambda rid: by_id[rid].name(lang),
        next(iter(by_id)),
    )
with right:
    layer_name = web.layer_choice(lang)
region = by_id[region_id]
aid = web_aid.layer_controls(lang) if layer_name == layers.AID_EUR else None
st.header(region.name(lang))
st.caption(f"{t('source', lang)}: {web.plain(region.source)}")

with st.expander(t("filter_commitments", lang)):
    commitments = web.commitment_filters(datasets.load("commitments"), lang)
posts = datasets.load("posts")
summary = views.region_countries(
    region_id,
    bundled.load_members(),
    web.countries(),
    commitments,
    datasets.load("situation"),
    posts,
    lang,
)
units = web.unit_table()
region_posts = posts[posts["iso3"].isin(summary["iso3"])]
shown = mapview.map_view(layer_name, region, lang, commitments, region_posts, aid=aid)
layer = shown.layer

map_column, table_column = st.columns([3, 2])
with map_column:
    web_network.advice_notice(layer_name, lang)
    web.interactive_map(shown.figure, f"{layer_name}-{region_id}-{lang}", "region_map", units, lang)
    st.caption(t("click_hint", lang))
with table_column:
    st.subheader(t("region_countries", lang))
    st.dataframe(
        summary.assign(role=summary["role"].map(lambda r: t(f"role_{r}", lang))).rename(
            columns={
                "name": t("country", lang),
                "role": t("role", lang),
                "level": t("situation", lang),
                "commitments": t("commitments_own", lang),
                "open_posts": t("open_posts", lang),
                "iso3": "ISO",
            }
        ),
        hide_index=True,
        width="stretch",
    )

web.headline(region_id, None, lang)

st.subheader(t("by_instrument", lang))
rows = joins.commitments_for(commitments, set(summary["iso3"]), {region_id}).rows
if rows.empty:
    st.info(t("no_commitments_here", lang))
else:
    names = web.countries().set_index("iso3")[f"name_{lang}"]
    groups = views.group_names({r: by_id[r].name(lang) for r in by_id}, lang)
    chart_column, _ = st.columns([1, 1])
    with chart_column:
        bars = charts.instrument_bars(views.instrument_mix(rows, lang), t("commitments", lang))
        st.plotly_chart(bars, config={"displaylogo": False}, key="instrument_mix")
    table = views.commitments_table(rows, names, groups, lang)
    tables.commitments_dataframe(table, lang, aimed_at=t("aimed_at", lang))

brief = web_aid.briefing_layer(layers.briefing_layer(layer_name), aid)
web_briefing.download_button(region_id, None, brief, lang)
