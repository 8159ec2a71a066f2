"""Tables and source lines as the pages show them: long texts wrap, sources are links.

Data text is never interpreted: in a table cell it is text, and where a line of markdown is
needed for a link, the text is escaped first (:func:`md_escape`).
"""

from __future__ import annotations

import html
import re

import pandas as pd
import streamlit as st

from dashboard.maps import figure as maps
from dashboard.text.i18n import t

# Rows tall enough for four lines of a wrapped description.
ROW_HEIGHT = 84
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")
_URL = re.compile(r"^https?://[^\s]+$")


def md_escape(text: object) -> str:
    """``text`` with every markdown character escaped, so it shows as written."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def link(text: object, url: object) -> str:
    """A markdown link to an http(s) ``url`` with ``text`` escaped; the text alone otherwise."""
    shown = md_escape(text)
    return f"[{shown}]({url})" if isinstance(url, str) and _URL.match(url) else shown


def source_line(lead: str, row: pd.Series, lang: str) -> None:
    """A caption: ``lead`` · the row's source, linked to its ``source_url``."""
    st.caption(f"{md_escape(lead)} · {link(row['source'], row.get('source_url'))}")


def _columns(lang: str) -> dict[str, str]:
    return {
        "description": t("description", lang),
        "instrument": t("instrument", lang),
        "amount": t("amount", lang),
        "period": t("period", lang),
        "status": t("status", lang),
        "source": t("source", lang),
        "source_date": t("source_date", lang),
    }


def commitments_dataframe(table: pd.DataFrame, lang: str, aimed_at: str | None = None) -> None:
    """Commitments (``views.commitments_table``): descriptions and sources wrap, the source
    is a link; the ``aimed_at`` column is shown under that heading when given."""
    names = _columns(lang) | ({"aimed_at": aimed_at} if aimed_at else {})
    st.dataframe(
        table.rename(columns=names),
        hide_index=True,
        width="stretch",
        row_height=ROW_HEIGHT,
        column_config={
            names["description"]: st.column_config.TextColumn(width="large"),
            names["source"]: st.column_config.TextColumn(width="medium"),
            "source_url": st.column_config.LinkColumn(t("link", lang), display_text="↗"),
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
    with st.expander(f"{t('countries_in_view', lang)} ({len(table)})", expanded=expanded):
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            row_height=ROW_HEIGHT,
            column_config={
                layer.title: st.column_config.TextColumn(width="large"),
                t("source", lang): st.column_config.TextColumn(width="medium"),
                "source_url": st.column_config.LinkColumn(t("link", lang), display_text="↗"),
            },
        )
