"""Refusals a person can act on, written in their language.

A :class:`UserError` carries a catalogue key and its values, not a sentence: the page shows
``exc.text(lang)`` in the page's language, the command line ``str(exc)`` (English). Anything
that is not a ``UserError`` is a programming error: the command line shows its traceback
behind ``--debug``, a page reports that the panel failed.
"""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Integral, Real

from dashboard.text import fmt, i18n


def render(key: str, values: Mapping[str, object], lang: str) -> str:
    """The text ``key`` in ``lang`` with ``values`` filled in; whole numbers (and fractions)
    are written as the language writes them, a tuple as alternatives ("a or b"), a
    :class:`Phrase` translated, a :class:`Listing` item by item, a :class:`Size` in MB. A
    ``key`` that is not in the catalogue is taken as the text itself (a message from code
    that has no catalogue entry yet)."""
    texts = i18n.catalogue(lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE)["text"]
    if key not in texts:
        return key
    shown: dict[str, object] = {}
    for name, value in values.items():
        if isinstance(value, Size):
            shown[name] = value.text(lang)
        elif isinstance(value, Phrase):
            shown[name] = render(str(value), {}, lang)
        elif isinstance(value, Listing):
            shown[name] = "; ".join(
                item.located(lang) if hasattr(item, "located") else str(item) for item in value
            )
        elif isinstance(value, tuple):  # alternatives: "a or b"
            shown[name] = f" {texts['word_or']} ".join(map(str, value))
        elif isinstance(value, bool) or not isinstance(value, Real):
            shown[name] = value
        elif isinstance(value, Integral):
            shown[name] = fmt.number(int(value), lang)
        else:
            shown[name] = fmt.number(float(value), lang, 1)
    return i18n.t(key, lang, **shown)


class Phrase(str):
    """A value that is itself a catalogue key, translated with the text it is part of."""


class Size(int):
    """A number of bytes, written as the language writes megabytes (or kilobytes)."""

    def text(self, lang: str) -> str:
        if self >= 1024 * 1024:
            mb = self / (1024 * 1024)
            return f"{fmt.number(mb, lang, 0 if mb == int(mb) else 1)} MB"
        return f"{fmt.number(-(-int(self) // 1024), lang)} KB"


class Listing(tuple):
    """Several items (problems) shown one after the other, each in the same language."""


class UserError(Exception):
    """Something a user asked for was refused; the text says what and what to do.

    ``UserError("e_note_missing")`` or ``UserError("e_no_version", dataset="posts",
    version=3)``; ``str()`` is the English text, ``text("nl")`` the Dutch.
    """

    def __init__(self, key: str, **values: object):
        self.key = key
        self.values = values
        super().__init__(render(key, values, "en"))

    def text(self, lang: str) -> str:
        return render(self.key, self.values, lang)


class Refused(UserError, ValueError):
    """A request that cannot be carried out as given (a bad file, a missing note, …)."""


class NotAllowed(UserError, PermissionError):
    """The account may not do this."""


class NotFound(UserError, LookupError):
    """What was asked for does not exist (a version, an account, a dataset)."""
