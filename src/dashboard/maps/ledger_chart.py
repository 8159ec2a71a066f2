"""The Ukraine support ledger as a chart: pledged and allocated per year, delivered as a
running total, each stacked by category. Pure: the ledger in, a Vega-Lite spec out.

The bars are the sums ``domain.ledger`` forms (``new`` rows only, so a slice of an earlier
announcement is never counted twice); the delivered panel shows the running totals the
sources give as of a date, not a sum of deliveries.
"""

from __future__ import annotations

import pandas as pd

from dashboard.domain import ledger, palette
from dashboard.maps.charts import locale
from dashboard.text import fmt
from dashboard.text.i18n import label, t


def ledger_rows(frame: pd.DataFrame, lang: str) -> list[dict]:
    """One bar segment per panel, period and category: ``panel`` (1 pledged, 2 allocated,
    3 delivered), ``period`` (a year, or the date of a running total), ``category`` (its
    name), ``millions`` (euros), ``amount`` and ``rows`` (as the tooltip says them)."""
    sums = ledger.totals(frame)
    levels = ledger.stands(frame)
    panels = (
        (1, sums[sums["stage"] == "pledged"], "year"),
        (2, sums[sums["stage"] == "allocated"], "year"),
        (3, levels[levels["stage"] == "delivered"], "date"),
    )
    out = []
    for panel, rows, x_column in panels:
        for category in palette.LEDGER_COLOURS:
            part = rows[rows["category"] == category]
            for period, amount, n in zip(
                part[x_column], part["amount_eur"], part["rows"], strict=True
            ):
                out.append(
                    {
                        "panel": panel,
                        "period": fmt.date(period, lang),
                        "order": str(period),
                        "category": label("ledger_category", category, lang),
                        "millions": float(amount) / 1e6,
                        "amount": fmt.euro(amount, lang),
                        "rows": t("ledger_rows", lang, n=n),
                    }
                )
    return out


def ledger_figure(frame: pd.DataFrame, lang: str) -> dict:
    """Three panels side by side: pledged per year, allocated per year, delivered (running
    total as of its date); bars stacked by category, amounts in millions of euros, one
    amount scale for the three."""
    rows = ledger_rows(frame, lang)
    names = [label("ledger_category", c, lang) for c in palette.LEDGER_COLOURS]
    shown = [n for n in names if any(r["category"] == n for r in rows)]
    colour = {
        "field": "category",
        "type": "nominal",
        "title": None,
        "scale": {
            "domain": shown,
            "range": [
                palette.LEDGER_COLOURS[c]
                for c, n in zip(palette.LEDGER_COLOURS, names, strict=True)
                if n in shown
            ],
        },
        "sort": shown,
    }
    titles = (
        t("ledger_panel_pledged", lang),
        t("ledger_panel_allocated", lang),
        t("ledger_panel_delivered", lang),
    )

    def panel(number: int, title: str) -> dict:
        periods = sorted({(r["order"], r["period"]) for r in rows if r["panel"] == number})
        return {
            "title": {"text": title, "fontWeight": "normal", "fontSize": 14},
            "transform": [{"filter": f"datum.panel == {number}"}],
            "mark": "bar",
            "width": {"step": 44},  # a bar per period: the chart fits its column
            "height": 260,
            "encoding": {
                "x": {
                    "field": "period",
                    "type": "ordinal",
                    "sort": [p for _, p in periods],  # years, or dates, in time order
                    "title": None,
                    "axis": {"labelAngle": 0},
                },
                "y": {
                    "field": "millions",
                    "type": "quantitative",
                    "title": t("ledger_axis", lang) if number == 1 else None,
                    # One scale for the three panels: its numbers once, on the left.
                    "axis": {"format": ",d"} if number == 1 else {"labels": False, "ticks": False},
                },
                "color": colour,
                "order": {"field": "category"},
                "tooltip": [
                    {"field": "period", "title": None},
                    {"field": "category", "title": None},
                    {"field": "amount", "title": None},
                    {"field": "rows", "title": None},
                ],
            },
        }

    return {
        "data": {"values": rows},
        "hconcat": [panel(i + 1, title) for i, title in enumerate(titles)],
        "resolve": {"scale": {"y": "shared"}},
        "config": locale(lang),
    }
