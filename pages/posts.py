"""Post network: every post by type and status, the countries each covers, the status history."""

import streamlit as st

from dashboard.domain import contracts, views
from dashboard.maps import figure as maps
from dashboard.storage import datasets
from dashboard.text import fmt
from dashboard.text.i18n import label, t
from dashboard.web import core as web
from dashboard.web import network as web_network
from dashboard.web import router, tables

router.through_navigation()

lang = web.language()
st.header(t("post_network", lang))
st.caption(t("posts_intro", lang))

left, right = st.columns(2)
with left:
    types = web.url_multi(
        t("post_type", lang),
        contracts.POST_TYPES,
        "type",
        lambda v: label("post_type", v, lang),
        lang,
    )
with right:
    statuses = web.url_multi(
        t("post_status", lang),
        contracts.POST_STATUSES,
        "status",
        lambda v: label("post_status", v, lang),
        lang,
    )
# Honorary consulates are a layer of their own: shown only when chosen by name.
if "honorary_consulate" not in st.query_params.get("type", ""):
    types = [k for k in types if k != "honorary_consulate"]

posts = datasets.load("posts")
shown = posts[posts["type"].isin(types) & posts["status"].isin(statuses)]
names = web.countries().set_index("iso3")[f"name_{lang}"]
honorary = fmt.number(int((posts["type"] == "honorary_consulate").sum()), lang)
st.caption(t("posts_honorary", lang, n=honorary))

if shown.empty:
    st.info(t("no_rows", lang))
else:
    units = web.unit_table()
    markers = web_network.overlays("posts", lang, shown, honorary=True)
    priority = web.layer("priority", None, lang)
    fig = maps.map_figure(units, priority, lang, web.geojson_url(world=True), None, markers)
    web.interactive_map(fig, f"posts-{lang}", "posts_map", units, lang)
    table = views.posts_table(shown, web_network.coverage(), names, lang)
    st.caption(
        t(
            "posts_counted",
            lang,
            n=fmt.number(len(table), lang),
            off=fmt.number(int((~table["on_map"]).sum()), lang),
        )
    )
    st.dataframe(
        table.drop(columns="on_map").rename(
            columns={
                "name": t("posts", lang),
                "type": t("post_type", lang),
                "city": t("city", lang),
                "country": t("country", lang),
                "covers": t("covers", lang),
                "status": t("post_status", lang),
                "status_date": t("status_since", lang),
                "source": t("source", lang),
                "source_date": t("source_date", lang),
            }
        ),
        hide_index=True,
        width="stretch",
        height=tables.height_for(len(shown)),
        row_height=tables.ROW_HEIGHT,
        column_config={
            t("covers", lang): st.column_config.TextColumn(width="medium"),
            t("source", lang): st.column_config.TextColumn(width="medium"),
            "source_url": st.column_config.LinkColumn(t("link", lang), display_text="↗"),
        },
    )

with st.expander(t("status_history", lang)):
    history = datasets.load("post_status")
    history = history[history["post_id"].isin(shown["post_id"])]
    st.dataframe(
        history.assign(
            post=history["post_id"].map(posts.set_index("post_id")[f"name_{lang}"]),
            status=history["status"].map(lambda v: label("post_status", v, lang)),
        )[["post", "status", "status_date", "source", "source_url", "source_date"]].rename(
            columns={"post": t("posts", lang), "status": t("post_status", lang)}
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "source_url": st.column_config.LinkColumn(t("link", lang), display_text="↗")
        },
    )

st.subheader(t("announced_closures", lang))
closures = posts[posts["status"] == "closure_announced"]
if closures.empty:
    st.info(t("no_closures", lang))
for post in closures.sort_values("status_date").itertuples():
    name = web.plain(getattr(post, f"name_{lang}"))
    country = web.plain(names.get(post.iso3, post.iso3))
    st.markdown(
        f"- **{name}** ({country}) · {fmt.date(post.status_date, lang)} · "
        f"{tables.link(post.source, post.source_url)}"
    )
