"""Charts beside the maps, as plotly figures: pure, frames in, figures out."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.domain import palette


def instrument_bars(mix: pd.DataFrame, value_label: str) -> go.Figure:
    """Horizontal bars of ``mix`` (``instrument``, ``commitments``), largest on top."""
    fig = go.Figure(
        go.Bar(
            x=mix["commitments"],
            y=mix["instrument"],
            orientation="h",
            marker_color=palette.PRIMARY,
            name=value_label,
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_layout(
        height=90 + 40 * max(len(mix), 1),
        margin=dict(l=0, r=0, t=10, b=0),
        xaxis_title=value_label,
        yaxis=dict(autorange="reversed"),
        showlegend=False,
    )
    return fig
