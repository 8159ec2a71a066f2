"""The countries an upload affects, as a map layer: added, changed or removed per country.

Pure: a unit table and a ``diff.Preview`` in, a ``maps.Layer`` (and the extent to show) out.
A country is *added* when it only appears in added rows, *removed* when it only appears in
removed rows, and *changed* otherwise (a changed row, or rows both added and removed).
"""

from __future__ import annotations

import html

import pandas as pd

from dashboard.domain import palette
from dashboard.domain.diff import Preview
from dashboard.domain.regions import Region
from dashboard.maps.figure import Layer, LegendEntry
from dashboard.text.i18n import t

KINDS = ("added", "changed", "removed")
BACKGROUND = "other"
# Degrees around the affected countries' points, and the smallest span shown.
PAD_DEG = 12.0
MIN_SPAN_DEG = 30.0
# Changed cells listed per country in the hover text.
MAX_CELLS = 3


def _iso3(frame: pd.DataFrame) -> set[str]:
    if "iso3" not in frame.columns:
        return set()
    return set(frame["iso3"].dropna().astype(str)) - {""}


def country_changes(preview: Preview) -> dict[str, str]:
    """``added``, ``changed`` or ``removed`` per affected country (ISO3 code)."""
    added, removed = _iso3(preview.added), _iso3(preview.removed)
    changed = set(preview.changed_countries)
    kinds = {}
    for code in preview.countries:
        if code in added and code not in removed and code not in changed:
            kinds[code] = "added"
        elif code in removed and code not in added and code not in changed:
            kinds[code] = "removed"
        else:
            kinds[code] = "changed"
    return kinds


def diff_layer(units: pd.DataFrame, preview: Preview, lang: str) -> Layer:
    """The layer painting each affected unit by how it changes; the rest is ``other``.

    Parameters
    ----------
    units : DataFrame
        From ``maps.unit_table`` (``iso3`` per unit; several units may share a code).
    preview : Preview
        From ``diff.preview``.
    lang : {"nl", "en"}
    """
    kinds = country_changes(preview)
    details = _details(preview, lang)
    category = units["iso3"].map(kinds).astype(object).fillna(BACKGROUND)
    labels = {k: t(f"diff_{k}", lang) for k in palette.DIFF_COLOURS}
    hover = pd.Series(
        [
            "<br>".join([labels[c], *(details.get(code, []) if c != BACKGROUND else [])])
            for c, code in zip(category, units["iso3"], strict=True)
        ],
        index=units.index,
        dtype=object,
    )
    legend = tuple(LegendEntry(k, labels[k], colour) for k, colour in palette.DIFF_COLOURS.items())
    return Layer(t("countries_affected", lang), category, legend, hover, BACKGROUND)


def extent(units: pd.DataFrame, layer: Layer) -> Region | None:
    """A view around the affected units (padded), or ``None`` for the whole world."""
    shown = units[layer.category != layer.background]
    if shown.empty:
        return None
    lon = _span(shown["lon"].min(), shown["lon"].max(), -180.0, 180.0)
    lat = _span(shown["lat"].min(), shown["lat"].max(), -58.0, 84.0)
    if lon[1] - lon[0] >= 300:
        return None
    return Region("changes", "Wijzigingen", "Changes", lon, lat, "")


def _span(low: float, high: float, floor: float, ceiling: float) -> tuple[float, float]:
    low, high = low - PAD_DEG, high + PAD_DEG
    if high - low < MIN_SPAN_DEG:
        middle = (low + high) / 2
        low, high = middle - MIN_SPAN_DEG / 2, middle + MIN_SPAN_DEG / 2
    return (max(float(low), floor), min(float(high), ceiling))


def _details(preview: Preview, lang: str) -> dict[str, list[str]]:
    """Hover lines per country, escaped: rows added / removed, and changed cells when the
    rows are keyed by country (e.g. "level: tense → crisis")."""
    lines: dict[str, list[str]] = {}
    for kind, frame in (("added", preview.added), ("removed", preview.removed)):
        if "iso3" in frame.columns:
            for code, n in frame["iso3"].dropna().astype(str).value_counts().items():
                lines.setdefault(code, []).append(f"{t(f'rows_{kind}', lang)}: {n}")
    changed = preview.changed
    if "iso3" in changed.columns:
        for code, cells in changed.groupby(changed["iso3"].astype(str), sort=True):
            shown = [
                f"{html.escape(str(c))}: {html.escape(_short(o))} → {html.escape(_short(n))}"
                for c, o, n in cells[["column", "old", "new"]].itertuples(index=False)
            ]
            extra = len(shown) - MAX_CELLS
            lines.setdefault(code, []).extend(
                shown[:MAX_CELLS] + ([f"+{extra}"] if extra > 0 else [])
            )
    return lines


def _short(value, width: int = 40) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"
