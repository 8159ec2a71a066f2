"""Reading an uploaded file into a table of text, within bounds that make every input cheap.

CSV is read here (strictly decoded: UTF-8, or Windows-1252 when the file has no UTF-8 in it
at all; a file that mixes them is refused with the line of the first bad byte). Workbooks
and GeoJSON are parsed in a child process with memory and time limits
(:mod:`sandbox`), after the cheap checks on the zip's own table of contents. Every reader
caps the columns, the rows, the length of a cell and the number of problems it describes.
Pure: bytes in, a table of text (indexed so that index + 2 is the row in the file) out.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard import settings
from dashboard.domain.problems import LIMIT, Problem, finish
from dashboard.ingest import sandbox
from dashboard.text.errors import Size

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx",)
GEOJSON_SUFFIXES = (".geojson", ".json")
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlsb", ".xls", ".xla", ".xlam")
MAX_COLUMNS = 200
MAX_CELL = 32_767  # characters: Excel's own limit for one cell
# Parts of an Office file that carry code or embedded objects.
_ACTIVE_PARTS = re.compile(r"(vbaProject\.bin|/macrosheets/|/activeX/|/embeddings/)", re.I)
_MAX_RATIO = 100  # ordinary .xlsx parts unpack 5-30 times; a zip bomb thousands of times
_UNPACK_FACTOR = 10  # an .xlsx may unpack to at most this many times the upload limit …
_PART_FACTOR = 4  # … and any one part of it to this many times
_BOM = b"\xef\xbb\xbf"
# A well-formed UTF-8 sequence of two to four bytes (what Windows-1252 text almost never has).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_columns: int = MAX_COLUMNS
    max_cell: int = MAX_CELL
    child_memory: int = sandbox.MEMORY_BYTES
    child_seconds: int = sandbox.CPU_SECONDS

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            settings.get_int("DASHBOARD_UPLOAD_MAX_MB") * 1024 * 1024,
            settings.get_int("DASHBOARD_UPLOAD_MAX_ROWS"),
        )


def _one(key: str, row: int | None = None, column: str | None = None, **values):
    return None, [Problem.of(row, column, key, **values)]


def size_text(n: int, lang: str = "en") -> str:
    return Size(n).text(lang)


def clean_file_name(file_name: str) -> tuple[str, list[Problem]]:
    """The file name as given, or a refusal when it holds a folder path or odd characters."""
    name = file_name or ""
    if "/" in name or "\\" in name or name.strip(". ") == "":
        return name, [Problem.of(None, None, "p_file_name_folder", name=name[:80])]
    if re.search(r"[\x00-\x1f<>:\"|?*]", name) or len(name) > 200:
        return name, [Problem.of(None, None, "p_file_name_chars")]
    return name, []


def read_table(
    file_name: str, data: bytes, limits: Limits
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The file as a table of text, indexed so that index + 2 is the row in the file."""
    if len(data) > limits.max_bytes:
        return _one("p_too_big", size=Size(len(data)), limit=Size(limits.max_bytes))
    suffix = "." + file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix in MACRO_SUFFIXES:
        return _one("p_macro_type", suffix=suffix)
    if suffix in CSV_SUFFIXES:
        frame, problems = read_csv(data, limits)
    elif suffix in XLSX_SUFFIXES:
        frame, problems = read_xlsx(data, limits)
    elif suffix in GEOJSON_SUFFIXES:
        frame, problems = _in_child("geojson", data, limits)
    else:
        return _one("p_file_type")
    if frame is not None and not problems and len(frame) > limits.max_rows:
        return _one("p_too_many_rows", limit=limits.max_rows)
    return (None, problems) if problems else (frame, [])


# -- CSV ----------------------------------------------------------------------------------------
def decode(data: bytes) -> tuple[str | None, list[Problem]]:
    """The text of a CSV file: UTF-8 (with or without BOM), or Windows-1252 when nothing in
    the file is UTF-8; a file that is neither whole is refused at its first bad byte."""
    utf8_declared = data.startswith(_BOM)
    body = data[len(_BOM) :] if utf8_declared else data
    try:
        return body.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        if utf8_declared or _UTF8_SEQUENCE.search(body):
            return None, [Problem.of(None, None, "p_encoding_mixed", line=line)]
    try:
        return body.decode("cp1252"), []
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        return None, [Problem.of(None, None, "p_encoding_unknown", line=line)]


def _delimiter(header_line: str) -> str:
    counts = {d: len(next(csv.reader([header_line], delimiter=d), [])) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def read_csv(data: bytes, limits: Limits) -> tuple[pd.DataFrame | None, list[Problem]]:
    if b"\x00" in data[:8192]:
        return _one("p_not_text")
    text, problems = decode(data)
    if text is None:
        return None, problems
    header_line = text.split("\n", 1)[0].rstrip("\r")
    if header_line.count(",") + header_line.count(";") + header_line.count("\t") >= 3 * (
        limits.max_columns
    ):
        return _one("p_too_many_columns", 1, limit=limits.max_columns)
    try:
        sep = _delimiter(header_line)
        header = [h.strip() for h in next(csv.reader([header_line], delimiter=sep), [])]
    except csv.Error:
        return _one("p_header_missing", 1)
    if len(header) > limits.max_columns:
        return _one("p_too_many_columns", 1, limit=limits.max_columns)
    problems = header_problems(header, limits)
    if problems:
        return None, problems
    try:
        # Without names: a row with more cells than the header is an error at its line (with
        # names, pandas would quietly take the extra cells for an index).
        table = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            nrows=limits.max_rows + 2,
            header=None,
            quotechar='"',
        )
    except (pd.errors.ParserError, ValueError) as exc:
        line = re.search(r"line (\d+)", str(exc))
        return _one("p_extra_cells", int(line.group(1)) if line else None)
    frame = table.iloc[1:].fillna("")
    frame.columns = header
    frame.index = pd.RangeIndex(len(frame))
    frame.attrs["decimal_comma"] = sep == ";"
    problems = long_cells(frame, limits)
    return (None, problems) if problems else (drop_empty_rows(frame), [])


def header_problems(header: list[str], limits: Limits) -> list[Problem]:
    if not any(header):
        return [Problem.of(1, None, "p_header_missing")]
    problems = [
        Problem.of(1, None, "p_header_unnamed", n=i + 1) for i, h in enumerate(header) if not h
    ]
    seen = set()
    for h in header:
        if len(h) > 200:
            problems.append(Problem.of(1, h[:60] + "…", "p_header_long"))
        elif h and h in seen:
            problems.append(Problem.of(1, h, "p_header_duplicate"))
        seen.add(h)
    return problems


def long_cells(frame: pd.DataFrame, limits: Limits) -> list[Problem]:
    """Cells longer than ``limits.max_cell`` characters (counted all, the first listed)."""
    candidates, total = [], 0
    for column in frame.columns:
        lengths = frame[column].str.len()
        too_long = lengths[lengths > limits.max_cell]
        total += len(too_long)
        candidates += [
            Problem.of(int(i) + 2, str(column), "p_cell_too_long", limit=limits.max_cell)
            for i in too_long.index[:LIMIT]
        ]
    return finish(candidates, total) if total else []


def drop_empty_rows(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    blank = np.ones(len(frame), dtype=bool)
    for column in frame.columns:
        blank &= frame[column].astype("str").str.strip().eq("").to_numpy(bool)
    return frame[~blank]


# -- Excel and GeoJSON: checked here, parsed in the child ---------------------------------------
def read_xlsx(data: bytes, limits: Limits) -> tuple[pd.DataFrame | None, list[Problem]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
        content_types = (
            archive.read("[Content_Types].xml")
            if "[Content_Types].xml" in archive.namelist()
            else b""
        )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError):
        return _one("p_xlsx_invalid")
    unpacked = sum(p.file_size for p in parts)
    if (
        unpacked > limits.max_bytes * _UNPACK_FACTOR
        or any(p.file_size > limits.max_bytes * _PART_FACTOR for p in parts)
        or any(
            p.file_size > 1_000_000 and p.file_size > _MAX_RATIO * max(p.compress_size, 1)
            for p in parts
        )
    ):
        return _one("p_xlsx_bomb")
    if any(_ACTIVE_PARTS.search(p.filename) for p in parts) or b"macroEnabled" in content_types:
        return _one("p_xlsx_active")
    return _in_child("xlsx", data, limits)


def _in_child(kind: str, data: bytes, limits: Limits) -> tuple[pd.DataFrame | None, list]:
    """Parse ``data`` in :mod:`sandbox`; a child that runs out of memory or time is a refusal."""
    command = [
        sys.executable,
        "-I",
        sandbox.__file__,
        kind,
        *map(
            str,
            (
                limits.max_rows,
                limits.max_columns,
                limits.max_cell,
                limits.child_memory,
                limits.child_seconds,
            ),
        ),
    ]
    env = {"PATH": os.environ.get("PATH", ""), "OPENBLAS_NUM_THREADS": "1", "LANG": "C.UTF-8"}
    try:
        done = subprocess.run(
            command,
            input=data,
            capture_output=True,
            timeout=limits.child_seconds * 2 + 10,  # the CPU limit bounds the work; this a hang
            env=env,
        )
    except subprocess.TimeoutExpired:
        done = None
    if done is None or done.returncode != 0:
        return _one(
            "p_too_complex",
            seconds=limits.child_seconds,
            memory=Size(limits.child_memory),
        )
    result = json.loads(done.stdout)
    problems = [Problem.of(r, c, k, **v) for r, c, k, v in result.get("problems", [])]
    if problems:
        return None, finish(problems, max(result.get("total", 0), len(problems)))
    header = result["header"]
    heading = header_problems(header, limits)
    if heading:
        return None, heading
    frame = pd.DataFrame(result["rows"], columns=header, dtype="str")
    frame.index = pd.RangeIndex(len(frame))
    return drop_empty_rows(frame), []
