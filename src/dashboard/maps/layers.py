"""The map layers: for each, a category per map unit, its legend and the hover facts.

Pure: frames in, ``maps.Layer`` out. Every layer is indexed like the unit table so the
figure, the table beside it and the exported picture show the same facts.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.domain import freshness, joins, palette
from dashboard.maps import aid_layer as aid_eur
from dashboard.maps import network_layers
from dashboard.maps.aid_layer import AidChoice
from dashboard.maps.figure import Layer, LegendEntry, unit_sources
from dashboard.maps.network_layers import post_markers
from dashboard.text.i18n import label, t

# The layers a briefing picture draws, as the screen does (which has the aid in euros too).
LAYERS = ("priority", "commitments", "aid", "situation", "posts", "traveladvice")
# Aid in euros from IATI (maps.aid_layer): built by `build` from an AidChoice, named
# `aid_eur`, or `aid_eur:<year>:<theme>` (aid_layer.key) to fix the year and the theme.
AID_EUR = aid_eur.NAME
SCREEN_LAYERS = (*LAYERS, AID_EUR)


def briefing_layer(name: str) -> str | None:
    """The layer a briefing of the screen's layer ``name`` draws: the same, or ``None`` (the
    briefing's own choice) for a layer only the screen has."""
    return None if name in SCREEN_LAYERS and name not in LAYERS else name


# Countries of the Kingdom (the Netherlands, Aruba, Curaçao, Sint Maarten) and the
# Caribbean Netherlands (Bonaire, Sint Eustatius, Saba: public bodies of the Netherlands).
KINGDOM_ISO3 = frozenset({"NLD", "ABW", "CUW", "SXM", "BES"})


def _legend(colours: dict[str, str], labels: dict[str, str]) -> tuple[LegendEntry, ...]:
    return tuple(LegendEntry(k, labels[k], c) for k, c in colours.items())


def classify_priority(
    units: pd.DataFrame,
    members: pd.DataFrame,
    region_id: str | None,
    neighbours: pd.DataFrame | None = None,
) -> pd.Series:
    """``kingdom``, ``named``, ``member``, ``neighbour`` or ``other`` per unit.

    In the whole-world view, a country the programme names is ``named`` and any other
    member of a priority region ``member``; with a region chosen, only its members count.
    A ``neighbour`` is shown beside a region without being part of it (no priority).
    """
    scope = members if region_id is None else members[members["region_id"] == region_id]
    named = set(scope.loc[scope["role"] == "named", "iso3"])
    member = set(scope["iso3"]) - named
    category = pd.Series("other", index=units.index, dtype=object)
    if neighbours is not None:
        near = neighbours if region_id is None else neighbours[neighbours["region_id"] == region_id]
        category[units["iso3"].isin(set(near["iso3"]))] = "neighbour"
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
    neighbours: pd.DataFrame | None = None,
) -> Layer:
    category = classify_priority(units, members, region_id, neighbours)
    by_iso3 = (
        members.assign(name=members["region_id"].map(region_names))
        .groupby("iso3")["name"]
        .agg(", ".join)
    )
    if neighbours is not None and not neighbours.empty:
        near = neighbours.assign(
            name=[
                t("neighbour_of", lang, region=region_names.get(r, r), source=s)
                for r, s in zip(neighbours["region_id"], neighbours["source"], strict=True)
            ]
        )
        by_iso3 = pd.concat([by_iso3, near.groupby("iso3")["name"].agg(", ".join)])
        by_iso3 = by_iso3[~by_iso3.index.duplicated()]
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


def _old_counts(rows: pd.DataFrame, today: dt.date | None, months: int) -> pd.Series:
    """Per iso3, how many of its rows have an old source (empty without ``today``)."""
    if today is None or rows.empty:
        return pd.Series(dtype=int)
    old = rows[freshness.old_mask(rows["source_date"], today, months)]
    return old.groupby("iso3").size()


def commitments_layer(
    units: pd.DataFrame,
    commitments: pd.DataFrame,
    lang: str,
    today: dt.date | None = None,
    stale_months: int = 12,
) -> Layer:
    per_country = joins.commitments_by_country(commitments)
    old = _old_counts(commitments[commitments["iso3"].notna()], today, stale_months)
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
        stale = int(old.get(iso3, 0))
        note = f"<br>{t('old_rows_here', lang, n=stale, months=stale_months)}" if stale else ""
        return f"{n} {t('n_commitments', lang)}<br>{', '.join(parts)}{note}"

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
    units: pd.DataFrame,
    situation: pd.DataFrame,
    lang: str,
    advice: pd.DataFrame | None = None,
    today: dt.date | None = None,
    stale_months: int = 12,
) -> Layer:
    """The situation per country; the hover says where the travel advice differs, and (with
    ``today``) that an assessment is more than ``stale_months`` old."""
    by_iso3 = situation.set_index("iso3")
    level = units["iso3"].map(by_iso3["level"]).astype(object).fillna("not_assessed")
    summary = units["iso3"].map(by_iso3[f"summary_{lang}"])
    assessed = units["iso3"].map(by_iso3["assessed_on"])
    old = t("old_source", lang, months=stale_months)

    def facts(lv: str, s: Any, d: Any) -> str:
        if pd.isna(s):
            return label("level", lv, lang)
        mark = f" · {old}" if today and freshness.is_old(d, today, stale_months) else ""
        head = f"{label('level', lv, lang)} ({t('assessed_on', lang)} {d}{mark})"
        return f"{head}<br>{html.escape(str(s))}"

    hover = pd.Series(
        [facts(lv, s, d) for lv, s, d in zip(level, summary, assessed, strict=True)],
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
    neighbours: pd.DataFrame | None = None,
    today: dt.date | None = None,
    stale_months: int = 12,
    aid: AidChoice | None = None,
) -> Layer:
    """The layer ``name`` for a view: the one dispatch used by the screen and the briefing.

    ``posts`` paints the priorities underneath its markers (see :func:`overlays`);
    ``traveladvice`` says so in its legend when no advice was imported; ``today`` marks old rows.
    The aid layer in euros reads ``aid`` (nothing imported when ``None``); a key with a year
    and a theme (``aid_eur:2024:water``) sets those.
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
        return commitments_layer(units, commitments, lang, today, stale_months)
    if name == "aid":
        return aid_layer(units, aid_themes, members, lang)
    if name == "situation":
        return situation_layer(units, situation, lang, travel_advice, today, stale_months)
    return priority_layer(units, members, region_id, region_names, lang, region_sources, neighbours)


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
