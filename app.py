"""Buitenlandbeleid in beeld — the situational-awareness dashboard of Dutch foreign policy.

This file is the table of contents: every page of the app is listed here. The sidebar links
to them are drawn by ``web.url.navigation`` so that each keeps the language and the page's
own filters.
"""

import streamlit as st

from dashboard.web import url
from dashboard.web.safety import page_guard

st.set_page_config(
    page_title="Buitenlandbeleid in beeld", page_icon="static/favicon.png", layout="wide"
)

# The page links are text: an icon beside each cost every page load about a quarter of a second
# of browser CPU (README, "The map drawn with d3").
pages = [
    # The default page is served at the root URL (/).
    st.Page("pages/overview.py", title="Overzicht / Overview", default=True),
    st.Page("pages/region.py", title="Regio's / Regions", url_path="region"),
    st.Page("pages/country.py", title="Landenprofiel / Country profile", url_path="country"),
    st.Page("pages/posts.py", title="Postennet / Post network", url_path="posts"),
    st.Page("pages/coverage.py", title="Dekkingsrisico / Coverage risk", url_path="coverage"),
    st.Page("pages/tracker.py", title="Programma-monitor / Programme tracker", url_path="tracker"),
    st.Page("pages/compare.py", title="Wat is veranderd / What changed", url_path="compare"),
    st.Page("pages/sources.py", title="Bronnen / Sources", url_path="sources"),
    st.Page("pages/upload.py", title="Gegevens bijwerken / Update data", url_path="upload"),
]

# A page that fails says so in the user's language; the traceback goes to the server's log.
with page_guard():
    url.navigation(pages)()
