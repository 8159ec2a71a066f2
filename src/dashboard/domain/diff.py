"""What a new version changes against the active one: rows added, removed, changed.

Rows are matched by the dataset's key (``KEYS``); rows that share a key (``aid_themes`` may
list a theme twice for a country) are matched in file order. Values are compared as text,
so 1 and 1.0, or an empty cell and a missing one, are the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

KEYS: dict[str, tuple[str, ...]] = {
    "countries": ("iso3",),
    "situation": ("iso3",),
    "commitments": ("commitment_id",),
    "posts": ("post_id",),
    "post_status": ("post_id", "status_date", "status"),
    "post_coverage": ("post_id", "iso3"),
    "aid_themes": ("iso3", "group", "theme"),
}
INDICATOR_KEY = ("iso3",)
_SEP = "\x1f"


@dataclass(frozen=True)
class Preview:
    """``added`` and ``removed`` are rows of the new and old frame; ``changed`` has one row
    per changed cell: the key columns, then ``column``, ``old`` and ``new``. ``countries``
    are all countries affected; ``changed_countries`` those of the changed rows (before or
    after the change)."""

    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame
    countries: tuple[str, ...]
    changed_countries: tuple[str, ...] = ()

    @property
    def unchanged(self) -> bool:
        return self.added.empty and self.removed.empty and self.changed.empty

    def summary(self) -> dict[str, int]:
        rows_changed = 0
        if not self.changed.empty:
            rows_changed = len(
                self.changed.drop_duplicates(
                    [c for c in self.changed.columns if c not in ("column", "old", "new")]
                )
            )
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": rows_changed,
            "countries": len(self.countries),
        }


def preview(dataset: str, old: pd.DataFrame | None, new: pd.DataFrame) -> Preview:
    """Compare ``new`` with ``old`` (``None`` when the dataset is new); neither is modified."""
    keys = list(KEYS.get(dataset, INDICATOR_KEY))
    if old is None:
        old = pd.DataFrame(columns=new.columns)
    old_text, new_text = _as_text(old), _as_text(new)
    old_keys, new_keys = _keys(old_text, keys), _keys(new_text, keys)
    old_pos = pd.Series(range(len(old)), index=old_keys)
    new_pos = pd.Series(range(len(new)), index=new_keys)
    added = new.iloc[new_pos[~new_pos.index.isin(old_pos.index)].to_list()]
    removed = old.iloc[old_pos[~old_pos.index.isin(new_pos.index)].to_list()]
    common = new_pos.index[new_pos.index.isin(old_pos.index)]
    o = old_text.iloc[old_pos[common].to_list()].reset_index(drop=True)
    n = new_text.iloc[new_pos[common].to_list()].reset_index(drop=True)
    changes, touched = [], set()
    for column in list(dict.fromkeys([*new.columns, *old.columns])):
        before = o[column] if column in o.columns else pd.Series("", index=o.index)
        after = n[column] if column in n.columns else pd.Series("", index=n.index)
        differs = before != after
        if differs.any():
            touched |= set(differs.index[differs])
            part = n.loc[differs, [k for k in keys if k in n.columns]].copy()
            part["column"] = column
            part["old"] = before[differs].to_numpy()
            part["new"] = after[differs].to_numpy()
            changes.append(part)
    changed = (
        pd.concat(changes, ignore_index=True)
        if changes
        else pd.DataFrame(columns=[*keys, "column", "old", "new"])
    )
    countries, in_changed = set(), set()
    for frame in (added, removed):
        if "iso3" in frame.columns:
            countries |= set(frame["iso3"].dropna().astype(str))
    for side in (o, n):
        if "iso3" in side.columns:
            in_changed |= set(side.loc[sorted(touched), "iso3"])
    countries = (countries | in_changed) - {""}
    return Preview(
        added.reset_index(drop=True),
        removed.reset_index(drop=True),
        changed,
        tuple(sorted(countries)),
        tuple(sorted(in_changed - {""})),
    )


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for column in frame.columns:
        values = frame[column]
        text = values.astype(str)
        if pd.api.types.is_float_dtype(values):
            text = text.str.replace(r"\.0$", "", regex=True)  # 3.0 and 3 are the same figure
        out[column] = text.where(values.notna(), "").to_numpy(dtype=object)
    return pd.DataFrame(out, index=range(len(frame)), columns=list(frame.columns))


def _keys(text: pd.DataFrame, keys: list[str]) -> pd.Index:
    if text.empty:
        return pd.Index([], dtype=object)
    present = [k for k in keys if k in text.columns]
    joined = pd.Series("", index=text.index, dtype=object)
    for k in present:
        joined = joined + _SEP + text[k]
    occurrence = joined.groupby(joined).cumcount().astype(str)
    return pd.Index(joined + _SEP + occurrence)
