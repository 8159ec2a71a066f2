"""The Streamlit side of development aid from IATI: the aid layer's year and theme, the
regional money beside the map, and the country profile's section.

The active ``aid_activities`` and ``aid_flows`` and their summary are loaded once per
process and per pair of active versions, so an import is seen at the next rerun and a
change of year or theme costs only a filter of the small summary.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.domain import aid, contracts
from dashboard.maps import aid_layer
from dashboard.maps.aid_layer import AidChoice
from dashboard.services import aid as aid_service
from dashboard.sources.live import read_provenance
from dashboard.storage import bundled
from dashboard.text import fmt
from dashboard.text.i18n import label, t
from dashboard.web import core as web
from dashboard.web import tables, versions


@st.cache_resource(show_spinner=False, max_entries=2)
def _data(key: tuple[int | None, int | None]) -> aid_service.AidData | None:
    del key  # the active versions of the two aid datasets: a new import loads anew
    return aid_service.load()


def _active_key() -> tuple[int | None, int | None]:
    active = dict(versions.current()[1])
    return active.get(aid_service.ACTIVITIES), active.get(aid_service.FLOWS)


def warm() -> bool:
    """Read the imported aid data before the first visitor does (at a start after an import,
    the first read of a million flows takes many seconds); whether there was any."""
    return _data(_active_key()) is not None


def data(lang: str) -> aid_service.AidData | None:
    """The active aid datasets with their summary, or ``None`` before the first import (the
    first read after an import takes a while: it says so)."""
    with st.spinner(t("aid_loading", lang)):
        return _data(_active_key())


def source_text(found: aid_service.AidData, lang: str) -> str:
    """Where the aid figures come from: the import, when, by whom, and the newest activity."""
    version = found.flows_version
    provenance = read_provenance(version.note) or {}
    orgs = ", ".join(sorted(found.activities["reporting_org"].dropna().unique())[:3])
    return t(
        "aid_eur_source",
        lang,
        orgs=orgs or "?",
        file=provenance.get("url") or version.file_name,
        version=version.version,
        published=fmt.date(f"{version.created_at:%Y-%m-%d}", lang),
        updated=fmt.date(str(found.activities["source_date"].max()), lang),
    )


def layer_controls(lang: str) -> AidChoice:
    """Year and theme of the aid layer (kept in the URL as ``aid_year``, ``aid_theme``) and
    the source; without imported data, how to import it."""
    found = data(lang)
    if found is None:
        st.info(t("aid_eur_how", lang))
        return AidChoice(None)
    years = [str(y) for y in aid.years(found.summary)] or ["0"]
    default = str(aid.default_year(found.summary, date.today().year) or years[0])
    themes = [aid.ALL_THEMES, *contracts.AID_THEMES, aid.UNASSIGNED]
    left, right = st.columns(2)
    with left:
        year = web.url_choice(t("year", lang), years, "aid_year", str, default)
    with right:
        theme = web.url_choice(
            t("theme", lang),
            themes,
            "aid_theme",
            lambda v: aid_layer.theme_name(v, lang),
            aid.ALL_THEMES,
        )
    st.caption(source_text(found, lang))
    if not found.consistent:
        st.warning(
            t(
                "aid_eur_inconsistent",
                lang,
                first=found.activities_version.version,
                second=found.flows_version.version,
            )
        )
    return AidChoice(found.summary, int(year or default), theme or aid.ALL_THEMES)


def briefing_layer(layer_name: str | None, choice: AidChoice | None) -> str | None:
    """The layer a briefing of the view names: the aid layer with its year and theme on
    screen, else ``layer_name``."""
    if choice is None or choice.summary is None or choice.year is None:
        return layer_name
    return aid_layer.key(choice.year, choice.theme)


def regional_table(choice: AidChoice, lang: str) -> None:
    """The year's money to OECD DAC regions: kept as regions, never put on a country."""
    if choice.summary is None or choice.year is None:
        return
    per = aid.per_place(choice.summary, choice.year, choice.theme, place="region_code")
    if per.empty:
        return
    names = bundled.load_dac_regions().set_index("region_code")["name_en"]
    table = pd.DataFrame(
        {
            t("aid_region_code", lang): per.index,
            t("aid_region_name", lang): [names.get(code, "") for code in per.index],
            t("aid_eur_amount", lang): [_euro(v, lang) for v in per["eur"]],
            t("aid_other_currencies", lang): [aid_layer.other_text(o, lang) for o in per["other"]],
        }
    )
    with tables.on_demand(f"{t('aid_regional', lang)} ({len(table)})", "aid_regional") as shown:
        if shown:
            st.dataframe(table, hide_index=True, width="stretch")


def _euro(value: float, lang: str) -> str:
    return "" if pd.isna(value) else fmt.euro(round(value), lang)


def country_section(iso3: str, lang: str) -> None:
    """The profile's aid from IATI: totals per year and theme, the largest activities with
    their organisations and links, and the theme mapping used."""
    st.subheader(t("aid_iati_title", lang))
    found = data(lang)
    if found is None:
        st.info(t("aid_eur_how", lang))
        return
    st.caption(source_text(found, lang))
    if not (found.summary["iso3"] == iso3).any():
        st.info(t("aid_no_flows_here", lang))
        return
    flow_type = st.segmented_control(
        t("aid_flow_type", lang),
        contracts.AID_FLOW_TYPES,
        format_func=lambda v: label("aid_flow_type", v, lang),
        default="disbursement",
        key="aid_flow_type",
    )
    totals = aid.country_totals(found.summary, iso3, flow_type or "disbursement")
    shown = totals.rename(columns=lambda c: aid_layer.theme_name(c, lang)).map(
        lambda v: _euro(v, lang)
    )
    shown.index = shown.index.map(str)
    shown.columns.name = None
    st.caption(t("aid_totals_caption", lang))
    st.dataframe(shown.rename_axis(t("year", lang)), width="stretch")
    other = aid.other_currencies(found.summary, iso3)
    if not other.empty:
        st.markdown(f"**{t('aid_other_currencies', lang)}**")
        st.dataframe(_other_table(other, lang), hide_index=True)
    st.markdown(f"**{t('aid_largest', lang)}**")
    st.dataframe(
        _activities_table(aid.largest_activities(found.per_activity, found.activities, iso3), lang),
        hide_index=True,
        width="stretch",
        column_config={"link": st.column_config.LinkColumn(t("link", lang), display_text="↗")},
    )
    with st.expander(t("aid_mapping", lang)):
        st.caption(t("aid_mapping_note", lang))
        used = aid.mapping_used(found.sectors, iso3, bundled.load_dac_themes())
        st.dataframe(
            pd.DataFrame(
                {
                    t("aid_dac_sector", lang): used["dac_sector"],
                    t("theme", lang): [
                        "" if pd.isna(v) else label("aid_theme", v, lang) for v in used["theme"]
                    ],
                    t("aid_mapping_row", lang): used["row"].fillna(""),
                }
            ),
            hide_index=True,
        )


def _other_table(other: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("year", lang): other["year"].astype(str),
            t("aid_flow_type", lang): [label("aid_flow_type", v, lang) for v in other["flow_type"]],
            t("aid_currency", lang): other["currency"],
            t("amount", lang): [fmt.number(v, lang) for v in other["value"]],
        }
    )


def _activities_table(top: pd.DataFrame, lang: str) -> pd.DataFrame:
    title = top[f"title_{lang}"].fillna(top["title_en" if lang == "nl" else "title_nl"])
    return pd.DataFrame(
        {
            t("aid_activity", lang): title.fillna(""),
            t("aid_identifier", lang): top["iati_identifier"],
            t("aid_orgs", lang): top["participating_orgs"].fillna("").str.replace(";", "; "),
            t("aid_disbursed_eur", lang): [_euro(v, lang) for v in top["eur"]],
            t("aid_other_currencies", lang): [aid_layer.other_text(o, lang) for o in top["other"]],
            "link": top["link"],
            t("source_date", lang): top["source_date"],
        }
    )
