"""What every connector's parser shares: the refusal of an answer, JSON, provenance notes.

A response that is not what the service documents (not JSON, another shape, a missing or
short page) raises :class:`ResponseError` with a plain message, and the whole refresh is
refused, the way a bad upload is: nothing is published.
"""

from __future__ import annotations

import json
from collections.abc import Mapping


class ResponseError(ValueError):
    """A response is not what the service documents; the message says what and where."""


def read_json(body: bytes | str, what: str):
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        start = body[:60] if isinstance(body, str) else body[:60].decode("utf-8", "replace")
        raise ResponseError(
            f"{what} is not JSON ({exc.msg if hasattr(exc, 'msg') else exc}); "
            f"it starts with {start!r}"
        ) from None


def whole_number(value, name: str, what: str) -> int:
    # The API writes per_page as a string and the others as numbers; accept both.
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ResponseError(f"{what}: '{name}' should be a whole number, not {value!r}")
    try:
        return int(value)
    except ValueError:
        raise ResponseError(f"{what}: '{name}' should be a whole number, not {value!r}") from None


# -- provenance ---------------------------------------------------------------------------------
_NOTE_PREFIX = "live refresh "


def provenance_note(provenance: Mapping) -> str:
    """The version note of a refresh: a readable prefix and the provenance as JSON."""
    return _NOTE_PREFIX + json.dumps(dict(provenance), ensure_ascii=False, sort_keys=False)


def read_provenance(note: str) -> dict | None:
    """The provenance stored by :func:`provenance_note`, or ``None`` for any other note."""
    if not note.startswith(_NOTE_PREFIX):
        return None
    try:
        found = json.loads(note[len(_NOTE_PREFIX) :])
    except json.JSONDecodeError:
        return None
    return found if isinstance(found, dict) else None
