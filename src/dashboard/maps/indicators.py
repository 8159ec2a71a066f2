"""A country indicator (uploaded, or refreshed from a public source) as a map layer: five
classes of one numeric column, countries without a value left blank."""

from __future__ import annotations

import pandas as pd

from dashboard.domain import palette
from dashboard.maps.figure import Layer, LegendEntry, unit_sources
from dashboard.text import fmt
from dashboard.text.i18n import t

INDICATOR_PREFIX = "indicator:"


def indicator_key(dataset: str, column: str) -> str:
    return f"{INDICATOR_PREFIX}{dataset}:{column}"


def indicator_columns(frame: pd.DataFrame) -> list[str]:
    """The numeric value columns of an indicator (not its ``*_year`` companions)."""
    skip = {"iso3", "source", "source_url", "source_date"}
    return [
        c
        for c in frame.columns
        if c not in skip and not c.endswith("_year") and pd.api.types.is_numeric_dtype(frame[c])
    ]


def indicator_layer(
    units: pd.DataFrame, frame: pd.DataFrame, column: str, title: str, lang: str
) -> Layer:
    """Countries in five classes of ``column`` (quantiles of the countries with a value).

    Countries without a value are ``no_value``: blank, never filled with an estimate.
    """
    values = frame.dropna(subset=[column]).drop_duplicates("iso3").set_index("iso3")[column]
    value = units["iso3"].map(values)
    keys = list(palette.INDICATOR_COLOURS)[:-1]
    category = pd.Series("no_value", index=units.index, dtype=object)
    labels = {"no_value": t("no_value", lang)}
    if not values.empty:
        edges = values.quantile([i / len(keys) for i in range(len(keys) + 1)]).to_numpy()
        for i, key in enumerate(keys):
            low, high = edges[i], edges[i + 1]
            inside = (value >= low) & ((value <= high) if i == len(keys) - 1 else (value < high))
            category[inside.fillna(False)] = key
            labels[key] = (
                f"{fmt.number(low, lang, _decimals(low))} – "
                f"{fmt.number(high, lang, _decimals(high))}"
            )
    year_column = f"{column}_year"
    years = (
        units["iso3"].map(frame.drop_duplicates("iso3").set_index("iso3")[year_column])
        if year_column in frame.columns
        else pd.Series(pd.NA, index=units.index)
    )
    hover = pd.Series(
        [
            t("no_value", lang)
            if pd.isna(v)
            else fmt.number(v, lang, _decimals(v)) + (f" ({int(y)})" if pd.notna(y) else "")
            for v, y in zip(value, years, strict=True)
        ],
        index=units.index,
    )
    used = [k for k in palette.INDICATOR_COLOURS if k in labels]
    legend = tuple(LegendEntry(k, labels[k], palette.INDICATOR_COLOURS[k]) for k in used)
    source, url = unit_sources(units, frame.dropna(subset=[column]))
    return Layer(title, category, legend, hover, "no_value", source, url)


def _decimals(value: float) -> int:
    return 0 if abs(value) >= 100 or float(value).is_integer() else 2
