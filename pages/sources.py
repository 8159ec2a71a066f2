"""Sources: where each part of the dashboard comes from, and the map's boundary rules."""

import pandas as pd
import streamlit as st

from dashboard.storage import bundled
from dashboard.text.i18n import t
from dashboard.web import core as web
from dashboard.web import router

router.through_navigation()

lang = web.language()
st.header(t("sources", lang))
st.caption(t("sources_intro", lang))

st.subheader(t("regions_and_sources", lang))
st.dataframe(
    pd.DataFrame(
        {
            t("region", lang): [r.name(lang) for r in bundled.load_regions()],
            t("source", lang): [r.source for r in bundled.load_regions()],
        }
    ),
    hide_index=True,
)

st.subheader(t("boundaries", lang))
st.info(t("boundary_disclaimer", lang))
st.markdown(web.provenance_markdown())
