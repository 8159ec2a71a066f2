"""The interface text: both languages complete, every key used, a bad catalogue named."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from dashboard.text import i18n

ROOT = Path(__file__).resolve().parents[1]
CODE = [
    *(ROOT / "src" / "dashboard").rglob("*.py"),
    *(ROOT / "pages").glob("*.py"),
    ROOT / "app.py",
]


def _strings_in_code() -> tuple[set[str], set[str]]:
    """Every string constant in the code, and the literal heads of f-strings (``f"layer_{x}"``)."""
    constants, heads = set(), set()
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values:
                first = node.values[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    heads.add(first.value)
    return constants, heads


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_dutch_and_english_have_the_same_texts_with_the_same_placeholders():
    nl, en = i18n.catalogue("nl")["text"], i18n.catalogue("en")["text"]
    assert set(nl) == set(en), f"only in nl: {set(nl) - set(en)}; only in en: {set(en) - set(nl)}"
    for key in nl:
        assert _placeholders(nl[key]) == _placeholders(en[key]), key


def test_dutch_and_english_name_the_same_values():
    nl, en = i18n.catalogue("nl")["labels"], i18n.catalogue("en")["labels"]
    assert set(nl) == set(en)
    for kind in nl:
        assert set(nl[kind]) == set(en[kind]), kind


def test_every_text_and_label_kind_is_used_by_the_code():
    constants, heads = _strings_in_code()
    unused = [
        key
        for key in i18n.catalogue("nl")["text"]
        if key not in constants and not any(h and key.startswith(h) for h in heads)
    ]
    assert not unused, f"texts no code uses: {unused}"
    unused_kinds = [kind for kind in i18n.catalogue("nl")["labels"] if kind not in constants]
    assert not unused_kinds, f"label kinds no code uses: {unused_kinds}"


def test_a_malformed_catalogue_is_refused_with_its_file_and_key():
    with pytest.raises(i18n.CatalogueError, match=r"locales/en\.json: text 'title' must be"):
        i18n._check("en", {"text": {"title": {"nl": "x"}}, "labels": {}})


def test_an_unknown_language_falls_back_to_dutch_and_an_unnamed_value_shows_itself():
    assert i18n.t("app_title", "fr") == i18n.t("app_title", "nl") == "Buitenlandbeleid in beeld"
    assert i18n.label("indicator", "analyst_column", "en") == "analyst_column"
