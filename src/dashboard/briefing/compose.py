"""Composing a briefing: every text, figure and legend entry of the picture, in one value.

Pure: the spec, the datasets and the boundaries in, a :class:`BriefingContent` out, with
everything translated and formatted. Nothing is drawn here, and the drawing looks nothing up.
"""

from __future__ import annotations

from dataclasses import replace

import geopandas as gpd
import pandas as pd

from dashboard.briefing.content import (
    BriefingContent,
    Legend,
    MapContent,
    PostKey,
    RegionLine,
    Swatch,
)
from dashboard.briefing.figures import (
    BriefingData,
    as_of,
    indicator_title,
    key_figures,
    old_rows,
    view_rows,
    view_sources,
)
from dashboard.briefing.map_content import build_layer, country_layer, map_content
from dashboard.briefing.spec import SIZES, BriefingSpec, indicator_parts
from dashboard.domain import palette, regions
from dashboard.domain.citations import region_documents
from dashboard.maps import aid_layer
from dashboard.maps import figure as maps
from dashboard.text import fmt
from dashboard.text.i18n import label, t

# Post types are told apart by symbol, drawn in one muted colour.
POST_TYPE_COLOUR = "#52606D"
# The sources line lists publishers until it would pass this many characters (two lines),
# then says how many more there are.
SOURCES_BUDGET = 260


def resolve_layer(
    spec: BriefingSpec, units: pd.DataFrame, boundaries: gpd.GeoDataFrame, data: BriefingData
) -> tuple[str, maps.Layer]:
    """The layer key the picture shows, and the layer: the spec's, or the view's default
    (priorities; for a country, the first layer on which it stands out from its neighbours)."""
    if spec.layer is not None:
        return spec.layer, build_layer(spec.layer, spec, units, data)
    if spec.country is not None:
        return country_layer(spec, units, boundaries, data)
    return "priority", build_layer("priority", spec, units, data)


def layer_name(key: str, lang: str) -> str:
    """The name of a layer key, as the screen's layer choice names it."""
    parts = indicator_parts(key)
    if parts is not None:
        return fmt.capital(indicator_title(parts[1], lang))
    if aid_layer.is_aid(key):
        return t("layer_aid_eur", lang)
    return t(f"layer_{key}", lang)


def _region(spec: BriefingSpec, data: BriefingData) -> regions.Region | None:
    return regions.find(list(data.regions), spec.region_id) if spec.region_id else None


def _title(
    spec: BriefingSpec, boundaries: gpd.GeoDataFrame, data: BriefingData, key: str
) -> tuple[str, str]:
    lang = spec.lang
    region = _region(spec, data)
    parts = [f"{t('layer', lang)}: {layer_name(key, lang)}"]
    if spec.country:
        names = boundaries.loc[boundaries["iso3"] == spec.country, f"name_{lang}"]
        if names.empty:
            raise KeyError(f"country {spec.country!r} is not a unit on the map")
        title = names.iloc[0] if names.nunique() == 1 else t(f"brief_name_{spec.country}", lang)
        members = data.members
        in_regions = [
            r.name(lang)
            for r in data.regions
            if ((members["region_id"] == r.region_id) & (members["iso3"] == spec.country)).any()
        ]
        if region:
            in_regions = [region.name(lang)]
        if in_regions:
            parts.append(
                f"{t('regions' if len(in_regions) > 1 else 'region', lang)}: "
                f"{', '.join(in_regions)}"
            )
    elif region:
        title = region.name(lang)
        parts.append(", ".join(region_documents(region)))
    else:
        title = t("brief_world_title", lang)
    if data.programme is not None:
        parts.insert(0, t("brief_programme", lang, title=data.programme.title(lang)))
    old, dated = old_rows(view_rows(spec, data), data)
    if old:
        parts.append(t("brief_old_rows", lang, n=old, of=dated, months=data.stale_months))
    return title, " · ".join(parts)


def _legend(
    layer: maps.Layer, content_map: MapContent, posts: pd.DataFrame, lang: str, focus: bool
) -> Legend:
    entries = [Swatch(e.label, e.colour) for e in layer.legend if (layer.category == e.key).any()]
    if content_map.markers:
        entries.append(Swatch(t("brief_small_unit", lang), "#FFFFFF", "marker"))
    if focus:
        entries.append(Swatch(t("brief_focus", lang), "none", "outline"))
    if posts.empty:
        return Legend(layer.title, tuple(entries))
    statuses = tuple(
        PostKey(label("post_status", s, lang), "circle", c)
        for s, c in palette.POST_STATUS_COLOURS.items()
        if (posts["status"] == s).any()
    )
    kinds = tuple(
        PostKey(label("post_type", k, lang), symbol, POST_TYPE_COLOUR)
        for k, symbol in palette.POST_TYPE_SYMBOLS.items()
        if (posts["type"] == k).any()
    )
    return Legend(layer.title, tuple(entries), t("layer_posts", lang), statuses, kinds)


def region_lines(
    data: BriefingData, boundaries: gpd.GeoDataFrame, lang: str
) -> tuple[RegionLine, ...]:
    """Each priority region with the countries the programme names and the other members."""
    names = boundaries.drop_duplicates("iso3").set_index("iso3")[f"name_{lang}"].to_dict()
    names.update({"BES": t("brief_name_BES", lang)})
    lines = []
    for region in data.regions:
        rows = data.members[data.members["region_id"] == region.region_id]
        named, others = (
            ", ".join(sorted(names.get(i, i) for i in rows.loc[rows["role"] == role, "iso3"]))
            for role in ("named", "member")
        )
        parts = [t("brief_region_named", lang, names=named)] if named else []
        if others:
            key = "brief_region_members" if named else "brief_region_countries"
            parts.append(t(key, lang, names=others))
        lines.append(RegionLine(region.name(lang), "; ".join(parts)))
    return tuple(lines)


def sources_line(sources: list[str], lang: str, budget: int = SOURCES_BUDGET) -> str:
    """``Sources: A; B; C; and 4 more.``: as many publishers as the budget allows, whole."""
    head = f"{t('brief_sources', lang)}: "
    for shown in range(len(sources), 0, -1):
        rest = len(sources) - shown
        listed = "; ".join(sources[:shown])
        if rest:
            listed += f"; {t('brief_more', lang, n=fmt.number(rest, lang))}"
        if len(head) + len(listed) + 1 <= budget or shown == 1:
            return f"{head}{listed}."
    return f"{head}{t('brief_no_rows', lang)}."


def compose(
    spec: BriefingSpec, data: BriefingData, boundaries: gpd.GeoDataFrame
) -> BriefingContent:
    """The whole content of the briefing picture of ``spec``.

    Parameters
    ----------
    spec : BriefingSpec
        View, layer, language, page size, marking and (optionally) the "as of" date.
    data : BriefingData
        The datasets (``services.briefings.load_data``), with the indicator the layer names.
    boundaries : GeoDataFrame
        The map units (``storage.boundaries.load_boundaries("print")``).

    Returns
    -------
    BriefingContent
        Every text, figure, legend entry and map colour, ready for ``draw``.
    """
    if not spec.classification.strip():
        raise ValueError("a briefing needs its classification marking (spec.classification)")
    boundaries = boundaries.reset_index(drop=True)
    units = maps.unit_table(boundaries)
    key, layer = resolve_layer(spec, units, boundaries, data)
    spec = replace(spec, layer=key)
    lang = spec.lang
    region = _region(spec, data)
    the_map, posts = map_content(spec, units, boundaries, key, layer, region, data)
    rows = view_rows(spec, data)
    title, subtitle = _title(spec, boundaries, data, key)
    date = spec.as_of or as_of(rows)
    return BriefingContent(
        size=SIZES[spec.size],
        layer=key,
        marking=spec.classification.upper(),
        app_title=t("app_title", lang),
        title=title,
        subtitle=subtitle,
        as_of=(
            t("brief_as_of", lang, date=fmt.date(date, lang))
            if date
            else t("brief_as_of_unknown", lang)
        ),
        legend=_legend(layer, the_map, posts, lang, spec.country is not None),
        key_figures_title=t("brief_key_figures", lang),
        key_figures=tuple(key_figures(spec, data)),
        sources=sources_line(view_sources(rows, key), lang),
        disclaimer=t("brief_disclaimer", lang),
        map=the_map,
        regions_title=t("regions", lang),
        regions=(
            region_lines(data, boundaries, lang)
            if spec.region_id is None and spec.country is None
            else ()
        ),
    )
