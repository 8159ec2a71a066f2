"""Reading an uploaded file into a dataset: every refusal is a ``Problem``, nothing is dropped.

Three acts: read the bytes into a table of text (CSV, ``.xlsx`` or GeoJSON, with the size,
row and hostile-content limits), normalise it (country names to ``iso3``, Dutch decimal
commas, yes/no values), then check it against the dataset's contract. Pure: the caller
passes the bytes and the codes on the map, and gets a :class:`Checked` back.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field

import pandas as pd

from dashboard import settings
from dashboard.domain import contracts, indicators
from dashboard.domain.contracts import Problem
from dashboard.ingest import names as country_names

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx",)
GEOJSON_SUFFIXES = (".geojson", ".json")
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlsb", ".xls", ".xla", ".xlam")
# Parts of an Office file that carry code or embedded objects.
_ACTIVE_PARTS = re.compile(r"(vbaProject\.bin|/macrosheets/|/activeX/|/embeddings/)", re.I)
_MAX_RATIO = 100  # ordinary .xlsx parts unpack 5-30 times; a zip bomb thousands of times
_UNPACK_FACTOR = 10  # an .xlsx may unpack to at most this many times the upload limit


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            settings.get_int("DASHBOARD_UPLOAD_MAX_MB") * 1024 * 1024,
            settings.get_int("DASHBOARD_UPLOAD_MAX_ROWS"),
        )


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
    typed, problems = check_frame(
        dataset, raw, known_iso3=known_iso3, names=names, indicator=indicator
    )
    return Checked(dataset, kind, name, digest, typed, tuple(problems))


def clean_file_name(file_name: str) -> tuple[str, list[Problem]]:
    """The file name as given, or a refusal when it holds a folder path or odd characters."""
    name = file_name or ""
    if "/" in name or "\\" in name or name.strip(". ") == "":
        return name, [
            Problem(
                None,
                None,
                f"The file name '{name[:80]}' contains a folder path; "
                "upload the file itself, named without folders",
            )
        ]
    if re.search(r"[\x00-\x1f<>:\"|?*]", name) or len(name) > 200:
        return name, [
            Problem(
                None,
                None,
                "The file name has characters that are not allowed "
                "(or is longer than 200); rename the file",
            )
        ]
    return name, []


def read_table(
    file_name: str, data: bytes, limits: Limits
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The file as a table of text, indexed so that index + 2 is the row in the file."""
    if len(data) > limits.max_bytes:
        return None, [
            Problem(
                None,
                None,
                f"The file is {_size(len(data))}; the limit is {_size(limits.max_bytes)}",
            )
        ]
    suffix = "." + file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix in MACRO_SUFFIXES:
        return None, [
            Problem(
                None,
                None,
                f"Excel files of type {suffix} (which can hold macros) "
                "are not accepted; save the workbook as .xlsx",
            )
        ]
    if suffix in CSV_SUFFIXES:
        frame, problems = _read_csv(data, limits)
    elif suffix in XLSX_SUFFIXES:
        frame, problems = _read_xlsx(data, limits)
    elif suffix in GEOJSON_SUFFIXES:
        frame, problems = _read_geojson(data, limits)
    else:
        return None, [
            Problem(
                None,
                None,
                "Only CSV (.csv), Excel (.xlsx) and GeoJSON (.geojson) files are accepted",
            )
        ]
    if frame is not None and not problems and len(frame) > limits.max_rows:
        problems = [
            Problem(
                None,
                None,
                f"The file has more than {limits.max_rows:,} rows; "
                f"the limit is {limits.max_rows:,}",
            )
        ]
    return (None, problems) if problems else (frame, [])


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{-(-n // 1024)} KB"


# -- CSV ----------------------------------------------------------------------------------------
def _decode(data: bytes) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _delimiter(header_line: str) -> str:
    counts = {d: len(next(csv.reader([header_line], delimiter=d), [])) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _read_csv(data: bytes, limits: Limits) -> tuple[pd.DataFrame | None, list[Problem]]:
    if b"\x00" in data[:8192]:
        return None, [Problem(None, None, "The file is not a text (CSV) file")]
    text = _decode(data)
    if text is None:
        return None, [
            Problem(
                None,
                None,
                "The characters in the file cannot be read; save it as 'CSV UTF-8' from Excel",
            )
        ]
    header_line = text.split("\n", 1)[0].rstrip("\r")
    sep = _delimiter(header_line)
    header = [h.strip() for h in next(csv.reader([header_line], delimiter=sep), [])]
    problems = _header_problems(header)
    if problems:
        return None, problems
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            nrows=limits.max_rows + 1,
            header=0,
            names=header,
            quotechar='"',
        )
    except (pd.errors.ParserError, ValueError) as exc:
        line = re.search(r"line (\d+)", str(exc))
        row = int(line.group(1)) if line else None
        return None, [
            Problem(
                row,
                None,
                "has more cells than the header has columns "
                "(a stray separator or an unclosed quote?)",
            )
        ]
    frame = frame.fillna("")
    frame.attrs["decimal_comma"] = sep == ";"
    return _drop_empty_rows(frame), []


def _header_problems(header: list[str]) -> list[Problem]:
    if not any(header):
        return [Problem(1, None, "The first row must hold the column names")]
    problems = [
        Problem(1, None, f"column {i + 1} has no name") for i, h in enumerate(header) if not h
    ]
    seen = set()
    for h in header:
        if h and h in seen:
            problems.append(Problem(1, h, "appears more than once in the header"))
        seen.add(h)
    return problems


def _drop_empty_rows(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    blank = frame.apply(lambda s: s.astype(str).str.strip() == "").all(axis=1)
    return frame[~blank]


# -- Excel ----------------------------------------------------------------------------------------
def _read_xlsx(data: bytes, limits: Limits) -> tuple[pd.DataFrame | None, list[Problem]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
        content_types = (
            archive.read("[Content_Types].xml")
            if "[Content_Types].xml" in archive.namelist()
            else b""
        )
    except (zipfile.BadZipFile, KeyError, OSError):
        return None, [Problem(None, None, "The file is not a valid Excel (.xlsx) workbook")]
    unpacked = sum(p.file_size for p in parts)
    if unpacked > limits.max_bytes * _UNPACK_FACTOR or any(
        p.file_size > 1_000_000 and p.file_size > _MAX_RATIO * max(p.compress_size, 1)
        for p in parts
    ):
        return None, [
            Problem(
                None,
                None,
                "The workbook unpacks to far more data than its size "
                "suggests (a 'zip bomb'); it was not opened",
            )
        ]
    if any(_ACTIVE_PARTS.search(p.filename) for p in parts) or b"macroEnabled" in content_types:
        return None, [
            Problem(
                None,
                None,
                "The workbook contains macros or embedded objects; "
                "save it as a plain .xlsx workbook without them",
            )
        ]
    import openpyxl  # imported here: only uploads of workbooks need it

    try:
        book = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        return None, [
            Problem(None, None, f"The Excel workbook cannot be read ({type(exc).__name__})")
        ]
    try:
        return _sheet_table(book.worksheets[0], limits)
    finally:
        book.close()


def _sheet_table(sheet, limits: Limits) -> tuple[pd.DataFrame | None, list[Problem]]:
    rows = sheet.iter_rows()
    header_cells = next(rows, ())
    header = [_cell_text(c.value).strip() for c in header_cells]
    while header and not header[-1]:
        header.pop()
    problems = _header_problems(header)
    if problems:
        return None, problems
    records = []
    for number, cells in enumerate(rows, start=2):
        if len(records) > limits.max_rows:
            break
        values = []
        for col, cell in enumerate(cells[: len(header)]):
            if cell.data_type == "f":
                problems.append(
                    Problem(
                        number,
                        header[col],
                        "holds a formula; the file must hold values only "
                        "(copy the cells and paste them as values)",
                    )
                )
            values.append(_cell_text(cell.value))
        records.append(values + [""] * (len(header) - len(values)))
    if problems:
        return None, problems[:200]
    frame = pd.DataFrame(records, columns=header, dtype=object)
    frame.index = pd.RangeIndex(len(frame))
    return _drop_empty_rows(frame), []


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "hour") and hasattr(value, "date"):  # datetime
        return (
            value.date().isoformat()
            if (value.hour, value.minute, value.second) == (0, 0, 0)
            else value.isoformat()
        )
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


# -- GeoJSON --------------------------------------------------------------------------------------
def _read_geojson(data: bytes, limits: Limits) -> tuple[pd.DataFrame | None, list[Problem]]:
    text = _decode(data)
    try:
        parsed = json.loads(text) if text is not None else None
    except ValueError:
        parsed = None
    if (
        not isinstance(parsed, dict)
        or parsed.get("type") != "FeatureCollection"
        or not isinstance(parsed.get("features"), list)
    ):
        return None, [Problem(None, None, "The file is not a GeoJSON FeatureCollection")]
    features = parsed["features"]
    if len(features) > limits.max_rows:
        return None, [
            Problem(
                None,
                None,
                f"The file has more than {limits.max_rows:,} rows; "
                f"the limit is {limits.max_rows:,}",
            )
        ]
    records, problems = [], []
    for i, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        props = dict(props or {})
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if isinstance(geometry, dict) and geometry.get("type") == "Point":
            lon, lat = (list(geometry.get("coordinates") or []) + [None, None])[:2]
            props.setdefault("lon", lon)
            props.setdefault("lat", lat)
        for key, value in props.items():
            if isinstance(value, dict | list):
                problems.append(
                    Problem(
                        i + 2, str(key), "holds a list or object; only plain values are accepted"
                    )
                )
        records.append({str(k): _cell_text(v) for k, v in props.items()})
    if problems:
        return None, problems[:200]
    frame = pd.DataFrame.from_records(records).fillna("") if records else pd.DataFrame()
    return _drop_empty_rows(frame), []


# -- normalising and checking ---------------------------------------------------------------------
_TRUE = {"true", "waar", "ja", "yes", "j", "y", "1"}
_FALSE = {"false", "onwaar", "nee", "no", "n", "0"}
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
    frame, problems = country_names.map_to_iso3(frame, names)
    numeric, booleans = _typed_columns(dataset, frame, indicator)
    decimal_comma = bool(raw.attrs.get("decimal_comma", False))
    for column in numeric:
        frame[column] = parse_numbers(frame[column], decimal_comma)
    for column in booleans:
        frame[column], found = _yes_no(frame[column], column)
        problems += found
    if indicator:
        typed, found = indicators.validate(frame, known_iso3)
    else:
        typed, found = contracts.validate(dataset, frame, known_iso3=known_iso3)
    # A name that is not a country is reported once, with suggestions, not again as a bad code.
    mapped = {(p.row, p.column) for p in problems}
    problems += [p for p in found if (p.row, p.column) not in mapped]
    if problems:
        return None, sorted(set(problems), key=lambda p: (p.row or 0, p.column or "", p.message))
    return typed, []


def _typed_columns(dataset: str, frame: pd.DataFrame, indicator: bool) -> tuple[list, list]:
    if indicator:
        return indicators.value_columns(frame.columns), []
    schema = contracts.SCHEMAS.get(dataset)
    if schema is None:
        raise KeyError(f"unknown dataset {dataset!r}; known: {', '.join(contracts.DATASETS)}")
    numeric, booleans = [], []
    for name, column in schema.columns.items():
        kind = str(column.dtype).lower()
        if name in frame.columns and ("int" in kind or "float" in kind):
            numeric.append(name)
        elif name in frame.columns and "bool" in kind:
            booleans.append(name)
    return numeric, booleans


def parse_numbers(series: pd.Series, decimal_comma: bool) -> pd.Series:
    """Numbers as written by Dutch or English Excel, as text with a decimal point."""
    text = series.astype(str).str.replace(r"[\s\u00a0]", "", regex=True)
    grouped = text.str.fullmatch(_NL_THOUSANDS if decimal_comma else _EN_THOUSANDS)
    separator = "." if decimal_comma else ","
    text = text.mask(grouped, text.str.replace(separator, "", regex=False))
    comma = text.str.fullmatch(_COMMA_DECIMAL)
    return text.mask(comma, text.str.replace(",", ".", regex=False))


def _yes_no(series: pd.Series, column: str) -> tuple[pd.Series, list[Problem]]:
    text = series.astype(str).str.strip().str.casefold()
    values = pd.Series(pd.NA, index=series.index, dtype=object)
    values[text.isin(_TRUE)] = True
    values[text.isin(_FALSE)] = False
    bad = ~(text.isin(_TRUE) | text.isin(_FALSE) | (text == "") | series.isna())
    problems = [
        Problem(int(i) + 2, column, f"'{series[i]}' is not a yes/no value (true/false or ja/nee)")
        for i in series.index[bad]
    ]
    return values, problems


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
