"""Coverage risk: where the programme asks most of the post network and the network holds least.

Pure: frames in, a ranked frame out. For every priority country (a member of a region of the
programme), with ``joins.country_coverage`` for the network:

- **gap**: how little the network holds the country once the announced closures are carried
  out: ``none`` 3, ``suspended`` 2 (only suspended posts cover it), ``elsewhere`` 1 (covered
  from a post in another country), ``resident`` and ``kingdom`` 0.
- **ask**: what the programme asks there: 2 when the programme names the country itself, 1
  when it belongs to a region the programme names; plus 1 per commitment to the country.
- **risk** = gap × ask. Countries are ranked by risk (highest first), then gap, then ask,
  then the severity of the travel advice (red first; none imported last), then ISO code.

Amounts are never summed (the public figures overlap): ``amounts_known`` counts the
commitments with a published amount, ``largest_amount_eur`` is one row's amount, with its
source.
"""

from __future__ import annotations

import html

import pandas as pd

from dashboard.domain import joins
from dashboard.domain.citations import short_source
from dashboard.domain.network import ADVICE_COLOURS
from dashboard.text import fmt
from dashboard.text.i18n import label, t

GAP = {"none": 3, "suspended": 2, "elsewhere": 1, "resident": 0, "kingdom": 0}
ASK_NAMED, ASK_MEMBER = 2, 1
COLUMNS = [
    "rank",
    "iso3",
    "role",
    "level",
    "level_after_closures",
    "resident",
    "elsewhere",
    "closing",
    "suspended",
    "advice",
    "advice_parts_differ",
    "commitments",
    "amounts_known",
    "largest_amount_eur",
    "largest_amount_source",
    "gap",
    "ask",
    "risk",
]


def rank(
    members: pd.DataFrame,
    posts: pd.DataFrame,
    coverage: pd.DataFrame | None,
    commitments: pd.DataFrame,
    travel_advice: pd.DataFrame | None,
) -> pd.DataFrame:
    """One row per priority country, ranked (``rank`` 1 is the highest risk); see the module."""
    named = set(members.loc[members["role"] == "named", "iso3"])
    iso3s = sorted(set(members["iso3"]))
    table = joins.country_coverage(iso3s, posts, coverage)
    table["role"] = ["named" if c in named else "member" for c in table["iso3"]]
    direct = commitments[commitments["iso3"].isin(iso3s)]
    table["commitments"] = table["iso3"].map(direct["iso3"].value_counts()).fillna(0).astype(int)
    with_amount = direct[direct["amount_eur"].notna()]
    table["amounts_known"] = (
        table["iso3"].map(with_amount["iso3"].value_counts()).fillna(0).astype(int)
    )
    largest = (
        with_amount.sort_values(["amount_eur", "source_date"], ascending=False, kind="stable")
        .drop_duplicates("iso3")
        .set_index("iso3")
    )
    table["largest_amount_eur"] = table["iso3"].map(largest["amount_eur"]).astype("Int64")
    table["largest_amount_source"] = table["iso3"].map(largest["source"])
    advice = (
        travel_advice.set_index("iso3")
        if travel_advice is not None
        else pd.DataFrame(columns=["colour", "parts_differ"])
    )
    table["advice"] = table["iso3"].map(advice["colour"])
    differ = set(advice.index[advice["parts_differ"].astype(bool)])
    table["advice_parts_differ"] = table["iso3"].isin(differ)
    table["gap"] = table["level_after_closures"].map(GAP).astype(int)
    table["ask"] = (
        table["role"].map({"named": ASK_NAMED, "member": ASK_MEMBER}) + table["commitments"]
    )
    table["risk"] = table["gap"] * table["ask"]
    severity = table["advice"].map({c: i for i, c in enumerate(ADVICE_COLOURS)}).fillna(-1)
    table = (
        table.assign(_severity=severity)
        .sort_values(
            ["risk", "gap", "ask", "_severity", "iso3"],
            ascending=[False, False, False, False, True],
            kind="stable",
        )
        .drop(columns="_severity")
        .reset_index(drop=True)
    )
    table["rank"] = range(1, len(table) + 1)
    return table[COLUMNS]


def display(ranked: pd.DataFrame, posts: pd.DataFrame, names: pd.Series, lang: str) -> pd.DataFrame:
    """The ranked table in words, as the coverage view shows it beside the map."""
    post_names = posts.set_index("post_id")[f"name_{lang}"]
    hosts = posts.set_index("post_id")["iso3"]

    def listed(ids: list[str], with_host: bool = False) -> str:
        return "; ".join(
            str(post_names.get(i, i))
            + (f" ({names.get(hosts.get(i), hosts.get(i))})" if with_host else "")
            for i in ids
        )

    def largest(row) -> str:
        if pd.isna(row.largest_amount_eur):
            return ""
        amount = fmt.euro(int(row.largest_amount_eur), lang)
        return f"{amount} ({short_source(row.largest_amount_source)})"

    return pd.DataFrame(
        {
            "rank": ranked["rank"].to_numpy(),
            "country": ranked["iso3"].map(names).fillna(ranked["iso3"]).to_numpy(),
            "role": ranked["role"].map(lambda r: t(f"role_{r}", lang)).to_numpy(),
            "level": ranked["level"].map(lambda v: label("coverage", v, lang)).to_numpy(),
            "after": ranked["level_after_closures"]
            .map(lambda v: label("coverage", v, lang))
            .to_numpy(),
            "posts": [listed(r) for r in ranked["resident"]],
            "elsewhere": [listed(r, with_host=True) for r in ranked["elsewhere"]],
            "at_risk": [
                listed(c + s) for c, s in zip(ranked["closing"], ranked["suspended"], strict=True)
            ],
            "advice": [
                label("advice", c if isinstance(c, str) else "none", lang)
                + (f" ({t('advice_parts_differ', lang)})" if p else "")
                for c, p in zip(ranked["advice"], ranked["advice_parts_differ"], strict=True)
            ],
            "commitments": ranked["commitments"].to_numpy(),
            "amounts_known": ranked["amounts_known"].to_numpy(),
            "largest_amount": [largest(r) for r in ranked.itertuples()],
            "iso3": ranked["iso3"].to_numpy(),
        }
    )


def hover(shown: pd.DataFrame, lang: str) -> pd.Series:
    """Per iso3, the map's hover text of a :func:`display` table (HTML-escaped)."""
    lines = []
    for row in shown.to_dict("records"):
        now, after = str(row["level"]), str(row["after"])
        parts = [
            f"#{row['rank']} · {now}" + (f" → {after}" if after != now else ""),
            row["posts"] or row["elsewhere"],
            f"{t('layer_traveladvice', lang)}: {row['advice']}",
            f"{t('commitments', lang)}: {row['commitments']}",
        ]
        lines.append("<br>".join(html.escape(str(p)) for p in parts if p))
    return pd.Series(lines, index=shown["iso3"].to_numpy())
