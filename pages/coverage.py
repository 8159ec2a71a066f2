"""Coverage risk: per priority country, how the post network holds it against what the
programme asks there; ranked, on a map with the table beside it."""

import streamlit as st

from dashboard.domain import coverage_risk
from dashboard.maps import figure as maps
from dashboard.maps import network_layers
from dashboard.storage import bundled, datasets
from dashboard.text.i18n import t
from dashboard.web import core as web
from dashboard.web import network as web_network
from dashboard.web import programmes as web_programmes
from dashboard.web import router

router.through_navigation()

lang = web.language()
programme = web_programmes.programme_choice(lang)
pid = programme.programme_id
st.header(t("coverage_title", lang))
st.caption(t("coverage_intro", lang))
web_programmes.banner(programme, lang)

region = web.region_choice(lang, pid)
members = bundled.load_members(pid)
if region is not None:
    members = members[members["region_id"] == region.region_id]

posts = datasets.load("posts")
# What the programme asks: the commitments in its view, not those of every programme.
ranked = coverage_risk.rank(
    members,
    posts,
    web_network.coverage(),
    web_programmes.in_view(datasets.load("commitments"), programme),
    web_network.travel_advice(),
)
names = web.countries().set_index("iso3")[f"name_{lang}"]
shown = coverage_risk.display(ranked, posts, names, lang)

map_column, table_column = st.columns([3, 2])
with map_column:
    units = web.unit_table()
    layer = network_layers.coverage_layer(units, ranked, coverage_risk.hover(shown, lang), lang)
    # The map has three fifths of the page: a region is fitted to that, not to a full row.
    url = web.geojson_url(world=region is None)
    fig = maps.map_figure(units, layer, lang, url, region, aspect=1.25)
    view = region.region_id if region else "world"
    web.interactive_map(fig, f"coverage-{view}-{pid}-{lang}", "coverage_map", units, lang)
    st.caption(t("click_hint", lang))
with table_column:
    st.subheader(t("coverage_ranking", lang))
    st.dataframe(
        shown.drop(columns="iso3").rename(
            columns={
                "rank": "#",
                "country": t("country", lang),
                "role": t("role", lang),
                "level": t("coverage_now", lang),
                "after": t("coverage_after", lang),
                "posts": t("posts", lang),
                "elsewhere": t("covered_from", lang),
                "at_risk": t("coverage_at_risk", lang),
                "advice": t("layer_traveladvice", lang),
                "commitments": t("commitments", lang),
                "amounts_known": t("amounts_known", lang),
                "largest_amount": t("largest_amount", lang),
            }
        ),
        hide_index=True,
        width="stretch",
        height=520,
    )
web_network.advice_notice("traveladvice", lang)
with st.expander(t("coverage_how", lang)):
    st.markdown(t("coverage_method", lang))
