"""Interface text in Dutch (the default) and English.

The texts live in one catalogue per language, ``locales/<lang>.json``: ``text`` holds the
interface phrases by key, ``labels`` the names of the values the datasets use (instrument,
status, post type …) by kind and value. A test checks that both languages have the same keys
and that every key is used. Both catalogues are read once, when this module is imported, and
a malformed one stops the app at start with a message naming the file and the key.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"


class CatalogueError(ValueError):
    """A catalogue file is not what ``i18n`` reads; the message names the file and the key."""


def _check(lang: str, raw: object) -> dict[str, dict]:
    where = f"text/locales/{lang}.json"
    if not isinstance(raw, dict) or set(raw) != {"text", "labels"}:
        raise CatalogueError(f"{where}: the top level must hold exactly 'text' and 'labels'")
    for key, value in raw["text"].items():
        if not isinstance(value, str):
            raise CatalogueError(f"{where}: text '{key}' must be a string")
    for kind, values in raw["labels"].items():
        if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
            raise CatalogueError(f"{where}: labels '{kind}' must map values to strings")
    return raw


@cache
def catalogue(lang: str) -> dict[str, dict]:
    """The catalogue of ``lang``: ``{"text": {key: text}, "labels": {kind: {value: text}}}``."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    path = resources.files("dashboard.text") / "locales" / f"{lang}.json"
    return _check(lang, json.loads(path.read_text(encoding="utf-8")))


def t(key: str, lang: str, **values: object) -> str:
    """The text ``key`` in ``lang`` (an unknown language falls back to Dutch), with ``values``
    filled into its ``{placeholders}``."""
    texts = catalogue(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)["text"]
    text = texts[key]
    return text.format(**values) if values else text


def label(kind: str, value: str, lang: str) -> str:
    """The name of a dataset value (``kind`` e.g. ``"instrument"``) in ``lang``; the value
    itself when the catalogue has no name for it (an analyst's new indicator column)."""
    labels = catalogue(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)["labels"]
    return labels[kind].get(value, value)


for _lang in LANGUAGES:  # a malformed catalogue fails at import, not in a visitor's page
    catalogue(_lang)
