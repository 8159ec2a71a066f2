"""Post network: every post by type and status, the countries each covers, the status history."""

import streamlit as st

from dashboard.domain import contracts
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


def under_the_map() -> None:
    if not shown.empty:
        web_network.posts_table(shown, names, lang)
    web_network.status_history(shown, posts, lang)

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


if shown.empty:  # no map to wait for
    under_the_map()
else:
    web.after_the_map(under_the_map, "posts_map")
