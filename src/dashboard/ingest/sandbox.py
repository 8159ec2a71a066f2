"""Reading an untrusted workbook or GeoJSON file in a child process with hard limits.

An ``.xlsx`` file is XML in a zip, a GeoJSON file is JSON: both can be made to cost far
more memory and time to parse than their size suggests. So they are parsed here, in a
separate Python process that first limits itself (address space, CPU seconds, no files
written) and then reads the bytes from standard input and writes the table as JSON to
standard output. When it runs out of either, the operating system stops it and the upload
is refused; the app itself never holds the parse.

This file runs as a script (``python -I sandbox.py FORMAT …``) and imports only the
standard library and openpyxl, so the child starts in a fraction of a second.
"""

from __future__ import annotations

import io
import json
import sys

# The limits the child sets on itself (see :func:`limit_self`).
MEMORY_BYTES = 1024 * 1024 * 1024
CPU_SECONDS = 60


def limit_self(memory: int, seconds: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def _problem(row, column, key, **values) -> list:
    return [row, column, key, values]


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


def read_xlsx(data: bytes, max_rows: int, max_columns: int, max_cell: int) -> dict:
    import openpyxl

    try:
        book = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        return {"problems": [_problem(None, None, "p_xlsx_unreadable", error=type(exc).__name__)]}
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(max_col=max_columns + 1)
        header = [_cell_text(c.value).strip() for c in next(rows, ())]
        while header and not header[-1]:
            header.pop()
        if len(header) > max_columns:
            return {"problems": [_problem(1, None, "p_too_many_columns", limit=max_columns)]}
        records: list[list[str]] = []
        problems: list[list] = []
        total = 0
        for number, cells in enumerate(rows, start=2):
            if len(records) > max_rows:
                break
            values = []
            for col, cell in enumerate(cells[: len(header)]):
                text = _cell_text(cell.value)
                if cell.data_type == "f":
                    total += 1
                    if len(problems) < 100:
                        problems.append(_problem(number, header[col], "p_formula"))
                elif len(text) > max_cell:
                    total += 1
                    if len(problems) < 100:
                        problems.append(_problem(number, header[col], "p_cell_too_long"))
                    text = ""
                values.append(text)
            records.append(values + [""] * (len(header) - len(values)))
        return {"header": header, "rows": records, "problems": problems, "total": total}
    finally:
        book.close()


def read_geojson(data: bytes, max_rows: int, max_columns: int, max_cell: int) -> dict:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return {"problems": [_problem(None, None, "p_geojson_encoding", line=line)]}
    try:
        parsed = json.loads(text)
    except RecursionError:
        return {"problems": [_problem(None, None, "p_geojson_nested")]}
    except ValueError:
        parsed = None
    if (
        not isinstance(parsed, dict)
        or parsed.get("type") != "FeatureCollection"
        or not isinstance(parsed.get("features"), list)
    ):
        return {"problems": [_problem(None, None, "p_geojson_invalid")]}
    features = parsed["features"]
    if len(features) > max_rows:
        return {"problems": [_problem(None, None, "p_too_many_rows", limit=max_rows)]}
    header: dict[str, None] = {}
    records: list[dict[str, str]] = []
    problems: list[list] = []
    total = 0
    for i, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        props = dict(props) if isinstance(props, dict) else {}
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if isinstance(geometry, dict) and geometry.get("type") == "Point":
            coordinates = geometry.get("coordinates")
            lon, lat = ((list(coordinates) if isinstance(coordinates, list) else []) + [None] * 2)[
                :2
            ]
            props.setdefault("lon", lon)
            props.setdefault("lat", lat)
        record = {}
        for key, value in props.items():
            if isinstance(value, dict | list):
                total += 1
                if len(problems) < 100:
                    problems.append(_problem(i + 2, str(key)[:100], "p_nested_value"))
                continue
            text = _cell_text(value)
            if len(text) > max_cell:
                total += 1
                if len(problems) < 100:
                    problems.append(_problem(i + 2, str(key)[:100], "p_cell_too_long"))
                continue
            header.setdefault(str(key))
            record[str(key)] = text
        if len(header) > max_columns:
            return {"problems": [_problem(None, None, "p_too_many_columns", limit=max_columns)]}
        records.append(record)
    names = list(header)
    rows = [[r.get(n, "") for n in names] for r in records]
    return {"header": names, "rows": rows, "problems": problems, "total": total}


READERS = {"xlsx": read_xlsx, "geojson": read_geojson}


def main(argv: list[str]) -> int:
    kind, max_rows, max_columns, max_cell, memory, seconds = argv
    limit_self(int(memory), int(seconds))
    data = sys.stdin.buffer.read()
    try:
        result = READERS[kind](data, int(max_rows), int(max_columns), int(max_cell))
    except MemoryError:
        return 3
    json.dump(result, sys.stdout, ensure_ascii=False, separators=(",", ":"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
