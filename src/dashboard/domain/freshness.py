"""How current a fact is: the date of the fact apart from the date it was read.

``source_date`` is when the source published the fact; ``consulted_on`` when it was read. A
source that shows no date leaves ``source_date`` empty (never the reading date) and says in
``consulted_on`` when it was read; "as of" and every sort by date pass it by. A row whose
``source_date`` lies more than ``DASHBOARD_STALE_MONTHS`` months before today is *old*: maps,
tables and briefings mark it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

import pandas as pd

_YEAR_MONTH_DAY = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def months_before(today: dt.date, months: int) -> dt.date:
    """The day ``months`` calendar months before ``today`` (the 31st becomes the month's end)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(today.day, last))


def latest_day(value: Any) -> dt.date | None:
    """The last day a (partial) date can mean: ``2024-04`` → 30 April 2024, ``2024`` → 31
    December 2024; ``None`` for a missing or undated value."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    match = _YEAR_MONTH_DAY.match(str(value).strip())
    if not match:
        return None
    year, month, day = match.groups()
    if day:
        return dt.date(int(year), int(month), int(day))
    if month:
        following = dt.date(int(year) + int(month) // 12, int(month) % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(int(year), 12, 31)


def is_old(value: Any, today: dt.date, months: int) -> bool:
    """Whether a fact dated ``value`` is more than ``months`` months old on ``today``.

    A partial date counts from its last possible day, so a fact is never called old too
    early; an undated fact is not called old (its age is unknown, and shown as undated).
    """
    day = latest_day(value)
    return day is not None and day < months_before(today, months)


def old_mask(dates: pd.Series, today: dt.date, months: int) -> pd.Series:
    """``is_old`` for every value of ``dates``, indexed like it."""
    return dates.map(lambda v: is_old(v, today, months)).astype(bool)


def as_of(dates: pd.Series) -> str | None:
    """The newest date among ``dates`` (the "as of" of a view); ``None`` when none is dated."""
    dated = [v for v in dates.dropna().astype(str) if _YEAR_MONTH_DAY.match(v.strip())]
    return max(dated) if dated else None
