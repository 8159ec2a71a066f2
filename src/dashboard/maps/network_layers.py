"""Map layers of the post network and the travel advice.

Pure: frames in, ``Layer``s and marker traces out. The posts are markers (colour: status;
shape: type), each colour and each shape with its own legend entry. The travel advice paints
the countries in the ministry's colour codes, with a marker where parts of a country carry
another colour. The coverage layer paints the priority countries by how the network holds them.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from dashboard.domain import network, palette
from dashboard.maps.figure import Layer, LegendEntry
from dashboard.text import fmt
from dashboard.text.i18n import label, t


def _key(name: str, symbol: str, colour: str, group: str, open_symbol: bool = False):
    """A legend entry with no point on the map: the key to a colour or a shape."""
    return go.Scattergeo(
        lon=[None],
        lat=[None],
        mode="markers",
        marker=dict(
            size=10,
            symbol=symbol,
            color=colour,
            line=dict(color=colour if open_symbol else "#FFFFFF", width=1.5 if open_symbol else 1),
        ),
        name=name,
        legendgroup=group,
        showlegend=True,
        hoverinfo="skip",
    )


# plotly's numbers for the post symbols: an array of small numbers travels in far fewer bytes
# than one of names (the figure goes over the websocket on every load).
_SYMBOL_NUMBERS = {
    "circle": 0,
    "square": 1,
    "diamond": 2,
    "triangle-up": 5,
    "star": 17,
    "circle-open": 100,
    "square-open": 101,
    "diamond-open": 102,
}


def post_markers(
    posts: pd.DataFrame, lang: str, country_names: pd.Series | None = None
) -> tuple[go.Scattergeo, ...]:
    """The posts with coordinates as markers, and a legend entry for every colour and shape.

    One trace per status (its colour; clicking its legend entry hides or shows those posts);
    the shape of each marker is its type (``palette.POST_TYPE_SYMBOLS``), keyed in the legend
    in a neutral colour. A post without coordinates is not drawn (the post page lists it).
    """
    placed = posts[posts["lat"].notna() & posts["lon"].notna()]
    names = country_names if country_names is not None else pd.Series(dtype=object)
    traces = []
    for status, colour in palette.POST_STATUS_COLOURS.items():
        rows = placed[placed["status"] == status]
        if rows.empty:
            continue
        facts = [
            [
                html.escape(str(city), quote=False),
                html.escape(str(names.get(iso3, iso3)), quote=False),
                html.escape(str(name), quote=False),
                label("post_type", kind, lang)
                + (f" · {fmt.date(d, lang)}" if isinstance(d, str) and d else ""),
            ]
            for city, iso3, name, kind, d in zip(
                rows["city"],
                rows["iso3"],
                rows[f"name_{lang}"],
                rows["type"],
                rows["status_date"],
                strict=True,
            )
        ]
        name = f"{t('posts_here', lang)}: {label('post_status', status, lang)}"
        traces.append(
            go.Scattergeo(
                lon=rows["lon"].round(2).astype("float32"),
                lat=rows["lat"].round(2).astype("float32"),
                mode="markers",
                marker=dict(
                    size=9,
                    color=colour,
                    symbol=[_SYMBOL_NUMBERS[palette.POST_TYPE_SYMBOLS[k]] for k in rows["type"]],
                    line=dict(color="#FFFFFF", width=1),
                ),
                customdata=facts,
                hovertemplate="<b>%{customdata[0]}</b> · %{customdata[1]}<br>%{customdata[2]}"
                f"<br>%{{customdata[3]}} · {label('post_status', status, lang)}<extra></extra>",
                name=name,
                legendgroup=f"posts-{status}",
                showlegend=False,
            )
        )
        traces.append(_key(name, "circle", colour, f"posts-{status}"))
    for kind, symbol in palette.POST_TYPE_SYMBOLS.items():
        if (placed["type"] == kind).any():
            traces.append(
                _key(
                    label("post_type", kind, lang).capitalize(),
                    symbol,
                    palette.POST_SHAPE_KEY,
                    f"type-{kind}",
                    open_symbol=symbol.endswith("-open"),
                )
            )
    return tuple(traces)


# --- travel advice ------------------------------------------------------------------------------


def advice_text(row: pd.Series | None, lang: str) -> str:
    """One country's travel advice in words (HTML-escaped), or that none was imported."""
    if row is None:
        return t("advice_none", lang)
    colour = row["colour"] if isinstance(row["colour"], str) else "unknown"
    parts = f" · {t('advice_parts_differ', lang)}" if bool(row["parts_differ"]) else ""
    changed = t("advice_changed_on", lang, date=fmt.date(row["changed_on"], lang))
    return f"{label('advice', colour, lang)}{parts}<br>{changed}"


def travel_advice_layer(units: pd.DataFrame, advice: pd.DataFrame | None, lang: str) -> Layer:
    """Each unit in the colour code of its travel advice (``none`` where there is no advice).

    Without any imported advice every unit is ``none`` and the legend says so.
    """
    by_iso3 = (advice if advice is not None else _no_advice()).set_index("iso3")
    colour = units["iso3"].map(by_iso3["colour"])
    known = units["iso3"].isin(by_iso3.index)
    category = pd.Series("none", index=units.index, dtype=object)
    category[known] = colour[known].where(colour[known].isin(network.ADVICE_COLOURS), "unknown")
    hover = pd.Series(
        [advice_text(by_iso3.loc[i] if i in by_iso3.index else None, lang) for i in units["iso3"]],
        index=units.index,
    )
    labels = {k: label("advice", k, lang) for k in palette.ADVICE_COLOURS}
    if advice is None or advice.empty:
        labels["none"] = t("advice_not_imported", lang)
    legend = tuple(
        LegendEntry(k, labels[k], c)
        for k, c in palette.ADVICE_COLOURS.items()
        if k != "unknown" or (category == "unknown").any()
    )
    return Layer(t("layer_traveladvice", lang), category, legend, hover, "none")


def advice_parts_markers(
    units: pd.DataFrame, advice: pd.DataFrame | None, lang: str
) -> tuple[go.Scattergeo, ...]:
    """A ring on every unit where parts of the country carry another colour code."""
    if advice is None or advice.empty:
        return ()
    differ = set(advice.loc[advice["parts_differ"].astype(bool), "iso3"])
    rows = units[units["iso3"].isin(differ)]
    if rows.empty:
        return ()
    name = t("advice_parts_differ", lang).capitalize()
    return (
        go.Scattergeo(
            lon=rows["lon"].round(2),
            lat=rows["lat"].round(2),
            mode="markers",
            marker=dict(
                size=11,
                symbol="circle-open-dot",
                color=palette.ADVICE_PARTS_MARKER,
                line=dict(width=2, color=palette.ADVICE_PARTS_MARKER),
            ),
            text=[html.escape(str(n)) for n in rows[f"name_{lang}"]],
            hovertemplate=f"<b>%{{text}}</b><br>{name}<extra></extra>",
            name=name,
            showlegend=True,
        ),
    )


def advice_differs(
    units: pd.DataFrame, situation: pd.DataFrame, advice: pd.DataFrame | None
) -> pd.Series:
    """Per unit: the advice's colour where the situation level differs from it, else NA."""
    if advice is None or advice.empty:
        return pd.Series(pd.NA, index=units.index, dtype=object)
    level = units["iso3"].map(situation.set_index("iso3")["level"])
    colour = units["iso3"].map(advice.set_index("iso3")["colour"])
    differs = [network.advice_differs(lv, c) for lv, c in zip(level, colour, strict=True)]
    return colour.where(pd.Series(differs, index=units.index), pd.NA).astype(object)


def advice_differs_markers(
    units: pd.DataFrame, situation: pd.DataFrame, advice: pd.DataFrame | None, lang: str
) -> tuple[go.Scattergeo, ...]:
    """On the situation layer: a marker where our reading differs from the travel advice."""
    colour = advice_differs(units, situation, advice)
    rows = units[colour.notna()]
    if rows.empty:
        return ()
    name = t("advice_differs", lang)
    text = [
        f"<b>{html.escape(str(n))}</b><br>{name}: {label('advice', c, lang)}"
        for n, c in zip(rows[f"name_{lang}"], colour[colour.notna()], strict=True)
    ]
    return (
        go.Scattergeo(
            lon=rows["lon"].round(2),
            lat=rows["lat"].round(2),
            mode="markers",
            marker=dict(
                size=10,
                symbol="x-thin-open",
                color=palette.ADVICE_DIFFERS_MARKER,
                line=dict(width=2.5, color=palette.ADVICE_DIFFERS_MARKER),
            ),
            text=text,
            hovertemplate="%{text}<extra></extra>",
            name=name,
            showlegend=True,
        ),
    )


def _no_advice() -> pd.DataFrame:
    return pd.DataFrame(columns=["iso3", "colour", "parts_differ", "changed_on", "url"])


# --- coverage risk ------------------------------------------------------------------------------


def coverage_category(ranked: pd.DataFrame) -> pd.Series:
    """Per priority country (indexed by iso3): its level, or ``closing`` when an announced
    closure takes away its own post."""
    closing = (ranked["level"] == "resident") & (ranked["level_after_closures"] != "resident")
    return ranked["level"].where(~closing, "closing").set_axis(ranked["iso3"])


def coverage_layer(units: pd.DataFrame, ranked: pd.DataFrame, hover: pd.Series, lang: str) -> Layer:
    """The priority countries by how the network holds them; ``hover`` is indexed by iso3."""
    category = units["iso3"].map(coverage_category(ranked)).fillna("other").astype(object)
    text = units["iso3"].map(hover).fillna(t("coverage_not_priority", lang))
    labels = {k: label("coverage", k, lang) for k in palette.COVERAGE_COLOURS}
    legend = tuple(
        LegendEntry(k, labels[k], c)
        for k, c in palette.COVERAGE_COLOURS.items()
        if k == "other" or (category == k).any()
    )
    return Layer(t("layer_coverage", lang), category, legend, text, "other")
