"""The map layers: for each, a category per map unit, its legend and the hover facts.

Pure: frames in, ``maps.Layer`` out. Every layer is indexed like the unit table so the
figure, the table beside it and the exported picture show the same facts.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from dashboard.domain import joins, palette
from dashboard.maps import aid_layer as aid_eur
from dashboard.maps import network_layers
from dashboard.maps.aid_layer import AidChoice
from dashboard.maps.figure import Layer, LegendEntry
from dashboard.maps.network_layers import post_markers
from dashboard.text import fmt
from dashboard.text.i18n import label, t

# The layers a briefing picture draws; the screen has the travel advice as well.
LAYERS = ("priority", "commitments", "aid", "situation", "posts")
# Aid in euros from IATI (maps.aid_layer): built by `build` from an AidChoice, named
# `aid_eur`, or `aid_eur:<year>:<theme>` (aid_layer.key) to fix the year and the theme.
AID_EUR = aid_eur.NAME
SCREEN_LAYERS = (*LAYERS, "traveladvice", AID_EUR)


def briefing_layer(name: str) -> str | None:
    """The layer a briefing of the screen's layer ``name`` draws: the same, or ``None`` (the
    briefing's own choice) for a layer only the screen has."""
    return None if name in SCREEN_LAYERS and name not in LAYERS else name


# Countries of the Kingdom (the Netherlands, Aruba, Curaçao, Sint Maarten) and the
# Caribbean Netherlands (Bonaire, Sint Eustatius, Saba: public bodies of the Netherlands).
KINGDOM_ISO3 = frozenset({"NLD", "ABW", "CUW", "SXM", "BES"})


def _legend(colours: dict[str, str], labels: dict[str, str]) -> tuple[LegendEntry, ...]:
    return tuple(LegendEntry(k, labels[k], c) for k, c in colours.items())


def unit_sources(units: pd.DataFrame, rows: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Per unit, where its facts come from: the newest source among its ``rows`` (``iso3``,
    ``source``, ``source_url``, ``source_date``), with "+n" when more sources hold facts."""
    if not {"iso3", "source", "source_date"} <= set(rows.columns):
        rows = rows.iloc[0:0]
    rows = rows[rows["iso3"].notna()]
    if rows.empty:
        blank = pd.Series("", index=units.index, dtype=object)
        return blank, blank.copy()
    ordered = rows.sort_values("source_date", ascending=False, na_position="last", kind="stable")
    newest = ordered.drop_duplicates("iso3").set_index("iso3")
    others = ordered.groupby("iso3")["source"].nunique() - 1
    text = newest["source"] + others.reindex(newest.index).map(lambda n: f" (+{n})" if n else "")
    source = units["iso3"].map(text).fillna("")
    url = units["iso3"].map(newest.get("source_url", pd.Series(dtype=object))).fillna("")
    return source, url


def classify_priority(
    units: pd.DataFrame, members: pd.DataFrame, region_id: str | None
) -> pd.Series:
    """``kingdom``, ``named``, ``member`` or ``other`` per unit.

    In the whole-world view, a country the programme names is ``named`` and any other
    member of a priority region ``member``; with a region chosen, only its members count.
    """
    scope = members if region_id is None else members[members["region_id"] == region_id]
    named = set(scope.loc[scope["role"] == "named", "iso3"])
    member = set(scope["iso3"]) - named
    category = pd.Series("other", index=units.index, dtype=object)
    category[units["iso3"].isin(member)] = "member"
    category[units["iso3"].isin(named)] = "named"
    category[units["iso3"].isin(KINGDOM_ISO3)] = "kingdom"
    return category


def priority_layer(
    units: pd.DataFrame,
    members: pd.DataFrame,
    region_id: str | None,
    region_names: dict[str, str],
    lang: str,
    region_sources: dict[str, str] | None = None,
) -> Layer:
    category = classify_priority(units, members, region_id)
    by_iso3 = (
        members.assign(name=members["region_id"].map(region_names))
        .groupby("iso3")["name"]
        .agg(", ".join)
    )
    labels = {k: t(f"cat_{k}", lang) for k in palette.CATEGORY_COLOURS}
    hover = category.map(labels) + units["iso3"].map(by_iso3).fillna("").map(
        lambda s: f"<br>{html.escape(s)}" if s else ""
    )
    scope = members if region_id is None else members[members["region_id"] == region_id]
    sources = (
        scope.assign(source=scope["region_id"].map(region_sources or {}))
        .dropna(subset=["source"])
        .groupby("iso3")["source"]
        .agg(lambda s: "; ".join(dict.fromkeys(s)))
    )
    return Layer(
        t("layer_priority", lang),
        category,
        _legend(palette.CATEGORY_COLOURS, labels),
        hover,
        "other",
        source=units["iso3"].map(sources).astype(object).fillna(""),
        source_url=pd.Series("", index=units.index, dtype=object),
    )


# Bins of the number of commitments per country: (lowest count, key).
COMMITMENT_BINS = ((1, "1"), (2, "2-4"), (5, "5-9"), (10, "10+"))


def commitments_layer(units: pd.DataFrame, commitments: pd.DataFrame, lang: str) -> Layer:
    per_country = joins.commitments_by_country(commitments)
    count = units["iso3"].map(per_country["commitments"]).fillna(0).astype(int)
    category = pd.Series("none", index=units.index, dtype=object)
    for low, key in COMMITMENT_BINS:
        category[count >= low] = key
    instruments = per_country.drop(columns="commitments")

    def facts(iso3: str, n: int) -> str:
        if n == 0:
            return t("no_commitments", lang)
        mix = instruments.loc[iso3]
        parts = [f"{label('instrument', k, lang)} {v}" for k, v in mix[mix > 0].items()]
        return f"{n} {t('n_commitments', lang)}<br>{', '.join(parts)}"

    hover = pd.Series(
        [facts(i, n) for i, n in zip(units["iso3"], count, strict=True)], index=units.index
    )
    labels = {
        "none": t("no_commitments", lang),
        **{k: k.replace("-", "–") for _, k in COMMITMENT_BINS},
    }
    source, url = unit_sources(units, commitments)
    return Layer(
        t("layer_commitments", lang),
        category,
        _legend(palette.COMMITMENT_COLOURS, labels),
        hover,
        "none",
        source,
        url,
    )


def aid_layer(
    units: pd.DataFrame, aid_themes: pd.DataFrame, members: pd.DataFrame, lang: str
) -> Layer:
    themes = joins.themes_by_country(aid_themes, members)
    direct = themes[themes["direct"]].groupby("iso3")["theme"].agg(list)
    any_theme = themes.groupby("iso3")["theme"].agg(list)
    category = pd.Series("none", index=units.index, dtype=object)
    category[units["iso3"].isin(any_theme.index)] = "region"
    category[units["iso3"].isin(direct.index)] = "direct"
    labels = {k: t(f"aid_{k}", lang) for k in palette.AID_COLOURS}
    hover = (
        units["iso3"]
        .map(any_theme)
        .map(
            lambda ts: (
                ", ".join(label("aid_theme", x, lang) for x in ts)
                if isinstance(ts, list)
                else t("aid_none", lang)
            )
        )
    )
    source, url = unit_sources(units, joins.expand_groups(aid_themes, members))
    return Layer(
        t("layer_aid", lang),
        category,
        _legend(palette.AID_COLOURS, labels),
        hover,
        "none",
        source,
        url,
    )


def situation_layer(
    units: pd.DataFrame, situation: pd.DataFrame, lang: str, advice: pd.DataFrame | None = None
) -> Layer:
    """The situation per country; where the travel advice differs, the hover says so."""
    by_iso3 = situation.set_index("iso3")
    level = units["iso3"].map(by_iso3["level"]).astype(object).fillna("not_assessed")
    summary = units["iso3"].map(by_iso3[f"summary_{lang}"])
    assessed = units["iso3"].map(by_iso3["assessed_on"])
    hover = pd.Series(
        [
            label("level", lv, lang)
            if pd.isna(s)
            else f"{label('level', lv, lang)} ({t('assessed_on', lang)} {d})<br>{html.escape(s)}"
            for lv, s, d in zip(level, summary, assessed, strict=True)
        ],
        index=units.index,
    )
    differs = network_layers.advice_differs(units, situation, advice)
    hover = hover + [
        "" if pd.isna(c) else f"<br>{t('advice_differs', lang)}: {label('advice', c, lang)}"
        for c in differs
    ]
    labels = {k: label("level", k, lang) for k in palette.SITUATION_COLOURS}
    source, url = unit_sources(units, situation)
    return Layer(
        t("layer_situation", lang),
        level.astype(object),
        _legend(palette.SITUATION_COLOURS, labels),
        hover,
        "not_assessed",
        source,
        url,
    )


def _legend_entry(name: str, symbol: str, colour: str, group: str) -> go.Scattergeo:
    """A legend line with no points of its own (it explains the markers' shapes and colours)."""
    return go.Scattergeo(
        lon=[None],
        lat=[None],
        mode="markers",
        marker=dict(size=10, color=colour, symbol=symbol, line=dict(color="#FFFFFF", width=1)),
        name=name,
        legendgroup=group,
        showlegend=True,
        hoverinfo="skip",
    )


def build(
    name: str,
    units: pd.DataFrame,
    *,
    members: pd.DataFrame,
    region_names: dict[str, str],
    region_id: str | None,
    lang: str,
    commitments: pd.DataFrame | None = None,
    aid_themes: pd.DataFrame | None = None,
    situation: pd.DataFrame | None = None,
    region_sources: dict[str, str] | None = None,
    travel_advice: pd.DataFrame | None = None,
    aid: AidChoice | None = None,
) -> Layer:
    """The layer ``name`` for a view: the one dispatch used by the screen and the briefing.

    ``posts`` paints the priorities underneath its markers (see :func:`overlays`);
    ``traveladvice`` says so in its legend when no advice was imported. The aid layer in
    euros reads ``aid`` (nothing imported when ``None``); a key with a year and a theme
    (``aid_eur:2024:water``) sets those.
    """
    if aid_eur.is_aid(name):
        choice = aid or AidChoice(None)
        if (fixed := aid_eur.parts(name)) is not None:
            choice = AidChoice(choice.summary, *fixed)
        return aid_eur.layer(units, choice, lang)
    if name not in SCREEN_LAYERS:
        raise ValueError(f"unknown layer {name!r}; known: {', '.join(SCREEN_LAYERS)}")
    if name == "traveladvice":
        return network_layers.travel_advice_layer(units, travel_advice, lang)
    if name == "commitments":
        return commitments_layer(units, commitments, lang)
    if name == "aid":
        return aid_layer(units, aid_themes, members, lang)
    if name == "situation":
        return situation_layer(units, situation, lang, travel_advice)
    return priority_layer(units, members, region_id, region_names, lang, region_sources)


def overlays(
    name: str,
    units: pd.DataFrame,
    lang: str,
    *,
    posts: pd.DataFrame | None = None,
    situation: pd.DataFrame | None = None,
    travel_advice: pd.DataFrame | None = None,
    country_names: pd.Series | None = None,
    honorary: bool = False,
) -> tuple[go.Scattergeo, ...]:
    """The markers drawn on top of layer ``name``: the posts on ``posts`` (honorary consulates
    only with ``honorary``: they are a layer of their own), rings where parts of a country
    differ on ``traveladvice``, and on ``situation`` where it differs from the travel advice."""
    if name == "posts" and posts is not None:
        shown = posts if honorary else posts[posts["type"] != "honorary_consulate"]
        return post_markers(shown, lang, country_names)
    if name == "traveladvice":
        return network_layers.advice_parts_markers(units, travel_advice, lang)
    if name == "situation" and situation is not None:
        return network_layers.advice_differs_markers(units, situation, travel_advice, lang)
    return ()


# A country indicator (uploaded, or refreshed from a public source) as a map layer.
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
