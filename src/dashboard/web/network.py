"""The Streamlit side of the post network and the travel advice: what the pages show of them.

Data text (post names, citations) is written as plain text, never read as markdown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.domain import joins, views
from dashboard.maps import layers
from dashboard.storage import datasets
from dashboard.text import fmt
from dashboard.text.i18n import label, t
from dashboard.web import core as web
from dashboard.web.safety import plain


def travel_advice() -> pd.DataFrame | None:
    """The active ``travel_advice``, or ``None`` while none was imported."""
    return web.travel_advice()


def coverage() -> pd.DataFrame:
    return datasets.load("post_coverage")


def overlays(
    layer_name: str, lang: str, posts: pd.DataFrame | None = None, honorary: bool = False
) -> tuple:
    """The markers drawn over the layer (posts, travel-advice rings, situation differences)."""
    return layers.overlays(
        layer_name,
        web.unit_table(),
        lang,
        posts=datasets.load("posts") if posts is None else posts,
        situation=datasets.load("situation"),
        travel_advice=travel_advice(),
        country_names=web.countries().set_index("iso3")[f"name_{lang}"],
        honorary=honorary,
    )


def advice_notice(layer_name: str, lang: str) -> None:
    """Above a map that uses the travel advice: how to import it while there is none."""
    if travel_advice() is not None:
        return
    if layer_name == "traveladvice":
        st.info(t("advice_refresh_how", lang))
    elif layer_name == "situation":
        st.caption(t("advice_not_compared", lang))


def advice_section(iso3: str, lang: str) -> None:
    """The travel advice of one country on its profile, with its date and link."""
    st.markdown(f"**{t('layer_traveladvice', lang)}**")
    advice = travel_advice()
    if advice is None or iso3 not in set(advice["iso3"]):
        st.caption(t("advice_none", lang) if advice is not None else t("advice_refresh_how", lang))
        return
    row = advice.set_index("iso3").loc[iso3]
    colour = row["colour"] if isinstance(row["colour"], str) else "unknown"
    parts = f" · {t('advice_parts_differ', lang)}" if bool(row["parts_differ"]) else ""
    st.markdown(plain(label("advice", colour, lang).capitalize() + parts))
    changed = t("advice_changed_on", lang, date=fmt.date(row["changed_on"], lang))
    fetched = fmt.date(str(row["fetched_at"])[:10], lang)
    st.caption(f"{plain(changed)} · {plain(t('advice_fetched_on', lang, date=fetched))}")
    st.link_button(t("advice_link", lang), str(row["url"]), icon=":material/open_in_new:")


def coverage_section(iso3: str, lang: str) -> None:
    """Which posts cover one country, from where and how; or that no coverage is known."""
    st.markdown(f"**{t('posts', lang)}**")
    posts = datasets.load("posts")
    cover = views.posts_covering(iso3, posts, coverage())
    names = web.countries().set_index("iso3")[f"name_{lang}"]
    for post in cover.resident.to_dict("records"):
        status = label("post_status", str(post["status"]), lang)
        st.markdown(plain(f"{post[f'name_{lang}']} · {status}"))
    for post in cover.elsewhere.to_dict("records"):
        where = names.get(post["host"], post["host"])
        role = label("coverage_role", str(post["role"]), lang)
        status = label("post_status", str(post["status"]), lang)
        st.markdown(
            plain(
                f"{t('covered_from', lang)}: {post[f'name_{lang}']} ({where}) · {role} · {status}"
            )
        )
    level = joins.country_coverage([iso3], posts, coverage()).iloc[0]
    if level["level"] == "kingdom":
        st.caption(t("coverage_kingdom_here", lang))
        return
    if cover.resident.empty and cover.elsewhere.empty:
        st.markdown(t("no_post_here", lang))
        st.caption(t("no_cover_known", lang))
        return
    now = label("coverage", level["level"], lang)
    after = label("coverage", level["level_after_closures"], lang)
    text = t("coverage_level", lang, level=now)
    if after != now:
        text += " " + t("coverage_after_closures", lang, level=after)
    st.caption(text)
