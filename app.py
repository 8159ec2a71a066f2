"""Buitenlandbeleid in beeld — the situational-awareness dashboard of Dutch foreign policy.

This file is the table of contents: every page of the app is listed here.
"""

import streamlit as st

st.set_page_config(page_title="Buitenlandbeleid in beeld", page_icon="static/favicon.png",
                   layout="wide")

pages = [
    st.Page("pages/overview.py", title="Overzicht / Overview", icon=":material/map:",
            url_path="overview", default=True),
    st.Page("pages/sources.py", title="Bronnen / Sources", icon=":material/menu_book:",
            url_path="sources"),
    st.Page("pages/upload.py", title="Gegevens bijwerken / Update data",
            icon=":material/upload:", url_path="upload"),
]

st.navigation(pages).run()
