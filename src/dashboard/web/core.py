"""The Streamlit side: cached loaders and the widgets every page shares.

Pages call these; nothing here computes what the map shows (that is ``maps``), and
nothing in the pure modules imports this.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from dashboard import briefing, settings
from dashboard.domain import contracts, regions, views
from dashboard.maps import figure as maps
from dashboard.maps import layers
from dashboard.services import briefings, refresh
from dashboard.sources import live
from dashboard.storage import boundaries as geo
from dashboard.storage import bundled, datasets
from dashboard.text import fmt
from dashboard.text.i18n import DEFAULT_LANGUAGE, LANGUAGES, label, t


@st.cache_resource(show_spinner=False)
def unit_table() -> pd.DataFrame:
    """Map units with a point and size each; built once per process, shared by sessions."""
    return maps.unit_table(geo.load_boundaries("web"))


def layer(
    name: str, region: regions.Region | None, lang: str, commitments: pd.DataFrame | None = None
) -> maps.Layer:
    """The map layer ``name`` (one of ``layers.LAYERS``, or an indicator key) for this view;
    ``commitments`` replaces the full dataset when the page has filtered it."""
    if name.startswith(layers.INDICATOR_PREFIX):
        dataset, column = name.removeprefix(layers.INDICATOR_PREFIX).split(":", 1)
        return layers.indicator_layer(
            unit_table(),
            datasets.load_indicator(dataset),
            column,
            indicator_title(column, lang),
            lang,
        )
    return layers.build(
        name,
        unit_table(),
        members=bundled.load_members(),
        region_names={r.region_id: r.name(lang) for r in bundled.load_regions()},
        region_id=region.region_id if region else None,
        lang=lang,
        commitments=datasets.load("commitments") if commitments is None else commitments,
        aid_themes=datasets.load("aid_themes"),
        situation=datasets.load("situation"),
        travel_advice=datasets.active_or_none(datasets.store(), "travel_advice"),
    )


def indicator_title(column: str, lang: str) -> str:
    return label("indicator", column, lang)


def indicator_layers() -> list[str]:
    """Keys of every numeric column of every published country indicator."""
    keys = []
    for dataset in datasets.indicator_names():
        frame = datasets.load_indicator(dataset)
        keys += [layers.indicator_key(dataset, c) for c in layers.indicator_columns(frame)]
    return keys


def layer_choice(lang: str) -> str:
    def name(key: str) -> str:
        if key.startswith(layers.INDICATOR_PREFIX):
            dataset, column = key.removeprefix(layers.INDICATOR_PREFIX).split(":", 1)
            return f"{indicator_title(column, lang)} ({dataset})"
        return t(f"layer_{key}", lang)

    return url_choice(
        t("layer", lang), [*layers.SCREEN_LAYERS, *indicator_layers()], "layer", name, "priority"
    )


def language() -> str:
    """The language switch (sidebar), kept in the URL as ``?lang=``; Dutch by default."""
    with st.sidebar:
        return url_choice(
            "Taal / Language",
            LANGUAGES,
            "lang",
            str.upper,
            DEFAULT_LANGUAGE,
            widget=st.segmented_control,
        )


def _seed_from_url(key: str, from_url) -> None:
    """Give widget ``key`` the URL's value when the URL changed since this page last wrote it
    (a link, or another page switching here); otherwise the widget keeps what the user chose.
    """
    if key not in st.session_state or st.session_state.get(f"{key}__url") != from_url:
        st.session_state[key] = from_url


def _write_to_url(key: str, param: str, value: str | None, default: str | None) -> None:
    st.session_state[f"{key}__url"] = value
    if value is None or value == default:
        st.query_params.pop(param, None)
    else:
        st.query_params[param] = value


def url_choice(
    label: str,
    options: Sequence[str],
    param: str,
    format_func: Callable[[str], str],
    default: str | None,
    widget: Callable = st.selectbox,
    **kwargs,
) -> str | None:
    """A choice whose value lives in the URL as ``?<param>=<option>``.

    The URL holds the option itself, not its label, so a link copied in one language
    opens the same view in the other. Unknown values in the URL fall back to ``default``
    (``None``: nothing chosen).
    """
    options = list(options)
    key = f"url_{param}"
    from_url = st.query_params.get(param, default)
    from_url = from_url if from_url in options else default
    _seed_from_url(key, from_url)
    if widget is st.segmented_control:
        kwargs.setdefault("required", True)
    choice = widget(label, options, format_func=format_func, key=key, **kwargs)
    if choice is None and default is not None:
        # A required choice came back empty (a widget re-created on another page):
        # the URL's value stands.
        choice = from_url
    _write_to_url(key, param, choice, default)
    return choice


def region_choice(lang: str) -> regions.Region | None:
    """The region picker; ``None`` is the whole world."""
    by_id = {r.region_id: r for r in bundled.load_regions()}
    world = "world"
    choice = url_choice(
        t("region", lang),
        [world, *by_id],
        "region",
        lambda rid: t("world", lang) if rid == world else by_id[rid].name(lang),
        world,
    )
    return None if choice == world else by_id[choice]


def map_config(filename: str) -> dict:
    return maps.plotly_config(settings.static_url("topojson/"), filename)


def geojson_url() -> str:
    return settings.static_url(maps.COUNTRIES_GEOJSON)


@st.cache_resource(show_spinner=False)
def provenance_markdown() -> str:
    """The boundary provenance note (source, licence, rules), as a person reads it."""
    return (settings.root() / "geo" / "PROVENANCE.md").read_text(encoding="utf-8")


def layer_table(units: pd.DataFrame, layer: maps.Layer, lang: str) -> None:
    """The facts of the map as a table: every highlighted unit, its category and details."""
    shown = layer.category != layer.background
    labels = {e.key: e.label for e in layer.legend}
    table = pd.DataFrame(
        {
            t("country", lang): units.loc[shown, f"name_{lang}"],
            "ISO": units.loc[shown, "iso3"],
            t("category", lang): layer.category[shown].map(labels),
            layer.title: layer.hover[shown]
            .str.replace("<br>", " · ", regex=False)
            .str.replace(r"<[^>]+>", "", regex=True)
            .map(html.unescape),
        }
    ).sort_values(t("country", lang))
    with st.expander(f"{t('countries_in_view', lang)} ({len(table)})", expanded=False):
        st.dataframe(table, hide_index=True, width="stretch")


def interactive_map(fig, filename: str, key: str, units: pd.DataFrame, lang: str) -> None:
    """Draw a map; a click on a country opens its profile (keeping the language)."""
    event = st.plotly_chart(
        fig, config=map_config(filename), key=key, on_select="rerun", selection_mode="points"
    )
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    iso3 = maps.selected_iso3(points, units)
    if iso3:
        st.switch_page("pages/country.py", query_params={"iso3": iso3, "lang": lang})


def headline(region_id: str | None, country: str | None, lang: str) -> None:
    """The view's key figures, the same ones the briefing picture prints."""
    spec = briefing.BriefingSpec(region_id=region_id, country=country, lang=lang)
    figures = briefing.key_figures(spec, briefings.load_data())
    for column, figure in zip(st.columns(len(figures)), figures, strict=True):
        with column.container(border=True):
            st.markdown(f"### {figure.value}")
            st.markdown(figure.label)
            st.caption(figure.source)


def countries() -> pd.DataFrame:
    """The countries dataset, for search boxes and profiles."""
    return datasets.load("countries")


def commitments_dataframe(table: pd.DataFrame, lang: str) -> None:
    """Commitments with their sources, the link clickable."""
    st.dataframe(
        table.rename(
            columns={
                "country": t("country", lang),
                "description": t("description", lang),
                "instrument": t("instrument", lang),
                "amount": t("amount", lang),
                "period": t("period", lang),
                "status": t("status", lang),
                "source": t("source", lang),
                "source_date": t("source_date", lang),
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "source_url": st.column_config.LinkColumn(t("link", lang), display_text="↗")
        },
    )


def country_choice(lang: str) -> str | None:
    """The country search (Dutch or English name, or ISO code), kept in the URL as ``?iso3=``."""
    table = countries().sort_values(f"name_{lang}")
    other = "en" if lang == "nl" else "nl"
    labels = {
        r.iso3: (
            f"{getattr(r, f'name_{lang}')} ({r.iso3})"
            if getattr(r, f"name_{lang}") == getattr(r, f"name_{other}")
            else f"{getattr(r, f'name_{lang}')} · {getattr(r, f'name_{other}')} ({r.iso3})"
        )
        for r in table.itertuples()
    }
    return url_choice(
        t("search_country", lang),
        list(labels),
        "iso3",
        labels.get,
        None,
        index=None,
        placeholder=t("search_country", lang),
    )


@st.cache_resource(show_spinner=False)
def unit_status(lang: str) -> dict[str, str]:
    """Per iso3, the status of its map unit (state, kingdom country, territory, …)."""
    boundaries = geo.load_boundaries("print")
    return {
        iso3: label("unit_status", status, lang)
        for iso3, status in zip(boundaries["iso3"], boundaries["status"], strict=True)
    }


@st.cache_resource(show_spinner=False)
def country_view(iso3: str) -> regions.Region:
    """A map view around one country, wide enough to show its neighbours."""
    units = geo.load_boundaries("web")
    lon, lat = maps.extent_around(tuple(units[units["iso3"] == iso3].total_bounds))
    return regions.Region(iso3, iso3, iso3, lon, lat, "")


def url_multi(
    label_text: str,
    options: Sequence[str],
    param: str,
    format_func: Callable[[str], str],
    lang: str,
) -> list[str]:
    """A multiselect kept in the URL as ``?<param>=a,b``; empty means all."""
    key = f"url_{param}"
    raw = st.query_params.get(param, "")
    if key not in st.session_state or st.session_state.get(f"{key}__url") != raw:
        st.session_state[key] = [v for v in raw.split(",") if v in options]
    chosen = st.multiselect(
        label_text, list(options), format_func=format_func, key=key, placeholder=t("all", lang)
    )
    written = ",".join(chosen)
    st.session_state[f"{key}__url"] = written
    if written:
        st.query_params[param] = written
    else:
        st.query_params.pop(param, None)
    return chosen or list(options)


def public_context(iso3: str, lang: str) -> None:
    """Indicators and situation reports fetched from public sources, each with its date."""
    for dataset in datasets.indicator_names():
        frame = datasets.load_indicator(dataset)
        row = frame[frame["iso3"] == iso3]
        if row.empty:
            continue
        row = row.iloc[0]
        st.markdown(
            f"**{t('indicators', lang)}** · {dataset} · {t('as_of', lang)} {row['source_date']}"
        )
        cells = []
        for column in layers.indicator_columns(frame):
            value = row[column]
            year = row.get(f"{column}_year")
            shown = "—" if pd.isna(value) else fmt.number(value, lang, 2 if abs(value) < 100 else 0)
            cells.append(
                f"- {indicator_title(column, lang)}: {shown}"
                + ("" if pd.isna(year) else f" ({int(year)})")
            )
        st.markdown("\n".join(cells))
        st.caption(f"[{row['source']}]({row['source_url']})")
    st.markdown(f"**{t('latest_reports', lang)}**")
    try:
        reports = live.latest_reports(refresh.load_reports(), iso3, 5)
    except datasets.DatasetError:
        reports = pd.DataFrame()
    if reports.empty:
        st.caption(t("no_reports", lang))
    for report in reports.itertuples():
        st.markdown(f"- {report.date} · [{report.title}]({report.url}) · {report.source}")


def commitment_filters(commitments: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Instrument, theme, status and year filters (kept in the URL); the matching rows."""
    years = sorted(
        {int(d[:4]) for d in commitments["source_date"].dropna()}
        | {int(p[:4]) for p in commitments["period"].dropna()}
    )
    columns = st.columns(4)
    with columns[0]:
        instruments = url_multi(
            t("instrument", lang),
            contracts.INSTRUMENTS,
            "instrument",
            lambda v: label("instrument", v, lang),
            lang,
        )
    with columns[1]:
        themes = url_multi(
            t("theme", lang),
            sorted(commitments["theme"].unique()),
            "theme",
            lambda v: v.replace("_", " "),
            lang,
        )
    with columns[2]:
        statuses = url_multi(
            t("status", lang),
            contracts.COMMITMENT_STATUSES,
            "cstatus",
            lambda v: label("commitment_status", v, lang),
            lang,
        )
    with columns[3]:
        year = url_choice(
            t("year", lang),
            ["all", *map(str, years)],
            "year",
            lambda v: t("all_years", lang) if v == "all" else v,
            "all",
        )
    return views.filter_commitments(
        commitments, instruments, themes, statuses, None if year == "all" else int(year)
    )
