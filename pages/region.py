"""Region view: one priority region's map, key figures, countries, commitments and posts."""

import streamlit as st

from dashboard.domain import joins, views
from dashboard.maps import charts, layers
from dashboard.storage import bundled, datasets
from dashboard.text.i18n import t
from dashboard.web import aid as web_aid
from dashboard.web import briefing as web_briefing
from dashboard.web import core as web
from dashboard.web import ledger as web_ledger
from dashboard.web import mapview, router, tables
from dashboard.web import network as web_network
from dashboard.web import programmes as web_programmes

router.through_navigation()

lang = web.language()
programme = web_programmes.programme_choice(lang)
pid = programme.programme_id
by_id = {r.region_id: r for r in bundled.load_regions(pid)}
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
web_programmes.banner(programme, lang)
web_programmes.region_sources(region, lang)

with st.expander(t("filter_commitments", lang)):
    in_view = web_programmes.in_view(datasets.load("commitments"), programme)
    commitments = web.commitment_filters(in_view, lang)
posts = datasets.load("posts")
summary = views.region_countries(
    region_id,
    bundled.load_members(pid),
    web.countries(),
    commitments,
    datasets.load("situation"),
    posts,
    lang,
)
units = web.unit_table()
region_posts = posts[posts["iso3"].isin(summary["iso3"])]
shown = mapview.map_view(
    layer_name, region, lang, commitments, region_posts, programme_id=pid, aid=aid
)
layer = shown.layer

# The map as wide as the page (a zoomed region is otherwise a narrow strip), then the figures.
web_network.advice_notice(layer_name, lang)
key = f"{layer_name}-{region_id}-{pid}-{lang}"
web.interactive_map(shown.figure, key, "region_map", units, lang)
st.caption(t("click_hint", lang))

web.headline(region_id, None, lang, pid)

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
web_programmes.neighbours_note(region_id, pid, lang)

st.subheader(t("by_instrument", lang))
rows = joins.commitments_for(commitments, set(summary["iso3"]), {region_id}).rows
if rows.empty:
    st.info(t("no_commitments_here", lang))
else:
    names = web.countries().set_index("iso3")[f"name_{lang}"]
    groups = views.group_names({r: by_id[r].name(lang) for r in by_id}, lang)
    chart_column, _ = st.columns([1, 1])
    with chart_column:
        mix = views.instrument_mix(rows, lang)
        bars = charts.instrument_bars(mix, t("commitments", lang), lang)
        st.vega_lite_chart(spec=bars, width="stretch", key="instrument_mix")
    table = views.commitments_table(rows, names, groups, lang)
    tables.commitments_dataframe(table, lang, aimed_at=t("aimed_at", lang))

if web_ledger.COUNTRY in set(summary["iso3"]):
    web_ledger.section(lang, key="region")

brief = web_aid.briefing_layer(layers.briefing_layer(layer_name), aid)
web_briefing.download_button(region_id, None, brief, lang, pid)
