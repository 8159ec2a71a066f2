"""What changed between two programmes: goals per region and theme, and priority per country.

Pure: frames in, frames out. A *goal* is a commitment row of ``kind`` ``goal`` (what a
programme or letter itself says, quoted or as reported), as opposed to an ``action`` taken
under it. Each view holds a programme's rows and its letters' (``programmes.view_ids``), so a
letter in force under both shows as kept.

Per region and theme a goal is ``added`` (only in the later view), ``kept`` (the same rows),
``changed`` (rows in both, not the same) or, when only the earlier view has it, ``dropped``,
but only if the later programme's full text was read: otherwise it is ``not_found`` (the
rows rest on reports of the text, and what they do not mention may still be in it).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

STATUSES = ("added", "changed", "kept", "dropped", "not_found")
COUNTRY_STATUSES = ("gained", "kept", "lost", "not_found", "other")
NO_REGION = ""


@dataclass(frozen=True)
class Side:
    """One side of a comparison: the programme's id, whether its full text was read, and
    the ids of the rows in its view (itself and its letters)."""

    programme_id: str
    full_text: bool
    view_ids: tuple[str, ...]


def goals(commitments: pd.DataFrame, side: Side) -> pd.DataFrame:
    """The goal rows of ``side``'s view, with ``region`` (the row's group; empty for a
    country row that names no region)."""
    rows = commitments[
        (commitments["kind"] == "goal") & commitments["programme_id"].isin(side.view_ids)
    ]
    return rows.assign(region=rows["group"].fillna(NO_REGION))


def _status(before: set[str], after: set[str], later_full_text: bool) -> str:
    if not before:
        return "added"
    if not after:
        return "dropped" if later_full_text else "not_found"
    return "kept" if before == after else "changed"


def goal_changes(commitments: pd.DataFrame, earlier: Side, later: Side) -> pd.DataFrame:
    """One row per region and theme that either view has a goal for.

    Columns: ``region``, ``theme``, ``status`` (one of :data:`STATUSES`), ``before`` and
    ``after`` (the commitment ids on each side, in file order), sorted by region, status
    and theme.
    """
    a, b = goals(commitments, earlier), goals(commitments, later)
    keys = sorted(
        set(zip(a["region"], a["theme"], strict=True))
        | set(zip(b["region"], b["theme"], strict=True))
    )
    out = []
    for region, theme in keys:
        before = a.loc[(a["region"] == region) & (a["theme"] == theme), "commitment_id"].tolist()
        after = b.loc[(b["region"] == region) & (b["theme"] == theme), "commitment_id"].tolist()
        status = _status(set(before), set(after), later.full_text)
        out.append(
            {"region": region, "theme": theme, "status": status, "before": before, "after": after}
        )
    table = pd.DataFrame(out, columns=["region", "theme", "status", "before", "after"])
    order = {s: i for i, s in enumerate(STATUSES)}
    return table.sort_values(
        ["region", "status", "theme"], key=lambda c: c.map(order) if c.name == "status" else c
    ).reset_index(drop=True)


def region_changes(
    earlier_regions: set[str], later_regions: set[str], later_full_text: bool
) -> dict[str, str]:
    """Per region id of either view: ``gained``, ``kept``, ``lost`` or ``not_found``."""
    return {
        r: _country_status(r in earlier_regions, r in later_regions, later_full_text)
        for r in sorted(earlier_regions | later_regions)
    }


def _country_status(before: bool, after: bool, later_full_text: bool) -> str:
    if before and after:
        return "kept"
    if after:
        return "gained"
    if before:
        return "lost" if later_full_text else "not_found"
    return "other"


def country_changes(
    iso3: pd.Series,
    earlier_members: pd.DataFrame,
    later_members: pd.DataFrame,
    later_full_text: bool,
) -> pd.Series:
    """Per value of ``iso3`` (e.g. the map units): whether the country is a priority in the
    later view only (``gained``), in both (``kept``), only in the earlier one (``lost``, or
    ``not_found`` when the later text was not read in full), or in neither (``other``)."""
    before, after = set(earlier_members["iso3"]), set(later_members["iso3"])
    return iso3.map(lambda code: _country_status(code in before, code in after, later_full_text))
