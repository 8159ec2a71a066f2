"""Update data: analysts upload a file, see its problems or a preview, and publish it."""

import pandas as pd
import streamlit as st

from dashboard.maps import diff_layer
from dashboard.maps import figure as maps
from dashboard.services import auth, refresh, updates
from dashboard.text.i18n import t
from dashboard.web import auth as web_auth
from dashboard.web import core as web
from dashboard.web import router

router.through_navigation()

lang = web.language()
st.header(t("upload_title", lang))
store = web_auth.store()


def refused(exc: Exception) -> None:
    """A message of the service layer (English only), after a lead line in Dutch."""
    st.error(" ".join(filter(None, (t("error_lead", lang), str(exc)))))


oidc = web_auth.oidc_configured()
local = auth.accounts_exist(store)
if not (oidc or local):
    st.info(t("upload_no_accounts", lang))
    st.stop()

account = web_auth.current_account()
if account is None:
    if web_auth.expired():
        st.warning(t("session_expired", lang))
    if oidc and st.user.get("is_logged_in"):
        st.warning(f"{t('oidc_no_role', lang)} ({st.user.get('email') or '?'})")
        st.button(t("logout", lang), on_click=st.logout, key="oidc_logout")
    elif oidc:
        st.button(t("login_oidc", lang), on_click=st.login, type="primary")
    if not local:
        st.info(t("upload_need_analyst", lang))
        st.stop()
    with st.form("login"):
        username = st.text_input(t("username", lang))
        password = st.text_input(t("password", lang), type="password")
        submitted = st.form_submit_button(t("login", lang))
    if submitted:
        try:
            web_auth.log_in(username, password)
            st.rerun()
        except auth.LoginError as exc:
            refused(exc)
    st.info(t("upload_need_analyst", lang))
    st.stop()

st.sidebar.caption(f"{t('logged_in_as', lang)} **{account.username}** ({account.role})")
st.sidebar.button(t("logout", lang), on_click=web_auth.log_out)
if not account.can("analyst"):
    st.warning(t("upload_need_analyst", lang))
    st.stop()

with st.expander(t("refresh_title", lang)):
    for source in refresh.SOURCES:
        status = refresh.status(source, st=store)
        st.markdown(
            f"**{source}** · "
            + (
                t("refresh_never", lang)
                if status is None
                else f"{t('as_of', lang)} v{status['version']} · {t('fetched', lang)} "
                f"{status.get('fetched_at', '?')} · {t('source_updated', lang)} "
                f"{status.get('source_updated', '?')}"
            )
        )
        if st.button(t("refresh_button", lang) + f" {source}", key=f"refresh_{source}"):
            with st.spinner(t("refreshing", lang)):
                try:
                    done = refresh.refresh_as(account, source, st=store)
                except (refresh.RefreshError, PermissionError, ValueError) as exc:
                    refused(exc)
                else:
                    st.success(
                        f"{t('published_as', lang)} {done.version.version}"
                        if done.versions
                        else t("refresh_unchanged", lang)
                    )

NEW = "__new__"
choice = st.selectbox(
    t("dataset", lang),
    [*updates.names(st=store), NEW],
    format_func=lambda n: t("new_indicator", lang) if n == NEW else n,
)
dataset = st.text_input(t("indicator_name", lang)).strip() if choice == NEW else choice
if not dataset:
    st.stop()

active = store.active(dataset)
if active is not None:
    st.caption(t("download_active", lang) + f" (v{active.version})")
    left, right = st.columns(2)
    for column, fmt, mime in (
        (left, "csv", "text/csv"),
        (right, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ):
        column.download_button(
            fmt.upper(),
            web_auth.export_bytes(dataset, active.id, fmt),
            file_name=f"{dataset}.{fmt}",
            mime=mime,
            on_click="ignore",
        )

upload = st.file_uploader(
    t("upload_file", lang), type=["csv", "xlsx", "geojson", "json"], key=f"upload_{dataset}"
)
if upload is not None:
    checked = updates.check(dataset, upload.name, upload.getvalue(), st=store)
    if not checked.ok:
        st.error(t("problems_found", lang))
        st.dataframe(
            pd.DataFrame(
                [(p.row, p.column, p.message) for p in checked.problems],
                columns=[t("row", lang), t("column", lang), t("message", lang)],
            ),
            hide_index=True,
        )
    else:
        preview = updates.preview(checked, st=store)
        summary = preview.summary()
        st.subheader(t("preview", lang))
        for column, key in zip(
            st.columns(4), ("added", "removed", "changed", "countries"), strict=True
        ):
            column.metric(
                t(f"rows_{key}" if key != "countries" else "countries_affected", lang), summary[key]
            )
        st.caption(f"{t('countries_affected', lang)}: {', '.join(preview.countries) or '-'}")
        if preview.countries:
            units = web.unit_table()
            changes = diff_layer.diff_layer(units, preview, lang)
            fig = maps.map_figure(
                units, changes, lang, web.geojson_url(), diff_layer.extent(units, changes)
            )
            fig.update_layout(height=380)
            st.caption(t("diff_map_caption", lang))
            st.plotly_chart(fig, config=web.map_config(f"{dataset}-changes-{lang}"), key="diff_map")
        for label, frame in (
            (t("rows_added", lang), preview.added),
            (t("rows_removed", lang), preview.removed),
            (t("rows_changed", lang), preview.changed),
        ):
            if not frame.empty:
                with st.expander(f"{label} ({len(frame)})"):
                    st.dataframe(frame, hide_index=True)
        done = st.session_state.get("published")
        if done and done[:2] == (dataset, checked.sha256):
            st.success(f"{t('published', lang)} {done[2]}")
        elif preview.unchanged:
            st.info(t("no_changes", lang))
        else:
            note = st.text_area(t("note", lang))
            if st.button(t("publish", lang), type="primary"):
                try:
                    version = updates.publish(account, checked, note, st=store)
                    st.session_state["published"] = (dataset, checked.sha256, version.version)
                    st.rerun()
                except (PermissionError, ValueError) as exc:
                    refused(exc)

if account.can("admin") and active is not None:
    st.subheader(t("history", lang))
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
    if others:
        number = st.selectbox(t("version", lang), others, key="rollback_version")
        if st.button(t("rollback", lang)):
            try:
                updates.rollback(account, dataset, number, st=store)
                st.success(f"{t('rolled_back', lang)} {number}")
                st.rerun()
            except (PermissionError, LookupError) as exc:
                refused(exc)
