"""The comparison view's parts: the pair of programmes (in the URL), the regions that gained
or lost priority, and the goals per region and theme side by side, each with its citation."""

from __future__ import annotations

from typing import Literal

import pandas as pd
import streamlit as st

from dashboard.domain import compare, programmes
from dashboard.storage import bundled
from dashboard.text import fmt
from dashboard.text.i18n import label, t
from dashboard.web import core as web
from dashboard.web import programmes as web_programmes
from dashboard.web import tables

BadgeColour = Literal["green", "orange", "blue", "red", "gray"]
BADGE_COLOURS: dict[str, BadgeColour] = {
    "added": "green",
    "gained": "green",
    "changed": "orange",
    "kept": "blue",
    "dropped": "red",
    "lost": "red",
    "not_found": "gray",
}


def pair(lang: str) -> tuple[programmes.Programme, programmes.Programme]:
    """The two programmes compared, kept in the URL as ``?from=…&to=…``; by default the one
    in force today and the one before it."""
    choices = {p.programme_id: p for p in bundled.choosable_programmes()}
    ids = list(choices)  # newest first

    def name(pid: str) -> str:
        p = choices[pid]
        return f"{p.cabinet}: {label('programme_type', p.type, lang)}"

    left, right = st.columns(2)
    with left:
        earlier = web.url_choice(
            t("compare_from", lang), ids, "from", name, ids[1] if len(ids) > 1 else ids[0]
        )
    with right:
        later = web.url_choice(t("compare_to", lang), ids, "to", name, ids[0])
    return choices[earlier or ids[-1]], choices[later or ids[0]]


def side(programme: programmes.Programme) -> compare.Side:
    return compare.Side(
        programme.programme_id, programme.full_text, bundled.view_ids(programme.programme_id)
    )


def region_names(lang: str) -> dict[str, str]:
    names = {r.region_id: r.name(lang) for r in bundled.load_regions(every=True)}
    names[compare.NO_REGION] = t("no_region", lang)
    for group in ("global", "multilateral"):  # here a heading
        names[group] = fmt.capital(label("group", group, lang))
    return names


def caveat(later: programmes.Programme, lang: str) -> None:
    if not later.full_text:
        st.warning(
            t("compare_not_full_text", lang, title=later.title(lang)), icon=":material/info:"
        )


def regions_table(earlier: programmes.Programme, later: programmes.Programme, lang: str) -> None:
    """Each region of either programme: gained, kept, lost or not found."""
    before = {r.region_id for r in bundled.load_regions(earlier.programme_id)}
    after = {r.region_id for r in bundled.load_regions(later.programme_id)}
    changes = compare.region_changes(before, after, later.full_text)
    names = region_names(lang)
    order = list(names)
    st.dataframe(
        pd.DataFrame(
            {
                t("region", lang): [names[r] for r in sorted(changes, key=order.index)],
                t("change", lang): [
                    t(f"change_{changes[r]}", lang) for r in sorted(changes, key=order.index)
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )


def _goal(row: pd.Series, lang: str) -> None:
    where = row["iso3"] if isinstance(row["iso3"], str) else ""
    text = row[f"description_{lang}"]
    st.markdown(web_programmes.plain(f"{where}: {text}" if where else text))
    date = row["source_date"]
    shown = t("undated", lang) if pd.isna(date) else fmt.date(date, lang)
    st.caption(f"{tables.link(row['source'], row['source_url'])} · {shown}")


def goals(
    commitments: pd.DataFrame,
    earlier: programmes.Programme,
    later: programmes.Programme,
    lang: str,
) -> pd.DataFrame:
    """Per region, the goals of both programmes per theme side by side; returns the table."""
    commitments = bundled.attribute(commitments)
    table = compare.goal_changes(commitments, side(earlier), side(later))
    by_id = commitments.set_index("commitment_id")
    names = region_names(lang)
    order = list(names)
    for region in sorted(
        table["region"].unique(), key=lambda r: order.index(r) if r in order else 99
    ):
        rows = table[table["region"] == region]
        counts = rows["status"].value_counts()
        summary = ", ".join(
            f"{t(f'goal_{s}', lang)} {counts[s]}" for s in compare.STATUSES if s in counts
        )
        with st.expander(f"{names.get(region, region)} · {summary}"):
            head = st.columns([1, 2, 2])
            head[1].markdown(f"**{web_programmes.plain(earlier.title(lang))}**")
            head[2].markdown(f"**{web_programmes.plain(later.title(lang))}**")
            for row in rows.itertuples():
                with st.container(border=True):
                    cells = st.columns([1, 2, 2])
                    cells[0].markdown(
                        f"**{web_programmes.plain(label('commitment_theme', row.theme, lang))}**"
                    )
                    with cells[0]:
                        st.badge(t(f"goal_{row.status}", lang), color=BADGE_COLOURS[row.status])
                    for cell, ids in ((cells[1], row.before), (cells[2], row.after)):
                        with cell:
                            for commitment_id in ids:
                                _goal(by_id.loc[commitment_id], lang)
    return table
