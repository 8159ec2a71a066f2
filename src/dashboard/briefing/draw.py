"""Laying out the briefing picture: header, map, legend, key figures, footer.

Pure: a ``Page`` of texts plus the boundaries and the layer in, a matplotlib ``Figure`` out
(Agg canvas, DejaVu Sans, which ships with matplotlib). Sizes are written for the 1920×1080
picture and scaled with the page width, so the A4 print keeps the same proportions.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from dashboard.briefing.figures import KeyFigure
from dashboard.briefing.map_drawing import FONT, MARKERS, draw_map
from dashboard.domain import palette
from dashboard.domain.regions import Region
from dashboard.maps import figure as maps
from dashboard.text import fmt
from dashboard.text.i18n import label, t

MUTED = "#52606D"
REFERENCE_WIDTH_IN = 19.2  # the screen picture; A4 scales every size by its width


@dataclass(frozen=True)
class Page:
    """The texts of one picture and its pixel size ``(width, height, dpi)``."""

    size: tuple[int, int, int]
    lang: str
    marking: str
    app_title: str
    title: str
    subtitle: str
    as_of: str
    sources: list[str]
    key_figures: list[KeyFigure]


class _Sheet:
    """A figure measured in points of the reference (screen) picture, origin top left."""

    def __init__(self, size: tuple[int, int, int]):
        width, height, dpi = size
        self.fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
        self.canvas = FigureCanvasAgg(self.fig)
        self.renderer = self.canvas.get_renderer()
        self._widths: dict[tuple[str, float, str], float] = {}
        self.scale = (width / dpi) / REFERENCE_WIDTH_IN
        self.w_pt = width / dpi * 72 / self.scale  # page size in reference points
        self.h_pt = height / dpi * 72 / self.scale

    def xy(self, x_pt: float, y_pt: float) -> tuple[float, float]:
        """Figure fraction of a point ``x_pt`` from the left, ``y_pt`` from the top."""
        return x_pt / self.w_pt, 1 - y_pt / self.h_pt

    def text(self, x_pt, y_pt, s, size, weight="normal", colour=palette.TEXT, **kw):
        x, y = self.xy(x_pt, y_pt)
        return self.fig.text(
            x,
            y,
            s,
            fontsize=size * self.scale,
            fontweight=weight,
            color=colour,
            family=FONT,
            va=kw.pop("va", "top"),
            **kw,
        )

    def width_pt(self, s: str, size: float, weight="normal") -> float:
        """Width of ``s`` set in ``size`` reference points, in reference points.

        Summed from cached word widths (kerning across a space is nil), so wrapping a long
        sources line costs one measurement per distinct word.
        """
        words = s.split(" ")
        space = self._word_width(" ", size, weight)
        return sum(self._word_width(w, size, weight) for w in words) + space * (len(words) - 1)

    def _word_width(self, word: str, size: float, weight: str) -> float:
        key = (word, size, weight)
        if key not in self._widths:
            prop = FontProperties(family=FONT, size=size * self.scale, weight=weight)
            w, _, _ = self.renderer.get_text_width_height_descent(word, prop, ismath=False)
            self._widths[key] = w * 72 / self.fig.dpi / self.scale
        return self._widths[key]

    def wrap(
        self, s: str, width_pt: float, size: float, weight="normal", max_lines: int = 0
    ) -> list[str]:
        """Greedy word wrap by measured width; the last allowed line ends in "…" if cut."""
        lines: list[str] = []
        for word in s.split():
            if lines and self.width_pt(f"{lines[-1]} {word}", size, weight) <= width_pt:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        if max_lines and len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = lines[-1].rstrip(",;") + " …"
        return lines

    def rect(self, x_pt, y_pt, w_pt, h_pt, colour, edge=palette.TEXT, lw=0.6):
        x, y = self.xy(x_pt, y_pt + h_pt)
        self.fig.add_artist(
            Rectangle(
                (x, y),
                w_pt / self.w_pt,
                h_pt / self.h_pt,
                transform=self.fig.transFigure,
                facecolor=colour,
                edgecolor=edge,
                linewidth=lw * self.scale,
            )
        )

    def marker(self, x_pt, y_pt, marker, colour, size, filled=True, edge=palette.TEXT):
        x, y = self.xy(x_pt, y_pt)
        self.fig.add_artist(
            Line2D(
                [x],
                [y],
                transform=self.fig.transFigure,
                marker=marker,
                markersize=size * self.scale,
                linestyle="none",
                markerfacecolor=colour if filled else "none",
                markeredgecolor=edge if filled else colour,
                markeredgewidth=1.2 * self.scale,
            )
        )


MARGIN = 40.0  # reference points
LINE = 1.3  # line height, times the font size


def draw(
    page: Page,
    boundaries: gpd.GeoDataFrame,
    layer: maps.Layer,
    region: Region | None,
    country: str | None,
    posts: pd.DataFrame | None,
) -> Figure:
    """The whole picture; see ``briefing.render_png`` for what each part is."""
    sheet = _Sheet(page.size)
    lang = page.lang
    top = _header(sheet, page)
    bottom = _footer(sheet, page)
    panel_x = sheet.w_pt * 0.675
    map_box = (MARGIN, top, panel_x - 24 - MARGIN, sheet.h_pt - bottom - top)
    units = maps.unit_table(boundaries)
    marked, posts_shown = draw_map(
        sheet, map_box, boundaries, units, layer, region, country, posts, lang
    )
    y = _legend(sheet, panel_x, top, layer, country, posts_shown, lang, marked)
    _figures(sheet, panel_x, y + 18, page.key_figures, lang)
    return sheet.fig


def _header(sheet: _Sheet, page: Page) -> float:
    sheet.text(sheet.w_pt / 2, 10, page.marking.upper(), 12, "bold", ha="center")
    sheet.text(MARGIN, 34, page.app_title, 12, colour=MUTED)
    sheet.text(
        sheet.w_pt - MARGIN,
        34,
        t("brief_as_of", page.lang, date=_long_date(page.as_of, page.lang)),
        14,
        "bold",
        ha="right",
    )
    sheet.text(MARGIN, 54, page.title, 28, "bold")
    y = 54 + 28 * LINE + 4
    for line in sheet.wrap(page.subtitle, sheet.w_pt - 2 * MARGIN, 14, max_lines=2):
        sheet.text(MARGIN, y, line, 14, colour=MUTED)
        y += 14 * LINE
    return y + 14


def _long_date(value: str, lang: str) -> str:
    return fmt.date(value, lang) if value else "?"


def _footer(sheet: _Sheet, page: Page) -> float:
    """Sources, disclaimer and marking, stacked up from the bottom; returns the footer's height."""
    lang = page.lang
    width = sheet.w_pt - 2 * MARGIN
    lines = [(line, 11, palette.TEXT) for line in _sources_lines(sheet, page.sources, lang, width)]
    lines += [
        (line, 10.5, MUTED) for line in sheet.wrap(t("boundary_disclaimer", lang), width, 10.5)
    ]
    baseline = sheet.h_pt - 10 - 12 * LINE - 6
    baselines = []
    for _, size, _ in reversed(lines):
        baselines.append(baseline)
        baseline -= size * LINE
    for (line, size, colour), y in zip(lines, reversed(baselines), strict=True):
        sheet.text(MARGIN, y, line, size, colour=colour, va="baseline")
    sheet.text(
        sheet.w_pt / 2,
        sheet.h_pt - 10,
        page.marking.upper(),
        12,
        "bold",
        ha="center",
        va="baseline",
    )
    return sheet.h_pt - baseline + 12


def _sources_lines(sheet: _Sheet, sources: list[str], lang: str, width: float) -> list[str]:
    """The sources, as many as fit on two lines, then "and N more"; then the boundaries."""
    head = f"{t('brief_sources', lang)}: "
    tail = f" · {t('brief_boundaries', lang)}."
    for shown in range(len(sources), 0, -1):
        rest = len(sources) - shown
        listed = "; ".join(sources[:shown]) + (f"; {t('brief_more', lang, n=rest)}" if rest else "")
        lines = sheet.wrap(head + listed + tail, width, 11)
        if len(lines) <= 2:
            return lines
    return sheet.wrap(head + tail.lstrip(" ·"), width, 11)


# --- legend and key figures -------------------------------------------------------------


def _legend(sheet, x, y, layer, country, posts, lang, marked: int) -> float:
    sheet.text(x, y, layer.title, 15, "bold")
    y += 15 * LINE + 6
    present = [e for e in layer.legend if (layer.category == e.key).any()]
    for entry in present:
        sheet.rect(x, y, 18, 13, entry.colour, edge="#8A939B")
        sheet.text(x + 28, y - 1, entry.label, 12)
        y += 20
    if marked:
        sheet.marker(x + 9, y + 7, "o", "#FFFFFF", 8)
        sheet.text(x + 28, y - 1, t("brief_small_unit", lang), 12)
        y += 20
    if country is not None:
        sheet.rect(x, y, 18, 13, "none", edge=palette.TEXT, lw=2.2)
        sheet.text(x + 28, y - 1, t("brief_focus", lang), 12)
        y += 20
    if posts is not None and not posts.empty:
        y += 6
        sheet.text(x, y, t("layer_posts", lang), 13, "bold")
        y += 13 * LINE + 4
        # Two columns: the status (colour) on the left, the type (symbol) on the right.
        statuses = [s for s in palette.POST_STATUS_COLOURS if (posts["status"] == s).any()]
        kinds = [k for k in palette.POST_TYPE_SYMBOLS if (posts["type"] == k).any()]
        for row, status in enumerate(statuses):
            sheet.marker(
                x + 9, y + 7 + row * 20, "o", palette.POST_STATUS_COLOURS[status], 9, edge="#FFFFFF"
            )
            sheet.text(x + 28, y - 1 + row * 20, label("post_status", status, lang), 12)
        for row, kind in enumerate(kinds):
            marker, filled = MARKERS[palette.POST_TYPE_SYMBOLS[kind]]
            sheet.marker(x + 209, y + 7 + row * 20, marker, MUTED, 9, filled, edge="#FFFFFF")
            sheet.text(x + 228, y - 1 + row * 20, label("post_type", kind, lang), 12)
        y += 20 * max(len(statuses), len(kinds))
    return y


def _figures(sheet, x, y, figures: list[KeyFigure], lang: str) -> None:
    width = sheet.w_pt - MARGIN - x
    sheet.text(x, y, t("brief_key_figures", lang), 15, "bold")
    y += 15 * LINE + 8
    value_w = 92
    for fig in figures[:5]:
        stacked = sheet.width_pt(fig.value, 24, "bold") > value_w - 8
        sheet.text(x, y - 3, fig.value, 24, "bold", colour=palette.CATEGORY_COLOURS["named"])
        tx, ty = (x, y + 24 * LINE) if stacked else (x + value_w, y)
        tw = width - (tx - x)
        for line in sheet.wrap(fig.label, tw, 12.5, max_lines=3):
            sheet.text(tx, ty, line, 12.5)
            ty += 12.5 * LINE
        for line in sheet.wrap(fig.source, tw, 10.5, max_lines=2):
            sheet.text(tx, ty, line, 10.5, colour=MUTED)
            ty += 10.5 * LINE
        y = max(ty, y + 24 * LINE) + 12
