"""The Ukraine support ledger on a page: the chart, the totals beside it, every row with its
source, the CSV, and how the totals are formed."""

from __future__ import annotations

from typing import cast

import pandas as pd
import streamlit as st

from dashboard import settings
from dashboard.domain import ledger
from dashboard.maps import ledger_chart
from dashboard.storage import bundled
from dashboard.text import fmt
from dashboard.text.i18n import label, t
from dashboard.web import programmes as web_programmes

# The country the ledger is about: its profile and the region holding it show it.
COUNTRY = "UKR"


def _totals_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    sums = ledger.totals(frame)
    per_year = sums.groupby(["year", "stage"])["amount_eur"].sum().unstack("stage")
    stages = [s for s in ledger.STAGES if s in per_year.columns]
    table = per_year[stages].map(lambda v: "" if pd.isna(v) else fmt.euro(v, lang))
    table.columns = [label("ledger_stage", s, lang) for s in stages]
    return table.reset_index().rename(columns={"year": t("year", lang)})


def _rows_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    items = frame.set_index("entry_id")[f"item_{lang}"]
    return pd.DataFrame(
        {
            t("date", lang): frame["date"].map(lambda d: fmt.date(d, lang)),
            t("ledger_item", lang): frame[f"item_{lang}"],
            t("ledger_category_col", lang): frame["category"].map(
                lambda v: label("ledger_category", v, lang)
            ),
            t("ledger_stage_col", lang): frame["stage"].map(
                lambda v: label("ledger_stage", v, lang)
            ),
            t("amount", lang): frame["amount_eur"].map(
                lambda v: fmt.euro(None if pd.isna(v) else v, lang)
            ),
            t("ledger_counts_as", lang): [
                label("ledger_count_as", c, lang)
                + (f" ({t('ledger_no_amount', lang)})" if c == "new" and pd.isna(a) else "")
                for c, a in zip(frame["count_as"], frame["amount_eur"], strict=True)
            ],
            t("ledger_part_of", lang): frame["part_of"].map(items).fillna(""),
            t("description", lang): frame[f"description_{lang}"],
            t("source", lang): frame["source"],
            "source_url": frame["source_url"],
            t("source_date", lang): frame["source_date"].map(
                lambda d: t("undated", lang) if pd.isna(d) else fmt.date(d, lang)
            ),
            t("freshness", lang): web_programmes.freshness_column(frame["source_date"], lang),
        }
    )


def section(lang: str, key: str) -> None:
    """The ledger block of the Ukraine profile and of the region holding Ukraine."""
    frame = bundled.load_ledger().sort_values(["date", "entry_id"], ignore_index=True)
    st.subheader(t("ledger_title", lang))
    st.caption(t("ledger_intro", lang))
    chart_column, totals_column = st.columns([3, 2])
    with chart_column:
        st.vega_lite_chart(spec=ledger_chart.ledger_figure(frame, lang), key=f"ledger_chart_{key}")
    with totals_column:
        st.markdown(f"**{t('ledger_totals', lang)}**")
        st.dataframe(_totals_table(frame, lang), hide_index=True, width="stretch")
        for row in ledger.stands(frame).itertuples():
            st.caption(
                t(
                    "ledger_stand",
                    lang,
                    stage=label("ledger_stage", str(row.stage), lang),
                    date=fmt.date(row.date, lang),
                    amount=fmt.euro(cast(int, row.amount_eur), lang),
                    n=row.rows,
                )
            )
    with st.expander(t("ledger_how", lang), expanded=False):
        st.markdown(t("ledger_how_text", lang))
    st.dataframe(
        _rows_table(frame, lang),
        hide_index=True,
        width="stretch",
        column_config={
            "source_url": st.column_config.LinkColumn(t("link", lang), display_text="↗")
        },
        key=f"ledger_rows_{key}",
    )
    st.download_button(
        t("ledger_download", lang),
        data=(settings.data_dir() / "ukraine_ledger.csv").read_bytes(),
        file_name="ukraine_ledger.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key=f"ledger_csv_{key}",
    )
