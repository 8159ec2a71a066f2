"""Programme tracker: the programme's measurable goals and the latest public figure for each."""

import streamlit as st

from dashboard.domain import programme
from dashboard.storage import bundled
from dashboard.text.i18n import t
from dashboard.web import core as web
from dashboard.web import router

router.through_navigation()

lang = web.language()
st.header(t("tracker", lang))
st.caption(t("tracker_intro", lang))

for row in bundled.load_tracker().itertuples():
    with st.container(border=True):
        left, right = st.columns([3, 2])
        with left:
            st.markdown(f"**{getattr(row, f'name_{lang}')}**")
            st.markdown(getattr(row, f"target_text_{lang}"))
            st.caption(row.programme_source)
        with right:
            value = programme.tracker_value(row.value, row.unit, lang)
            st.metric(t("latest", lang), value or "—", help=getattr(row, f"value_note_{lang}"))
            if not value:
                st.caption(t("no_figure", lang))
            else:
                st.caption(f"{row.value_date} · [{row.source}]({row.source_url})")
