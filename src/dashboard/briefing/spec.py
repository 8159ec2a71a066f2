"""The briefing picture: a finished PNG of one view, ready to paste into a note or a slide.

Pure: frames in, bytes out (matplotlib's Agg canvas, no browser, no network). The map uses
the same ``maps.Layer`` as the screen (built by ``layers``), so categories and colours come
from the one palette; the geometry is the print detail of the one boundary source.
What the picture says besides the map (key figures, sources, date) is in
``briefing_figures``; how it is laid out is in ``briefing_draw``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
from matplotlib.figure import Figure

from dashboard import settings
from dashboard.briefing import draw as briefing_draw
from dashboard.briefing.figures import (
    BriefingData,
    KeyFigure,
    as_of,
    key_figures,
    view_rows,
    view_sources,
)
from dashboard.domain import regions
from dashboard.maps import figure as maps
from dashboard.maps import layers
from dashboard.text.i18n import LANGUAGES, t

__all__ = [
    "BriefingData",
    "BriefingSpec",
    "KeyFigure",
    "SIZES",
    "as_of",
    "compose_figure",
    "figure_texts",
    "key_figures",
    "render_png",
    "to_png",
    "view_layer",
    "view_rows",
    "view_sources",
]

# Pixel size and resolution of each picture size: a full-HD slide, and A4 landscape at 300 dpi.
SIZES: dict[str, tuple[int, int, int]] = {"screen": (1920, 1080, 100), "a4": (3508, 2480, 300)}

_ISO3 = re.compile(r"^[A-Z]{3}$")


def classification_marking(lang: str) -> str:
    """The marking from the setting ``DASHBOARD_CLASSIFICATION`` (``nl-text|en-text``)."""
    value = settings.get("DASHBOARD_CLASSIFICATION")
    nl, _, en = value.partition("|")
    return (en or nl) if lang == "en" else nl


@dataclass(frozen=True)
class BriefingSpec:
    """What one briefing picture shows.

    Parameters
    ----------
    region_id : str, optional
        A priority region (one of ``BriefingData.regions``); the whole world when omitted.
    country : str, optional
        ISO 3166-1 alpha-3 code of the focus country (outlined on the map).
    layer : str
        One of ``layers.LAYERS``.
    lang : {"nl", "en"}
    size : {"screen", "a4"}
        1920×1080 px, or A4 landscape at 300 dpi (3508×2480 px).
    classification : str, optional
        The marking printed top and bottom; from ``DASHBOARD_CLASSIFICATION`` when omitted.
    """

    region_id: str | None = None
    country: str | None = None
    layer: str = "priority"
    lang: str = "nl"
    size: str = "screen"
    classification: str | None = None

    def __post_init__(self) -> None:
        if self.layer not in layers.LAYERS:
            raise ValueError(f"layer must be one of {', '.join(layers.LAYERS)}, not {self.layer!r}")
        if self.lang not in LANGUAGES:
            raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {self.lang!r}")
        if self.size not in SIZES:
            raise ValueError(f"size must be one of {', '.join(SIZES)}, not {self.size!r}")
        if self.country is not None and not _ISO3.match(self.country):
            raise ValueError(f"country must be an ISO3 code such as UKR, not {self.country!r}")

    @property
    def marking(self) -> str:
        return self.classification or classification_marking(self.lang)

    @property
    def view(self) -> str:
        """The view's short name: the country code, the region id, or ``world``."""
        return (self.country or "").lower() or self.region_id or "world"

    def file_name(self) -> str:
        return f"briefing-{self.view}-{self.layer}-{self.lang}.png"


def view_layer(spec: BriefingSpec, units: pd.DataFrame, data: BriefingData) -> maps.Layer:
    """The map layer of the view, built as the screen builds it (``posts`` paints priorities)."""
    return layers.build(
        spec.layer,
        units,
        members=data.members,
        region_names={r.region_id: r.name(spec.lang) for r in data.regions},
        region_id=spec.region_id,
        lang=spec.lang,
        commitments=data.commitments,
        aid_themes=data.aid_themes,
        situation=data.situation,
    )


def _region(spec: BriefingSpec, data: BriefingData) -> regions.Region | None:
    return regions.find(list(data.regions), spec.region_id) if spec.region_id else None


def _title(spec: BriefingSpec, boundaries: gpd.GeoDataFrame, data: BriefingData) -> tuple[str, str]:
    lang = spec.lang
    region = _region(spec, data)
    parts = [f"{t('layer', lang)}: {t(f'layer_{spec.layer}', lang)}"]
    if spec.country:
        names = boundaries.loc[boundaries["iso3"] == spec.country, f"name_{lang}"]
        if names.empty:
            raise KeyError(f"country {spec.country!r} is not a unit on the map")
        title = names.iloc[0] if len(names) == 1 else _joined_name(spec.country, lang)
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
        parts.append(region.source.split(",")[0] + ", " + region.source.split(",")[1].strip())
    else:
        title = _WORLD_TITLE[lang]
    return title, " · ".join(parts)


_WORLD_TITLE = {
    "nl": "Prioritaire regio's van het regeerprogramma",
    "en": "Priority regions of the government programme",
}
_JOINED = {"BES": ("Caribisch Nederland", "Caribbean Netherlands")}


def _joined_name(iso3: str, lang: str) -> str:
    nl, en = _JOINED.get(iso3, (iso3, iso3))
    return nl if lang == "nl" else en


def compose_figure(
    spec: BriefingSpec,
    boundaries: gpd.GeoDataFrame,
    layer: maps.Layer,
    key_figures: list[KeyFigure],
    sources: list[str],
    as_of: str,
    data: BriefingData,
) -> Figure:
    """The briefing as a matplotlib figure (not yet rendered); see :func:`render_png`."""
    if len(layer.category) != len(boundaries):
        raise ValueError(
            f"layer has {len(layer.category)} units, boundaries {len(boundaries)}: "
            "build the layer from maps.unit_table(boundaries)"
        )
    title, subtitle = _title(spec, boundaries, data)
    region = _region(spec, data)
    return briefing_draw.draw(
        briefing_draw.Page(
            size=SIZES[spec.size],
            lang=spec.lang,
            marking=spec.marking,
            app_title=t("app_title", spec.lang),
            title=title,
            subtitle=subtitle,
            as_of=as_of,
            sources=sources,
            key_figures=key_figures,
        ),
        boundaries.reset_index(drop=True),
        layer,
        region,
        spec.country,
        data.posts if spec.layer == "posts" else None,
    )


def render_png(
    spec: BriefingSpec,
    boundaries: gpd.GeoDataFrame,
    layer: maps.Layer,
    key_figures: list[KeyFigure],
    sources: list[str],
    as_of: str,
    data: BriefingData,
) -> bytes:
    """Draw the briefing picture of ``spec`` as PNG bytes.

    Parameters
    ----------
    spec : BriefingSpec
        View, layer, language, size and marking.
    boundaries : GeoDataFrame
        The map units, ``geo.load_boundaries("print")``.
    layer : maps.Layer
        Built from ``maps.unit_table(boundaries)`` (e.g. by :func:`view_layer`).
    key_figures : list of KeyFigure
        From :func:`key_figures`; three to five are shown.
    sources : list of str
        Short names of the data sources (:func:`view_sources`); the boundary source is added.
    as_of : str
        The date the picture is current as of (``YYYY-MM-DD``; :func:`as_of`).
    data : BriefingData
        The datasets of the view: regions and members for the title, posts to mark when
        ``spec.layer == "posts"``.

    Returns
    -------
    bytes
        A PNG of 1920×1080 (``screen``) or 3508×2480 (``a4``) pixels, without a timestamp.
    """
    return to_png(compose_figure(spec, boundaries, layer, key_figures, sources, as_of, data))


def to_png(fig: Figure) -> bytes:
    """``fig`` as PNG bytes at its own resolution, with no software tag or timestamp."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi, metadata={"Software": None})
    return buffer.getvalue()


def figure_texts(fig: Figure) -> list[str]:
    """Every text drawn on ``fig`` (the figure's and its axes'), in drawing order."""
    found = list(fig.texts)
    for ax in fig.axes:
        found += ax.texts
    return [a.get_text() for a in found]


def briefing(
    spec: BriefingSpec,
    boundaries: gpd.GeoDataFrame,
    data: BriefingData,
    as_of_date: str | None = None,
) -> bytes:
    """The whole chain for one view: layer, key figures, sources, date, picture."""
    units = maps.unit_table(boundaries.reset_index(drop=True))
    rows = view_rows(spec, data)
    return render_png(
        spec,
        boundaries,
        view_layer(spec, units, data),
        key_figures(spec, data),
        view_sources(rows, spec.layer),
        as_of_date or as_of(rows),
        data,
    )
