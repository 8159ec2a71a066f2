"""Programme tracker: each measurable goal of the programme, the newest public figure, and how
far that figure is from the goal, with its date and source."""

import pandas as pd
import streamlit as st

from dashboard.domain import programme, views
from dashboard.storage import bundled
from dashboard.text import fmt
from dashboard.text.i18n import t
from dashboard.web import core as web
from dashboard.web import programmes as web_programmes
from dashboard.web import router, tables

router.through_navigation()

lang = web.language()
shown = web_programmes.programme_choice(lang)
st.header(t("tracker", lang))
st.caption(t("tracker_intro", lang))
web_programmes.banner(shown, lang)

tracker = bundled.load_tracker()
# Notes may refer to another goal by its id; the reader sees that goal's name.
goal_names = dict(zip(tracker["indicator_id"], tracker[f"name_{lang}"], strict=True))


def goal_line(row) -> str:
    goal = programme.tracker_value(row.target, row.unit, lang)
    year = "" if pd.isna(row.target_year) else str(row.target_year)
    return t("goal_by", lang, goal=goal, year=year) if year else t("goal", lang, goal=goal)


goals = web_programmes.in_view(tracker, shown)
if goals.empty:
    st.info(t("no_goals", lang, title=web.plain(shown.title(lang))))
for row in goals.itertuples():
    with st.container(border=True):
        left, right = st.columns([3, 2])
        with left:
            st.markdown(f"**{web.plain(getattr(row, f'name_{lang}'))}**")
            st.text(views.with_names(getattr(row, f"target_text_{lang}"), goal_names))
            st.caption(web.plain(row.programme_source))
        with right:
            value = programme.tracker_value(row.value, row.unit, lang)
            note = getattr(row, f"value_note_{lang}")
            note = "" if pd.isna(note) else views.with_names(str(note), goal_names)
            st.metric(t("latest", lang), value or "—", help=note or None)
            if not pd.isna(row.target):
                st.markdown(goal_line(row))
            progress = views.goal_progress(row.value, row.target)
            if progress is not None:
                share = fmt.percent(progress * 100, lang, 0)
                st.progress(
                    min(progress, 1.0),
                    text=t("goal_reached" if progress >= 1 else "towards_goal", lang, share=share),
                )
            if not value:
                st.caption(t("no_figure", lang))
            else:
                when = fmt.date(row.value_date, lang)
                fresh = web_programmes.freshness_note(row.source_date, lang)
                st.caption(f"{web.plain(when + fresh)} · {tables.link(row.source, row.source_url)}")
