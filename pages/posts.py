"""Post network: the posts by type and status, the countries each covers, announced closures."""

import streamlit as st

from dashboard.domain import contracts
from dashboard.maps import figure as maps
from dashboard.maps import layers
from dashboard.storage import datasets
from dashboard.text import fmt
from dashboard.text.i18n import label, t
from dashboard.web import core as web
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
            status_date=shown["status_date"].map(
                lambda d: fmt.date(d, lang) if isinstance(d, str) else ""
            ),
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
                "status_date": t("status_date", lang),
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
