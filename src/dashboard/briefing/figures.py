"""What a briefing picture says in words and numbers: the rows in view, key figures, sources.

Pure: frames in, text out. Every key figure is a count of sourced dataset rows; amounts are
never summed (the public figures overlap), and an amount is shown only as the amount of one
row, with that row's source and date.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from dashboard.domain import joins, regions
from dashboard.text import fmt
from dashboard.text.i18n import label, t

if TYPE_CHECKING:
    from dashboard.briefing.spec import BriefingSpec


WAR_LEVELS = ("war", "armed_conflict")


class KeyFigure(NamedTuple):
    label: str
    value: str
    source: str


@dataclass(frozen=True)
class BriefingData:
    """The datasets a briefing draws on (their active versions)."""

    regions: tuple[regions.Region, ...]
    members: pd.DataFrame
    commitments: pd.DataFrame
    aid_themes: pd.DataFrame
    posts: pd.DataFrame
    situation: pd.DataFrame


# --- formatting -------------------------------------------------------------------------


def short_source(source: str) -> str:
    """The publisher of a citation: ``Tweede Kamer, "Beleidsbrief …"`` → ``Tweede Kamer``."""
    head = str(source).split('"')[0].split(";")[0]
    return head.split(",")[0].strip() or str(source).strip()


def distinct_sources(frames: list[pd.DataFrame]) -> list[str]:
    """The short sources of the rows, most frequent first, each once."""
    column = (
        pd.concat([f["source"] for f in frames if len(f)], ignore_index=True)
        if any(len(f) for f in frames)
        else pd.Series([], dtype=object)
    )
    counts = column.map(short_source).value_counts()
    return sorted(counts.index, key=lambda s: (-counts[s], s))


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
        commitments = data.commitments[data.commitments["iso3"] == spec.country]
        covering = joins.covering_posts(data.posts)
        post_ids = set(covering.loc[covering["iso3"] == spec.country, "post_id"])
        posts = data.posts[data.posts["post_id"].isin(post_ids)]
        aid = data.aid_themes[data.aid_themes["iso3"] == spec.country]
    elif spec.region_id is not None:
        iso3 = frozenset(members["iso3"])
        c = data.commitments
        commitments = c[c["iso3"].isin(iso3) | (c["group"] == spec.region_id)]
        posts = data.posts[data.posts["iso3"].isin(iso3)]
        a = data.aid_themes
        aid = a[a["iso3"].isin(iso3) | (a["group"] == spec.region_id)]
    else:
        iso3 = None
        commitments, posts, aid = data.commitments, data.posts, data.aid_themes
    situation = (
        data.situation if iso3 is None else data.situation[data.situation["iso3"].isin(iso3)]
    )
    return ViewRows(iso3, members, shown_regions, commitments, aid, posts, situation)


def as_of(rows: ViewRows) -> str:
    """The date of the newest source among the rows in view (``YYYY-MM-DD``, or shorter)."""
    dates = [
        d
        for f in (rows.commitments, rows.posts, rows.situation, rows.aid_themes)
        for d in f["source_date"].dropna()
    ]
    dates += [d for d in rows.situation["assessed_on"].dropna()]
    dates += [_programme_date(r) for r in rows.regions]
    return max(dates) if dates else ""


def _programme_date(_region: regions.Region) -> str:
    # The regions rest on the government programme, published 2024-09-13.
    return "2024-09-13"


def view_sources(rows: ViewRows, layer: str) -> list[str]:
    """Distinct short sources of the rows behind the map and the key figures."""
    frames = [rows.commitments, rows.posts, rows.situation]
    if layer == "aid":
        frames.append(rows.aid_themes)
    programme = [short_source(r.source) for r in rows.regions]
    found = distinct_sources(frames)
    return list(dict.fromkeys(programme + found))


# --- key figures ------------------------------------------------------------------------


def _note(frame: pd.DataFrame, lang: str) -> str:
    if frame.empty:
        return t("brief_no_rows", lang)
    n = frame["source"].map(short_source).nunique()
    latest = fmt.date(frame["source_date"].max(), lang)
    if n == 1:
        return t("brief_one_source", lang, date=latest)
    return t("brief_sources_latest", lang, n=n, date=latest)


def _commitments(rows: ViewRows, lang: str) -> KeyFigure:
    with_amount = int(rows.commitments["amount_eur"].notna().sum())
    return KeyFigure(
        t("brief_commitments", lang, n=fmt.number(with_amount, lang)),
        fmt.number(len(rows.commitments), lang),
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
    return KeyFigure(title, fmt.number(counts.get("open", 0), lang), _note(rows.posts, lang))


def _conflict(rows: ViewRows, lang: str) -> KeyFigure:
    at_war = int(rows.situation["level"].isin(WAR_LEVELS).sum())
    note = _note(rows.situation, lang)
    return KeyFigure(
        t("brief_conflict", lang, n=fmt.number(len(rows.situation), lang)),
        fmt.number(at_war, lang),
        note,
    )


def _region_source(rows: ViewRows, lang: str) -> str:
    sources = list(dict.fromkeys(short_source(r.source) for r in rows.regions))
    return (
        f"{', '.join(sources)}, {fmt.date(_programme_date(rows.regions[0]), lang)}"
        if sources
        else t("brief_no_rows", lang)
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
        KeyFigure(title, fmt.number(len(rows.commitments), lang), _note(rows.commitments, lang))
    ]
    resident = int((rows.posts["iso3"] == spec.country).sum())
    elsewhere = len(rows.posts) - resident
    figures.append(
        KeyFigure(
            t("brief_covering", lang, r=fmt.number(resident, lang), o=fmt.number(elsewhere, lang)),
            fmt.number(len(rows.posts), lang),
            _note(rows.posts, lang),
        )
    )
    if not rows.situation.empty:
        row = rows.situation.iloc[0]
        value = label("level", row["level"], lang)
        figures.append(
            KeyFigure(
                t("brief_situation", lang),
                value[:1].upper() + value[1:],
                t(
                    "brief_assessed",
                    lang,
                    date=fmt.date(row["assessed_on"], lang),
                    source=short_source(row["source"]),
                ),
            )
        )
    else:
        value = label("level", "not_assessed", lang)
        figures.append(
            KeyFigure(
                t("brief_situation", lang), value[:1].upper() + value[1:], t("brief_no_rows", lang)
            )
        )
    amounts = rows.commitments[rows.commitments["amount_eur"].notna()]
    if not amounts.empty:
        row = amounts.sort_values(["source_date", "commitment_id"], ascending=[False, True]).iloc[0]
        what = row[f"description_{lang}"]
        what = what if len(what) <= 90 else what[:89].rstrip() + "…"
        figures.append(
            KeyFigure(
                t("brief_amount", lang, what=what),
                fmt.euro(row["amount_eur"], lang),
                f"{short_source(row['source'])}, {fmt.date(row['source_date'], lang)}",
            )
        )
    return figures


def key_figures(spec: BriefingSpec, data: BriefingData) -> list[KeyFigure]:
    """Three to five key figures of the view, each a count of sourced rows (or one row's amount).

    Parameters
    ----------
    spec : BriefingSpec
        The view (world, region or country) and the language.
    data : BriefingData
        The datasets, e.g. from :func:`load_data`.

    Returns
    -------
    list of KeyFigure
        ``(label, value, source)`` triples, in the order they are shown.
    """
    rows = view_rows(spec, data)
    lang = spec.lang
    if spec.country is not None:
        return _country_figures(spec, rows)
    if spec.region_id is None:
        countries = fmt.number(data.members["iso3"].nunique(), lang)
        first = KeyFigure(
            t("brief_regions", lang, n=countries),
            fmt.number(len(data.regions), lang),
            _region_source(rows, lang),
        )
    else:
        named = int((rows.members["role"] == "named").sum())
        first = KeyFigure(
            t("brief_countries", lang, n=fmt.number(named, lang)),
            fmt.number(rows.members["iso3"].nunique(), lang),
            _region_source(rows, lang),
        )
    return [first, _commitments(rows, lang), _posts(rows, lang), _conflict(rows, lang)]
