"""Every page runs through ``app.py``'s navigation, also on a deep link right after a start.

Streamlit decides once per process whether the app is a legacy multipage app: when a folder
named ``pages/`` stands beside the main script and the first request of the process is a deep
link (``/country?iso3=MDA``), it runs that page file on its own, with the file names as a raw
sidebar menu and without ``app.py``'s page config. Only ``st.navigation`` clears that flag, and
it never ran. :func:`through_navigation`, called first by every page, clears it and runs the
request again, now through ``app.py``; the URL and its query parameters are kept.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def through_navigation() -> None:
    """Rerun this request through ``app.py`` when Streamlit ran the page as a legacy page."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
