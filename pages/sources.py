"""Sources: each dataset and the programme, what they are, where they come from, how current
they are; and the boundary rules of the map, in plain words."""

import pandas as pd
import streamlit as st

from dashboard.domain import contracts, views
from dashboard.domain.citations import short_source
from dashboard.ingest import names
from dashboard.services import refresh
from dashboard.storage import bundled, datasets
from dashboard.text import fmt
from dashboard.text.i18n import label, t
from dashboard.web import core as web
from dashboard.web import programmes as web_programmes
from dashboard.web import router, tables

router.through_navigation()

lang = web.language()
st.header(t("sources", lang))
st.caption(t("sources_intro", lang))


def publishers(overview: views.SourceOverview) -> str:
    shown = [f"{name} ({fmt.number(n, lang)})" for name, n in overview.publishers[:3]]
    rest = len(overview.publishers) - len(shown)
    return ", ".join(shown) + (
        f" {t('and_n_more', lang, n=fmt.number(rest, lang))}" if rest else ""
    )


def row(name: str, about: str, frame: pd.DataFrame) -> dict[str, str]:
    overview = views.source_overview(frame, short_source)
    return {
        t("dataset", lang): name,
        t("what_it_is", lang): about,
        t("comes_from", lang): publishers(overview),
        t("newest_source", lang): fmt.date(overview.newest, lang) if overview.newest else "—",
        t("rows", lang): fmt.number(overview.rows, lang),
    }


region_sources = bundled.region_rows()


def frame_of(name: str) -> pd.DataFrame | None:
    frame = datasets.active_or_none(datasets.store(), name)
    if frame is not None and name == "travel_advice":
        # Each advice is a page of its own: the site is its source, its change date the date.
        host = frame["url"].astype(str).str.extract(r"^https?://([^/]+)", expand=False)
        frame = frame.assign(source=host, source_date=frame["changed_on"].astype(str).str[:10])
    return frame


published = {d: frame_of(d) for d in contracts.DATASETS}
rows = [  # a dataset only a refresh fills (the travel advice) is listed once it has a version
    row(label("dataset", d, lang), t(f"about_{d}", lang), frame)
    for d, frame in published.items()
    if frame is not None
]
rows += [
    row(t("nav_tracker", lang), t("about_tracker", lang), bundled.load_tracker()),
    row(t("priority_regions", lang), t("about_regions", lang), region_sources),
    row(t("country_names", lang), t("about_country_names", lang), names.aliases_table()),
]
for indicator in datasets.indicator_names():
    rows.append(
        row(web.readable(indicator), t("about_indicator", lang), datasets.load_indicator(indicator))
    )
try:
    reports = refresh.load_reports()
    # A report's own date, not the day it was fetched.
    rows.append(
        row("ReliefWeb", t("about_reports", lang), reports.assign(source_date=reports["date"]))
    )
except datasets.DatasetError:
    pass  # no situation reports fetched yet

st.subheader(t("data_and_programme", lang))
st.dataframe(
    pd.DataFrame(rows),
    hide_index=True,
    width="stretch",
    height=tables.height_for(len(rows), most=len(rows)),
    row_height=tables.ROW_HEIGHT,
    column_config={
        t("what_it_is", lang): st.column_config.TextColumn(width="large"),
        t("comes_from", lang): st.column_config.TextColumn(width="medium"),
    },
)
st.caption(t("sources_rows_note", lang))

web_programmes.sources_section(lang)

st.subheader(t("regions_and_sources", lang))
web_programmes.regions_section(lang)

st.subheader(t("boundaries", lang))
st.info(t("boundary_disclaimer", lang))
st.markdown(t("boundary_rules", lang))
st.caption(t("boundary_build", lang))
