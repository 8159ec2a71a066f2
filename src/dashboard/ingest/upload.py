"""Checking an uploaded file as a dataset: every refusal is a ``Problem``, nothing is dropped.

Three acts: read the bytes into a table of text (:mod:`readers`: CSV, ``.xlsx`` or GeoJSON,
within the size, row, column and cell limits), normalise it (country names to ``iso3``,
Dutch decimal commas, yes/no values), then check it against the dataset's contract. Pure:
the caller passes the bytes and the codes on the map, and gets a :class:`Checked` back.
Problems quote the cells as the file had them, and are capped (the first hundred, and how
many in all), so a file full of mistakes costs no more than one with a few.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

import pandas as pd

from dashboard.domain import checks, contracts, indicators
from dashboard.domain import problems as problem_list
from dashboard.domain.problems import Problem
from dashboard.ingest import names as country_names
from dashboard.ingest.readers import Limits, clean_file_name, read_table

__all__ = ["Checked", "Limits", "check_upload", "check_frame", "parse_numbers"]


@dataclass(frozen=True)
class Checked:
    """An upload after reading and validation: a typed frame, or the problems."""

    dataset: str
    kind: str  # "dataset" or "indicator"
    file_name: str
    sha256: str
    frame: pd.DataFrame | None
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.frame is not None and not self.problems


def check_upload(
    dataset: str,
    file_name: str,
    data: bytes,
    *,
    known_iso3,
    names=None,
    indicator: bool = False,
    limits: Limits | None = None,
) -> Checked:
    """Read ``data`` (the bytes of ``file_name``) and check it as dataset ``dataset``.

    ``indicator`` marks a country indicator (iso3, numeric columns, source columns) rather
    than one of ``contracts.DATASETS``. ``names`` is the names table (``geo/names.csv``).
    """
    digest = hashlib.sha256(data).hexdigest()
    kind = "indicator" if indicator else "dataset"
    name, problems = clean_file_name(file_name)
    if indicator:
        problems += indicators.name_problems(dataset)
    if problems:
        return Checked(dataset, kind, name, digest, None, tuple(problems))
    raw, problems = read_table(name, data, limits or Limits.from_settings())
    if raw is None:
        return Checked(dataset, kind, name, digest, None, tuple(problems))
    if raw.empty:
        problems = [Problem.of(None, None, "p_no_rows")]
        return Checked(dataset, kind, name, digest, None, tuple(problems))
    typed, problems = check_frame(
        dataset, raw, known_iso3=known_iso3, names=names, indicator=indicator
    )
    return Checked(dataset, kind, name, digest, typed, tuple(problems))


# -- normalising and checking ---------------------------------------------------------------------
_NL_THOUSANDS = r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?"
_EN_THOUSANDS = r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?"
_COMMA_DECIMAL = r"[+-]?\d*,\d+"


def check_frame(
    dataset: str, raw: pd.DataFrame, *, known_iso3, names=None, indicator: bool = False
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Normalise a table of text and check it against its contract; ``raw`` is not modified."""
    frame = raw.copy()
    frame.columns = [str(c).strip() for c in frame.columns]
    if indicator:
        frame = indicators.key_column_to_iso3(frame)
    quoted = frame.copy()
    frame, unknown_names = country_names.map_to_iso3(frame, names)
    # A name that is not a country is reported once, with suggestions, not again as a bad code.
    skip = {}
    if "iso3" in frame.columns:
        codes = checks.text_of(frame["iso3"])
        skip["iso3"] = codes.notna() & ~codes.fillna("").str.fullmatch(checks.ISO3.pattern)
    decimal_comma = bool(raw.attrs.get("decimal_comma", False))
    for column in _numeric_columns(dataset, frame, indicator):
        frame[column] = parse_numbers(frame[column], decimal_comma)
    if indicator:
        typed, found = indicators.validate(frame, known_iso3, quoted=quoted, skip=skip)
    else:
        typed, found = contracts.validate(
            dataset, frame, known_iso3=known_iso3, quoted=quoted, skip=skip
        )
    if unknown_names or found:
        return None, problem_list.merge(unknown_names, found)
    return typed, []


def _numeric_columns(dataset: str, frame: pd.DataFrame, indicator: bool) -> list[str]:
    if indicator:
        return indicators.value_columns(frame.columns)
    if dataset not in contracts.CONTRACTS:
        raise KeyError(f"unknown dataset {dataset!r}; known: {', '.join(contracts.DATASETS)}")
    columns = contracts.CONTRACTS[dataset].columns
    return [n for n, c in columns.items() if n in frame.columns and c.kind in ("int", "float")]


def parse_numbers(series: pd.Series, decimal_comma: bool) -> pd.Series:
    """Numbers as written by Dutch or English Excel, as text with a decimal point."""
    text = series.astype(str).str.replace(r"[\s\u00a0]", "", regex=True)
    grouped = text.str.fullmatch(_NL_THOUSANDS if decimal_comma else _EN_THOUSANDS)
    separator = "." if decimal_comma else ","
    text = text.mask(grouped, text.str.replace(separator, "", regex=False))
    comma = text.str.fullmatch(_COMMA_DECIMAL)
    return text.mask(comma, text.str.replace(",", ".", regex=False))


# -- export ---------------------------------------------------------------------------------------
def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as CSV (UTF-8 with BOM, so Excel reads the accents); uploads again unchanged."""
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """The frame as a plain .xlsx workbook of values; uploads again unchanged."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet(sheet)
    ws.append([str(c) for c in frame.columns])
    for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
        ws.append([v.item() if hasattr(v, "item") else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
