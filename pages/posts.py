"""Post network: the posts by type and status, the countries each covers, announced closures."""

import streamlit as st

from dashboard.domain import contracts
from dashboard.maps import figure as maps
from dashboard.maps import layers
from dashboard.storage import datasets
from dashboard.text.i18n import label, t
from dashboard.web import core as web
from dashboard.web import router

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

posts = datasets.load("posts")
shown = posts[posts["type"].isin(types) & posts["status"].isin(statuses)]
names = web.countries().set_index("iso3")[f"name_{lang}"]

if shown.empty:
    st.info(t("no_rows", lang))
else:
    units = web.unit_table()
    fig = maps.map_figure(
        units,
        web.layer("priority", None, lang),
        lang,
        web.geojson_url(),
        None,
        layers.post_markers(shown, lang),
    )
    web.interactive_map(fig, f"posts-{lang}", "posts_map", units, lang)
    st.dataframe(
        shown.assign(
            type=shown["type"].map(lambda v: label("post_type", v, lang)),
            status=shown["status"].map(lambda v: label("post_status", v, lang)),
            status_date=shown["status_date"].fillna(""),
            country=shown["iso3"].map(names),
            covers=shown["covers"]
            .fillna("")
            .map(lambda s: ", ".join(names.get(c.strip(), c.strip()) for c in s.split(";") if c)),
        )[
            [
                f"name_{lang}",
                "type",
                "city",
                "country",
                "covers",
                "status",
                "status_date",
                "source",
                "source_url",
                "source_date",
            ]
        ].rename(
            columns={
                f"name_{lang}": t("posts", lang),
                "type": t("post_type", lang),
                "city": t("city", lang),
                "country": t("country", lang),
                "covers": t("covers", lang),
                "status": t("post_status", lang),
                "status_date": t("source_date", lang) + " (status)",
                "source": t("source", lang),
                "source_date": t("source_date", lang),
            }
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
    st.markdown(
        f"- **{getattr(post, f'name_{lang}')}** ({names.get(post.iso3, post.iso3)}) · "
        f"{post.status_date} · [{post.source}]({post.source_url})"
    )
