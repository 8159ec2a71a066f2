"""Drawing the briefing picture in one pass: header, map, legend, key figures, footer.

Pure drawing: a composed :class:`BriefingContent` and the boundaries in, a matplotlib
``Figure`` (or PNG bytes) out. It looks nothing up: every text arrives written out.

The page is laid out around the map. On a landscape page the map fills the left and the
legend and key figures stand in a panel on the right; the world map, whose shape is fixed,
takes the full height when the panel keeps its minimum width, and its legend moves under it
when there is room. On a portrait page the map spans the width, with the legend and the key
figures side by side under it. Texts are wrapped, never cut; when the panel would overflow,
its type is set smaller (down to ``MIN_FIT``) instead.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from matplotlib.figure import Figure

from dashboard.briefing.content import BriefingContent, KeyFigure, Legend
from dashboard.briefing.map_drawing import draw_map, world_aspect
from dashboard.briefing.sheet import LINE, MUTED, Sheet
from dashboard.domain import palette

MARGIN = 40.0  # reference points
GAP = 24.0
PANEL_MIN = 360.0  # narrowest panel beside the map (landscape)
PANEL_SHARE = 0.3  # the panel's share of the width beside a zoomed map
VALUE_W = 92.0  # the widest column of key-figure values
MIN_FIT = 0.72  # the smallest the panel's type is set to make it fit
VALUE_COLOUR = palette.CATEGORY_COLOURS["named"]


@dataclass(frozen=True)
class _Plan:
    map_box: tuple[float, float, float, float]
    legend: tuple[float, float, float, int]  # x, y, width, columns
    figures: tuple[float, float, float, int]  # x, y, width, columns
    k: float  # type scale of legend and key figures
    regions: tuple[float, float, float] | None = None  # x, y, width of the regions, if shown


def draw(content: BriefingContent, boundaries) -> Figure:
    """The whole picture of ``content`` (see ``render_png``)."""
    sheet = Sheet(content.size)
    top = _header(sheet, content)
    footer_top = _footer(sheet, content)
    body = (MARGIN, top, sheet.w_pt - 2 * MARGIN, footer_top - 14 - top)
    plan = _plan(sheet, content, body)
    draw_map(sheet, plan.map_box, content.map, boundaries)
    _legend(sheet, content.legend, *plan.legend, k=plan.k)
    _figures(sheet, content, *plan.figures, k=plan.k)
    if plan.regions is not None:
        _regions(sheet, content, *plan.regions, k=plan.k)
    return sheet.fig


def render_png(content: BriefingContent, boundaries) -> bytes:
    """The picture of ``content`` as PNG bytes: 1920×1080 (``screen``), or A4 at 300 dpi
    (3508×2480 landscape, 2480×3508 portrait), without a timestamp."""
    return to_png(draw(content, boundaries))


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


# --- layout -----------------------------------------------------------------------------


def _fit(fits: Callable[[float], bool], largest: float = 1.0) -> float:
    """The largest type scale (``largest``, then 4% smaller … down to ``MIN_FIT``) at which
    ``fits``."""
    k = largest
    while k > MIN_FIT and not fits(k):
        k = round(k - 0.04, 2)
    return max(k, MIN_FIT)


class _Measure:
    """Heights of the legend and the key figures at a width, a number of columns, a scale."""

    def __init__(self, sheet: Sheet, content: BriefingContent):
        self.sheet, self.content = sheet, content

    def legend(self, width: float, columns: int, k: float) -> float:
        return _legend(self.sheet, self.content.legend, 0, 0, width, columns, k, dry=True)

    def figures(self, width: float, columns: int, k: float) -> float:
        return _figures(self.sheet, self.content, 0, 0, width, columns, k, dry=True)


def _plan(sheet: Sheet, content: BriefingContent, body) -> _Plan:
    x, y, w, h = body
    m = _Measure(sheet, content)
    if content.map.extent is None:
        return _world_plan(sheet, m, body)
    if sheet.portrait:
        legend_w = 0.38 * w
        figures_w = w - GAP - legend_w

        def band(k: float) -> float:
            return max(m.legend(legend_w, 1, k), m.figures(figures_w, 1, k))

        map_h = min(max(h - GAP - band(1.0) - 1, 0.45 * h), 1.2 * w)
        k = _fit(lambda k: band(k) <= h - map_h - GAP)
        below = y + map_h + GAP
        return _Plan(
            (x, y, w, map_h), (x, below, legend_w, 1), (x + legend_w + GAP, below, figures_w, 1), k
        )
    panel_w = max(PANEL_MIN, PANEL_SHARE * w)
    map_w = w - GAP - panel_w
    panel_x = x + map_w + GAP
    k = _fit(lambda k: m.legend(panel_w, 1, k) + 18 * k + m.figures(panel_w, 1, k) <= h)
    below = y + m.legend(panel_w, 1, k) + 18 * k
    return _Plan((x, y, map_w, h), (panel_x, y, panel_w, 1), (panel_x, below, panel_w, 1), k)


def _world_plan(sheet: Sheet, m: _Measure, body) -> _Plan:
    """The world map keeps its shape, so the page is arranged around it. Three arrangements
    are tried and the one with the largest map wins: the panel beside the map (the legend
    under the map when there is room), the key figures in a row under the map with the
    legend beside it, and the map across the page with legend and key figures under it."""
    x, y, w, h = body
    aspect = world_aspect()
    n = max(1, len(m.content.key_figures))
    found: list[tuple[float, _Plan]] = []

    if not sheet.portrait:
        panel_w = PANEL_MIN
        map_w = w - GAP - panel_w
        map_h = min(h, map_w / aspect)
        panel_x = x + map_w + GAP
        if m.legend(map_w, 2, 1.0) <= h - map_h - GAP:
            k = _fit(lambda k: m.figures(panel_w, 1, k) <= h)
            legend = (x, y + map_h + GAP, map_w, 2)
            figures = (panel_x, y, panel_w, 1)
        else:
            k = _fit(lambda k: m.legend(panel_w, 1, k) + 18 * k + m.figures(panel_w, 1, k) <= h)
            legend = (panel_x, y, panel_w, 1)
            figures = (panel_x, y + m.legend(panel_w, 1, k) + 18 * k, panel_w, 1)
        found.append((map_w * map_h * k, _Plan((x, y, map_w, map_h), legend, figures, k)))

        band = m.figures(w, n, 1.0)
        map_w = min((h - band - GAP) * aspect, w - GAP - PANEL_MIN * 0.75)
        map_h = map_w / aspect
        legend_w = w - GAP - map_w
        if m.legend(legend_w, 1, 1.0) <= map_h:
            plan = _Plan(
                (x, y, map_w, map_h),
                (x + map_w + GAP, y, legend_w, 1),
                (x, y + map_h + GAP, w, n),
                1.0,
            )
            found.append((map_w * map_h, plan))

    legend_w = (0.38 if sheet.portrait else 0.25) * w
    figures_w = w - GAP - legend_w
    columns = (
        1 if sheet.portrait else min(range(1, n + 1), key=lambda c: m.figures(figures_w, c, 1.0))
    )

    def band_h(k: float) -> float:
        return max(m.legend(legend_w, 1, k), m.figures(figures_w, columns, k))

    map_h = min(h - band_h(1.0) - GAP, w / aspect)
    room = h - map_h - GAP
    k = _fit(lambda k: band_h(k) <= room)

    # A page taller than the world map needs (a note page) lists the regions under it, and
    # sets the type as large as the page allows.
    def with_regions(k: float) -> float:
        return band_h(k) + GAP + _regions(sheet, m.content, 0, 0, w, k, dry=True)

    show_regions = sheet.portrait and bool(m.content.regions) and with_regions(k) <= room
    if show_regions:
        k = _fit(lambda k: with_regions(k) <= room, largest=1.25)
    below = y + map_h + GAP
    plan = _Plan(
        (x, y, map_h * aspect, map_h),
        (x, below, legend_w, 1),
        (x + legend_w + GAP, below, figures_w, columns),
        k,
        (x, below + band_h(k) + GAP, w) if show_regions else None,
    )
    found.append((map_h * map_h * aspect * k, plan))
    return max(found, key=lambda f: f[0])[1]


# --- header and footer ------------------------------------------------------------------


def _header(sheet: Sheet, content: BriefingContent) -> float:
    """Marking, product, date, title and subtitle; returns the ``y`` below them."""
    width = sheet.w_pt - 2 * MARGIN
    sheet.text(sheet.w_pt / 2, 10, content.marking, 12, "bold", ha="center")
    sheet.text(MARGIN, 34, content.app_title, 12, colour=MUTED)
    sheet.text(sheet.w_pt - MARGIN, 34, content.as_of, 14, "bold", ha="right")
    y = sheet.lines(MARGIN, 54, sheet.wrap(content.title, width, 28, "bold"), 28, "bold")
    y = sheet.lines(MARGIN, y + 4, sheet.wrap(content.subtitle, width, 14), 14, colour=MUTED)
    return y + 14


def _footer(sheet: Sheet, content: BriefingContent) -> float:
    """Sources, the boundary disclaimer and the marking, stacked up from the bottom; returns
    the ``y`` of the footer's top."""
    width = sheet.w_pt - 2 * MARGIN
    lines = [(line, 11.0, palette.TEXT) for line in sheet.wrap(content.sources, width, 11)]
    lines += [(line, 10.5, MUTED) for line in sheet.wrap(content.disclaimer, width, 10.5)]
    baseline = sheet.h_pt - 10 - 12 * LINE - 6
    baselines = []
    for _, size, _ in reversed(lines):
        baselines.append(baseline)
        baseline -= size * LINE
    for (line, size, colour), y in zip(lines, reversed(baselines), strict=True):
        sheet.text(MARGIN, y, line, size, colour=colour, va="baseline")
    sheet.text(
        sheet.w_pt / 2, sheet.h_pt - 10, content.marking, 12, "bold", ha="center", va="baseline"
    )
    return baseline


# --- legend and key figures -------------------------------------------------------------


def _legend(
    sheet: Sheet,
    legend: Legend,
    x: float,
    y: float,
    width: float,
    columns: int,
    k: float,
    dry: bool = False,
) -> float:
    """Draw the legend (``dry``: only measure it); returns its height."""
    start = y
    if not dry:
        sheet.text(x, y, legend.title, 15 * k, "bold")
    y += 15 * k * LINE + 6 * k
    size, step = 12 * k, 20 * k
    per_column = -(-len(legend.entries) // columns) if legend.entries else 0
    column_w = (width - 16 * (columns - 1)) / columns
    bottom = y
    for i, entry in enumerate(legend.entries):
        col, row_y = divmod(i, per_column) if per_column else (0, 0)
        if row_y == 0:
            ey = y
        ex = x + col * (column_w + 16)
        wrapped = sheet.wrap(entry.label, column_w - 28 * k, size)
        if not dry:
            if entry.kind == "marker":
                sheet.marker(ex + 9 * k, ey + 7 * k, "circle", entry.colour, 8 * k)
            elif entry.kind == "outline":
                sheet.rect(ex, ey, 18 * k, 13 * k, "none", edge=palette.TEXT, lw=2.2 * k)
            else:
                sheet.rect(ex, ey, 18 * k, 13 * k, entry.colour, edge="#8A939B")
            sheet.lines(ex + 28 * k, ey - 1 * k, wrapped, size)
        ey += max(step, len(wrapped) * size * LINE + 4 * k)
        bottom = max(bottom, ey)
    y = bottom
    if legend.post_statuses or legend.post_types:
        y += 6 * k
        if not dry:
            sheet.text(x, y, legend.posts_title, 13 * k, "bold")
        y += 13 * k * LINE + 4 * k
        half = width / 2
        for offset, keys in ((0.0, legend.post_statuses), (half, legend.post_types)):
            for row, key in enumerate(keys):
                if not dry:
                    edge = "#FFFFFF"
                    sheet.marker(
                        x + offset + 9 * k,
                        y + 7 * k + row * step,
                        key.symbol,
                        key.colour,
                        9 * k,
                        edge=edge,
                    )
                    sheet.text(x + offset + 28 * k, y - 1 * k + row * step, key.label, size)
        y += step * max(len(legend.post_statuses), len(legend.post_types))
    return y - start


def _figures(
    sheet: Sheet,
    content: BriefingContent,
    x: float,
    y: float,
    width: float,
    columns: int,
    k: float,
    dry: bool = False,
) -> float:
    """Draw the key figures (``dry``: only measure them), row by row in ``columns``; returns
    their height. Every line of every label and source is drawn: nothing is cut."""
    start = y
    if not dry:
        sheet.text(x, y, content.key_figures_title, 15 * k, "bold")
    y += 15 * k * LINE + 8 * k
    column_w = (width - GAP * (columns - 1)) / columns
    figures = content.key_figures
    # The values' column is as wide as the widest value that fits in it; wider ones stand
    # above their label.
    widths = [sheet.width_pt(f.value, 24 * k, "bold") for f in figures]
    fitting = [w for w in widths if w <= (VALUE_W - 8) * k]
    value_w = max(fitting, default=0) + 14 * k
    for row in range(0, len(figures), columns):
        bottom = y
        for col, figure in enumerate(figures[row : row + columns]):
            fx = x + col * (column_w + GAP)
            bottom = max(bottom, _figure(sheet, figure, fx, y, column_w, value_w, k, dry))
        y = bottom + 12 * k
    return y - start


def _figure(
    sheet: Sheet,
    figure: KeyFigure,
    x: float,
    y: float,
    width: float,
    value_w: float,
    k: float,
    dry: bool,
) -> float:
    """One key figure: the value, and beside it (or above, when the value is wide or the
    column narrow) its label and source; returns the ``y`` below it."""
    value_size, label_size, source_size = 24 * k, 12.5 * k, 10.5 * k
    stacked = (
        sheet.width_pt(figure.value, value_size, "bold") > value_w - 14 * k
        or width - value_w < 180 * k
    )
    if not dry:
        sheet.text(x, y - 3 * k, figure.value, value_size, "bold", colour=VALUE_COLOUR)
    tx, ty = (x, y + value_size * LINE) if stacked else (x + value_w, y)
    tw = width - (tx - x)
    label_lines = sheet.wrap(figure.label, tw, label_size)
    source_lines = sheet.wrap(figure.source, tw, source_size)
    if dry:
        ty += len(label_lines) * label_size * LINE + len(source_lines) * source_size * LINE
    else:
        ty = sheet.lines(tx, ty, label_lines, label_size)
        ty = sheet.lines(tx, ty, source_lines, source_size, colour=MUTED)
    return max(ty, y + value_size * LINE)


def _regions(
    sheet: Sheet,
    content: BriefingContent,
    x: float,
    y: float,
    width: float,
    k: float = 1.0,
    dry: bool = False,
) -> float:
    """The priority regions and their countries (``dry``: only measure); returns the height."""
    start = y
    if not dry:
        sheet.text(x, y, content.regions_title, 15 * k, "bold")
    y += 15 * k * LINE + 6 * k
    name_size, countries_size = 12.5 * k, 11.5 * k
    for line in content.regions:
        name = sheet.wrap(line.name, width, name_size, "bold")
        countries = sheet.wrap(line.countries, width, countries_size)
        if dry:
            y += len(name) * name_size * LINE + len(countries) * countries_size * LINE
        else:
            y = sheet.lines(x, y, name, name_size, "bold")
            y = sheet.lines(x, y, countries, countries_size, colour=MUTED)
        y += 8 * k
    return y - start
