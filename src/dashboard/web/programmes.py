"""The programme shown: its choice (in the URL, like every filter), its banner, and the
programmes with their periods on the Sources page.

Every page that shows priorities, goals or commitments shows those of one programme: the
one in force today, unless the URL or the sidebar picks another (``?programme=rp2024``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import settings
from dashboard.domain import freshness, programmes, regions
from dashboard.storage import bundled
from dashboard.text import fmt
from dashboard.text.i18n import label, t
from dashboard.web import core as web
from dashboard.web.safety import plain as plain  # shown as written


def stale_months() -> int:
    return settings.get_int("DASHBOARD_STALE_MONTHS")


def period(programme: programmes.Programme, lang: str) -> str:
    """``13 september 2024 – 23 februari 2026``, or ``vanaf 23 februari 2026`` when open."""
    start = fmt.date(programme.in_force_from, lang)
    if programme.in_force_to is None:
        return t("in_force_since", lang, date=start)
    return f"{start} – {fmt.date(programme.in_force_to, lang)}"


def programme_choice(lang: str) -> programmes.Programme:
    """The programme picker (sidebar), kept in the URL as ``?programme=``; today's by default."""
    choices = {p.programme_id: p for p in bundled.choosable_programmes()}
    today = bundled.in_force()
    with st.sidebar:
        chosen = web.url_choice(
            t("programme", lang),
            list(choices),
            "programme",
            lambda pid: (
                f"{choices[pid].cabinet}: {label('programme_type', choices[pid].type, lang)}"
            ),
            today.programme_id,
        )
    return choices[chosen or today.programme_id]


def banner(programme: programmes.Programme, lang: str) -> None:
    """Which programme the page shows, its period, and a warning when it is not today's."""
    letters = programmes.letters_under(bundled.load_programmes(), programme)
    text = t(
        "programme_shown",
        lang,
        title=programme.title(lang),
        period=period(programme, lang),
    )
    if letters:
        text += " " + t("with_letters", lang, n=len(letters))
    if not programme.full_text:
        text += " " + t("full_text_not_read", lang)
    if programme.programme_id != bundled.in_force().programme_id:
        st.warning(text + " " + t("not_in_force_today", lang), icon=":material/history:")
    else:
        st.caption(text)


def in_view(frame: pd.DataFrame, programme: programmes.Programme) -> pd.DataFrame:
    """The rows of ``frame`` that belong to ``programme``'s view (it and its letters)."""
    return bundled.rows_in_view(frame, programme.programme_id)


def freshness_column(dates: pd.Series, lang: str, today: dt.date | None = None) -> pd.Series:
    """Per row: old (source older than ``DASHBOARD_STALE_MONTHS``), undated, or empty."""
    today = today or dt.date.today()
    old = freshness.old_mask(dates, today, stale_months())
    out = pd.Series("", index=dates.index, dtype=object)
    out[dates.isna()] = t("undated", lang)
    out[old] = "⚠ " + t("old_row", lang, months=stale_months())
    return out


def freshness_note(value: Any, lang: str) -> str:
    """`` · ⚠ older than 12 months`` (or `` · undated``) for one source date; empty if current."""
    mark = freshness_column(pd.Series([value], dtype=object), lang).iloc[0]
    return f" · {mark}" if mark else ""


def with_freshness(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``table`` (with a ``source_date``) with a column that marks old and undated rows."""
    column = freshness_column(table["source_date"], lang)
    return table.assign(**{t("freshness", lang): column.to_numpy()})


def region_sources(region: regions.Region, lang: str) -> None:
    """The passages the region rests on, one per programme or letter in view."""
    listed = {p.programme_id: p for p in bundled.load_programmes()}
    rows = bundled.region_rows()
    rows = rows[rows["region_id"] == region.region_id].set_index("programme_id")
    with st.expander(t("region_basis", lang, n=len(region.sources))):
        st.dataframe(
            pd.DataFrame(
                {
                    t("programme", lang): [listed[p].title(lang) for p in region.programme_ids],
                    t("source", lang): [s for _, s in region.sources],
                    t("source_date", lang): [
                        _date(rows.loc[p, "source_date"], lang) for p in region.programme_ids
                    ],
                    "source_url": [rows.loc[p, "source_url"] for p in region.programme_ids],
                }
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "source_url": st.column_config.LinkColumn(t("link", lang), display_text="↗")
            },
        )


def _date(value: Any, lang: str) -> str:
    return t("undated", lang) if pd.isna(value) else fmt.date(value, lang)


def neighbours_note(region_id: str, programme_id: str, lang: str) -> None:
    """Countries shown beside the region without being part of it, each with its source."""
    near = bundled.load_neighbours(programme_id)
    near = near[near["region_id"] == region_id]
    if near.empty:
        return
    names = web.countries().set_index("iso3")[f"name_{lang}"]
    st.markdown(f"**{t('neighbours', lang)}**")
    st.dataframe(
        pd.DataFrame(
            {
                t("country", lang): near["iso3"].map(names).to_numpy(),
                t("source", lang): near["source"].to_numpy(),
                t("source_date", lang): [_date(d, lang) for d in near["source_date"]],
                "source_url": near["source_url"].to_numpy(),
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "source_url": st.column_config.LinkColumn(t("link", lang), display_text="↗")
        },
    )


def sources_section(lang: str) -> None:
    """The programmes and policy letters with their periods, each with its source."""
    st.subheader(t("programmes_and_periods", lang))
    listed = sorted(bundled.load_programmes(), key=lambda p: p.in_force_from, reverse=True)
    today = bundled.in_force().programme_id
    now = dt.date.today().isoformat()
    table = pd.DataFrame(
        {
            t("programme", lang): [p.title(lang) for p in listed],
            t("programme_type_col", lang): [label("programme_type", p.type, lang) for p in listed],
            t("cabinet", lang): [p.cabinet for p in listed],
            t("presented_on", lang): [fmt.date(p.presented_on, lang) for p in listed],
            t("in_force", lang): [period(p, lang) for p in listed],
            t("in_force_today", lang): [
                "●" if p.programme_id == today or (p.is_letter and p.in_force_on(now)) else ""
                for p in listed
            ],
            t("full_text_col", lang): [t("yes" if p.full_text else "no", lang) for p in listed],
            t("source", lang): [p.source for p in listed],
            "source_url": [p.source_url for p in listed],
            t("source_date", lang): [
                fmt.date(p.source_date, lang) if p.source_date else t("undated", lang)
                for p in listed
            ],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "source_url": st.column_config.LinkColumn(t("link", lang), display_text="↗")
        },
    )
    st.caption(t("programmes_sources_note", lang))


def regions_section(lang: str) -> None:
    """Every priority region once per programme or letter that names it, with its source."""
    listed = {p.programme_id: p for p in bundled.load_programmes()}
    names = {r.region_id: r.name(lang) for r in bundled.load_regions(every=True)}
    rows = bundled.region_rows()
    st.dataframe(
        pd.DataFrame(
            {
                t("region", lang): rows["region_id"].map(names).to_numpy(),
                t("programme", lang): [listed[p].title(lang) for p in rows["programme_id"]],
                t("source", lang): rows["source"].to_numpy(),
                t("source_date", lang): [_date(d, lang) for d in rows["source_date"]],
                "source_url": rows["source_url"].to_numpy(),
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "source_url": st.column_config.LinkColumn(t("link", lang), display_text="↗")
        },
    )
