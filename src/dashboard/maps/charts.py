"""Charts beside the maps, as Vega-Lite specifications: pure, frames in, plain dicts out.

Vega-Lite rather than plotly: Streamlit draws it with its Vega chunk (a sixth of its plotly
chunk), so a page whose map is drawn by the light geo bundle (``web/geomap``) does not load
the whole of plotly.js for a bar chart. :func:`locale` writes numbers the page's way.
"""

from __future__ import annotations

import pandas as pd

from dashboard.domain import palette

# How Vega writes numbers in each language (d3-format's locale definition).
_NUMBER_LOCALES = {
    "nl": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€\u00a0", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]},
}


def locale(lang: str) -> dict:
    """The chart configuration of ``lang``: its number format (fonts and colours are the
    page's, from Streamlit's chart theme), the legend under the chart."""
    return {
        "locale": {"number": _NUMBER_LOCALES.get(lang, _NUMBER_LOCALES["nl"])},
        "legend": {"orient": "bottom"},
    }


def instrument_bars(mix: pd.DataFrame, value_label: str, lang: str) -> dict:
    """Horizontal bars of ``mix`` (``instrument``, ``commitments``), largest on top."""
    rows = [
        {"instrument": str(i), "commitments": int(n)}
        for i, n in zip(mix["instrument"], mix["commitments"], strict=True)
    ]
    return {
        "data": {"values": rows},
        "mark": {"type": "bar", "color": palette.PRIMARY},
        "height": {"step": 34},  # a band per instrument, however many
        "encoding": {
            "y": {"field": "instrument", "type": "nominal", "sort": "-x", "title": None},
            "x": {
                "field": "commitments",
                "type": "quantitative",
                "title": value_label,
                "axis": {"format": "d", "tickMinStep": 1},
            },
            "tooltip": [
                {"field": "instrument", "type": "nominal", "title": None},
                {"field": "commitments", "type": "quantitative", "title": value_label},
            ],
        },
        "config": locale(lang),
    }
