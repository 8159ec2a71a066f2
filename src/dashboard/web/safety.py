"""What keeps one failing dataset, one hostile text or one stopped database from breaking a
page for everyone: data shown as text, failures reported in their place, in the user's
language, with the details in the server's log only.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from dashboard.domain import checks
from dashboard.storage import datasets
from dashboard.text.errors import UserError
from dashboard.text.i18n import DEFAULT_LANGUAGE, LANGUAGES, t

log = logging.getLogger(__name__)
# Characters that markdown (and Streamlit's extensions: $ for maths, : for emoji and links)
# would read as markup.
_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=])")


# What markdown turns into a link even when escaped (GFM's "autolink literals": web and
# e-mail addresses in plain text); an invisible word joiner after it keeps it text.
_AUTOLINK = re.compile(r"(?i)(https?|ftp|www|mailto)(?=[:.])|(@)")
_JOINER = "\u2060"


def plain(text: object) -> str:
    """Text from data (uploads, connectors) made safe for ``st.markdown``: shown as written,
    never read as a link, an image, HTML or maths (an address in it stays text, with an
    invisible word joiner after its ``http``, ``www`` or ``@``)."""
    joined = _AUTOLINK.sub(lambda m: m.group(0) + _JOINER, " ".join(str(text).split()))
    return _MARKUP.sub(r"\\\1", joined)


def source_link(row) -> str:
    """A row's ``source`` as markdown text, linked to its ``source_url`` when that is an http(s)
    address (the only links that come from data)."""
    source = plain(row["source"])
    url = row.get("source_url")
    if isinstance(url, str) and checks.web_address(url.strip()):
        return f"[{source}]({url.strip()})"
    return source


@contextmanager
def panel(lang: str) -> Iterator[None]:
    """A part of a page that reads data. When it fails, it says so here, in the user's
    language, and the rest of the page goes on; the details go to the server's log."""
    try:
        yield
    except datasets.StoreUnavailable:
        st.warning(t("store_unavailable_panel", lang))
    except UserError as exc:
        st.error(exc.text(lang))
    except Exception:
        log.exception("a panel of the page failed")
        st.error(t("panel_failed", lang))


@contextmanager
def page_guard() -> Iterator[None]:
    """Around a whole page: a failure is reported in the user's language, never as a
    traceback (``app.py`` runs every page inside it)."""
    lang = st.query_params.get("lang", DEFAULT_LANGUAGE)
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    try:
        yield
    except datasets.StoreUnavailable:
        st.warning(t("store_unavailable_page", lang))
    except UserError as exc:
        st.error(exc.text(lang))
    except Exception:
        log.exception("a page failed")
        st.error(t("page_failed", lang))


def store_notice(lang: str) -> None:
    """A warning at the top of the page while the data store does not answer."""
    if datasets.store_unavailable():
        st.warning(t("store_unavailable_shown", lang))
