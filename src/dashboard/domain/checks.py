"""How a table is checked against a contract: column by column, on whole columns at once.

A :class:`Column` says what a column holds (text, a whole number, a number, yes/no), whether
it may be empty, and the form of its values (one of a list, an ISO code, a calendar date, a
web address …). :func:`check` runs every rule on whole columns (no per-cell Python for the
common cases), counts every failure and describes only the first ``limit`` of them, each
quoting the cell as the file had it. A table with a million mistakes is checked in the time
it takes to count them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from dashboard.domain.problems import LIMIT, Problem, finish, quote

# Patterns without \s, \d or lookaround, so pandas runs them in pyarrow (RE2) on whole columns.
_SPACE = "[ \\t\\n\\r\\f\\v]"
ISO3 = re.compile(r"[A-Z]{3}")
_PERIOD = re.compile(r"[0-9]{4}(-([0-9]{4})?)?")
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
# A cell a spreadsheet would run as a formula, or markup a browser would render.
_UNSAFE = rf"^[=+\-@\t\r]|<{_SPACE}*/?{_SPACE}*[a-zA-Z!]"
_URL_TEXT = (
    r"[hH][tT][tT][pP][sS]?://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][^ \t\n\r\f\v<>\"'`\\^{}|]*)?"
)
_URL = re.compile(_URL_TEXT)
# One address, or several separated by ";" (an address may hold a ";" itself).
_URLS = rf"{_SPACE}*{_URL_TEXT}({_SPACE}*;{_SPACE}*{_URL_TEXT})*{_SPACE}*"
MAX_URL = 2000
_YES = frozenset({"true", "yes", "ja", "waar", "1", "j", "y"})
_NO = frozenset({"false", "no", "nee", "onwaar", "0", "n"})
KINDS = ("text", "int", "float", "bool")
FORMS = ("iso3", "iso3_list", "period", "date", "url", "timestamp")
_LIST = ";"
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?")


@dataclass(frozen=True)
class Column:
    """What one column holds.

    ``kind``: text, int (a whole number), float or bool (yes/no). ``required``: the cell
    may not be empty. ``allowed``: the values a text may take. ``form``: ``iso3`` (three
    capitals), ``iso3_list`` (codes separated by ``;``), ``period`` (2024, 2024-2027,
    2024-), ``date`` (a calendar date: YYYY, YYYY-MM or YYYY-MM-DD), ``url`` (one or more
    http or https addresses, separated by ``;``) or ``timestamp`` (YYYY-MM-DDTHH:MM, seconds
    and a UTC offset optional). ``codes``: the ISO codes must be units on
    the map. ``low``/``high``: the range of a number, with ``range_key`` the text that says so.
    ``optional``: the file may leave the column out (when it is there, its rules hold).
    """

    kind: str = "text"
    required: bool = True
    allowed: tuple[str, ...] | None = None
    form: str | None = None
    unique: bool = False
    codes: bool = False
    low: float | None = None
    high: float | None = None
    range_key: str = "p_out_of_range"
    optional: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")
        if self.form is not None and self.form not in FORMS:
            raise ValueError(f"form must be one of {FORMS}, not {self.form!r}")


@dataclass(frozen=True)
class RowRule:
    """A rule on whole rows of text: ``holds(frame)`` is a boolean per row, checked when the
    table has all of ``columns``; ``key`` is the text that says what is missing."""

    key: str
    columns: tuple[str, ...]
    holds: Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class Contract:
    name: str
    columns: Mapping[str, Column]
    rules: tuple[RowRule, ...] = field(default_factory=tuple)


# -- dates and addresses: usable for any column ----------------------------------------------
@lru_cache(maxsize=4096)
def calendar_date(text: str) -> bool:
    """Whether ``text`` is a date on the calendar written YYYY, YYYY-MM or YYYY-MM-DD
    (``2025-02-31`` and ``2026-13-01`` are not)."""
    match = _DATE.fullmatch(text)
    if not match:
        return False
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return int(year) >= 1000


def calendar_dates(values: pd.Series) -> pd.Series:
    """:func:`calendar_date` for a column of text; missing cells count as dates. Each
    distinct value is looked at once."""
    given = values.dropna().astype(str)
    shaped = given[given.str.fullmatch(_DATE.pattern).to_numpy(bool)]
    valid = [v for v in shaped.unique() if calendar_date(v)]
    ok = pd.Series(True, index=values.index)
    ok[given.index] = given.isin(valid).to_numpy(bool)
    return ok


def web_address(text: str) -> bool:
    """Whether ``text`` is an http(s) address (what a link may point to)."""
    return len(text) <= MAX_URL and _URL.fullmatch(text) is not None


def web_addresses(values: pd.Series) -> np.ndarray:
    """Per cell of text: one http(s) address, or several separated by ``;``."""
    text = values.fillna("").astype("str")
    shaped = text.str.fullmatch(_URLS).to_numpy(bool)
    return shaped & (text.str.len().to_numpy() <= 10 * MAX_URL)


# -- the check ---------------------------------------------------------------------------------
class _Found:
    """Failures as they are found: counted all, described up to ``limit`` per rule."""

    def __init__(self, frame: pd.DataFrame, quoted: pd.DataFrame, limit: int):
        self.rows = np.asarray(frame.index)
        self.quoted, self.limit = quoted, limit
        self.total = 0
        self.problems: list[Problem] = []

    def add(self, bad, column: str | None, key: str, quote_value: bool = True, **values):
        bad = np.asarray(bad, dtype=bool)
        n = int(bad.sum())
        if not n:
            return
        self.total += n
        positions = np.flatnonzero(bad)[: self.limit]
        quoted = None
        if quote_value and column is not None and column in self.quoted.columns:
            quoted = self.quoted[column].iloc[positions].tolist()
        for i, position in enumerate(positions):
            shown = dict(values)
            if quoted is not None:
                shown["value"] = quote(quoted[i])
            self.problems.append(Problem.of(_file_row(self.rows[position]), column, key, **shown))

    def one(self, row, column, key, **values):
        self.total += 1
        self.problems.append(Problem.of(row, column, key, **values))


def _file_row(label) -> int | None:
    try:
        return int(label) + 2  # row 1 is the header
    except (TypeError, ValueError):
        return None


def text_of(series: pd.Series) -> pd.Series:
    """A column as text; empty and blank cells are missing."""
    text = series.astype("str")
    return text.mask(text.str.strip().eq("").fillna(True))


def _numbers_as_text(series: pd.Series) -> pd.Series:
    """A column that already holds numbers, as text that reads back to the same numbers
    (Arrow's shortest round-trip form: ``1`` for 1.0), missing where the number is; many
    times faster than Python's own formatting for a million rows."""
    values = pc.cast(pa.array(series, from_pandas=True), pa.large_string())
    return pd.Series(pd.array(values, dtype="str"), index=series.index)


def _column_text(series: pd.Series, column: Column) -> pd.Series:
    """``series`` as the checks read it; a number column that holds numbers skips Python's
    formatting (its checks read the numbers, not their form)."""
    numeric = is_numeric_dtype(series.dtype) and not is_bool_dtype(series.dtype)
    if column.kind in ("int", "float") and numeric:
        return _numbers_as_text(series)
    return text_of(series)


def check(
    contract: Contract,
    frame: pd.DataFrame,
    *,
    known_iso3: Iterable[str] | None = None,
    quoted: pd.DataFrame | None = None,
    skip: Mapping[str, pd.Series] | None = None,
    limit: int = LIMIT,
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check ``frame`` (not modified) against ``contract``.

    ``quoted`` is the table as the file had it (same index and columns), for quoting cells
    in messages; ``skip`` marks cells already reported (per column), so they are not
    reported twice. Returns the typed frame and no problems, or ``None`` and the problems
    (capped: see :mod:`problems`).
    """
    found = _Found(frame, quoted if quoted is not None else frame, limit)
    for name, spec in contract.columns.items():
        if name not in frame.columns and not spec.optional:
            found.one(None, name, "p_missing_column")
    for name in frame.columns:
        if name not in contract.columns:
            found.one(None, str(name), "p_unknown_column")
    known = frozenset(known_iso3) if known_iso3 is not None else None
    # Each column as text once: the column checks and the rules read the same text.
    texts = pd.DataFrame(
        {
            n: _column_text(frame[n], contract.columns[n])
            for n in frame.columns
            if n in contract.columns
        }
    )
    typed = {}
    for name, column in contract.columns.items():
        if name not in texts.columns:
            continue
        text = texts[name]
        skipped = np.zeros(len(text), dtype=bool)
        if skip is not None and name in skip:
            skipped = skip[name].reindex(text.index, fill_value=False).to_numpy(bool)
        typed[name] = _check_column(found, name, column, text, known, skipped)
    for rule in contract.rules:
        if set(rule.columns) <= set(texts.columns):
            found.add(~rule.holds(texts).to_numpy(bool), None, rule.key, quote_value=False)
    if found.total:
        return None, finish(found.problems, found.total, limit)
    out = pd.DataFrame({n: typed[n] for n in frame.columns if n in typed})
    return out.reset_index(drop=True), []


def _check_column(found: _Found, name: str, column: Column, text: pd.Series, known, skipped):
    blank = text.isna().to_numpy() & ~skipped
    given = ~text.isna().to_numpy() & ~skipped
    if column.required:
        found.add(blank, name, "p_empty", quote_value=False)
    if column.kind == "text":
        return _check_text(found, name, column, text, given, known)
    if column.kind == "bool":
        folded = text.str.strip().str.casefold()
        yes, no = folded.isin(_YES).to_numpy(), folded.isin(_NO).to_numpy()
        found.add(given & ~yes & ~no, name, "p_not_yes_no")
        return pd.Series(np.where(yes, True, False), index=text.index, dtype=bool)
    numbers = pd.to_numeric(text.str.strip(), errors="coerce").astype("float64")
    values = numbers.to_numpy()
    not_number = given & np.isnan(values)
    infinite = given & np.isinf(values)
    found.add(not_number, name, "p_not_number" if column.kind == "float" else "p_not_whole")
    found.add(infinite, name, "p_not_finite")
    finite = given & np.isfinite(values)
    if column.kind == "int":
        whole = finite & (np.abs(values) < 2**53)
        found.add(finite & ~(whole & (np.floor(values) == values)), name, "p_not_whole")
    low = -math.inf if column.low is None else column.low
    high = math.inf if column.high is None else column.high
    found.add(finite & ((values < low) | (values > high)), name, column.range_key)
    if column.kind == "int":
        return pd.Series(
            pd.array([int(v) if ok else pd.NA for v, ok in zip(values, finite, strict=True)]),
            index=text.index,
            dtype="Int64",
        )
    return pd.Series(np.where(finite, values, np.nan), index=text.index, dtype="float64")


def _check_text(found: _Found, name: str, column: Column, text: pd.Series, given, known):
    filled = text.fillna("")
    found.add(given & filled.str.contains(_UNSAFE).to_numpy(bool), name, "p_unsafe_text")
    if column.allowed is not None:
        found.add(
            given & ~filled.isin(column.allowed).to_numpy(),
            name,
            "p_not_allowed",
            allowed=", ".join(column.allowed),
        )
    if column.form == "iso3":
        shaped = filled.str.fullmatch(ISO3.pattern).to_numpy(bool)
        found.add(given & ~shaped, name, "p_iso3")
        if column.codes and known is not None:
            found.add(given & shaped & ~filled.isin(known).to_numpy(), name, "p_unknown_code")
    elif column.form == "iso3_list" and column.codes and known is not None:
        codes = filled[given].str.split(_LIST).explode().str.strip()
        unknown = codes[(codes != "") & ~codes.isin(known)]
        found.total += len(unknown)
        for label, code in unknown.iloc[: found.limit].items():
            found.problems.append(Problem.of(_file_row(label), name, "p_unknown_code", value=code))
    elif column.form == "period":
        found.add(given & ~filled.str.fullmatch(_PERIOD.pattern).to_numpy(bool), name, "p_period")
    elif column.form == "date":
        found.add(given & ~calendar_dates(text).to_numpy(), name, "p_date")
    elif column.form == "url":
        found.add(given & ~web_addresses(text), name, "p_url")
    elif column.form == "timestamp":
        stamped = filled.str.fullmatch(_TIMESTAMP.pattern).to_numpy(bool)
        dated = calendar_dates(filled.str.slice(0, 10)).to_numpy()
        found.add(given & ~(stamped & dated), name, "p_timestamp")
    if column.unique:
        found.add(given & filled.duplicated(keep=False).to_numpy(), name, "p_duplicate")
    return text.astype("str")
