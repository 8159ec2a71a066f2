"""A country's public context: indicators and situation reports fetched from public sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.domain import checks
from dashboard.maps import indicators
from dashboard.services import refresh
from dashboard.sources import live
from dashboard.storage import datasets
from dashboard.text import fmt
from dashboard.text.i18n import label, t
from dashboard.web.safety import panel, plain, source_link


def readable(slug: str) -> str:
    """A name an analyst typed as ``refugees_per_1000``, as a person reads it."""
    return fmt.capital(" ".join(str(slug).replace("_", " ").split()))


def indicator_title(column: str, lang: str) -> str:
    """The translated name of an indicator column; an analyst's own column, made readable."""
    named = label("indicator", column, lang)
    return named if named != column else readable(column)


def public_context(iso3: str, lang: str) -> None:
    """Indicators and situation reports fetched from public sources, each with its date; a
    dataset that fails is reported in its place, the others still shown."""
    with panel(lang):
        for dataset in datasets.indicator_names():
            with panel(lang):
                _indicator_panel(dataset, iso3, lang)
    st.markdown(f"**{t('latest_reports', lang)}**")
    with panel(lang):
        try:
            reports = live.latest_reports(refresh.load_reports(), iso3, 5)
        except datasets.NoVersion:
            reports = pd.DataFrame()
        if reports.empty:
            st.caption(t("no_reports", lang))
        for report in reports.itertuples():
            title = plain(report.title)
            linked = f"[{title}]({report.url})" if checks.web_address(str(report.url)) else title
            st.markdown(f"- {plain(report.date)} · {linked} · {plain(report.source)}")


def _indicator_panel(dataset: str, iso3: str, lang: str) -> None:
    frame = datasets.load_indicator(dataset)
    rows = frame[frame["iso3"] == iso3]
    if rows.empty:
        return
    row = rows.iloc[0]
    st.markdown(
        f"**{t('indicators', lang)}** · {plain(readable(dataset))} · {t('as_of', lang)} "
        f"{plain(fmt.date(row['source_date'], lang))}"
    )
    cells = []
    for column in indicators.indicator_columns(frame):
        value = float(row[column])
        year = row[f"{column}_year"] if f"{column}_year" in row.index else None
        shown = "—" if pd.isna(value) else fmt.number(value, lang, 2 if abs(value) < 100 else 0)
        cells.append(
            f"- {plain(indicator_title(column, lang))}: {plain(shown)}"
            + ("" if year is None or pd.isna(year) else f" ({int(float(year))})")
        )
    st.markdown("\n".join(cells))
    st.caption(source_link(row))
