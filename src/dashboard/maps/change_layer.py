"""The comparison map: which countries gained or lost priority between two programmes.

Pure: the two views' members in, a ``maps.Layer`` out, indexed like the unit table.
"""

from __future__ import annotations

import html

import pandas as pd

from dashboard.domain import compare, palette
from dashboard.maps.figure import Layer, LegendEntry
from dashboard.text.i18n import t


def _regions_of(members: pd.DataFrame, names: dict[str, str]) -> pd.Series:
    return (
        members.assign(name=members["region_id"].map(lambda r: names.get(r, r)))
        .groupby("iso3")["name"]
        .agg(", ".join)
    )


def change_layer(
    units: pd.DataFrame,
    earlier: pd.DataFrame,
    later: pd.DataFrame,
    later_full_text: bool,
    names: tuple[dict[str, str], dict[str, str]],
    titles: tuple[str, str],
    lang: str,
) -> Layer:
    """Per unit: ``gained``, ``kept``, ``lost``, ``not_found`` or ``other``
    (``domain.compare.country_changes``); the hover names the regions on each side.

    ``earlier`` and ``later`` are the members of the two views; ``names`` maps region ids to
    names in each view, ``titles`` the two programmes' short names.
    """
    category = compare.country_changes(units["iso3"], earlier, later, later_full_text)
    before, after = _regions_of(earlier, names[0]), _regions_of(later, names[1])
    labels = {k: t(f"change_{k}", lang) for k in palette.CHANGE_COLOURS}

    def facts(iso3: str, cat: str) -> str:
        lines = [labels[cat]]
        for title, regions in zip(titles, (before, after), strict=True):
            if iso3 in regions.index:
                lines.append(f"{html.escape(title)}: {html.escape(regions[iso3])}")
        return "<br>".join(lines)

    hover = pd.Series(
        [facts(i, c) for i, c in zip(units["iso3"], category, strict=True)], index=units.index
    )
    legend = tuple(LegendEntry(k, labels[k], c) for k, c in palette.CHANGE_COLOURS.items())
    return Layer(t("layer_change", lang), category.astype(object), legend, hover, "other")
