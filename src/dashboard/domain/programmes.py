"""Programmes as data: which government programme, coalition agreement or policy letter is
in force on a date, and which rows a view of one programme shows.

Read from ``data/programmes.csv`` by ``storage.bundled``. A programme's period runs from
``in_force_from`` up to, not including, ``in_force_to`` (the day its successor takes over);
an empty ``in_force_to`` means it is still in force. Government programmes and coalition
agreements follow one another; policy letters set themes and regions in between and stay in
force until a successor letter is known.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.domain import freshness

TYPES = ("government_programme", "coalition_agreement", "policy_letter")
# The types that succeed one another: exactly one of them is in force on any date they cover.
MAIN_TYPES = ("government_programme", "coalition_agreement")
COLUMNS = (
    "programme_id",
    "title_nl",
    "title_en",
    "cabinet",
    "type",
    "presented_on",
    "in_force_from",
    "in_force_to",
    "full_text",
    "source",
    "source_url",
    "source_date",
    "consulted_on",
)


@dataclass(frozen=True)
class Programme:
    programme_id: str
    title_nl: str
    title_en: str
    cabinet: str
    type: str
    presented_on: str
    in_force_from: str
    in_force_to: str | None
    full_text: bool
    source: str
    source_url: str
    source_date: str | None

    def title(self, lang: str) -> str:
        return self.title_nl if lang == "nl" else self.title_en

    @property
    def is_letter(self) -> bool:
        return self.type == "policy_letter"

    def in_force_on(self, day: str) -> bool:
        """Whether the programme is in force on ``day`` (``YYYY-MM-DD``)."""
        return self.in_force_from <= day and (self.in_force_to is None or day < self.in_force_to)

    def overlaps(self, other: Programme) -> bool:
        """Whether the two periods share at least one day."""
        starts_before_other_ends = (
            other.in_force_to is None or self.in_force_from < other.in_force_to
        )
        ends_after_other_starts = self.in_force_to is None or other.in_force_from < self.in_force_to
        return starts_before_other_ends and ends_after_other_starts


def _text(value: Any) -> str | None:
    return None if pd.isna(value) or str(value).strip() == "" else str(value)


def from_table(table: pd.DataFrame) -> tuple[Programme, ...]:
    """The programmes of ``data/programmes.csv``, checked: known types, unique ids,
    periods that end after they start, and main programmes that do not overlap."""
    missing = set(COLUMNS) - set(table.columns)
    if missing:
        raise ValueError(f"programmes.csv lacks columns {sorted(missing)}")
    found = tuple(
        Programme(
            programme_id=str(r.programme_id),
            title_nl=str(r.title_nl),
            title_en=str(r.title_en),
            cabinet=str(r.cabinet),
            type=str(r.type),
            presented_on=str(r.presented_on),
            in_force_from=str(r.in_force_from),
            in_force_to=_text(r.in_force_to),
            full_text=str(r.full_text).strip().lower() == "yes",
            source=str(r.source),
            source_url=str(r.source_url),
            source_date=_text(r.source_date),
        )
        for r in table.itertuples()
    )
    ids = [p.programme_id for p in found]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"programmes.csv lists {duplicates} more than once")
    for p in found:
        if p.type not in TYPES:
            raise ValueError(f"programme {p.programme_id}: type {p.type!r} is not one of {TYPES}")
        if p.in_force_to is not None and p.in_force_to <= p.in_force_from:
            raise ValueError(
                f"programme {p.programme_id}: in_force_to {p.in_force_to} "
                f"is not after in_force_from {p.in_force_from}"
            )
    main = sorted((p for p in found if not p.is_letter), key=lambda p: p.in_force_from)
    for earlier, later in zip(main, main[1:], strict=False):
        if earlier.overlaps(later):
            raise ValueError(f"programmes {earlier.programme_id} and {later.programme_id} overlap")
    return found


def find(programmes: Iterable[Programme], programme_id: str) -> Programme:
    """The programme ``programme_id``; a ``KeyError`` naming the known ones otherwise."""
    listed = list(programmes)
    for p in listed:
        if p.programme_id == programme_id:
            return p
    known = ", ".join(p.programme_id for p in listed)
    raise KeyError(f"unknown programme {programme_id!r}; known: {known}")


def in_force_on(programmes: Iterable[Programme], day: dt.date | str) -> Programme | None:
    """The government programme or coalition agreement in force on ``day``; ``None`` when
    the day lies before the first one known."""
    text = day if isinstance(day, str) else day.isoformat()
    for p in programmes:
        if not p.is_letter and p.in_force_on(text):
            return p
    return None


def letters_under(programmes: Iterable[Programme], main: Programme) -> list[Programme]:
    """The policy letters in force at some time during ``main``'s period."""
    return [p for p in programmes if p.is_letter and p.overlaps(main)]


def view_ids(programmes: Sequence[Programme], main: Programme) -> tuple[str, ...]:
    """Ids of the rows a view of ``main`` shows: ``main`` itself and its letters."""
    return (main.programme_id, *(p.programme_id for p in letters_under(programmes, main)))


def choosable(programmes: Iterable[Programme], with_regions: Iterable[str]) -> list[Programme]:
    """The main programmes a user can choose: those with priority regions, newest first."""
    ids = set(with_regions)
    main = [p for p in programmes if not p.is_letter and p.programme_id in ids]
    return sorted(main, key=lambda p: p.in_force_from, reverse=True)


def predecessor(programmes: Iterable[Programme], main: Programme) -> Programme | None:
    """The main programme that was in force the day before ``main`` took over."""
    day = (dt.date.fromisoformat(main.in_force_from) - dt.timedelta(days=1)).isoformat()
    return in_force_on(programmes, day)


def rows_in_view(frame: pd.DataFrame, ids: Iterable[str]) -> pd.DataFrame:
    """The rows of ``frame`` whose ``programme_id`` is one of ``ids`` (a programme's view)."""
    return frame[frame["programme_id"].isin(set(ids))].reset_index(drop=True)


def attribute(frame: pd.DataFrame, programmes: Sequence[Programme], today: dt.date) -> pd.DataFrame:
    """``frame`` with every row's programme and kind filled in (a copy).

    A row keeps its own ``programme_id``; one left blank, or a file without the column (an
    analyst's upload), belongs to the programme in force on its ``source_date`` (the last day
    a partial date can mean), an undated row to the one in force ``today``. A blank ``kind``
    is an ``action``.
    """
    out = frame.copy()
    if "programme_id" not in out.columns:
        out["programme_id"] = pd.NA
    missing = out["programme_id"].isna()
    if missing.any():
        dates = out.loc[missing, "source_date"] if "source_date" in out.columns else None

        def in_force(value: Any) -> Any:
            day = freshness.latest_day(value) or today
            found = in_force_on(programmes, min(day, today))
            return found.programme_id if found is not None else pd.NA

        filled = dates.map(in_force) if dates is not None else pd.Series(pd.NA, index=out.index)
        out.loc[missing, "programme_id"] = filled.to_numpy()
    if "kind" in out.columns:
        out["kind"] = out["kind"].fillna("action")
    return out
