"""Tables and source lines as the pages show them: long texts wrap, sources are links.

Data text is never interpreted: in a table cell it is text, and where a line of markdown is
needed for a link, the text is escaped first (``safety.plain``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
from collections.abc import Iterator

import pandas as pd
import streamlit as st

from dashboard import settings
from dashboard.domain import checks, freshness
from dashboard.maps import figure as maps
from dashboard.text import fmt
from dashboard.text.i18n import t
from dashboard.web.safety import plain

# Rows tall enough for six lines of a wrapped description or source.
ROW_HEIGHT = 116


def height_for(rows: int, most: int = 8) -> int:
    """Pixels for a table showing ``rows`` rows of :data:`ROW_HEIGHT` (at most ``most``,
    then it scrolls), its header included."""
    return 38 + min(max(rows, 1), most) * ROW_HEIGHT


def _remember_open(key: str) -> None:
    st.session_state[f"{key}__open"] = bool(st.session_state.get(key))


@contextlib.contextmanager
def on_demand(label: str, key: str, expanded: bool = False) -> Iterator[bool]:
    """An expander whose content is built and sent only while it is open: yields whether it
    is. Opening it reruns the page; a closed one costs the browser nothing (a table is the
    heaviest element a page draws, and one under the map would hold up the map's drawing).

    It stays open or closed when its label changes (a count in it, after a layer change):
    Streamlit makes a new expander of a new label, which starts as the last one was left.
    """
    box = st.expander(
        label,
        expanded=st.session_state.get(f"{key}__open", expanded),
        key=key,
        on_change=_remember_open,
        args=(key,),
    )
    with box:
        yield bool(box.open)


def link(text: object, url: object) -> str:
    """A markdown link to an http(s) ``url`` with ``text`` escaped; the text alone otherwise."""
    shown = plain(text)
    if isinstance(url, str) and checks.web_address(url.strip()):
        return f"[{shown}]({url.strip()})"
    return shown


def source_line(lead: str, row: pd.Series, lang: str) -> None:
    """A caption: ``lead`` · the row's source, linked to its ``source_url``."""
    st.caption(f"{plain(lead)} · {link(row['source'], row.get('source_url'))}")


def _columns(lang: str) -> dict[str, str]:
    return {
        "description": t("description", lang),
        "instrument": t("instrument", lang),
        "amount": t("amount", lang),
        "period": t("period", lang),
        "status": t("status", lang),
        "source": t("source", lang),
    }


def freshness_marks(dates: pd.Series, lang: str) -> list[str]:
    """Per source date: "⚠ older than 12 months" (``DASHBOARD_STALE_MONTHS``), "undated",
    or empty."""
    months = settings.get_int("DASHBOARD_STALE_MONTHS")
    old = freshness.old_mask(dates, dt.date.today(), months)
    return [
        f"⚠ {t('old_row', lang, months=months)}"
        if o
        else (t("undated", lang) if pd.isna(d) else "")
        for d, o in zip(dates, old, strict=True)
    ]


def commitments_dataframe(table: pd.DataFrame, lang: str, aimed_at: str | None = None) -> None:
    """Commitments (``views.commitments_table``): descriptions and sources wrap, the source
    is a link; the ``aimed_at`` column is shown under that heading when given."""
    names = _columns(lang) | ({"aimed_at": aimed_at} if aimed_at else {})
    # The source and its date in one column (the table then fits the page); an old source
    # says so, an undated one too.
    marks = freshness_marks(table["source_date"], lang)
    dated = table.assign(
        source=[
            " · ".join(filter(None, [source, fmt.date(date, lang) if date else "", mark]))
            for source, date, mark in zip(
                table["source"], table["source_date"].fillna(""), marks, strict=True
            )
        ]
    ).drop(columns="source_date")
    st.dataframe(
        dated.rename(columns=names),
        hide_index=True,
        width="stretch",
        height=height_for(len(dated)),
        row_height=ROW_HEIGHT,
        column_config={
            # Widths that add up to the page's width at 1440 px: nothing hides off to the right.
            names.get("aimed_at", "aimed_at"): st.column_config.TextColumn(width=130),
            names["description"]: st.column_config.TextColumn(width=210 if aimed_at else 340),
            names["instrument"]: st.column_config.TextColumn(width=95),
            names["amount"]: st.column_config.TextColumn(width=65),
            names["period"]: st.column_config.TextColumn(width=80),
            names["status"]: st.column_config.TextColumn(width=110),
            names["source"]: st.column_config.TextColumn(width=240),
            "source_url": st.column_config.LinkColumn(t("link", lang), display_text="↗", width=40),
        },
    )


def layer_table(units: pd.DataFrame, layer: maps.Layer, lang: str, expanded: bool = False) -> None:
    """The facts of the map as a table: every highlighted unit, its category, details and
    the source of its facts, linked."""
    shown = layer.category != layer.background
    labels = {e.key: e.label for e in layer.legend}
    blank = pd.Series("", index=units.index, dtype=object)
    source = layer.source if layer.source is not None else blank
    url = layer.source_url if layer.source_url is not None else blank
    table = pd.DataFrame(
        {
            t("country", lang): units.loc[shown, f"name_{lang}"],
            "ISO": units.loc[shown, "unit_id"],
            t("category", lang): layer.category[shown].map(labels),
            layer.title: layer.hover[shown]
            .str.replace("<br>", " · ", regex=False)
            .str.replace(r"<[^>]+>", "", regex=True)
            .map(html.unescape),
            t("source", lang): source[shown],
            "source_url": url[shown],
        }
    ).sort_values(t("country", lang))
    label = f"{t('countries_in_view', lang)} ({len(table)})"
    with on_demand(label, "countries_in_view", expanded) as opened:
        if not opened:
            return
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            height=height_for(len(table)),
            row_height=ROW_HEIGHT,
            column_config={
                layer.title: st.column_config.TextColumn(width="large"),
                t("source", lang): st.column_config.TextColumn(width="medium"),
                "source_url": st.column_config.LinkColumn(t("link", lang), display_text="↗"),
            },
        )
