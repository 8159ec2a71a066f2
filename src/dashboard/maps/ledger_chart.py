"""The Ukraine support ledger as a chart: pledged and allocated per year, delivered as a
running total, each stacked by category. Pure: the ledger in, a plotly figure out.

The bars are the sums ``domain.ledger`` forms (``new`` rows only, so a slice of an earlier
announcement is never counted twice); the delivered panel shows the running totals the
sources give as of a date, not a sum of deliveries.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.domain import ledger, palette
from dashboard.text import fmt
from dashboard.text.i18n import label, t

# Plotly's separators: the decimal mark, then the thousands separator.
_SEPARATORS = {"nl": ",.", "en": ".,"}


def ledger_figure(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Three panels side by side: pledged per year, allocated per year, delivered (running
    total as of its date); bars stacked by category, amounts in millions of euros."""
    sums = ledger.totals(frame)
    levels = ledger.stands(frame)
    titles = (
        t("ledger_panel_pledged", lang),
        t("ledger_panel_allocated", lang),
        t("ledger_panel_delivered", lang),
    )
    fig = make_subplots(rows=1, cols=3, shared_yaxes=True, subplot_titles=titles)
    shown: set[str] = set()
    panels = (
        (1, sums[sums["stage"] == "pledged"], "year"),
        (2, sums[sums["stage"] == "allocated"], "year"),
        (3, levels[levels["stage"] == "delivered"], "date"),
    )
    for col, rows, x_column in panels:
        for category, colour in palette.LEDGER_COLOURS.items():
            part = rows[rows["category"] == category]
            if part.empty:
                continue
            name = label("ledger_category", category, lang)
            x = [fmt.date(v, lang) for v in part[x_column]]
            fig.add_trace(
                go.Bar(
                    x=x,
                    y=part["amount_eur"] / 1e6,
                    name=name,
                    marker_color=colour,
                    legendgroup=category,
                    showlegend=category not in shown,
                    customdata=[
                        (name, fmt.euro(a, lang), t("ledger_rows", lang, n=n))
                        for a, n in zip(part["amount_eur"], part["rows"], strict=True)
                    ],
                    hovertemplate="%{x} · %{customdata[0]}<br>%{customdata[1]}"
                    " (%{customdata[2]})<extra></extra>",
                ),
                row=1,
                col=col,
            )
            shown.add(category)
    fig.update_layout(
        barmode="stack",
        height=360,
        margin=dict(l=0, r=0, t=40, b=0),
        separators=_SEPARATORS.get(lang, ",."),
        legend=dict(orientation="h", y=-0.15),
    )
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickformat=",d")
    fig.update_yaxes(title_text=t("ledger_axis", lang), row=1, col=1)
    return fig
