"""Development aid from the ministry's IATI publication: the two datasets and what is shown.

Pure tables. ``activities_table`` and ``flows_table`` turn what the importer read
(``ingest.iati``) into the datasets ``aid_activities`` and ``aid_flows``; ``summary`` sums
the flows per place, year, theme, flow type and currency (small: what the map and the
profile read); the rest answers the map's and the profile's questions. Amounts in
different currencies are never added together: a total in euros sums ``value_eur``, and
money in another currency without a sourced rate is listed in its own currency beside it.
"""

from __future__ import annotations

import re

import pandas as pd

from dashboard.domain import contracts

ACTIVITY_TEXT = ("title_nl", "title_en", "reporting_org", "participating_orgs")
ALL_THEMES = "all"  # the theme choice that sums every flow, with or without a theme
UNASSIGNED = "unassigned"  # flows whose DAC sector has no theme in data/dac_themes.csv
SUMMARY_KEYS = ["iso3", "region_code", "year", "theme", "flow_type", "currency"]
FLOW_COLUMNS = ["iati_identifier", "iso3", "region_code", "year", "dac_sector", "theme"]
FLOW_COLUMNS += ["flow_type", "value", "currency", "value_eur"]
# What the contracts refuse in text (a spreadsheet formula, markup): removed on import.
_FORMULA_START = re.compile(r"^[=+\-@\t\r]+")
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>?")


def clean_text(value: object) -> object:
    """``value`` without markup and without leading formula characters; other values as is."""
    if not isinstance(value, str):
        return value
    cleaned = _FORMULA_START.sub("", _MARKUP.sub("", value)).strip()
    return cleaned or None


def activities_table(
    parsed: pd.DataFrame,
    *,
    source: str | pd.Series,
    source_url: str | None,
    file_date: str | None,
) -> tuple[pd.DataFrame, list[tuple[str, str, str]]]:
    """The ``aid_activities`` rows of one import, and what was changed or is missing.

    ``source_date`` is the activity's own ``last-updated-datetime``, else ``file_date`` (the
    file's ``generated-datetime`` when that is the publisher's date; ``None`` for an answer
    of the Datastore, which dates it at the moment of the query). Returns the frame and
    notes ``(iati_identifier, column, kind)``: ``cleaned`` (formula characters or markup
    removed from a text), ``link`` (a web page that is not an http(s) address, left out) or
    ``no_date`` (no publication date: the activity is refused).
    """
    table = parsed.copy()
    notes: list[tuple[str, str, str]] = []
    for column in ACTIVITY_TEXT:
        before = table[column]
        after = before.map(clean_text)
        changed = before.notna() & (before != after)
        notes += [(ident, column, "cleaned") for ident in table.loc[changed, "iati_identifier"]]
        table[column] = after
    web_page = table["link"].fillna("").str.match(r"https?://")
    dropped = table["link"].notna() & ~web_page
    notes += [(ident, "document-link", "link") for ident in table.loc[dropped, "iati_identifier"]]
    table["link"] = table["link"].where(web_page, None)
    for column in ("start_date", "end_date"):
        table[column] = table[column].dt.strftime("%Y-%m-%d").astype(object)
        table[column] = table[column].where(table[column].notna(), None)
    dates = table.pop("last_updated")
    table["source"] = source
    table["source_url"] = source_url
    table["source_date"] = dates if file_date is None else dates.fillna(file_date)
    undated = table.loc[table["source_date"].isna(), "iati_identifier"]
    notes += [(ident, "last-updated-datetime", "no_date") for ident in undated]
    return table.reset_index(drop=True), notes


def theme_of(sectors: pd.Series, themes: pd.DataFrame) -> pd.Series:
    """The aid theme of each DAC sector code: its own row in ``themes`` (``dac_code``,
    ``theme``), else its 3-digit category's; missing where neither has one."""
    by_code = dict(zip(themes["dac_code"], themes["theme"], strict=True))
    lookup = {
        code: by_code.get(code) or by_code.get(code[:3]) for code in sectors.dropna().unique()
    }
    return pd.Series([lookup.get(code) for code in sectors], index=sectors.index, dtype=object)


def flows_table(parsed: pd.DataFrame, themes: pd.DataFrame) -> pd.DataFrame:
    """The ``aid_flows`` rows of one import: what was read, with each sector's theme."""
    table = parsed.assign(theme=theme_of(parsed["dac_sector"], themes))
    return table[FLOW_COLUMNS]


def summary(flows: pd.DataFrame) -> pd.DataFrame:
    """Flows summed per place, year, theme (``unassigned`` when none), flow type and currency.

    ``value_eur`` is the sum in euros, or missing when any part has no euro value.
    """
    data = flows.assign(
        theme=flows["theme"].astype(object).where(flows["theme"].notna(), UNASSIGNED)
    )
    groups = data.groupby(SUMMARY_KEYS, dropna=False, sort=True, observed=True)
    out = groups["value"].sum().to_frame()
    whole = groups["value_eur"].count() == groups.size()
    out["value_eur"] = groups["value_eur"].sum().where(whole)
    return out.reset_index()


def years(summary_table: pd.DataFrame, flow_type: str = "disbursement") -> list[int]:
    """The years with any flow of ``flow_type``, newest first."""
    rows = summary_table[summary_table["flow_type"] == flow_type]
    return sorted({int(y) for y in rows["year"]}, reverse=True)


def default_year(summary_table: pd.DataFrame, this_year: int) -> int | None:
    """The year a view opens on: the newest with disbursements that is not in the future
    (a transaction dated ahead is a plan, not money paid), else the newest."""
    found = years(summary_table)
    past = [year for year in found if year <= this_year]
    if past:
        return past[0]
    return found[0] if found else None


def _chosen(table: pd.DataFrame, year: int | None, theme: str, flow_type: str) -> pd.DataFrame:
    rows = table[table["flow_type"] == flow_type]
    if year is not None:
        rows = rows[rows["year"] == year]
    if theme != ALL_THEMES:
        rows = rows[rows["theme"] == theme]
    return rows


def per_place(
    summary_table: pd.DataFrame,
    year: int,
    theme: str = ALL_THEMES,
    flow_type: str = "disbursement",
    place: str = "iso3",
) -> pd.DataFrame:
    """Per country (``place="iso3"``) or DAC region (``"region_code"``): ``eur`` (the sum of
    the euro values, missing when there is none) and ``other`` (``{currency: value}`` of the
    money without a euro value), for one year, theme and flow type."""
    rows = _chosen(summary_table, year, theme, flow_type).dropna(subset=[place])
    known = rows.dropna(subset=["value_eur"])
    eur = known.groupby(place)["value_eur"].sum()
    unknown = rows[rows["value_eur"].isna()].groupby([place, "currency"])["value"].sum()
    other = {str(key): dict(group.droplevel(0).items()) for key, group in unknown.groupby(level=0)}
    index = sorted({str(c) for c in eur.index} | set(other), key=lambda c: (len(c), c))
    return pd.DataFrame(
        {"eur": eur.reindex(index), "other": [other.get(key, {}) for key in index]},
        index=pd.Index(index, name=place),
    )


def country_totals(summary_table: pd.DataFrame, iso3: str, flow_type: str) -> pd.DataFrame:
    """One country's flows of ``flow_type`` per year (rows, newest first) and theme (columns,
    in the contract's order, then ``unassigned`` and the total ``all``), in euros; money
    without a euro value is left out here (see :func:`other_currencies`)."""
    rows = summary_table[
        (summary_table["iso3"] == iso3) & (summary_table["flow_type"] == flow_type)
    ]
    rows = rows.dropna(subset=["value_eur"])
    table = rows.pivot_table(index="year", columns="theme", values="value_eur", aggfunc="sum")
    order = [theme for theme in (*contracts.AID_THEMES, UNASSIGNED) if theme in table.columns]
    table = table[order]
    table[ALL_THEMES] = rows.groupby("year")["value_eur"].sum()
    return table.sort_index(ascending=False)


def other_currencies(summary_table: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """One country's money without a euro value: per year, flow type and currency."""
    rows = summary_table[(summary_table["iso3"] == iso3) & summary_table["value_eur"].isna()]
    out = rows.groupby(["year", "flow_type", "currency"])["value"].sum().reset_index()
    return out.sort_values(["year", "flow_type"], ascending=[False, True], ignore_index=True)


def per_activity(flows: pd.DataFrame) -> pd.DataFrame:
    """Flows summed per country, activity, flow type and currency (``value_eur`` missing when
    any part has no euro value): what the profile's list of activities reads."""
    rows = flows.dropna(subset=["iso3"])
    groups = rows.groupby(["iso3", "iati_identifier", "flow_type", "currency"], observed=True)
    out = groups["value"].sum().to_frame()
    whole = groups["value_eur"].count() == groups.size()
    out["value_eur"] = groups["value_eur"].sum().where(whole)
    return out.reset_index()


def country_sectors(flows: pd.DataFrame) -> pd.DataFrame:
    """The DAC sectors of each country's flows (``iso3``, ``dac_sector``), once each."""
    return flows[["iso3", "dac_sector"]].dropna().drop_duplicates(ignore_index=True)


def largest_activities(
    activity_totals: pd.DataFrame, activities: pd.DataFrame, iso3: str, n: int = 10
) -> pd.DataFrame:
    """The ``n`` activities with the most disbursed to ``iso3`` in euros (all years), from
    :func:`per_activity`, with their titles, organisations, link and source: ``eur`` sums
    the euro values, ``other`` (``{currency: value}``) the money without a euro value, never
    converted."""
    rows = activity_totals[
        (activity_totals["iso3"] == iso3) & (activity_totals["flow_type"] == "disbursement")
    ]
    eur = rows.dropna(subset=["value_eur"]).groupby("iati_identifier")["value_eur"].sum()
    unknown = rows[rows["value_eur"].isna()].groupby(["iati_identifier", "currency"])["value"].sum()
    other = {str(key): dict(g.droplevel(0).items()) for key, g in unknown.groupby(level=0)}
    idents = sorted({str(ident) for ident in eur.index} | set(other))
    per = pd.DataFrame({"eur": eur.reindex(idents)}, index=pd.Index(idents, name="iati_identifier"))
    top = per.sort_values("eur", ascending=False, na_position="last", kind="stable").head(n)
    info = activities.set_index("iati_identifier").reindex(top.index)
    info["eur"] = top["eur"]
    found = [other.get(str(ident), {}) for ident in top.index]
    info["other"] = pd.Series(found, index=info.index, dtype=object)
    return info.reset_index()


def mapping_used(sectors_table: pd.DataFrame, iso3: str, themes: pd.DataFrame) -> pd.DataFrame:
    """The DAC sectors of one country's flows (:func:`country_sectors`) and the theme each
    was given, with the row of ``data/dac_themes.csv`` it came from (its own code, or its
    3-digit category)."""
    mine = sectors_table.loc[sectors_table["iso3"] == iso3, "dac_sector"]
    sectors = sorted({str(code) for code in mine.dropna()})
    by_code = themes.set_index("dac_code")
    rows = []
    for code in sectors:
        row = code if code in by_code.index else code[:3]
        if row in by_code.index:
            rows.append({"dac_sector": code, "theme": by_code.at[row, "theme"], "row": row})
        else:
            rows.append({"dac_sector": code, "theme": None, "row": None})
    return pd.DataFrame(rows, columns=["dac_sector", "theme", "row"])
