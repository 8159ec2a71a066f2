"""The parts of the upload page: login, refresh, the dataset, problems, preview, publish,
history and rollback. Every refusal is shown in the page's language.

After a publish the page shows what was published (the change as it was previewed) with
the success message, not a new comparison with what is now the active version; a publish
that removes many rows, and a rollback, ask for a second confirmation.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.domain import contracts
from dashboard.ingest import readers
from dashboard.maps import diff_layer
from dashboard.maps import figure as maps
from dashboard.services import auth, refresh, updates
from dashboard.storage.store import Store
from dashboard.text import fmt
from dashboard.text.errors import UserError
from dashboard.text.i18n import label, t
from dashboard.web import auth as web_auth
from dashboard.web import core as web

NEW = "__new__"
_PUBLISHED = "upload_published"
_ROLLBACK = "upload_rollback_pending"
_ROLLED_BACK = "upload_rolled_back"


def refused(exc: Exception, lang: str) -> None:
    st.error(exc.text(lang) if isinstance(exc, UserError) else str(exc))


def login_form(lang: str) -> None:
    with st.form("login"):
        username = st.text_input(t("username", lang))
        password = st.text_input(t("password", lang), type="password")
        submitted = st.form_submit_button(t("login", lang))
    if submitted:
        try:
            web_auth.log_in(username, password)
            st.rerun()
        except auth.LoginError as exc:
            refused(exc, lang)


def refresh_panel(account: auth.Account, store: Store, lang: str) -> None:
    with st.expander(t("refresh_title", lang)):
        for source in refresh.SOURCES:
            status = refresh.status(source, st=store)
            st.markdown(
                f"**{source}** · "
                + (
                    t("refresh_never", lang)
                    if status is None
                    else f"{t('as_of', lang)} v{status['version']} · {t('fetched', lang)} "
                    f"{web.plain(status.get('fetched_at', '?'))} · {t('source_updated', lang)} "
                    f"{web.plain(status.get('source_updated', '?'))}"
                )
            )
            if st.button(t("refresh_button", lang) + f" {source}", key=f"refresh_{source}"):
                with st.spinner(t("refreshing", lang)):
                    try:
                        done = refresh.refresh_as(account, source, st=store)
                    except (refresh.RefreshError, UserError) as exc:
                        refused(exc, lang)
                    else:
                        st.success(
                            f"{t('published_as', lang)} {done.version.version}"
                            if done.versions
                            else t("refresh_unchanged", lang)
                        )


def dataset_name(name: str, lang: str) -> str:
    """A dataset as users call it; an analyst's indicator by its own name."""
    if name == NEW:
        return t("new_indicator", lang)
    if name in contracts.DATASETS:
        return label("dataset", name, lang)
    return t("indicator_named", lang, name=name)


def dataset_choice(store: Store, lang: str) -> str:
    choice = st.selectbox(
        t("dataset", lang),
        [*updates.names(st=store), NEW],
        format_func=lambda n: dataset_name(n, lang),
    )
    return st.text_input(t("indicator_name", lang)).strip() if choice == NEW else choice


def upload_box(dataset: str, lang: str):
    limits = readers.Limits.from_settings()
    upload = st.file_uploader(
        t("upload_file", lang), type=["csv", "xlsx", "geojson", "json"], key=f"upload_{dataset}"
    )
    st.caption(
        t(
            "upload_limits",
            lang,
            size=readers.size_text(limits.max_bytes, lang),
            rows=fmt.number(limits.max_rows, lang),
        )
    )
    return upload


def problems_table(problems, lang: str) -> None:
    st.error(t("problems_found", lang))
    st.dataframe(
        pd.DataFrame(
            [(p.row, p.column, p.text(lang)) for p in problems],
            columns=[t("row", lang), t("column", lang), t("message", lang)],
        ),
        hide_index=True,
    )


def change_summary(summary: dict[str, int], lang: str) -> None:
    for column, key in zip(
        st.columns(4), ("added", "removed", "changed", "countries"), strict=True
    ):
        name = f"rows_{key}" if key != "countries" else "countries_affected"
        column.metric(t(name, lang), fmt.number(summary[key], lang))


def preview_panel(dataset: str, preview, lang: str) -> None:
    st.subheader(t("preview", lang))
    change_summary(preview.summary(), lang)
    st.caption(f"{t('countries_affected', lang)}: {', '.join(preview.countries) or '-'}")
    if preview.countries:
        units = web.unit_table()
        changes = diff_layer.diff_layer(units, preview, lang)
        fig = maps.map_figure(
            units, changes, lang, web.geojson_url(world=False), diff_layer.extent(units, changes)
        )
        fig.update_layout(height=380)
        st.caption(t("diff_map_caption", lang))
        web.draw_map(fig, f"{dataset}-changes-{lang}", "diff_map", lang)
    for name, frame in (
        (t("rows_added", lang), preview.added),
        (t("rows_removed", lang), preview.removed),
        (t("rows_changed", lang), preview.changed),
    ):
        if not frame.empty:
            with st.expander(f"{name} ({len(frame)})"):
                st.dataframe(frame, hide_index=True)


def published(dataset: str, checked, lang: str) -> bool:
    """After a publish of this very file: the success message above what was published."""
    done = st.session_state.get(_PUBLISHED)
    if not done or done["key"] != (dataset, checked.sha256):
        return False
    st.success(f"{t('published', lang)} {done['version']}")
    st.subheader(t("published_change", lang))
    change_summary(done["summary"], lang)
    return True


def publish_panel(account, checked, preview, store: Store, lang: str) -> None:
    if preview.unchanged:
        st.info(t("no_changes", lang))
        return
    gone = updates.removal(checked, st=store)
    note = st.text_area(t("note", lang))
    confirmed = False
    if gone.needs_confirmation:
        st.warning(
            t(
                "mass_removal_warning",
                lang,
                removed=fmt.number(gone.removed, lang),
                active=fmt.number(gone.active_rows, lang),
                percent=fmt.number(round(gone.percent), lang),
                limit=gone.limit_percent,
            )
        )
        confirmed = st.checkbox(t("mass_removal_confirm", lang), key="mass_removal_confirm")
    if st.button(t("publish", lang), type="primary"):
        try:
            version = updates.publish(
                account, checked, note, allow_mass_removal=confirmed, st=store
            )
        except UserError as exc:
            refused(exc, lang)
            return
        st.session_state[_PUBLISHED] = {
            "key": (checked.dataset, checked.sha256),
            "version": version.version,
            "summary": preview.summary(),
        }
        st.rerun()


def history_panel(account, dataset: str, store: Store, lang: str) -> None:
    st.subheader(t("history", lang))
    done = st.session_state.pop(_ROLLED_BACK, None)
    if done and done[0] == dataset:
        st.success(t("rolled_back_to", lang, version=done[1]))
    versions = updates.history(dataset, st=store)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("version", lang): v.version,
                    "": "●" if v.active else "",
                    t("history_when", lang): f"{v.created_at:%Y-%m-%d %H:%M}",
                    t("username", lang): v.user,
                    t("history_note", lang): v.note,
                    t("history_file", lang): v.file_name,
                    "sha256": v.sha256[:12],
                    t("history_rows", lang): v.row_count,
                }
                for v in versions
            ]
        ),
        hide_index=True,
    )
    others = [v.version for v in versions if not v.active]
    if not others:
        return
    number = st.selectbox(t("version", lang), others, key="rollback_version")
    pending = st.session_state.get(_ROLLBACK)
    if pending != (dataset, number):
        if st.button(t("rollback", lang)):
            st.session_state[_ROLLBACK] = (dataset, number)
            st.rerun()
        return
    st.warning(
        t("rollback_confirm_text", lang, version=number, dataset=dataset_name(dataset, lang))
    )
    yes, no = st.columns(2)
    if yes.button(t("rollback_confirm", lang), type="primary"):
        st.session_state.pop(_ROLLBACK, None)
        try:
            updates.rollback(account, dataset, number, st=store)
        except UserError as exc:
            refused(exc, lang)
            return
        st.session_state[_ROLLED_BACK] = (dataset, number)
        st.rerun()
    if no.button(t("cancel", lang)):
        st.session_state.pop(_ROLLBACK, None)
        st.rerun()
