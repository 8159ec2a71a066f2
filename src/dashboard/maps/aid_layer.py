"""The map layer "Ontwikkelingshulp (EUR) / Aid (EUR)": disbursements per country in a year.

Pure: the summary of the active ``aid_flows`` (``domain.aid.summary``) in, a ``maps.Layer``
out. Countries fall in five fixed classes of euros disbursed (fixed, so that a year compares
with another); money in another currency without a sourced rate is never added to euros: a
country that received only such money has its own class, and its hover names the amounts per
currency. Regional money (OECD DAC regions) is not painted on any country. The Kingdom's
Caribbean units are always marked, with or without aid. Without imported IATI data, the
layer says so.

The layer is chosen as ``aid_eur`` with a year and a theme, or by a key that carries them,
``aid_eur:<year>:<theme>`` (:func:`key`), so that a briefing spec can name one view.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.domain import aid, palette
from dashboard.maps.figure import Layer, LegendEntry
from dashboard.text import fmt
from dashboard.text.i18n import label, t

NAME = "aid_eur"
# The lowest amount in euros of each class above the first (b1: below one million).
BINS = ((1_000_000, "b2"), (5_000_000, "b3"), (20_000_000, "b4"), (50_000_000, "b5"))
CARIBBEAN_ISO3 = frozenset({"ABW", "CUW", "SXM", "BES"})


@dataclass(frozen=True)
class AidChoice:
    """What the aid layer shows: the flows' summary (``None``: nothing imported yet), the
    year (``None``: the newest with disbursements) and the theme (``domain.aid.ALL_THEMES``,
    a theme, or ``domain.aid.UNASSIGNED``)."""

    summary: pd.DataFrame | None
    year: int | None = None
    theme: str = aid.ALL_THEMES


def key(year: int, theme: str) -> str:
    return f"{NAME}:{year}:{theme}"


def parts(name: str) -> tuple[int, str] | None:
    """``(year, theme)`` of a key made by :func:`key`; ``None`` for any other name."""
    head, _, rest = name.partition(":")
    year, _, theme = rest.partition(":")
    return (int(year), theme) if head == NAME and year.isdigit() and theme else None


def is_aid(name: str) -> bool:
    return name == NAME or parts(name) is not None


def theme_name(theme: str, lang: str) -> str:
    if theme == aid.ALL_THEMES:
        return t("aid_eur_all_themes", lang)
    if theme == aid.UNASSIGNED:
        return t("aid_eur_unassigned", lang)
    return label("aid_theme", theme, lang)


def title(year: int | None, theme: str, lang: str) -> str:
    if year is None:
        return t("layer_aid_eur", lang)
    return t("aid_eur_title", lang, year=year, theme=theme_name(theme, lang))


def legend_labels(lang: str) -> dict[str, str]:
    edges = [low for low, _ in BINS]
    labels = {"b1": t("aid_eur_below", lang, high=fmt.euro(edges[0], lang))}
    for (low, bin_key), high in zip(BINS, [*edges[1:], None], strict=True):
        if high is None:
            labels[bin_key] = t("aid_eur_above", lang, low=fmt.euro(low, lang))
        else:
            labels[bin_key] = f"{fmt.euro(low, lang)} – {fmt.euro(high, lang)}"
    labels["other_currency"] = t("aid_eur_other_currency", lang)
    labels["kingdom"] = t("aid_eur_kingdom", lang)
    labels["none"] = t("aid_eur_none", lang)
    return labels


def other_text(other: dict, lang: str) -> str:
    """``{"USD": 1234.5}`` → ``USD 1.235`` (nl): amounts per currency, never converted."""
    return ", ".join(f"{code} {fmt.number(value, lang)}" for code, value in sorted(other.items()))


def layer(units: pd.DataFrame, choice: AidChoice, lang: str) -> Layer:
    """The aid layer for ``choice`` on ``units`` (from ``maps.unit_table``)."""
    if choice.summary is None:
        nothing = t("aid_eur_not_imported", lang)
        category = pd.Series("none", index=units.index, dtype=object)
        only = (LegendEntry("none", nothing, palette.AID_EUR_COLOURS["none"]),)
        return Layer(
            title(None, choice.theme, lang),
            category,
            only,
            category.map({"none": nothing}),
            "none",
        )
    years = aid.years(choice.summary)
    year = choice.year if choice.year is not None else (years[0] if years else None)
    per = aid.per_place(choice.summary, year or 0, choice.theme)
    eur = units["iso3"].map(per["eur"])
    other = units["iso3"].map(per["other"])
    category = pd.Series("none", index=units.index, dtype=object)
    has_other = other.map(lambda o: isinstance(o, dict) and bool(o))
    category[has_other & eur.isna()] = "other_currency"
    category[eur.notna()] = "b1"
    for low, bin_key in BINS:
        category[eur >= low] = bin_key
    caribbean = units["iso3"].isin(CARIBBEAN_ISO3) & (category == "none")
    category[caribbean] = "kingdom"
    labels = legend_labels(lang)
    hover = pd.Series(
        [_hover(e, o, lang) for e, o in zip(eur, other, strict=True)],
        index=units.index,
    )
    legend = tuple(LegendEntry(k, labels[k], c) for k, c in palette.AID_EUR_COLOURS.items())
    return Layer(title(year, choice.theme, lang), category, legend, hover, "none")


def _hover(eur: float, other: object, lang: str) -> str:
    parts_ = []
    if pd.notna(eur):
        parts_.append(t("aid_eur_disbursed", lang, amount=fmt.euro(round(eur), lang)))
    if isinstance(other, dict) and other:
        parts_.append(t("aid_eur_not_converted", lang, amounts=other_text(other, lang)))
    return "<br>".join(parts_) or t("aid_eur_none", lang)
