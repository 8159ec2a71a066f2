"""An empty Streamlit page: one title, nothing else (the floor of ``bench_overview.py``)."""

import streamlit as st

st.title("Leeg")
