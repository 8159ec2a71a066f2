"""The briefing picture: a finished PNG of one view, ready to paste into a note or a slide.

Pure, in two steps: :func:`compose` writes the whole content of the picture (every text,
figure, legend entry and map colour, translated and formatted) from the spec, the datasets
and the boundaries; :func:`draw` draws that content in one pass with matplotlib's Agg
canvas (no browser, no network) and looks nothing up. The map uses the same
``maps.layers`` as the screen, so categories and colours come from the one palette.

``services.briefings`` supplies the datasets and the classification marking.
"""

from __future__ import annotations

import geopandas as gpd

from dashboard.briefing.compose import compose
from dashboard.briefing.content import BriefingContent, KeyFigure
from dashboard.briefing.draw import draw, figure_texts, render_png, to_png
from dashboard.briefing.figures import BriefingData, as_of, key_figures, old_rows, view_rows
from dashboard.briefing.spec import SIZES, BriefingSpec

__all__ = [
    "SIZES",
    "BriefingContent",
    "BriefingData",
    "BriefingSpec",
    "KeyFigure",
    "as_of",
    "compose",
    "draw",
    "figure_texts",
    "key_figures",
    "old_rows",
    "render",
    "render_png",
    "to_png",
    "view_rows",
]


def render(spec: BriefingSpec, boundaries: gpd.GeoDataFrame, data: BriefingData) -> bytes:
    """The picture of ``spec`` as PNG bytes: :func:`compose`, then :func:`render_png`."""
    return render_png(compose(spec, data, boundaries), boundaries)
