"""The parts of a country profile: its situation, the posts covering it, its commitments.

Data text (summaries, names, sources) is shown as text: ``st.text`` or a table cell, never
interpreted as markdown; links come only from ``source_url`` columns.
"""

from __future__ import annotations

from typing import cast

import pandas as pd
import streamlit as st

from dashboard.domain import joins, views
from dashboard.storage import bundled, datasets
from dashboard.text import fmt
from dashboard.text.i18n import label, t
from dashboard.web import tables


def situation_panel(iso3: str, lang: str) -> None:
    """The security situation of ``iso3`` with its assessment date and source."""
    st.markdown(f"**{t('situation', lang)}**")
    situation = datasets.load("situation").set_index("iso3")
    if iso3 not in situation.index:
        st.info(t("not_assessed_here", lang))
        return
    row = cast(pd.Series, situation.loc[iso3])
    st.text(f"{label('level', str(row['level']), lang).capitalize()} — {row[f'summary_{lang}']}")
    tables.source_line(f"{t('assessed_on', lang)} {fmt.date(row['assessed_on'], lang)}", row, lang)


def commitments_section(
    commitments: pd.DataFrame,
    iso3: str,
    region_ids: set[str],
    lang: str,
    programme_id: str | None = None,
) -> None:
    """The commitments to this place (the number on its card), then those to its regions as
    a whole, each under its own heading with its count."""
    found = joins.commitments_for(commitments, {iso3}, region_ids)
    names = datasets.load("countries").set_index("iso3")[f"name_{lang}"]
    regions = {r.region_id: r.name(lang) for r in bundled.load_regions(programme_id)}
    groups = views.group_names(regions, lang)
    st.markdown(f"**{t('commitments_to_country', lang, n=len(found.own))}**")
    if found.own.empty:
        st.info(t("no_commitments_to_country", lang))
    else:
        table = views.commitments_table(found.own, names, groups, lang)
        tables.commitments_dataframe(table.drop(columns="aimed_at"), lang)
    if not found.regional.empty:
        st.markdown(f"**{t('commitments_to_region', lang, n=len(found.regional))}**")
        table = views.commitments_table(found.regional, names, groups, lang)
        tables.commitments_dataframe(table, lang, aimed_at=t("region", lang))
