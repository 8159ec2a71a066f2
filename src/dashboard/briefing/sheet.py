"""The page a briefing is drawn on: a matplotlib figure measured in reference points.

Sizes are written for the 1920×1080 slide (19.2 inches wide at 100 dpi) and scaled with the
page, so A4 keeps the same proportions; an A4 page in portrait uses the type size of A4 in
landscape. Text is measured with the renderer that draws it, so wrapping is exact.
"""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from dashboard.domain import palette

FONT = "DejaVu Sans"
MUTED = "#52606D"
REFERENCE_WIDTH_IN = 19.2  # the slide; a landscape page scales every size by its width
LINE = 1.3  # line height, times the font size

# plotly's symbols (palette.POST_TYPE_SYMBOLS) as matplotlib markers: (marker, filled).
MARKERS = {
    "circle": ("o", True),
    "diamond": ("D", True),
    "diamond-open": ("D", False),
    "star": ("*", True),
    "square": ("s", True),
    "triangle-up": ("^", True),
    "square-open": ("s", False),
    "circle-open": ("o", False),
}


# Word widths in pixels by (word, font size in points, weight, dpi): the same for every
# picture, so shared by all sheets of the process.
_WORD_PX: dict[tuple[str, float, str, float], float] = {}


class Sheet:
    """A figure measured in reference points, origin top left."""

    def __init__(self, size: tuple[int, int, int]):
        width, height, dpi = size
        self.fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
        self.canvas = FigureCanvasAgg(self.fig)
        self.renderer = self.canvas.get_renderer()
        # Scaled by the long side: a page in portrait keeps the type of the same page turned.
        self.scale = max(width, height) / dpi / REFERENCE_WIDTH_IN
        self.portrait = height > width
        self.w_pt = width / dpi * 72 / self.scale  # page size in reference points
        self.h_pt = height / dpi * 72 / self.scale

    def px(self, pt: float) -> float:
        """Reference points as pixels of the picture."""
        return pt * self.scale * self.fig.dpi / 72

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

    def lines(self, x_pt, y_pt, lines, size, weight="normal", colour=palette.TEXT) -> float:
        """Draw ``lines`` one under the other; returns the ``y`` below the last."""
        for line in lines:
            self.text(x_pt, y_pt, line, size, weight, colour)
            y_pt += size * LINE
        return y_pt

    def width_pt(self, s: str, size: float, weight="normal") -> float:
        """Width of ``s`` set in ``size`` reference points, in reference points.

        Summed from cached word widths (kerning across a space is nil), so wrapping a long
        sources line costs one measurement per distinct word.
        """
        words = s.split(" ")
        space = self._word_width(" ", size, weight)
        return sum(self._word_width(w, size, weight) for w in words) + space * (len(words) - 1)

    def _word_width(self, word: str, size: float, weight: str) -> float:
        key = (word, round(size * self.scale, 4), weight, self.fig.dpi)
        if key not in _WORD_PX:
            prop = FontProperties(family=FONT, size=size * self.scale, weight=weight)
            w, _, _ = self.renderer.get_text_width_height_descent(word, prop, ismath=False)
            _WORD_PX[key] = w
        return _WORD_PX[key] * 72 / self.fig.dpi / self.scale

    def wrap(self, s: str, width_pt: float, size: float, weight="normal") -> list[str]:
        """Greedy word wrap by measured width. Every word is kept: a text is never cut."""
        lines: list[str] = []
        for word in s.split():
            if lines and self.width_pt(f"{lines[-1]} {word}", size, weight) <= width_pt:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
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

    def marker(self, x_pt, y_pt, symbol, colour, size, edge=palette.TEXT):
        """A plotly ``symbol`` (see ``MARKERS``) centred on the point."""
        marker, filled = MARKERS[symbol]
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
