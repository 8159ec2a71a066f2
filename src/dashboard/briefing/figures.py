"""What a briefing picture says in words and numbers: the rows in view, key figures, sources.

Pure: frames in, text out. Every key figure is a count of sourced dataset rows; amounts are
never summed (the public figures overlap), and an amount is shown only as the amount of one
row, with that row's source and date. Texts are whole by design: a description too long for
the picture is shortened to whole sentences, never cut mid-word.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from dashboard.briefing.content import KeyFigure
from dashboard.briefing.spec import indicator_parts
from dashboard.domain import freshness, joins, programmes, regions
from dashboard.domain.citations import distinct_sources, region_documents, short_source
from dashboard.maps.aid_layer import AidChoice, is_aid
from dashboard.text import fmt
from dashboard.text.i18n import label, t

if TYPE_CHECKING:
    from dashboard.briefing.spec import BriefingSpec


WAR_LEVELS = ("war", "armed_conflict")
# Who publishes the travel advice (each country's page on the ministry's site for travellers).
ADVICE_PUBLISHER = "NederlandWereldwijd"
# The longest description a key figure quotes (characters): four lines of the panel.
WHAT_MAX = 170


@dataclass(frozen=True)
class BriefingData:
    """The datasets a briefing draws on (their active versions).

    ``indicators`` holds the published country indicators a spec's layer may name, by
    dataset name (only those needed). ``programme`` is the programme shown (regions, members,
    commitments and aid themes are its view's rows); a row whose source is more than
    ``stale_months`` before ``today`` is old. ``aid`` is the aid flows' summary for the aid
    layer in euros, and ``aid_sources`` the ``source`` and ``source_date`` of its activities.
    """

    regions: tuple[regions.Region, ...]
    members: pd.DataFrame
    commitments: pd.DataFrame
    aid_themes: pd.DataFrame
    posts: pd.DataFrame
    situation: pd.DataFrame
    indicators: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    coverage: pd.DataFrame | None = None  # which post covers which country (post_coverage)
    programme: programmes.Programme | None = None
    today: dt.date | None = None
    stale_months: int = 12
    # Countries shown beside a region without being part of it (``storage.bundled``).
    neighbours: pd.DataFrame | None = None
    aid: AidChoice | None = None
    aid_sources: pd.DataFrame | None = None
    travel_advice: pd.DataFrame | None = None  # the ministry's travel advice, once imported


# --- formatting -------------------------------------------------------------------------


def whole_text(text: str, limit: int = WHAT_MAX) -> str | None:
    """``text`` if it is at most ``limit`` characters; else without its asides in brackets;
    else its first sentence; ``None`` when even that is too long (never a cut word)."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    plain = " ".join(re.sub(r"\s*\([^()]*\)", "", text).split())
    plain = re.sub(r"\s+([,.;:])", r"\1", plain)
    if len(plain) <= limit:
        return plain
    first = re.split(r"(?<=[.!?])\s+", plain)[0]
    return first if len(first) <= limit else None


# --- the rows in view -------------------------------------------------------------------


@dataclass(frozen=True)
class ViewRows:
    """The rows of each dataset that one briefing view shows."""

    iso3: frozenset[str] | None  # None: the whole world
    members: pd.DataFrame
    regions: tuple[regions.Region, ...]
    commitments: pd.DataFrame
    aid_themes: pd.DataFrame
    posts: pd.DataFrame
    situation: pd.DataFrame
    indicator: pd.DataFrame | None  # the rows of the spec's indicator layer, if any
    # The ``source`` and ``source_date`` of a layer with sources of its own: the IATI import
    # behind the aid in euros, the travel advice pages.
    layer_sources: pd.DataFrame | None = None


def indicator_frame(layer: str | None, data: BriefingData) -> pd.DataFrame | None:
    """The frame of an indicator layer (``indicator:<dataset>:<column>``); ``None`` for the
    fixed layers. A ``KeyError`` names a dataset or column the data does not hold."""
    parts = indicator_parts(layer or "")
    if parts is None:
        return None
    dataset, column = parts
    if dataset not in data.indicators:
        known = ", ".join(sorted(data.indicators)) or "none loaded"
        raise KeyError(f"indicator {dataset!r} is not among the data given ({known})")
    frame = data.indicators[dataset]
    if column not in frame.columns:
        raise KeyError(f"indicator {dataset!r} has no column {column!r}")
    return frame


def _indicator_column(spec: BriefingSpec) -> str:
    parts = indicator_parts(spec.layer or "")
    if parts is None:
        raise ValueError(f"layer {spec.layer!r} is not an indicator layer")
    return parts[1]


def view_rows(spec: BriefingSpec, data: BriefingData) -> ViewRows:
    """Select the rows of ``data`` that the view of ``spec`` (world, region or country) shows."""
    members = data.members
    shown_regions = data.regions
    if spec.region_id is not None:
        members = members[members["region_id"] == spec.region_id]
        shown_regions = tuple(r for r in data.regions if r.region_id == spec.region_id)
    if spec.country is not None:
        iso3 = frozenset({spec.country})
        in_regions = set(members.loc[members["iso3"] == spec.country, "region_id"])
        members = members[members["iso3"] == spec.country]
        shown_regions = tuple(r for r in shown_regions if r.region_id in in_regions)
        # The country's own commitments: the count its profile card and table show.
        commitments = joins.commitments_for(data.commitments, iso3, set()).own
        covering = joins.covering_posts(data.posts, data.coverage)
        post_ids = set(covering.loc[covering["iso3"] == spec.country, "post_id"])
        posts = data.posts[data.posts["post_id"].isin(post_ids)]
        aid = data.aid_themes[data.aid_themes["iso3"] == spec.country]
    elif spec.region_id is not None:
        iso3 = frozenset(members["iso3"])
        commitments = joins.commitments_for(data.commitments, iso3, {spec.region_id}).rows
        posts = data.posts[data.posts["iso3"].isin(iso3)]
        a = data.aid_themes
        aid = a[a["iso3"].isin(iso3) | (a["group"] == spec.region_id)]
    else:
        iso3 = None
        commitments, posts, aid = data.commitments, data.posts, data.aid_themes
    situation = (
        data.situation if iso3 is None else data.situation[data.situation["iso3"].isin(iso3)]
    )
    indicator = indicator_frame(spec.layer, data)
    if indicator is not None:
        indicator = indicator.dropna(subset=[_indicator_column(spec)])
        if iso3 is not None:
            indicator = indicator[indicator["iso3"].isin(iso3)]
    imported = data.aid_sources if is_aid(spec.layer or "") else None
    if spec.layer == "traveladvice" and data.travel_advice is not None:
        advice = data.travel_advice
        advice = advice if iso3 is None else advice[advice["iso3"].isin(iso3)]
        # Each advice is a page of the ministry's site, dated by its last change.
        imported = pd.DataFrame({"source": ADVICE_PUBLISHER, "source_date": advice["changed_on"]})
    return ViewRows(
        iso3, members, shown_regions, commitments, aid, posts, situation, indicator, imported
    )


def as_of(rows: ViewRows) -> str:
    """The date of the newest source among the rows in view (``YYYY-MM-DD``, or shorter)."""
    frames = [rows.commitments, rows.posts, rows.situation, rows.aid_themes]
    frames += [f for f in (rows.indicator, rows.layer_sources) if f is not None]
    dates = [d for f in frames for d in f["source_date"].dropna()]
    dates += [d for d in rows.situation["assessed_on"].dropna()]
    dates += [_programme_date(r) for r in rows.regions]
    return max(dates) if dates else ""


def _programme_date(region: regions.Region) -> str:
    # The newest publication date of the passages the region rests on.
    return region.source_date or ""


def old_rows(rows: ViewRows, data: BriefingData) -> tuple[int, int]:
    """How many of the dated rows in view are old (see ``domain.freshness``), of how many."""
    if data.today is None:
        return 0, 0
    frames = (rows.commitments, rows.posts, rows.situation, rows.aid_themes)
    dates = pd.concat([f["source_date"] for f in frames], ignore_index=True).dropna()
    old = freshness.old_mask(dates, data.today, data.stale_months)
    return int(old.sum()), len(dates)


def view_sources(rows: ViewRows, layer: str) -> list[str]:
    """Distinct publishers of the rows behind the map and the key figures."""
    frames = [rows.commitments, rows.posts, rows.situation]
    if layer == "aid":
        frames.append(rows.aid_themes)
    programme = [d for r in rows.regions for d in region_documents(r)]
    shown = [f for f in (rows.indicator, rows.layer_sources) if f is not None]
    return list(dict.fromkeys(programme + distinct_sources(shown) + distinct_sources(frames)))


# --- key figures ------------------------------------------------------------------------


def _note(frame: pd.DataFrame, lang: str) -> str:
    if frame.empty:
        return t("brief_no_rows", lang)
    n = frame["source"].map(short_source).nunique()
    newest = frame["source_date"].dropna().max()
    latest = t("undated", lang) if pd.isna(newest) else fmt.date(newest, lang)
    if n == 1:
        return t("brief_one_source", lang, date=latest)
    return t("brief_sources_latest", lang, n=n, date=latest)


def _commitments(rows: ViewRows, lang: str) -> KeyFigure:
    with_amount = int(rows.commitments["amount_eur"].notna().sum())
    return KeyFigure(
        fmt.number(len(rows.commitments), lang),
        t("brief_commitments", lang, n=fmt.number(with_amount, lang)),
        _note(rows.commitments, lang),
    )


def _posts(rows: ViewRows, lang: str) -> KeyFigure:
    counts = rows.posts["status"].value_counts()
    others = [
        f"{fmt.number(counts[s], lang)} {label('post_status', s, lang)}"
        for s in ("closure_announced", "suspended", "closed")
        if counts.get(s, 0)
    ]
    title = t("brief_posts", lang) + (f"; {', '.join(others)}" if others else "")
    return KeyFigure(fmt.number(counts.get("open", 0), lang), title, _note(rows.posts, lang))


def _conflict(rows: ViewRows, lang: str) -> KeyFigure:
    at_war = int(rows.situation["level"].isin(WAR_LEVELS).sum())
    return KeyFigure(
        fmt.number(at_war, lang),
        t("brief_conflict", lang, n=fmt.number(len(rows.situation), lang)),
        _note(rows.situation, lang),
    )


def _region_source(rows: ViewRows, lang: str) -> str:
    sources = list(dict.fromkeys(d for r in rows.regions for d in region_documents(r)))
    dates = [d for d in (_programme_date(r) for r in rows.regions) if d]
    if not sources:
        return t("brief_no_rows", lang)
    return ", ".join(sources) + (f"; {fmt.date(max(dates), lang)}" if dates else "")


def _amount(rows: ViewRows, lang: str) -> KeyFigure | None:
    amounts = rows.commitments[rows.commitments["amount_eur"].notna()]
    if amounts.empty:
        return None
    row = amounts.sort_values(["source_date", "commitment_id"], ascending=[False, True]).iloc[0]
    what = whole_text(row[f"description_{lang}"]) or label("instrument", row["instrument"], lang)
    return KeyFigure(
        fmt.euro(row["amount_eur"], lang),
        t("brief_amount", lang, what=what),
        f"{short_source(row['source'])}, {fmt.date(row['source_date'], lang)}",
    )


def _country_figures(spec: BriefingSpec, rows: ViewRows) -> list[KeyFigure]:
    lang = spec.lang
    mix = rows.commitments["instrument"].value_counts()
    parts = [
        f"{label('instrument', k, lang)} {fmt.number(v, lang)}"
        for k, v in sorted(mix.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    title = t("brief_country_commitments", lang) + (f": {', '.join(parts)}" if parts else "")
    figures = [
        KeyFigure(fmt.number(len(rows.commitments), lang), title, _note(rows.commitments, lang))
    ]
    resident = int((rows.posts["iso3"] == spec.country).sum())
    elsewhere = len(rows.posts) - resident
    figures.append(
        KeyFigure(
            fmt.number(len(rows.posts), lang),
            t("brief_covering", lang, r=fmt.number(resident, lang), o=fmt.number(elsewhere, lang)),
            _note(rows.posts, lang),
        )
    )
    if not rows.situation.empty:
        row = rows.situation.iloc[0]
        source = t(
            "brief_assessed",
            lang,
            date=fmt.date(row["assessed_on"], lang),
            source=short_source(row["source"]),
        )
        figures.append(
            KeyFigure(
                fmt.capital(label("level", row["level"], lang)), t("brief_situation", lang), source
            )
        )
    else:
        value = fmt.capital(label("level", "not_assessed", lang))
        figures.append(KeyFigure(value, t("brief_situation", lang), t("brief_no_rows", lang)))
    amount = _amount(rows, lang)
    return figures + ([amount] if amount else [])


def indicator_title(column: str, lang: str) -> str:
    """The name of an indicator column, as the screen names it."""
    return label("indicator", column, lang)


def _decimals(value: float) -> int:
    return 0 if abs(value) >= 100 or float(value).is_integer() else 2


def _indicator_figure(spec: BriefingSpec, rows: ViewRows) -> KeyFigure | None:
    if rows.indicator is None:
        return None
    lang = spec.lang
    column = _indicator_column(spec)
    name = fmt.capital(indicator_title(column, lang))
    frame = rows.indicator
    if spec.country is None:
        return KeyFigure(
            fmt.number(frame["iso3"].nunique(), lang),
            t("brief_indicator_countries", lang, name=indicator_title(column, lang)),
            _note(frame, lang),
        )
    if frame.empty:
        return KeyFigure(t("no_value", lang), name, t("brief_no_rows", lang))
    row = frame.iloc[0]
    year = row.get(f"{column}_year")
    title = name + (f" ({int(year)})" if year is not None and pd.notna(year) else "")
    value = float(row[column])
    return KeyFigure(
        fmt.number(value, lang, _decimals(value)),
        title,
        f"{short_source(row['source'])}, {fmt.date(row['source_date'], lang)}",
    )


def key_figures(spec: BriefingSpec, data: BriefingData) -> list[KeyFigure]:
    """Three to five key figures of the view, each a count of sourced rows (or one row's value).

    Parameters
    ----------
    spec : BriefingSpec
        The view (world, region or country), the language, and the layer (an indicator
        layer adds the indicator's figure).
    data : BriefingData
        The datasets, e.g. from ``services.briefings.load_data``.

    Returns
    -------
    list of KeyFigure
        ``(value, label, source)`` triples, in the order they are shown.
    """
    rows = view_rows(spec, data)
    lang = spec.lang
    if spec.country is not None:
        figures = _country_figures(spec, rows)
    else:
        if spec.region_id is None:
            countries = fmt.number(data.members["iso3"].nunique(), lang)
            first = KeyFigure(
                fmt.number(len(data.regions), lang),
                t("brief_regions", lang, n=countries),
                _region_source(rows, lang),
            )
        else:
            named = int((rows.members["role"] == "named").sum())
            first = KeyFigure(
                fmt.number(rows.members["iso3"].nunique(), lang),
                t("brief_countries", lang, n=fmt.number(named, lang)),
                _region_source(rows, lang),
            )
        figures = [first, _commitments(rows, lang), _posts(rows, lang), _conflict(rows, lang)]
    indicator = _indicator_figure(spec, rows)
    return figures + ([indicator] if indicator else [])
