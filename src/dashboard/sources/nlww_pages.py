"""Answers of the Nederland Wereldwijd open data API: pages, JSON, records and field types.

The service sends bare JSON arrays, with no total and no next link; a list is walked by
``rows`` and ``offset`` (``rows`` is cut at :data:`MAX_ROWS` by the service: observed, not in
the spec) until a page comes back short. :class:`Page` is our envelope for one answer: the
``offset`` and ``rows`` asked, and the body received. Pure: no network.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

DEFAULT_MAX_BYTES = 20_000_000
MAX_ROWS = 200  # the service's observed cap on ``rows``; not in the spec

_FAILED = object()  # _decode could not read the body (None is JSON null)


@dataclass(frozen=True)
class Page:
    """One answer of a paged list: the ``offset`` and ``rows`` asked, and the body received."""

    offset: int
    rows: int
    body: bytes | str


def read_records(payload, max_bytes: int, problems: list[str]) -> list[tuple[str, dict]] | None:
    """The records of one answer or of pages, checked for size, JSON, shape and paging."""
    if isinstance(payload, (bytes, str)):
        pages, paged = [Page(0, 0, payload)], False
    elif isinstance(payload, Sequence) and payload and all(map(_is_page, payload)):
        pages, paged = list(payload), True
    else:
        problems.append("payload must be one answer's body (bytes, str) or a list of Page")
        return None
    size = sum(len(p.body.encode() if isinstance(p.body, str) else p.body) for p in pages)
    if size > max_bytes:
        problems.append(f"payload is {size} bytes, over the limit of {max_bytes}; not parsed")
        return None
    records: list[tuple[str, dict]] = []
    expected = 0
    for number, page in enumerate(pages):
        where = f"page at offset {page.offset}" if paged else "answer"
        data = _decode(page.body, where, problems)
        one = isinstance(data, dict) and not paged  # a detail answer is a single object
        items = data if isinstance(data, list) else [data] if one else None
        if items is None and data is not _FAILED:
            problems.append(f"{where}: expected a JSON array of records, got {type(data).__name__}")
        elif items is not None and paged:
            _check_page(page, len(items), expected, number == len(pages) - 1, problems)
        expected = page.offset + page.rows
        for index, item in enumerate(items or []):
            label = f"record {index} of {where}" if paged else f"record {index}"
            if not isinstance(item, dict):
                problems.append(f"{label}: expected an object, got {type(item).__name__}")
                continue
            ident = item.get("id")
            records.append((f"{label} (id {ident!r})" if isinstance(ident, str) else label, item))
    return None if problems else records


def _is_page(page) -> bool:
    ok = isinstance(page, Page) and isinstance(page.body, (bytes, str))
    return ok and all(type(n) is int and n >= 0 for n in (page.offset, page.rows))


def _check_page(page: Page, count: int, expected: int, last: bool, problems: list[str]) -> None:
    where = f"page at offset {page.offset}"
    if not 0 < page.rows <= MAX_ROWS:
        problems.append(f"{where}: rows {page.rows!r} is not 1..{MAX_ROWS} (the cap)")
        return
    if page.offset != expected:
        problems.append(f"{where}: expected offset {expected}; a page is missing or repeated")
    if count > page.rows:
        problems.append(f"{where}: {count} records for rows {page.rows}")
    elif count < page.rows and not last:
        problems.append(f"{where}: {count} of {page.rows} records, yet later pages follow")
    elif count == page.rows and last:
        problems.append(f"{where}: full last page; offset {page.offset + page.rows} is missing")


def _decode(body: bytes | str, where: str, problems: list[str]):
    try:
        text = body.decode("utf-8") if isinstance(body, bytes) else body
    except UnicodeDecodeError as exc:
        problems.append(f"{where}: not UTF-8 ({exc.reason})")
        return _FAILED
    if text.lstrip().startswith("<"):
        problems.append(f"{where}: an XML answer (the default); ask with output=json")
        return _FAILED
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(f"{where}: not JSON ({exc.msg} at line {exc.lineno})")
        return _FAILED


def check_types(
    rec: dict, label: str, types: dict, required: tuple[str, ...], problems: list[str]
) -> bool:
    """True when ``required`` fields are non-empty strings and known fields have their type."""
    before = len(problems)
    for name in required:
        value = rec.get(name)
        if value is None:
            problems.append(f"{label}: required field {name!r} is missing")
        elif isinstance(value, str) and not value.strip():
            problems.append(f"{label}: required field {name!r} is empty")
    for name, kind in types.items():
        value = rec.get(name)
        if value is not None and not isinstance(value, kind):
            problems.append(f"{label}: field {name!r} must be {kind.__name__}")
    return len(problems) == before


def iso_date(value, label: str, name: str, problems: list[str]) -> date | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(str(value).strip().replace("Z", "+00:00")).date()
    except ValueError:
        problems.append(f"{label}: field {name!r} is not an ISO 8601 date-time ({value!r})")
        return None
