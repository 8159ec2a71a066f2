"""The URL holds every choice: the language, each page's filters, the country shown.

A choice is read from the URL, shown in its widget, and written back; the sidebar's page links
carry the language and each page's own last filters, so a click on another page and back, a
reload or a shared link opens the same view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from dashboard.text.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from dashboard.web.safety import store_notice

# The sidebar label of each page (by its url_path; the overview is served at the root).
NAV_LABELS = {
    "": "nav_overview",
    "region": "nav_region",
    "country": "nav_country",
    "posts": "nav_posts",
    "tracker": "nav_tracker",
    "compare": "nav_compare",
    "sources": "nav_sources",
    "upload": "nav_upload",
    "coverage": "nav_coverage",
}
_REMEMBERED = "url__params_by_page"  # session state: url_path -> the page's last query params
_CURRENT = "url__current_page"
_LANGUAGE = "url__language_of_this_run"  # set while a page runs under ``navigation``
# Choices that hold for every page, like the language: each link carries the current one.
GLOBAL_PARAMS = ("programme",)


def language() -> str:
    """The language switch (sidebar), kept in the URL as ``?lang=``; Dutch by default.

    Under :func:`navigation` the switch is drawn once, by the app itself, so that it is the
    same widget on every page; a page then gets the language chosen there.
    """
    chosen = st.session_state.get(_LANGUAGE)
    if chosen is not None:
        return chosen
    with st.sidebar:
        lang = url_choice(
            "Taal / Language",
            LANGUAGES,
            "lang",
            str.upper,
            DEFAULT_LANGUAGE,
            widget=st.segmented_control,
        )
    return lang or DEFAULT_LANGUAGE


def _remember() -> None:
    """Keep the current page's query parameters for the links back to it."""
    page = st.session_state.get(_CURRENT)
    if page is not None:
        st.session_state.setdefault(_REMEMBERED, {})[page] = st.query_params.to_dict()


def _seed_from_url(key: str, from_url) -> None:
    """Give widget ``key`` the URL's value when the URL changed since this page last wrote it
    (a link, or another page switching here); otherwise the widget keeps what the user chose.
    """
    if key not in st.session_state or st.session_state.get(f"{key}__url") != from_url:
        st.session_state[key] = from_url


def _write_to_url(key: str, param: str, value: str | None, default: str | None) -> None:
    st.session_state[f"{key}__url"] = value
    if value is None or value == default:
        st.query_params.pop(param, None)
    else:
        st.query_params[param] = value
    _remember()


def url_choice(
    label: str,
    options: Sequence[str],
    param: str,
    format_func: Callable[[str], str],
    default: str | None,
    widget: Callable = st.selectbox,
    **kwargs,
) -> str | None:
    """A choice whose value lives in the URL as ``?<param>=<option>``.

    The URL holds the option itself, not its label, so a link copied in one language
    opens the same view in the other. Unknown values in the URL fall back to ``default``
    (``None``: nothing chosen).
    """
    options = list(options)
    key = f"url_{param}"
    from_url = st.query_params.get(param, default)
    from_url = from_url if from_url in options else default
    _seed_from_url(key, from_url)
    if widget is st.segmented_control:
        kwargs.setdefault("required", True)
    choice = widget(label, options, format_func=format_func, key=key, **kwargs)
    if choice is None and default is not None:
        # A required choice came back empty (a widget re-created on another page):
        # the URL's value stands.
        choice = from_url
    _write_to_url(key, param, choice, default)
    return choice


def url_multi(
    label_text: str,
    options: Sequence[str],
    param: str,
    format_func: Callable[[str], str],
    lang: str,
) -> list[str]:
    """A multiselect kept in the URL as ``?<param>=a,b``; empty means all."""
    key = f"url_{param}"
    raw = st.query_params.get(param, "")
    if key not in st.session_state or st.session_state.get(f"{key}__url") != raw:
        st.session_state[key] = [v for v in raw.split(",") if v in options]
    chosen = st.multiselect(
        label_text, list(options), format_func=format_func, key=key, placeholder=t("all", lang)
    )
    written = ",".join(chosen)
    st.session_state[f"{key}__url"] = written
    if written:
        st.query_params[param] = written
    else:
        st.query_params.pop(param, None)
    _remember()
    return chosen or list(options)


def url_value(param: str, valid: Callable[[str], bool]) -> str | None:
    """A value of the URL that no widget shows (e.g. the country of a profile)."""
    value = st.query_params.get(param)
    return value if value is not None and valid(value) else None


def set_url_value(param: str, value: str | None) -> None:
    if value is None:
        st.query_params.pop(param, None)
    else:
        st.query_params[param] = value
    _remember()


def navigation(pages: list) -> Callable[[], None]:
    """Route to the page in the URL and return a function that runs it with the sidebar's
    page links, each keeping the language and that page's own last filters."""
    current = st.navigation(pages, position="hidden")
    st.session_state[_CURRENT] = current.url_path
    st.session_state[_LANGUAGE] = None
    links = st.sidebar.empty()
    lang = language()
    store_notice(lang)
    drawn = _page_links(links, pages, current, lang)

    def run() -> None:
        st.session_state[_LANGUAGE] = lang
        try:
            current.run()
        finally:
            st.session_state[_LANGUAGE] = None
            # Again after the page ran, if it changed where a link leads: the link to this page
            # then holds the filters it set. (Unchanged links are not sent again: each one
            # sent is drawn anew by the browser. A page that stops early with ``st.stop``
            # keeps the links drawn before it ran.)
            if _link_targets(pages, current, lang) != drawn:
                _page_links(links, pages, current, lang)

    return run


def link_params(url_path: str, current: str, lang: str) -> dict[str, str]:
    """The query parameters of the link to ``url_path``: its own last filters, this language
    and the programme shown now (:data:`GLOBAL_PARAMS`)."""
    remembered = st.session_state.get(_REMEMBERED, {})
    shared = ("lang", *GLOBAL_PARAMS)
    params = {k: v for k, v in remembered.get(url_path, {}).items() if k not in shared}
    if url_path == current:
        params = {k: v for k, v in st.query_params.to_dict().items() if k != "lang"}
    now = st.query_params.to_dict()
    params.update({k: now[k] for k in GLOBAL_PARAMS if k in now})
    if lang != DEFAULT_LANGUAGE:
        params["lang"] = lang
    return params


def _link_targets(pages: list, current, lang: str) -> list[dict[str, str]]:
    """The query parameters of each page's link."""
    return [link_params(page.url_path, current.url_path, lang) for page in pages]


def _page_links(placeholder, pages: list, current, lang: str) -> list[dict[str, str]]:
    """Draw the page links in ``placeholder``; returns where they lead."""
    targets = _link_targets(pages, current, lang)
    with placeholder.container():
        for page, params in zip(pages, targets, strict=True):
            st.page_link(
                page,
                # A page without a label of its own keeps its (bilingual) title.
                label=t(NAV_LABELS[page.url_path], lang)
                if page.url_path in NAV_LABELS
                else page.title,
                query_params=params or None,
                width="stretch",
            )
        st.divider()
    return targets
