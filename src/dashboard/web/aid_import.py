"""The upload page's IATI import: an analyst uploads the ministry's IATI activity file, sees
every problem (refused whole) or what it holds, and publishes ``aid_activities`` and
``aid_flows`` as new versions.

A file is read once per upload (kept in the session by its id), not at every rerun.
"""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from dashboard.services import aid as aid_service
from dashboard.services import auth
from dashboard.storage.store import Store
from dashboard.text import errors
from dashboard.text.i18n import t

_CHECKED = "iati_checked"  # (file id, Imported) of the upload on screen
_PUBLISHED = "iati_published"  # (file id, text) after a publish


def _notes_table(found: list[aid_service.Found], lang: str) -> pd.DataFrame:
    """Notes as a table of text (the file's words are shown as written, never as markup)."""
    return pd.DataFrame(
        [
            (f.file, f.note.ident, f.note.element, errors.render(f.note.code, f.note.params, lang))
            for f in found
        ],
        columns=[
            t("history_file", lang),
            t("aid_activity", lang),
            t("aid_element", lang),
            t("message", lang),
        ],
    )


def _read(upload) -> aid_service.Imported:
    kept = st.session_state.get(_CHECKED)
    if kept is not None and kept[0] == upload.file_id:
        return kept[1]
    imported = aid_service.read([(upload.name, io.BytesIO(upload.getvalue()))])
    st.session_state[_CHECKED] = (upload.file_id, imported)
    return imported


def import_section(account: auth.Account, store: Store, lang: str) -> None:
    """Upload an IATI file, see its problems or summary, publish it (analysts). Behind a
    switch, so that the page's own upload stays the first thing on it."""
    if not st.toggle(t("iati_import_title", lang), key="iati_open"):
        return
    with st.container(border=True):
        st.caption(t("iati_import_intro", lang))
        upload = st.file_uploader(t("iati_upload_file", lang), type=["xml"], key="iati_upload")
        if upload is None:
            return
        done = st.session_state.get(_PUBLISHED)
        if done and done[0] == upload.file_id:
            st.success(done[1])
            return
        with st.spinner(t("iati_reading", lang)):
            imported = _read(upload)
        if not imported.ok:
            st.error(t("iati_refused", lang, n=imported.problem_count))
            st.dataframe(_notes_table(imported.problems, lang), hide_index=True)
        if imported.warnings:
            with st.expander(t("iati_warnings_title", lang, n=imported.warning_count)):
                st.dataframe(_notes_table(imported.warnings, lang), hide_index=True)
        if not imported.ok or imported.activities is None or imported.flows is None:
            return
        counts = {"activities": len(imported.activities), "flows": len(imported.flows)}
        st.info(t("iati_summary", lang, **counts, warnings=imported.warning_count))
        note = st.text_area(t("note", lang), key="iati_note")
        if st.button(t("iati_publish", lang), type="primary", key="iati_publish"):
            try:
                first, second = aid_service.publish(account, imported, note, st=store)
            except errors.UserError as exc:
                st.error(exc.text(lang))
                return
            text = t("iati_published", lang, first=first.version, second=second.version, **counts)
            st.session_state[_PUBLISHED] = (upload.file_id, text)
            st.session_state.pop(_CHECKED, None)
            st.rerun()
