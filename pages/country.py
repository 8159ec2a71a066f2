"""Country profile: everything about one place on one screen, each fact with its source.

A place is a country, or one of the Caribbean Netherlands' islands (Bonaire, Sint Eustatius,
Saba), whose data are those of the Caribbean Netherlands as a whole.
"""

import streamlit as st

from dashboard.domain import joins, programme
from dashboard.storage import bundled, datasets
from dashboard.text.i18n import label, t
from dashboard.web import aid as web_aid
from dashboard.web import briefing as web_briefing
from dashboard.web import core as web
from dashboard.web import ledger as web_ledger
from dashboard.web import mapview, places, profile, router
from dashboard.web import network as web_network
from dashboard.web import programmes as web_programmes

router.through_navigation()

lang = web.language()
chosen = web_programmes.programme_choice(lang)
pid = chosen.programme_id
st.header(t("country_profile", lang))
key = places.country_choice(lang)
if key is None:
    st.info(t("pick_country", lang))
    st.stop()

iso3 = places.iso3_of(key)
country = places.country_row(key)
members = bundled.load_members(pid)
region_ids = set(members.loc[members["iso3"] == iso3, "region_id"])
region_names = [r.name(lang) for r in bundled.load_regions(pid) if r.region_id in region_ids]
badges = [
    b
    for b, on in (
        ("EU", country["eu"]),
        ("NAVO" if lang == "nl" else "NATO", country["nato"]),
        (t("cat_kingdom", lang), country["kingdom"]),
    )
    if on
]
st.subheader(f"{web.plain(places.place_name(key, lang))} ({key})")
st.caption(" · ".join([places.unit_status(lang).get(key, ""), *region_names, *badges]))
if key != iso3:
    st.info(t("island_data_note", lang, whole=web.plain(places.place_name(iso3, lang))))
web_programmes.banner(chosen, lang)

web.headline(None, iso3, lang, pid)

map_column, side = st.columns([2, 1])
with map_column:
    units = web.unit_table()
    shown = mapview.map_view(
        "situation", places.place_view(key), lang, aspect=1.4, programme_id=pid
    )
    map_key = f"country-{key.lower()}-{pid}-{lang}"
    web.interactive_map(shown.figure, map_key, "country_map", units, lang)
with side:
    profile.situation_panel(iso3, lang)
    web_network.coverage_section(iso3, lang)
    web_network.advice_section(iso3, lang)

st.subheader(t("commitments", lang))
in_view = web_programmes.in_view(datasets.load("commitments"), chosen)
commitments = web.commitment_filters(in_view, lang)
profile.commitments_section(commitments, iso3, region_ids, lang, pid)
if iso3 == web_ledger.COUNTRY:
    web_ledger.section(lang, key="country")

st.subheader(t("aid_themes", lang))
aid = web_programmes.in_view(datasets.load("aid_themes"), chosen)
themes = joins.themes_by_country(aid, members)
mine = themes[themes["iso3"] == iso3]
if mine.empty:
    st.info(t("no_aid", lang))
for row in mine.itertuples():
    via = "" if row.direct else f" ({t('via_region', lang)})"
    st.markdown(f"- {label('aid_theme', row.theme, lang)}{via}")

web_aid.country_section(iso3, lang)

with st.expander(t("indicators", lang) + " · ReliefWeb"):
    web.public_context(iso3, lang)

st.subheader(t("programme_mentions", lang))
paragraphs = programme.paragraphs_naming(
    bundled.load_paragraphs(), bundled.load_terms().get(iso3, [])
)
if pid != programme.TEXT_PROGRAMME:
    st.info(t("mentions_other_text", lang, title=web.plain(chosen.title(lang))))
elif not paragraphs:
    st.info(t("no_mentions", lang))
for paragraph in paragraphs if pid == programme.TEXT_PROGRAMME else []:
    with st.expander(paragraph.citation()):
        st.write(paragraph.text)

web_briefing.download_button(None, iso3, None, lang, pid)
