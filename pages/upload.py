"""Update data: analysts upload a file, see its problems or a preview, and publish it."""

import streamlit as st

from dashboard.services import auth, updates
from dashboard.text.i18n import t
from dashboard.web import aid_import as web_aid_import
from dashboard.web import auth as web_auth
from dashboard.web import core as web
from dashboard.web import router
from dashboard.web import upload as panels

router.through_navigation()

lang = web.language()
st.header(t("upload_title", lang))
store = web_auth.store()

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
    panels.login_form(lang)
    st.info(t("upload_need_analyst", lang))
    st.stop()

st.sidebar.caption(f"{t('logged_in_as', lang)} **{account.username}** ({account.role})")
st.sidebar.button(t("logout", lang), on_click=web_auth.log_out)
if not account.can("analyst"):
    st.warning(t("upload_need_analyst", lang))
    st.stop()

panels.refresh_panel(account, store, lang)
web_aid_import.import_section(account, store, lang)
dataset = panels.dataset_choice(store, lang)
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
        with column, web.panel(lang):
            st.download_button(
                fmt.upper(),
                web_auth.export_bytes(dataset, active.id, fmt),
                file_name=f"{dataset}.{fmt}",
                mime=mime,
                on_click="ignore",
            )

upload = panels.upload_box(dataset, lang)
if upload is not None:
    checked = updates.check(dataset, upload.name, upload.getvalue(), st=store)
    if not checked.ok:
        panels.problems_table(checked.problems, lang)
    elif not panels.published(dataset, checked, lang):
        with web.panel(lang):
            preview = updates.preview(checked, st=store)
            panels.preview_panel(dataset, preview, lang)
            panels.publish_panel(account, checked, preview, store, lang)

if account.can("admin") and active is not None:
    panels.history_panel(account, dataset, store, lang)
